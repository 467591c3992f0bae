// The evaluation reports in the reports worker (server/reports/evaluation-figures.ts, worker.ts):
// the worker, the engine in process over the files, and the engine in process over the store port
// (the path PostgreSQL takes) give the same answers on a data dir of several days and sites, JSON,
// CSV and XLSX alike; and through a real hub the evaluation's work is done by the worker process,
// not the hub's (their CPU times, from /proc).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayEvent } from '../../server/domain/model.js';
import { InlineRunner, WorkerRunner } from '../../server/reports/client.js';
import { PortDaySource } from '../../server/reports/day-source.js';
import type { EvaluationContext, EvaluationRequest } from '../../server/reports/evaluation-figures.js';
import { GENESIS } from '../../server/store/day-log.js';
import { Store } from '../../server/store/store.js';
import { dayLogText, writeHistory } from '../bench/history.js';
import { startHub, type HubHandle } from '../helpers/hub.js';
import { at, D1, writeDays } from './fixture.js';

const AG = '000.00.23.H56';
/** Site 3: three days of one-stop tickets with procedures, dossier codes (linked, on completion, on the rating) and agency codes. */
function oneStopDay(date: string, k: number): DayEvent[] {
  const out: DayEvent[] = [];
  for (let i = 0; i < 6; i++) {
    const id = `s3-${date}-${i}`, t = at(date, `0${7 + (i % 3)}:${10 + i}`);
    const level = (['very_satisfied', 'satisfied', 'unsatisfied'] as const)[(i + k) % 3];
    out.push({ t: 'issued', at: t, id, seq: i + 1, number: `A00${i + 1}`, serviceId: i % 2 ? 'svc-a' : 'svc-b', priority: null, by: 'device:kiosk', ...(i % 3 === 0 ? { procedureCode: '1.000001' } : {}) });
    if (i === 4) out.push({ t: 'transferred', at: t + 1, id, counterId: 'c1', officerId: 'o1', from: 'svc-b', to: 'svc-a' });
    out.push({ t: 'called', at: t + 2, id, counterId: i % 2 ? 'c1' : 'c2', officerId: i % 2 ? 'o1' : 'ghost' });
    if (i % 2) out.push({ t: 'dossier_linked', at: t + 3, id, dossierCode: `${AG}-${date}-${i}`, by: 'user:o1' });
    out.push({ t: 'completed', at: t + 4, id, counterId: i % 2 ? 'c1' : 'c2', officerId: i % 2 ? 'o1' : 'ghost', ...(i === 2 ? { dossierCode: `${AG}-${date}-x` } : {}) });
    if (i !== 5) {
      out.push({
        t: 'rated', at: t + 5, id, ratingId: `r-${id}`, counterId: 'c1', officerId: 'o1', deviceId: 'pad', level, reasons: level === 'unsatisfied' ? ['Chờ lâu'] : [],
        comment: i === 1 ? 'tốt' : null, ...(i === 3 ? { dossierCodes: [`${AG}-${date}-r1`, `${AG}-${date}-r2`], procedureCode: '2.000001', agencyCode: 'H99' } : {}),
      } as DayEvent);
    }
  }
  return out;
}
const DAYS3 = ['2026-03-09', '2026-03-10', D1];

