// Dates and times of slots for tests against the real hub (its clock is the machine's): the demo
// site's zone is Asia/Ho_Chi_Minh.
const TZ = 'Asia/Ho_Chi_Minh';
const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The site-local date and HH:MM `minutes` from now. */
export function localSlot(minutes: number, from = Date.now()): { date: string; time: string } {
  const p = Object.fromEntries(fmt.formatToParts(new Date(from + minutes * 60_000)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Three dates of next week (Monday to Wednesday): always ahead, always one ISO week. */
export function nextWeekDates(): string[] {
  const today = localSlot(0).date;
  const d = new Date(`${today}T00:00:00Z`);
  const weekday = ((d.getUTCDay() + 6) % 7) + 1;
  return [0, 1, 2].map((i) => new Date(d.getTime() + (8 - weekday + i) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * Tests that book a slot a few minutes ahead and check in today cannot run across midnight: close
 * to it, wait until the new day has begun.
 */
export async function waitPastMidnightIfClose(minutes = 6): Promise<void> {
  const { time } = localSlot(0);
  const [h, m] = time.split(':').map(Number);
  const left = (24 * 60 - (h! * 60 + m!)) * 60_000;
  if (left <= minutes * 60_000) await new Promise((r) => setTimeout(r, left + 5_000));
}
