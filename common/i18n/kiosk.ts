// Strings of the kiosk screen, Vietnamese first; en must have the same keys.
export const kioskVi = {
  title: 'Lượt',
};
export const kioskEn: Record<keyof typeof kioskVi, string> = {
  title: 'Lượt',
};
