// Strings of the admin screen, Vietnamese first; en must have the same keys.
export const adminVi = {
  title: 'Lượt',
};
export const adminEn: Record<keyof typeof adminVi, string> = {
  title: 'Lượt',
};
