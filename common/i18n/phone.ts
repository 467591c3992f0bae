// Strings of the phone screen, Vietnamese first; en must have the same keys.
export const phoneVi = {
  title: 'Lượt',
};
export const phoneEn: Record<keyof typeof phoneVi, string> = {
  title: 'Lượt',
};
