// The reports worker (server/reports/worker.ts) gives exactly what the same engine gives in process,
// on a data dir of several days (the hand-made days of fixture.ts and simulated ones), and a worker
// that dies answers a coded error at once instead of leaving the request hanging.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../common/errors.js';
import { InlineRunner, WorkerRunner } from '../../server/reports/client.js';
import type { EngineRequest, Sites } from '../../server/reports/engine.js';
import { writeHistory } from '../bench/history.js';
import { D, D1, writeDays } from './fixture.js';

let dir: string;
let worker: WorkerRunner;
let inline: InlineRunner;
const logs: string[] = [];

// demo: D is finished, D1 is the open (live) day; site-2: six simulated working days up to D1.
const sites: Sites = {
  demo: { timeZone: 'Asia/Ho_Chi_Minh', today: D1, openDay: D1 },
  'site-2': { timeZone: 'Asia/Ho_Chi_Minh', today: D1, openDay: D1 },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'luot-reports-worker-'));
  writeDays(dir);
  writeHistory(dir, { days: 6, ticketsPerDay: 120, siteIds: ['site-2'], endDate: D1 });
  worker = new WorkerRunner(dir, (m) => logs.push(m));
  inline = new InlineRunner(dir, () => {});
});

afterAll(async () => {
  await worker?.close();
  await inline?.close();
  rmSync(dir, { recursive: true, force: true });
});

const labels = { 'svc-a': 'A – Hộ tịch', 'counter-1': 'Quầy 1', o1: 'Cán bộ Một' };
const requests: [string, EngineRequest][] = [
  ...(['service', 'counter', 'officer', 'day'] as const).flatMap((groupBy): [string, EngineRequest][] => ['demo', 'site-2'].map((siteId) => [
    `${siteId} by ${groupBy}`, { op: 'report', sites, siteIds: [siteId], from: '2026-03-01', to: D1, groupBy, targetWaitSeconds: 900, labels, totalLabel: 'Tổng cộng' },
  ])),
  ['both sites by site', { op: 'report', sites, siteIds: ['demo', 'site-2'], from: '2026-03-01', to: D1, groupBy: 'site', targetWaitSeconds: 1800, labels: {}, totalLabel: 'Total' }],
  ['hourly series', { op: 'series', sites, siteId: 'site-2', from: '2026-03-01', to: D1, kind: 'hourly', targetWaitSeconds: 1800 }],
  ['daily series', { op: 'series', sites, siteId: 'site-2', from: '2026-03-01', to: D1, kind: 'daily', targetWaitSeconds: 1800 }],
  ['monthly series', { op: 'series', sites, siteId: 'demo', from: '2026-03-01', to: D1, kind: 'monthly', targetWaitSeconds: 1800 }],
  ['today', { op: 'today', sites, siteId: 'site-2', targetWaitSeconds: 1800, serviceLabels: labels, counterLabels: labels, totalLabel: 'Tổng cộng' }],
  ['transparency', { op: 'transparency', sites, siteId: 'demo' }],
];

describe('the reports worker', () => {
  it.each(requests)('answers %s exactly as the engine in process does', async (_name, req) => {
    const [a, b] = await Promise.all([worker.call(req), inline.call(req)]);
    expect(a).toEqual(b);
    // Not an empty answer that would match trivially.
    expect(JSON.stringify(a)).toMatch(/"issued":[1-9]/);
  });

  it('gives the report the hub answers: the hand-made day by service', async () => {
    const r = await worker.call<{ rows: { key: string; issued: number; served: number }[]; total: { issued: number } }>(requests[0]![1]);
    expect(r.rows.map((x) => [x.key, x.issued, x.served])).toEqual([['svc-a', 4, 3], ['svc-b', 3, 1]]);
    expect(r.total.issued).toBe(7);
    void D;
  });

  it('makes the CSV and XLSX in the worker too', async () => {
    const report = {
      siteId: 'demo', siteName: 'Demo', from: D, to: D1, groupBy: 'service' as const, targetWaitSeconds: 1800, generatedAt: '2026-03-11T01:00:00.000Z',
      ...(await inline.call<{ rows: never[]; total: never }>(requests[0]![1])),
    };
    const [csvW, csvI] = await Promise.all([worker.call({ op: 'export', format: 'csv', report, lang: 'vi' }), inline.call({ op: 'export', format: 'csv', report, lang: 'vi' })]);
    expect(csvW).toBe(csvI);
    expect(String(csvW)).toContain('Tổng cộng');
    const xlsx = await worker.call<Uint8Array>({ op: 'export', format: 'xlsx', report, lang: 'vi' });
    expect(Buffer.from(xlsx).subarray(0, 2).toString()).toBe('PK');
  });

  it('answers reports_unavailable when its worker dies mid-request, then starts a new one', async () => {
    const pending = worker.call(requests[1]![1]);
    const crash = worker.call({ op: 'crash' });
    const results = await Promise.allSettled([pending, crash]);
    // The request already answered may have won the race; the crashed one is coded, not hung.
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(f.reason).toBeInstanceOf(DomainError);
      expect((f.reason as DomainError).code).toBe('reports_unavailable');
    }
    expect(worker.failures).toBe(1);
    expect(logs.join('\n')).toMatch(/worker stopped/);
    // The next request is answered by a fresh worker, with the same figures.
    expect(await worker.call(requests[0]![1])).toEqual(await inline.call(requests[0]![1]));
  });
});
