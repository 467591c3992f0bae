// The reports engine reading through the store port (server/reports/day-source.ts PortDaySource)
// gives exactly the figures of the engine reading the data dir's files, on finished and live days,
// and keeps its summaries in its own folder. Shared by the files run (port-source.test.ts) and the
// PostgreSQL run (test/reports/pg.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DayEvent } from '../../server/domain/model.js';
import { PortDaySource } from '../../server/reports/day-source.js';
import { ReportEngine, type EngineRequest, type Sites } from '../../server/reports/engine.js';
import type { StorePort } from '../../server/store/port.js';
import { Store } from '../../server/store/store.js';
import { at, D, D1, dayEvents, nextDayEvents } from './fixture.js';

const sites: Sites = { demo: { timeZone: 'Asia/Ho_Chi_Minh', today: D1, openDay: D1 } };
const labels = { 'svc-a': 'A – Hộ tịch', 'counter-1': 'Quầy 1', o1: 'Cán bộ Một' };
const requests: EngineRequest[] = [
  ...(['service', 'counter', 'officer', 'day'] as const).map((groupBy): EngineRequest =>
    ({ op: 'report', sites, siteIds: ['demo'], from: '2026-03-01', to: D1, groupBy, targetWaitSeconds: 900, labels, totalLabel: 'Tổng cộng' })),
  { op: 'series', sites, siteId: 'demo', from: '2026-03-01', to: D1, kind: 'hourly', targetWaitSeconds: 1800 },
  { op: 'today', sites, siteId: 'demo', targetWaitSeconds: 1800, serviceLabels: labels, counterLabels: labels, totalLabel: 'Tổng cộng' },
  { op: 'transparency', sites, siteId: 'demo' },
];

async function fill(store: StorePort, days: [string, DayEvent[]][]): Promise<void> {
  for (const [date, events] of days) {
    const known = (await store.openDay('demo', date)).length;
    await store.appendDay('demo', date, known, () => events);
  }
}

/** `store` is empty; it gets the fixture's days through the port, a file store the same days. */
export async function portSourceMatchesFiles(store: StorePort): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'luot-reports-port-'));
  const files = new Store(join(dir, 'files'));
  try {
    const days: [string, DayEvent[]][] = [[D, dayEvents()], [D1, nextDayEvents()]];
    await fill(files, days);
    await fill(store, days);
    const byFiles = new ReportEngine(files.dataDir);
    const cache = join(dir, 'cache');
    let byPort = new ReportEngine(new PortDaySource(store), () => {}, cache);
    for (const q of requests) expect(await byPort.run(q)).toEqual(await byFiles.run(q));
    expect((await byPort.run(requests[0]!) as { total: { issued: number } }).total.issued).toBe(7);
    expect(byPort.stats.built).toBe(1);

    // The live day grows: both read only what is new, and agree.
    const more: DayEvent = { t: 'issued', at: at(D1, '07:00'), id: 'u2', seq: 2, number: 'A002', serviceId: 'svc-a', priority: null, by: 'device:kiosk' };
    await fill(files, [[D1, [more]]]);
    await fill(store, [[D1, [more]]]);
    const today = requests.find((q) => q.op === 'today')!;
    const t = await byPort.run(today) as { total: { issued: number } };
    expect(t.total.issued).toBe(2);
    expect(t).toEqual(await byFiles.run(today));

    // Another engine (a restart) loads the finished day's summary from its folder.
    byPort.close();
    byPort = new ReportEngine(new PortDaySource(store), () => {}, cache);
    expect(await byPort.run(requests[0]!)).toEqual(await byFiles.run(requests[0]!));
    expect(byPort.stats).toMatchObject({ built: 0, loaded: 1 });
    byFiles.close();
  } finally {
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