const context: EvaluationContext = {
  users: { o1: { username: 'canbo1', name: 'Cán bộ Một' }, o2: { username: 'canbo2', name: 'Cán bộ Hai' } },
  sites: Object.fromEntries(['demo', 'site-2', 'site-3'].map((id, n) => [id, {
    name: `Điểm ${n + 1}`, agencyCode: id === 'site-3' ? AG : null, timeZone: 'Asia/Ho_Chi_Minh',
    services: { 'svc-a': { id: 'svc-a', code: 'A', name: 'Hộ tịch' }, 'svc-b': { id: 'svc-b', code: 'B', name: 'Chứng thực' } },
    counters: { c1: { number: 1, name: 'Quầy 1' }, 'counter-1': { number: 1, name: 'Quầy 1' } },
    procedures: { '1.000001': { name: 'Đăng ký khai sinh', field: { code: 'HT', name: 'Hộ tịch' } }, '2.000001': { name: 'Chứng thực bản sao', field: { code: 'CT', name: 'Chứng thực' } } },
    serviceFields: { 'svc-b': { code: 'CT', name: 'Chứng thực' } },
  }])),
  fallbackTimeZone: 'Asia/Ho_Chi_Minh',
};
const siteIds = ['demo', 'site-2', 'site-3'];
const head = { siteId: null, siteName: '', from: '2026-03-01', to: D1, generatedAt: '2026-03-11T08:00:00.000+07:00' };
const base = { siteIds, head, context, lang: 'vi' as const, dialect: 'default' as const };
const requests: [string, EvaluationRequest][] = [
  ...(['officer', 'site', 'procedure', 'field'] as const).map((groupBy): [string, EvaluationRequest] => [`by ${groupBy}`, { ...base, op: 'evaluation', groupBy, format: 'json' }]),
  ['by field in English', { ...base, op: 'evaluation', groupBy: 'field', format: 'json', lang: 'en' }],
  ['by officer, CSV vi', { ...base, op: 'evaluation', groupBy: 'officer', format: 'csv', dialect: 'vi' }],
  ['listing, a page', { ...base, op: 'evaluation_listing', rows: 'ticket', offset: 3, limit: 40, format: 'json' }],
  ['listing per dossier, unsatisfied', { ...base, op: 'evaluation_listing', rows: 'dossier', level: 'unsatisfied', offset: 0, limit: 1000, format: 'json' }],
  ['listing of o1, CSV', { ...base, op: 'evaluation_listing', rows: 'ticket', officerId: 'o1', offset: 0, limit: 1000, format: 'csv' }],
];

let dir: string;
let worker: WorkerRunner, inline: InlineRunner, port: InlineRunner;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'luot-eval-worker-'));
  writeDays(dir);
  writeHistory(dir, { days: 5, ticketsPerDay: 80, siteIds: ['site-2'], endDate: D1 });
  mkdirSync(join(dir, 'sites', 'site-3'), { recursive: true });
  let prev = GENESIS;
  DAYS3.forEach((d, k) => { const l = dayLogText(oneStopDay(d, k), prev); prev = l.last; writeFileSync(join(dir, 'sites', 'site-3', `${d}.jsonl`), l.text); });
  worker = new WorkerRunner(dir, () => {});
  inline = new InlineRunner(dir, () => {});
  port = new InlineRunner(new PortDaySource(new Store(dir)), () => {}, join(dir, 'port-cache'));
});

