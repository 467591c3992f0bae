// Report figures against a day computed by hand (test/reports/fixture.ts). Each ticket, local times:
//   t1 A001 issued 06:30, called 07:00 at counter-1 (o1), done 07:05, very satisfied
//      wait 1800 s (exactly the 30-minute target: within), service 300 s
//   t2 A002 issued 07:10, called 07:20 at counter-1, recalled twice, done 07:30, unsatisfied "Thời gian chờ quá lâu"
//      wait 600, service 600 (from the call; recalls do not restart it)
//   t3 B001 issued 07:15, called 08:00 at counter-2 (o2), transferred to A 08:05, called 08:20 at counter-1, done 08:30, satisfied
//      wait 2700 (to the first call), service 600 (from the completed call), ends in A
//   t4 B002 issued 07:30, called 07:40 at counter-2, recalled, no-show 07:45: wait 600
//   t6 B003 issued 08:00, called 08:10 at counter-2, done 08:20, unsatisfied with a comment only: wait 600, service 600
//   t5 A003 issued 23:50, never called (unserved)
// By service (issued by the issuing service, outcomes by the final one):
//   A: issued 3 (t1 t2 t5); served 3 (t1 t2 t3), unserved 1 (t5), transferred 1 (t3)
//      waits [600 1800 2700]: avg 1700, median 1800, p90 2700, within 30 min 2/3
//      services [300 600 600]: avg 500, median 600, p90 600; ratings 1/1/1, satisfaction 2/3
//   B: issued 3 (t3 t4 t6); served 1, no-show 1; waits [600 600]; service [600]; ratings 0/0/1
// Total: issued 6, served 4, no-show 1, unserved 1, transferred 1; waits [600 600 600 1800 2700]:
//   avg 1260, median 600, p90 2700, within 4/5; services [300 600 600 600]: avg 525, median 600,
//   p90 600; ratings 1/1/2, satisfaction 2/4.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregate, Aggregator, HourlySeries } from '../../server/reports/aggregate.js';
import { DayLogTail } from '../../server/reports/day-reader.js';
import { factsOfDay } from '../../server/reports/facts.js';
import { localMidnight, summarize, summaryFromJson, summaryToJson } from '../../server/reports/summary.js';
import { GENESIS } from '../../server/store/day-log.js';
import { StoreError } from '../../server/store/errors.js';
import { dayLogText } from '../bench/history.js';
import { D, D1, at, dayEvents, nextDayEvents } from './fixture.js';

const facts = () => factsOfDay(D, dayEvents());
const byKey = <T extends { key: string }>(rows: T[]) => Object.fromEntries(rows.map((r) => [r.key, r]));
const TZ = 'Asia/Ho_Chi_Minh';

