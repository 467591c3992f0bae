// Reports over a year of history (250 working days x 600 tickets x 3 sites, test/bench/history.ts):
// a quarter and a year, the first run (summaries built from the raw day logs), the cached run (in
// memory), and the first run after a restart (summaries read from disk), while a kiosk issues
// tickets at a steady 200/s; the issue latency counted from the scheduled time of each request.
// `npx tsx test/bench/reports.ts` runs it alone; `benchReports()` returns the figures.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { writeHistory, workingDays } from './history.js';
import { httpClient, round, sleep, summarize } from './lib.js';

interface Sample { start: number; ms: number }

/** A kiosk issuing at `rate` per second until stopped; latency from each request's scheduled time. */
export function issueLoad(h: HubHandle, token: string, rate = 200) {
  const req = httpClient(h.url, 256);
  const samples: Sample[] = [];
  let failed = 0, stop = false;
  const services = ['svc-a', 'svc-b', 'svc-c', 'svc-d', 'svc-e', 'svc-f', 'svc-g', 'svc-h', 'svc-k', 'svc-t'];
  const pending: Promise<void>[] = [];
  const done = (async () => {
    const t0 = performance.now();
    for (let i = 0; !stop; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      pending.push(req('POST', '/api/tickets', token, { serviceId: services[i % services.length] }).then((r) => {
        if (r.status === 201) samples.push({ start: due, ms: performance.now() - due }); else failed++;
      }, () => { failed++; }));
    }
    await Promise.all(pending);
  })();
  return { samples, get failed() { return failed; }, async stop() { stop = true; await done; } };
}

export async function timed(h: HubHandle, path: string): Promise<{ ms: number; start: number; end: number; issued: number }> {
  const start = performance.now();
  const r = await api(h.url, h.adminToken)('GET', path);
  const end = performance.now();
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return { ms: round(end - start, 0), start, end, issued: (r.body.total?.issued as number) ?? 0 };
}

export async function uncap(h: HubHandle): Promise<string> {
  const admin = api(h.url, h.adminToken);
  const { body } = await admin<{ services: { id: string }[] }>('GET', '/api/services?siteId=demo');
  for (const s of body.services) await admin('PATCH', `/api/services/${s.id}`, { dailyCap: null });
  return (await pairDevice(h, { kind: 'kiosk' })).token;
}

export async function benchReports() {
  const dir = mkdtempSync(join(tmpdir(), 'luot-bench-reports-'));
  const first = await startHub({ dataDir: dir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  await first.stop();
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() + 7 * 3600_000 - 86400_000).toISOString().slice(0, 10);
  const t = performance.now();
  const hist = writeHistory(dir, { days: 250, ticketsPerDay: 600, siteIds: ['demo', 'site-2', 'site-3'], endDate: yesterday });
  const genSeconds = round((performance.now() - t) / 1000, 1);
  const days = workingDays(250, yesterday);
  const yearFrom = days[0]!;
  const quarterFrom = days[days.length - 63]!;
  const q = (from: string, groupBy = 'service') => `/api/reports?siteId=demo&from=${from}&to=${today}&groupBy=${groupBy}`;

  const runs: Record<string, { ms: number; start: number; end: number; issued: number }> = {};
  const session = async (label: string, steps: [string, string][]) => {
    const h = await startHub({ dataDir: dir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
    const kiosk = await uncap(h);
    const load = issueLoad(h, kiosk);
    await sleep(1000);
    // A baseline window without reports: what this machine gives at 200 tickets/s anyway.
    const base: [number, number] = [performance.now(), performance.now() + 3000];
    await sleep(3000);
    const windows: [number, number][] = [];
    for (const [name, path] of steps) {
      const r = await timed(h, path).catch((e) => { throw new Error(`${label}.${name}: ${(e as Error).message}\nhub output:\n${h.output().slice(-3000)}`); });
      runs[`${label}.${name}`] = r;
      windows.push([r.start, r.end]);
      await sleep(200);
    }
    await sleep(300);
    await load.stop();
    await h.stop();
    const pick = (ws: [number, number][]) => summarize(load.samples.filter((s) => ws.some(([a, b]) => s.start >= a && s.start <= b)).map((s) => s.ms));
    const b = pick([base]), d = pick(windows);
    return {
      issued: load.samples.length, failed: load.failed,
      baseline: { n: b.n, p50Ms: round(b.p50), p99Ms: round(b.p99), maxMs: round(b.max) },
      duringReports: { n: d.n, p50Ms: round(d.p50), p99Ms: round(d.p99), maxMs: round(d.max) },
    };
  };

  // 1. The hub started on raw history (nothing summarised yet: a one-off after an upgrade): the year
  //    from the day logs, then cached.
  const cold = await session('cold', [['yearFromLogs', q(yearFrom)], ['yearCached', q(yearFrom)], ['quarterCached', q(quarterFrom)]]);
  // 2. A restart: the finished days' summaries (made at day close, kept on disk) are read on the
  //    first run; then the cached runs, a year by officer and the hourly series.
  const warm = await session('restart', [
    ['quarterFirst', q(quarterFrom)], ['yearFirst', q(yearFrom)], ['quarterCached', q(quarterFrom)], ['yearCached', q(yearFrom)],
    ['yearByOfficerCached', q(yearFrom, 'officer')], ['yearHourlySeries', `/api/reports/series?siteId=demo&from=${yearFrom}&to=${today}&kind=hourly`],
  ]);
  rmSync(dir, { recursive: true, force: true });
  const ms = (k: string) => runs[k]!.ms;
  return {
    history: { files: hist.files, events: hist.events, mb: round(hist.bytes / 2 ** 20, 0), generateSeconds: genSeconds },
    quarter: { days: 63, tickets: runs['restart.quarterCached']!.issued, firstMs: ms('restart.quarterFirst'), cachedMs: ms('restart.quarterCached') },
    year: {
      days: 250, tickets: runs['restart.yearCached']!.issued, firstMs: ms('restart.yearFirst'), cachedMs: ms('restart.yearCached'),
      fromRawLogsMs: ms('cold.yearFromLogs'), byOfficerCachedMs: ms('restart.yearByOfficerCached'), hourlySeriesMs: ms('restart.yearHourlySeries'),
    },
    issueLatency: { cold, restart: warm },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchReports();
  console.log(JSON.stringify(r, null, 2));
  const l = r.issueLatency;
  console.log(`\nquarter: first ${r.quarter.firstMs} ms, cached ${r.quarter.cachedMs} ms (target <= 500)`);
  console.log(`year:    first ${r.year.firstMs} ms, cached ${r.year.cachedMs} ms (target <= 2000); from raw logs (one-off) ${r.year.fromRawLogsMs} ms`);
  console.log(`issue p99 during reports: ${l.restart.duringReports.p99Ms} ms (baseline ${l.restart.baseline.p99Ms}); during the raw-log year ${l.cold.duringReports.p99Ms} ms (baseline ${l.cold.baseline.p99Ms}) (target <= 10)`);
  process.exit(0);
}
