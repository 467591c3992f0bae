// Site-local calendar arithmetic. A site's day is its own time zone's day, never UTC's.
const formatters = new Map<string, Intl.DateTimeFormat>();

function fmt(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts { date: string; minutes: number; weekday: number; offsetMinutes: number; hh: number; mm: number; ss: number }
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Cache the last conversion per zone: the hot path asks for "now" many times per millisecond.
const lastParts = new Map<string, { sec: number; parts: LocalParts }>();

export function localParts(ms: number, timeZone: string): LocalParts {
  const sec = Math.floor(ms / 1000);
  const cached = lastParts.get(timeZone);
  if (cached && cached.sec === sec) return cached.parts;
  const p: Record<string, string> = {};
  for (const part of fmt(timeZone).formatToParts(new Date(sec * 1000))) p[part.type] = part.value;
  const hh = Number(p.hour), mm = Number(p.minute), ss = Number(p.second);
  const date = `${p.year}-${p.month}-${p.day}`;
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), hh, mm, ss);
  const parts: LocalParts = {
    date, hh, mm, ss, minutes: hh * 60 + mm, weekday: WEEKDAYS[p.weekday!] ?? 1,
    offsetMinutes: Math.round((asUtc - sec * 1000) / 60000),
  };
  lastParts.set(timeZone, { sec, parts });
  return parts;
}

export function localDate(ms: number, timeZone: string): string {
  return localParts(ms, timeZone).date;
}

/** ISO 8601 with the site's offset, e.g. 2026-11-23T08:05:00.123+07:00. */
export function isoLocal(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const off = p.offsetMinutes;
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p.date}T${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)}.${pad(ms % 1000 < 0 ? 0 : ms % 1000, 3)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** "07:30" → 450 */
export function hhmmToMinutes(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
}

export function isValidTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
}

/** Inclusive list of YYYY-MM-DD dates from `from` to `to`. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(from + 'T00:00:00Z');
  const end = new Date(to + 'T00:00:00Z').getTime();
  while (d.getTime() <= end) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export function addDays(date: string, n: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