describe('report figures of a hand-computed day', () => {
  it('by service: issued by the issuing service, outcomes by the service it ended in', () => {
    const rows = byKey(aggregate(facts(), 'service', (k) => k));
    expect(rows['svc-a']).toMatchObject({
      issued: 3, served: 3, noShow: 0, unserved: 1, transferred: 1,
      waitAvgSeconds: 1700, waitMedianSeconds: 1800, waitP90Seconds: 2700, withinTargetRate: 0.6667,
      serviceAvgSeconds: 500, serviceMedianSeconds: 600, serviceP90Seconds: 600,
      ratings: { very_satisfied: 1, satisfied: 1, unsatisfied: 1 }, satisfactionRate: 0.6667,
      unsatisfiedReasons: [{ reason: 'Thời gian chờ quá lâu', count: 1 }],
    });
    expect(rows['svc-b']).toMatchObject({
      issued: 3, served: 1, noShow: 1, unserved: 0, transferred: 0,
      waitAvgSeconds: 600, waitMedianSeconds: 600, waitP90Seconds: 600, withinTargetRate: 1,
      serviceAvgSeconds: 600, ratings: { very_satisfied: 0, satisfied: 0, unsatisfied: 1 }, satisfactionRate: 0,
      unsatisfiedReasons: [{ reason: '(ý kiến khác)', count: 1 }],
    });
  });

  it('the total of the day', () => {
    const [total] = aggregate(facts(), 'all', () => 'total');
    expect(total).toMatchObject({
      issued: 6, served: 4, noShow: 1, unserved: 1, transferred: 1,
      waitAvgSeconds: 1260, waitMedianSeconds: 600, waitP90Seconds: 2700, withinTargetRate: 0.8,
      serviceAvgSeconds: 525, serviceMedianSeconds: 600, serviceP90Seconds: 600,
      ratings: { very_satisfied: 1, satisfied: 1, unsatisfied: 2 }, satisfactionRate: 0.5,
    });
    expect(total!.unsatisfiedReasons).toEqual([{ reason: '(ý kiến khác)', count: 1 }, { reason: 'Thời gian chờ quá lâu', count: 1 }]);
  });

  it('by counter and officer: where the ticket was last handled; ratings by the rating pad', () => {
    const c = byKey(aggregate(facts(), 'counter', (k) => k));
    // counter-1 completed t1 t2 t3 (t3 after its transfer); counter-2 had t4 (no-show) and t6.
    expect(c['counter-1']).toMatchObject({ issued: 3, served: 3, noShow: 0, waitAvgSeconds: 1700, ratings: { very_satisfied: 1, satisfied: 1, unsatisfied: 1 } });
    expect(c['counter-2']).toMatchObject({ issued: 2, served: 1, noShow: 1, waitAvgSeconds: 600, serviceAvgSeconds: 600, satisfactionRate: 0 });
    expect(Object.keys(c).sort()).toEqual(['counter-1', 'counter-2']);
    const o = byKey(aggregate(facts(), 'officer', (k) => k));
    expect(o.o1).toMatchObject({ served: 3, satisfactionRate: 0.6667 });
    expect(o.o2).toMatchObject({ served: 1, noShow: 1, unsatisfiedReasons: [{ reason: '(ý kiến khác)', count: 1 }] });
  });

  it('the target wait is a parameter: at 10 minutes only the 600-second waits count', () => {
    const rows = byKey(aggregate(facts(), 'service', (k) => k, 600));
    expect(rows['svc-a']!.withinTargetRate).toBe(0.3333);
    expect(rows['svc-b']!.withinTargetRate).toBe(1);
    expect(aggregate(facts(), 'all', (k) => k, 600)[0]!.withinTargetRate).toBe(0.6);
  });

  it('hours are the site\'s local hours: 06:30 and 23:50 local, not UTC', () => {
    const s = summarize('demo', D, localMidnight(D, TZ), facts());
    expect(new Date(s.dayStartMs).toISOString()).toBe('2026-03-09T17:00:00.000Z');
    const h = new HourlySeries();
    h.addDay(s);
    const p = h.points();
    expect(p.map((x) => x.issued)).toEqual([0, 0, 0, 0, 0, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(p[6]!.waitAvgSeconds).toBe(1800);
    expect(p[7]!.waitAvgSeconds).toBe(1300); // t2 600, t3 2700, t4 600
    expect(p[7]!.served).toBe(2); // t1 at 07:05, t2 at 07:30
    expect(p[8]!.served).toBe(2); // t6 08:20, t3 08:30
    // The next day's first ticket, 00:10 local, is hour 0 of that day.
    const n = new HourlySeries();
    n.addDay(summarize('demo', D1, localMidnight(D1, TZ), factsOfDay(D1, nextDayEvents())));
    expect(n.points()[0]!.issued).toBe(1);
    expect(at(D1, '00:10')).toBe(Date.parse('2026-03-10T17:10:00Z'));
  });

  it('days add up: a two-day aggregation equals the sum of the days', () => {
    const agg = new Aggregator('day');
    agg.addDay(summarize('demo', D, localMidnight(D, TZ), facts()));
    agg.addDay(summarize('demo', D1, localMidnight(D1, TZ), factsOfDay(D1, nextDayEvents())));
    const rows = agg.rows((k) => k);
    expect(rows.map((r) => [r.key, r.issued, r.served])).toEqual([[D, 6, 4], [D1, 1, 0]]);
  });

  it('a summary survives its file form unchanged', () => {
    const s = summarize('demo', D, localMidnight(D, TZ), facts(), { size: 123, lastHash: 'abc' });
    const back = summaryFromJson(summaryToJson(s))!;
    const a = new Aggregator('service'), b = new Aggregator('service');
    a.addDay(s); b.addDay(back);
    expect(b.rows((k) => k)).toEqual(a.rows((k) => k));
    expect(back.source).toEqual({ size: 123, lastHash: 'abc' });
  });
});

describe('reading a day log for reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luot-reports-'));
  const path = join(dir, `${D}.jsonl`);
  const text = dayLogText(dayEvents(), GENESIS).text;
  const lines = text.split('\n').filter(Boolean);

  it('reads a growing log from where it stopped, and waits for a line still being written', async () => {
    writeFileSync(path, lines.slice(0, 10).join('\n') + '\n' + lines[10]!.slice(0, 20));
    const tail = new DayLogTail(path, D);
    expect(await tail.refresh()).toBe(true);
    expect(tail.builder.size).toBe(3); // t1, t2, t3 issued in the first 10 lines
    writeFileSync(path, text);
    expect(await tail.refresh()).toBe(true);
    expect(await tail.refresh()).toBe(false);
    const all = aggregate(tail.builder.facts(), 'all', (k) => k)[0]!;
    expect(all).toMatchObject({ issued: 6, served: 4, noShow: 1, satisfactionRate: 0.5 });
    appendFileSync(path, '');
  });

  it('three reports asking at once (the admin page asks for the table and two series) read each line once', async () => {
    writeFileSync(path, text);
    const tail = new DayLogTail(path, D);
    const answers = await Promise.all([tail.refresh(), tail.refresh(), tail.refresh()]);
    expect(answers).toContain(true);
    const all = aggregate(tail.builder.facts(), 'all', (k) => k)[0]!;
    expect(all).toMatchObject({ issued: 6, served: 4, noShow: 1, satisfactionRate: 0.5 });
    expect(tail.offset).toBe(Buffer.byteLength(text));
  });

  it('refuses a log whose line was edited, naming the file and the line', async () => {
    const edited = readFileSync(path, 'utf8').replace('"level":"unsatisfied","reasons":["Thời', '"level":"satisfied","reasons":["Thời');
    writeFileSync(path, edited);
    const tail = new DayLogTail(path, D);
    const err = await tail.refresh().catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(String(err.message)).toMatch(/line 15 does not match the hash of line 14/);
    rmSync(dir, { recursive: true, force: true });
  });
});