afterAll(async () => {
  await Promise.all([worker?.close(), inline?.close(), port?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the evaluation in the reports worker', () => {
  it.each(requests)('answers %s as the engine in process does, on files and through the port', async (_n, req) => {
    const [w, i, p] = await Promise.all([worker.call(req), inline.call(req), port.call(req)]);
    expect(w).toEqual(i);
    expect(p).toEqual(i);
    expect(JSON.stringify(w)).toMatch(/"served":[1-9]|"total":[1-9]|Cán bộ Một/);
  });

  it('groups in the worker: served tickets, dossier codes, procedure fields, unknown officer last', async () => {
    const r = await worker.call<{ rows: { key: string; label: string; served: number; rated: number; dossiers: number; agencyCodes: string[] }[]; total: { served: number } }>(requests[0]![1]);
    const ghost = r.rows.find((x) => x.key === 'ghost')!;
    expect(ghost.label).toBe('(không rõ cán bộ)');
    expect(ghost.served).toBe(9); // site 3: tickets 0, 2 and 4 of each of three days
    const f = await worker.call<{ rows: { key: string; served: number }[] }>(requests[3]![1]);
    expect(f.rows.find((x) => x.key === 'CT')!.served).toBeGreaterThan(0);
    const site3 = (await worker.call<{ rows: { key: string; dossiers: number; agencyCodes: string[] }[] }>(requests[1]![1])).rows.find((x) => x.key === 'site-3')!;
    // Per day: linked to tickets 1, 3 and 5 (5 served, not rated), one given on completion, two on a rating.
    expect(site3.dossiers).toBe(3 * (3 + 1 + 2));
    expect(site3.agencyCodes).toEqual([AG, 'H99']);
    expect(r.total.served).toBeGreaterThan(9);
  });

  it('answers reports_unavailable when the worker dies during an evaluation, then starts a new one', async () => {
    const pending = worker.call(requests[0]![1]);
    await expect(worker.call({ op: 'crash' })).rejects.toMatchObject({ code: 'reports_unavailable' });
    await expect(pending).rejects.toMatchObject({ code: 'reports_unavailable' });
    expect(await worker.call(requests[1]![1])).toEqual(await inline.call(requests[1]![1]));
  });

  it('makes the XLSX in the worker: the same workbook as in process', async () => {
    const req: EvaluationRequest = { ...base, op: 'evaluation', groupBy: 'officer', format: 'xlsx' };
    const [w, i] = await Promise.all([worker.call<Uint8Array>(req), inline.call<Uint8Array>(req)]);
    expect(Buffer.from(w).subarray(0, 2).toString()).toBe('PK');
    expect(Buffer.from(w).equals(Buffer.from(i))).toBe(true);
  });
});

/** utime + stime of a process, in clock ticks. */
const cpuTicks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').slice(readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2).split(' '); return Number(f[11]) + Number(f[12]); };
const childrenOf = (pid: number) => readdirSync('/proc').filter((x) => /^\d+$/.test(x)).map(Number).filter((p) => {
  try { return Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid; } catch { return false; }
});

describe.runIf(process.platform === 'linux')('through a real hub', () => {
  let hub: HubHandle;
  let data: string;
  afterAll(async () => { await hub?.stop(); hub?.cleanup(); });

  it('the evaluation and its XLSX are computed by the worker process, not the hub', async () => {
    data = mkdtempSync(join(tmpdir(), 'luot-eval-cpu-'));
    writeHistory(data, { days: 12, ticketsPerDay: 400, siteIds: ['demo'], endDate: D1, seed: 5 });
    hub = await startHub({ dataDir: data, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
    const get = async (q: string, to = D1) => {
      const r = await fetch(`${hub.url}/api/reports/evaluation?siteId=demo&from=2026-02-01&to=${to}&${q}`, { headers: { Authorization: `Bearer ${hub.adminToken}` } });
      expect(r.status).toBe(200);
      return Buffer.from(await r.arrayBuffer());
    };
    // The worker started and warm (its own start is not the evaluation's work).
    expect(JSON.parse((await get('groupBy=site', '2026-02-01')).toString()).total.served).toBe(0);
    const [workerPid] = childrenOf(hub.pid);
    expect(workerPid).toBeDefined();
    const hub0 = cpuTicks(hub.pid), w0 = cpuTicks(workerPid!);
    for (let i = 0; i < 3; i++) {
      const j = JSON.parse((await get('groupBy=officer')).toString());
      expect(j.total.served).toBeGreaterThan(3000);
      expect((await get('groupBy=officer&format=xlsx')).subarray(0, 2).toString()).toBe('PK');
    }
    const hubCpu = cpuTicks(hub.pid) - hub0, workerCpu = cpuTicks(workerPid!) - w0;
    // The day logs are read, folded and written out as XLSX in the worker: several times the hub's share.
    console.log(`evaluation CPU: worker ${workerCpu} ticks, hub ${hubCpu}`);
    expect(workerCpu, `worker ${workerCpu} ticks, hub ${hubCpu}`).toBeGreaterThan(3 * hubCpu);
    expect(childrenOf(hub.pid)).toContain(workerPid);
  }, 120_000);
});
