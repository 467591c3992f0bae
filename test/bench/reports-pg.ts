// (k) Reports on PostgreSQL never slow the hall either: bench (g)'s idea on a hub whose store is
// PostgreSQL (a real server started here, durable commits): issue latency at a steady 200 tickets/s
// without any report and while year reports run back to back (the first built from the day logs in
// the database, then cached ones and exports), with the reports in their worker thread over its own
// connection (the default) and in the hub's own thread (LUOT_REPORTS_WORKER=0). One site's year
// (250 working days x 600 tickets) is loaded through the port first.
// `npx tsx test/bench/reports-pg.ts [--days=N]` runs it alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgStore } from '../../server/store/pg/pg-store.js';
import { api, startHub } from '../helpers/hub.js';
import { startPostgres } from '../helpers/pg.js';
import { siteConfigFor, simulateDay, workingDays } from './history.js';
import { round, sleep, summarize } from './lib.js';
import { issueLoad, uncap } from './reports.js';

const WINDOW_MS = 8000;

/** A seeded generator (the history's own is private to history.ts). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export async function benchReportsPg(opts: { days?: number } = {}) {
  const DAYS = opts.days ?? 250;
  const server = await startPostgres({ durable: true });
  const dir = mkdtempSync(join(tmpdir(), 'luot-bench-reports-pg-'));
  try {
    const url = await server.createDatabase();
    const env = { LUOT_TZ: 'Asia/Ho_Chi_Minh', LUOT_DATABASE_URL: url, LUOT_KEYS_DIR: join(dir, 'keys') };
    const first = await startHub({ dataDir: dir, env });
    await first.stop();
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() + 7 * 3600_000 - 86400_000).toISOString().slice(0, 10);
    const days = workingDays(DAYS, yesterday);
    const store = await PgStore.open({ url });
    const t0 = performance.now();
    let events = 0;
    const rand = rng(42);
    const cfg = siteConfigFor('demo');
    for (const d of days) {
      const ev = simulateDay(cfg, d, 600, rand);
      await store.appendDay('demo', d, (await store.openDay('demo', d)).length, () => ev);
      events += ev.length;
    }
    await store.close();
    const loadSeconds = round((performance.now() - t0) / 1000, 1);
    const year = (groupBy: string, format = 'json') => `/api/reports?siteId=demo&from=${days[0]}&to=${today}&groupBy=${groupBy}&format=${format}`;

    const session = async (mode: 'worker' | 'inline') => {
      // Each session starts from the logs: no summary kept by an earlier one.
      rmSync(join(dir, 'reports'), { recursive: true, force: true });
      const h = await startHub({ dataDir: dir, env: { ...env, LUOT_REPORTS_WORKER: mode === 'worker' ? '1' : '0' } });
      const admin = api(h.url, h.adminToken);
      const kiosk = await uncap(h);
      const load = issueLoad(h, kiosk);
      await sleep(1000);
      const base: [number, number] = [performance.now(), performance.now() + WINDOW_MS];
      await sleep(WINDOW_MS);
      const start = performance.now();
      const reports: number[] = [];
      const kinds = [['service', 'json'], ['officer', 'json'], ['day', 'json'], ['service', 'xlsx'], ['counter', 'csv']] as const;
      for (let i = 0; i === 0 || performance.now() - start < WINDOW_MS; i++) {
        const [g, f] = kinds[i % kinds.length]!;
        const t = performance.now();
        const r = await admin('GET', year(g, f));
        if (r.status !== 200) throw new Error(`year report: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}\n${h.output().slice(-2000)}`);
        reports.push(round(performance.now() - t, 0));
      }
      const during: [number, number] = [start, performance.now()];
      await sleep(300);
      await load.stop();
      await h.stop();
      const pick = ([a, b]: [number, number]) => summarize(load.samples.filter((s) => s.start >= a && s.start <= b).map((s) => s.ms));
      const b = pick(base), d = pick(during);
      return {
        mode, failed: load.failed,
        baseline: { n: b.n, p50Ms: round(b.p50), p99Ms: round(b.p99), maxMs: round(b.max) },
        duringYearReports: { n: d.n, p50Ms: round(d.p50), p99Ms: round(d.p99), maxMs: round(d.max), reports: reports.length, firstMs: reports[0]!, cachedMedianMs: summarize(reports.slice(1)).p50 },
      };
    };
    const worker = await session('worker');
    const inline = await session('inline');
    return { history: { days: DAYS, events, loadSeconds }, worker, inline };
  } finally {
    await server.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const days = Number(process.argv.find((a) => a.startsWith('--days='))?.slice(7)) || undefined;
  console.log(JSON.stringify(await benchReportsPg({ days }), null, 2));
  process.exit(0);
}
