// Strings of the pad screen, Vietnamese first; en must have the same keys.
export const padVi = {
  title: 'Lượt',
};
export const padEn: Record<keyof typeof padVi, string> = {
  title: 'Lượt',
};
