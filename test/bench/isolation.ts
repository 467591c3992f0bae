// (g) Reports never slow the hall: issue latency at a steady 200 tickets/s, in one run, without any
// report (baseline) and while year reports run back to back (the first one built from the raw day
// logs of a year of history, then cached ones by service, officer and day, and XLSX exports), with
// the reports in their worker process (the default) and, for comparison, in the hub's own thread
// (LUOT_REPORTS_WORKER=0). The reports are asked for by a process of their own (the admin's browser). The hub runs from the bundle (dist-server/, as `npm start`), rebuilt first.
// `npx tsx test/bench/isolation.ts` runs it alone.
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHub } from '../helpers/hub.js';
import { workingDays, writeHistory } from './history.js';
import { round, sleep, summarize } from './lib.js';
import { issueLoad, uncap } from './reports.js';

const WINDOW_MS = 8000;

export async function benchIsolation(opts: { days?: number; inline?: boolean } = {}) {
  const DAYS = opts.days ?? 250;
  const dir = mkdtempSync(join(tmpdir(), 'luot-bench-isolation-'));
  const first = await startHub({ dataDir: dir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  await first.stop();
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() + 7 * 3600_000 - 86400_000).toISOString().slice(0, 10);
  const hist = writeHistory(dir, { days: DAYS, ticketsPerDay: 600, siteIds: ['demo', 'site-2', 'site-3'], endDate: yesterday });
  // A centre's year of history has long been on disk: write the fixture's 300 MB back now, or the
  // kernel's writeback of it would land in the measured windows (30 s after it was written).
  spawnSync('sync');
  const yearFrom = workingDays(DAYS, yesterday)[0]!;
  const year = (groupBy: string, format = 'json') => `/api/reports?siteId=demo&from=${yearFrom}&to=${today}&groupBy=${groupBy}&format=${format}`;

  // The hub as `npm start` runs it: the bundle, whose worker is reports-worker.mjs (from the sources,
  // tsx would also compile the worker's modules in the first report's window).
  const { buildServer } = await import('../../scripts/build-server.mjs' as string);
  await buildServer();
  const session = async (mode: 'worker' | 'inline') => {
    const h = await startHub({ dataDir: dir, bundle: true, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh', LUOT_REPORTS_WORKER: mode === 'worker' ? '1' : '0' } });
    const kiosk = await uncap(h);
    // Each session starts from raw logs: no summary kept by an earlier one.
    rmSync(join(dir, 'reports'), { recursive: true, force: true });
    const load = issueLoad(h, kiosk);
    await sleep(1000);
    const base: [number, number] = [performance.now(), performance.now() + WINDOW_MS];
    await sleep(WINDOW_MS);
    const kinds = [['service', 'json'], ['officer', 'json'], ['day', 'json'], ['service', 'xlsx'], ['counter', 'csv']] as const;
    // The admin's browser is another process (another machine in a centre): its parsing of the answers
    // must not delay the timers of this process, which plays the kiosk (test/bench/report-client.mjs).
    const client = fork(fileURLToPath(new URL('./report-client.mjs', import.meta.url)), [h.url, h.adminToken, String(WINDOW_MS), ...kinds.map(([g, f]) => year(g, f))], { stdio: 'inherit' });
    let start = 0;
    const got = await new Promise<{ path: string; ms: number }[]>((res, rej) => {
      client.on('message', (m: { started?: true; done?: true; error?: string; reports?: { path: string; ms: number }[] }) => {
        if (m.started) start = performance.now();
        if (m.error) rej(new Error(m.error));
        if (m.done) res(m.reports!);
      });
      client.on('exit', (code) => { if (code) rej(new Error(`report client exited with ${code}`)); });
    });
    const end = performance.now();
    const reports = got.map((r, i) => {
      const [g, f] = kinds[i % kinds.length]!;
      return { what: i === 0 ? `year by ${g}, from the raw logs` : `year by ${g} (${f})`, ms: r.ms };
    });
    const during: [number, number] = [start, end];
    await sleep(300);
    await load.stop();
    await h.stop();
    const pick = ([a, b]: [number, number]) => summarize(load.samples.filter((s) => s.start >= a && s.start <= b).map((s) => s.ms));
    const b = pick(base), d = pick(during);
    return {
      mode, failed: load.failed,
      baseline: { n: b.n, p50Ms: round(b.p50), p99Ms: round(b.p99), maxMs: round(b.max) },
      duringYearReports: { n: d.n, p50Ms: round(d.p50), p99Ms: round(d.p99), maxMs: round(d.max), reports: reports.length, firstMs: reports[0]!.ms, cachedMedianMs: summarize(reports.slice(1).map((r) => r.ms)).p50 },
    };
  };
  const worker = await session('worker');
  const inline = opts.inline === false ? null : await session('inline');
  rmSync(dir, { recursive: true, force: true });
  return { history: { days: DAYS, files: hist.files, events: hist.events, mb: round(hist.bytes / 2 ** 20, 0) }, worker, inline };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const days = Number(process.argv.find((a) => a.startsWith('--days='))?.slice(7)) || undefined;
  const r = await benchIsolation({ days });
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}
