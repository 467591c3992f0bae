// Strings of the display screen, Vietnamese first; en must have the same keys.
export const displayVi = {
  title: 'Lượt',
};
export const displayEn: Record<keyof typeof displayVi, string> = {
  title: 'Lượt',
};
