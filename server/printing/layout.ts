// The content of the printed ticket, as a list of blocks, shared by the raster renderer (render.ts)
// and the text mode (escpos.ts). Pure: no canvas, no I/O; the clock is the ticket's issuedAt.
import { t } from '../../common/i18n/index.js';
import type { PrintableTicket } from './types.js';

export type TextSize = 'sm' | 'md' | 'lg' | 'xl';

export type Block =
  | { kind: 'text'; text: string; size: TextSize; bold: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'badge'; text: string }
  | { kind: 'rule' }
  | { kind: 'row'; label: string; value: string }
  | { kind: 'qr'; data: string; caption: string };

/** Paper width in printer dots (203 dpi heads): 80 mm paper prints 72 mm = 576 dots, 58 mm prints 48 mm = 384. */
export function paperWidthDots(paperWidthMm: 80 | 58): number {
  return paperWidthMm === 58 ? 384 : 576;
}

/** Characters per line of the printer's font A (12 x 24 dots) in text mode. */
export function paperWidthChars(paperWidthMm: 80 | 58): number {
  return paperWidthMm === 58 ? 32 : 48;
}

export interface LocalTime {
  /** "08:15" */
  time: string;
  /** "06/01/2025" */
  date: string;
  /** "Thứ Hai" */
  weekday: string;
  /** Buổi: "Sáng" before 12:00, "Chiều" until 18:00, "Tối" after. */
  session: string;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of `iso` in the site's zone (not the server's, not UTC). */
export function localTime(iso: string, timeZone: string): LocalTime {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`invalid issuedAt: ${iso}`);
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(d)) p[part.type] = part.value;
  const hour = Number(p.hour);
  const weekdayIndex = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day))).getUTCDay();
  const session = hour < 12 ? t('vi', 'print.sessionMorning') : hour < 18 ? t('vi', 'print.sessionAfternoon') : t('vi', 'print.sessionEvening');
  return {
    time: `${p.hour}:${p.minute}`,
    date: `${p.day}/${p.month}/${p.year}`,
    weekday: t('vi', `print.weekday${weekdayIndex}` as 'print.weekday0'),
    session,
  };
}

/** "Khoảng 25 phút", "Khoảng 1 giờ 10 phút", "Dưới 1 phút", or "Sắp đến lượt" when nobody is ahead. */
export function formatWait(estimatedWaitSeconds: number, waitingAhead: number): string {
  if (waitingAhead <= 0 || estimatedWaitSeconds <= 0) return t('vi', 'print.waitSoon');
  if (estimatedWaitSeconds < 60) return t('vi', 'print.waitUnderMinute');
  const totalMinutes = Math.ceil(estimatedWaitSeconds / 60);
  if (totalMinutes < 60) return t('vi', 'print.waitMinutes', { minutes: totalMinutes });
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? t('vi', 'print.waitHours', { hours }) : t('vi', 'print.waitHoursMinutes', { hours, minutes });
}

/** The blocks of the ticket, top to bottom. Text is NFC so that every diacritic is one code point. */
export function ticketBlocks(ticket: PrintableTicket): Block[] {
  const nfc = (s: string) => s.normalize('NFC').trim();
  const when = localTime(ticket.issuedAt, ticket.timeZone);
  const blocks: Block[] = [];
  if (nfc(ticket.agencyName)) blocks.push({ kind: 'text', text: nfc(ticket.agencyName).toLocaleUpperCase('vi'), size: 'md', bold: true });
  if (nfc(ticket.branchName)) blocks.push({ kind: 'text', text: nfc(ticket.branchName), size: 'sm', bold: false });
  blocks.push({ kind: 'rule' });
  blocks.push({ kind: 'text', text: t('vi', 'print.title'), size: 'lg', bold: true });
  blocks.push({ kind: 'number', text: nfc(ticket.number) });
  blocks.push({ kind: 'text', text: nfc(ticket.serviceName), size: 'lg', bold: true });
  if (ticket.priorityLabel && nfc(ticket.priorityLabel)) {
    blocks.push({ kind: 'badge', text: `${t('vi', 'print.priority')}: ${nfc(ticket.priorityLabel)}`.toLocaleUpperCase('vi') });
  }
  blocks.push({ kind: 'rule' });
  blocks.push({ kind: 'row', label: t('vi', 'print.waitingAhead'), value: String(Math.max(0, ticket.waitingAhead)) });
  blocks.push({ kind: 'row', label: t('vi', 'print.estimatedWait'), value: formatWait(ticket.estimatedWaitSeconds, ticket.waitingAhead) });
  if (ticket.counterNumbers.length > 0) {
    const counters = [...new Set(ticket.counterNumbers)].sort((a, b) => a - b).join(', ');
    blocks.push({ kind: 'row', label: t('vi', 'print.counters'), value: counters });
  }
  blocks.push({ kind: 'row', label: t('vi', 'print.issuedAt'), value: `${when.time} ${when.session}` });
  blocks.push({ kind: 'row', label: t('vi', 'print.date'), value: `${when.weekday}, ${when.date}` });
  blocks.push({ kind: 'rule' });
  if (ticket.url) blocks.push({ kind: 'qr', data: ticket.url, caption: t('vi', 'print.scanQr') });
  if (nfc(ticket.footer)) blocks.push({ kind: 'text', text: nfc(ticket.footer), size: 'sm', bold: false });
  return blocks;
}
