// Strings of the counter screen, Vietnamese first; en must have the same keys.
export const counterVi = {
  title: 'Lượt',
};
export const counterEn: Record<keyof typeof counterVi, string> = {
  title: 'Lượt',
};
