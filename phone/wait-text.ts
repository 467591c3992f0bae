// The estimated wait in words: "Sắp đến lượt bạn", "khoảng 12 phút",
// "khoảng 1 giờ 20 phút". Minutes are rounded up: a wait is never shown shorter than estimated.
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';

export function formatWait(lang: Lang, seconds: number): string {
  if (seconds < 60) return t(lang, 'phone.soon');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return t(lang, 'phone.aboutMinutes', { n: minutes });
  return t(lang, 'phone.aboutHours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}
