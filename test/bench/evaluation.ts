// How long the evaluation reports take over a quarter of a busy site, and what they cost the kiosk
// meanwhile. Standalone: `npx tsx test/bench/evaluation.ts [days=65] [ticketsPerDay=600]`.
// A real hub (child process) on a data dir with generated history (test/bench/history.ts); the
// evaluation by officer, the listing as CSV and the XLSX are timed, then asked again while a kiosk
// issues tickets one after another, whose latencies are reported beside a baseline.
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairDevice, startHub } from '../helpers/hub.js';
import { writeHistory } from './history.js';

const days = Number(process.argv[2] ?? 65);
const perDay = Number(process.argv[3] ?? 600);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'luot-bench-eval-'));
  const end = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const h = writeHistory(dataDir, { days, ticketsPerDay: perDay, siteIds: ['demo'], endDate: end, seed: 11 });
  const hub = await startHub({ dataDir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  try {
    const kiosk = await pairDevice(hub, { kind: 'kiosk' });
    const from = new Date(Date.parse(end) - (days * 7 / 5 + 3) * 86_400_000).toISOString().slice(0, 10);
    const q = `siteId=demo&from=${from}&to=${end}`;
    const get = async (path: string) => {
      const t0 = performance.now();
      const r = await fetch(hub.url + path, { headers: { Authorization: `Bearer ${hub.adminToken}` } });
      const body = Buffer.from(await r.arrayBuffer());
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${body.toString().slice(0, 200)}`);
      return { ms: performance.now() - t0, bytes: body.length };
    };
    const issue = async () => {
      const t0 = performance.now();
      const r = await fetch(`${hub.url}/api/tickets`, { method: 'POST', headers: { Authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 'svc-a' }) });
      await r.arrayBuffer();
      return performance.now() - t0;
    };
    const base: number[] = [];
    for (let i = 0; i < 200; i++) base.push(await issue());
    const timed: Record<string, { ms: number; bytes: number }> = {
      'evaluation by officer (JSON)': await get(`/api/reports/evaluation?${q}&groupBy=officer`),
      'evaluation by field (JSON)': await get(`/api/reports/evaluation?${q}&groupBy=field`),
      'listing of rated tickets (CSV)': await get(`/api/reports/evaluation/dossiers?${q}&format=csv`),
      'evaluation + listing (XLSX)': await get(`/api/reports/evaluation?${q}&groupBy=officer&format=xlsx`),
    };
    // The kiosk while three evaluations are computed one after another.
    const during: number[] = [];
    let busy = true;
    const load = (async () => {
      for (let i = 0; i < 3; i++) await get(`/api/reports/evaluation?${q}&groupBy=officer`);
      busy = false;
    })();
    while (busy) during.push(await issue());
    await load;
    console.log(JSON.stringify({
      machine: `${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`, node: process.version,
      history: { days, ticketsPerDay: perDay, events: h.events, bytes: h.bytes },
      timed: Object.fromEntries(Object.entries(timed).map(([k, v]) => [k, { ms: Math.round(v.ms), bytes: v.bytes }])),
      kioskIssueMs: {
        baseline: { n: base.length, p50: +pct(base, 50).toFixed(2), p99: +pct(base, 99).toFixed(2) },
        duringEvaluations: { n: during.length, p50: +pct(during, 50).toFixed(2), p99: +pct(during, 99).toFixed(2), max: +Math.max(...during).toFixed(2) },
      },
    }, null, 2));
  } finally {
    await hub.stop();
    hub.cleanup();
  }
}

await main();
