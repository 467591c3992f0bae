// A hand-made day at the demo site (Asia/Ho_Chi_Minh, UTC+7) with known times: transfers, recalls,
// a no-show, an unsatisfied rating with a reason and one with only a comment, a ticket issued at
// 06:30 local (23:30 UTC of the previous date), one at 23:50 local, and a ticket 10 minutes after the
// local midnight in the next day's log (17:10 UTC, still the first date in UTC). The figures the
// tests expect are computed by hand in the comments of figures.test.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DayEvent } from '../../server/domain/model.js';
import { GENESIS } from '../../server/store/day-log.js';
import { dayLogText } from '../bench/history.js';

export const D = '2026-03-10';
export const D1 = '2026-03-11';
/** Epoch ms of a local time "HH:MM" on a date, at UTC+7. */
export const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+07:00`);

const issued = (id: string, number: string, serviceId: string, t: number): DayEvent =>
  ({ t: 'issued', at: t, id, seq: Number(number.slice(1)), number, serviceId, priority: null, by: 'device:kiosk' });
const called = (id: string, counterId: string, officerId: string, t: number): DayEvent => ({ t: 'called', at: t, id, counterId, officerId });
const completed = (id: string, counterId: string, officerId: string, t: number): DayEvent => ({ t: 'completed', at: t, id, counterId, officerId });
const rated = (id: string, counterId: string, officerId: string, t: number, level: 'very_satisfied' | 'satisfied' | 'unsatisfied', reasons: string[] = [], comment: string | null = null): DayEvent =>
  ({ t: 'rated', at: t, id, ratingId: `r-${id}`, counterId, officerId, deviceId: `pad-${counterId}`, level, reasons, comment });

export function dayEvents(): DayEvent[] {
  const h = (x: string) => at(D, x);
  return [
    { t: 'counter_opened', at: h('06:55'), counterId: 'counter-1', officerId: 'o1', officerName: 'Cán bộ Một' },
    { t: 'counter_opened', at: h('06:55'), counterId: 'counter-2', officerId: 'o2', officerName: 'Cán bộ Hai' },
    issued('t1', 'A001', 'svc-a', h('06:30')),
    called('t1', 'counter-1', 'o1', h('07:00')),
    completed('t1', 'counter-1', 'o1', h('07:05')),
    rated('t1', 'counter-1', 'o1', h('07:06'), 'very_satisfied'),
    issued('t2', 'A002', 'svc-a', h('07:10')),
    issued('t3', 'B001', 'svc-b', h('07:15')),
    called('t2', 'counter-1', 'o1', h('07:20')),
    { t: 'recalled', at: h('07:21'), id: 't2', counterId: 'counter-1' },
    { t: 'recalled', at: h('07:22'), id: 't2', counterId: 'counter-1' },
    issued('t4', 'B002', 'svc-b', h('07:30')),
    completed('t2', 'counter-1', 'o1', h('07:30')),
    rated('t2', 'counter-1', 'o1', h('07:31'), 'unsatisfied', ['Thời gian chờ quá lâu']),
    called('t4', 'counter-2', 'o2', h('07:40')),
    { t: 'recalled', at: h('07:42'), id: 't4', counterId: 'counter-2' },
    { t: 'no_show', at: h('07:45'), id: 't4', counterId: 'counter-2', auto: true },
    called('t3', 'counter-2', 'o2', h('08:00')),
    issued('t6', 'B003', 'svc-b', h('08:00')),
    { t: 'transferred', at: h('08:05'), id: 't3', counterId: 'counter-2', officerId: 'o2', from: 'svc-b', to: 'svc-a' },
    called('t6', 'counter-2', 'o2', h('08:10')),
    called('t3', 'counter-1', 'o1', h('08:20')),
    completed('t6', 'counter-2', 'o2', h('08:20')),
    rated('t6', 'counter-2', 'o2', h('08:21'), 'unsatisfied', [], 'Chờ lâu'),
    completed('t3', 'counter-1', 'o1', h('08:30')),
    rated('t3', 'counter-1', 'o1', h('08:31'), 'satisfied'),
    issued('t5', 'A003', 'svc-a', h('23:50')),
  ];
}

/** The next local day: one ticket 10 minutes after midnight (17:10 UTC of the day before). */
export function nextDayEvents(): DayEvent[] {
  return [issued('u1', 'A001', 'svc-a', at(D1, '00:10'))];
}

/** Write both days as the hub writes them, hash-chained, under <dataDir>/sites/<siteId>/. */
export function writeDays(dataDir: string, siteId = 'demo'): void {
  const dir = join(dataDir, 'sites', siteId);
  mkdirSync(dir, { recursive: true });
  const a = dayLogText(dayEvents(), GENESIS);
  writeFileSync(join(dir, `${D}.jsonl`), a.text);
  writeFileSync(join(dir, `${D1}.jsonl`), dayLogText(nextDayEvents(), a.last).text);
}
