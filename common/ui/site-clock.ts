// The site's wall clock on a screen: the hub's time (snapshot.serverTime) corrected for the
// device's own clock error, read in the site's time zone. A screen's clock may be wrong or set to
// UTC; the site's clock is what citizens read and what issuing hours are judged by.
import type { Lang } from '../types.js';

export interface LocalTime {
  /** YYYY-MM-DD in the site's zone */
  date: string;
  hh: number;
  mm: number;
  ss: number;
  /** minutes since local midnight */
  minutes: number;
  /** ISO weekday, 1 = Monday ... 7 = Sunday */
  weekday: number;
}

/** Offset in minutes of an ISO 8601 time such as "2026-11-23T08:05:00.000+07:00" (Z = 0). */
export function isoOffsetMinutes(iso: string): number | null {
  const m = /(Z|([+-])(\d{2}):?(\d{2}))$/.exec(iso.trim());
  if (!m) return null;
  if (m[1] === 'Z') return 0;
  const v = Number(m[3]) * 60 + Number(m[4]);
  return m[2] === '-' ? -v : v;
}

export class SiteClock {
  /** hub time minus device time, in ms */
  readonly skewMs: number;
  /** the site's offset from UTC, minutes; used when no IANA zone is known */
  readonly offsetMinutes: number;
  readonly timeZone: string | null;

  constructor(opts: { serverTime?: string | null; timeZone?: string | null; deviceNow?: number } = {}) {
    const deviceNow = opts.deviceNow ?? Date.now();
    const server = opts.serverTime ? Date.parse(opts.serverTime) : NaN;
    this.skewMs = Number.isFinite(server) ? server - deviceNow : 0;
    this.offsetMinutes = (opts.serverTime ? isoOffsetMinutes(opts.serverTime) : null) ?? 420; // Asia/Ho_Chi_Minh
    this.timeZone = opts.timeZone && validZone(opts.timeZone) ? opts.timeZone : null;
  }

  /** The hub's idea of now, in epoch ms. */
  nowMs(deviceNow = Date.now()): number { return deviceNow + this.skewMs; }

  /**
   * A Date whose UTC fields are the site's local wall time. Formatting it with timeZone "UTC"
   * gives the site's local date and time in any language, without depending on the device zone.
   */
  wall(deviceNow = Date.now()): Date {
    const ms = this.nowMs(deviceNow);
    if (this.timeZone) {
      const p = zoneParts(ms, this.timeZone);
      return new Date(Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s));
    }
    return new Date(ms + this.offsetMinutes * 60_000);
  }

  local(deviceNow = Date.now()): LocalTime {
    const w = this.wall(deviceNow);
    const hh = w.getUTCHours(), mm = w.getUTCMinutes(), ss = w.getUTCSeconds();
    const dow = w.getUTCDay();
    return {
      date: w.toISOString().slice(0, 10), hh, mm, ss, minutes: hh * 60 + mm,
      weekday: dow === 0 ? 7 : dow,
    };
  }

  /** "08:05" */
  formatTime(deviceNow = Date.now(), withSeconds = false): string {
    const l = this.local(deviceNow);
    const p = (n: number) => String(n).padStart(2, '0');
    return withSeconds ? `${p(l.hh)}:${p(l.mm)}:${p(l.ss)}` : `${p(l.hh)}:${p(l.mm)}`;
  }

  /** "Thứ Hai, 23/11/2026" or "Monday, 23 November 2026" */
  formatDate(lang: Lang, deviceNow = Date.now()): string {
    const w = this.wall(deviceNow);
    if (lang === 'vi') {
      const l = this.local(deviceNow);
      const day = ['', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'][l.weekday];
      const p = (n: number) => String(n).padStart(2, '0');
      return `${day}, ${p(w.getUTCDate())}/${p(w.getUTCMonth() + 1)}/${w.getUTCFullYear()}`;
    }
    return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(w);
  }
}

function validZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
}

function zoneParts(ms: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}
