// Report periods as a centre reports them: a day, an ISO week (Monday to Sunday), a calendar month,
// a quarter, the first or second half-year ("6 tháng"), the first nine months of the year
// ("9 tháng"), a calendar year, or any range. Dates are site-local YYYY-MM-DD strings.
export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'half' | 'nine' | 'year' | 'custom';
export const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'half', 'nine', 'year', 'custom'];

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The period of `kind` that contains `anchor` (custom: from..to as given). */
export function periodRange(kind: PeriodKind, anchor: string, custom?: { from: string; to: string }): { from: string; to: string } {
  const [y, m, d] = anchor.split('-').map(Number) as [number, number, number];
  switch (kind) {
    case 'day': return { from: anchor, to: anchor };
    case 'week': {
      const wd = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // 0 = Monday
      return { from: iso(y, m, d - wd), to: iso(y, m, d - wd + 6) };
    }
    case 'month': return { from: iso(y, m, 1), to: iso(y, m, lastDay(y, m)) };
    case 'quarter': {
      const q0 = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: iso(y, q0, 1), to: iso(y, q0 + 2, lastDay(y, q0 + 2)) };
    }
    case 'half': return m <= 6 ? { from: iso(y, 1, 1), to: iso(y, 6, 30) } : { from: iso(y, 7, 1), to: iso(y, 12, 31) };
    case 'nine': return { from: iso(y, 1, 1), to: iso(y, 9, 30) };
    case 'year': return { from: iso(y, 1, 1), to: iso(y, 12, 31) };
    case 'custom': return custom && custom.from <= custom.to ? { ...custom } : { from: anchor, to: anchor };
  }
}

/** Days in an inclusive range. */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** "2026-07-01" → "01/07/2026", as dates are written in Vietnam. */
export function viDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
