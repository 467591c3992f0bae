// The reports worker (node:worker_threads): it owns a ReportEngine over the data dir and answers
// the hub's requests one message at a time, so that a year's report or an export is computed off
// the hub's event loop. It only reads: the day logs (as files on the file store; through its own
// connection on PostgreSQL, server/reports/day-source.ts) and writes the derived summaries (under
// <data>/reports/ on files, this hub's own folder otherwise) atomically.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { ReportEngine, type EngineRequest } from './engine.js';
import { toCsv, toXlsx } from './export.js';
import type { Report } from './reports.js';
import type { Lang } from '../../common/types.js';
import type { CsvDialect } from './sheet.js';
import { PortDaySource, type SourceSpec } from './day-source.js';

/** The worker's engine over its source: the data dir's files, or its own connection to the store. */
async function openEngine(spec: SourceSpec, log: (m: string) => void): Promise<ReportEngine> {
  if (spec.kind === 'files') return new ReportEngine(spec.dataDir, log);
  // Its own connection (a small pool), read-only use: listDays, dayHead, readDay.
  const { openStore } = await import('../store/open.js');
  const store = await openStore({ dataDir: spec.cacheDir, databaseUrl: spec.databaseUrl, log, pg: { poolSize: 2, timeoutMs: 10_000 } });
  return new ReportEngine(new PortDaySource(store, true), log, spec.cacheDir);
}

export type WorkerRequest = EngineRequest | { op: 'export'; format: 'csv' | 'xlsx'; report: Report; lang: Lang; dialect?: CsvDialect } | { op: 'crash' };
export interface WorkerMessage { id: number; req: WorkerRequest }
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string } | { id: 0; log: string };

/** One request, in whichever thread runs it. */
export async function handle(engine: ReportEngine, req: WorkerRequest): Promise<unknown> {
  if (req.op === 'export') return req.format === 'csv' ? toCsv(req.report, req.lang, req.dialect) : toXlsx(req.report, req.lang);
  if (req.op === 'crash') throw new Error('crash is only for the worker');
  return engine.run(req);
}

/**
 * On a machine of two cores the worker's report competes with the hub's own thread for CPU: the
 * worker's thread runs at a lower priority (nice LUOT_REPORTS_NICE, default 19; 0 leaves it), so the
 * kernel runs the hub's thread first whenever it has a ticket to issue. Linux only: elsewhere, or
 * where /proc/thread-self is missing, nothing changes.
 */
export function lowerThreadPriority(nice = Number(process.env.LUOT_REPORTS_NICE ?? 19)): number | null {
  if (!nice || process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    setPriority(tid, Math.max(-20, Math.min(19, nice)));
    return getPriority(tid);
  } catch {
    return null;
  }
}

if (parentPort && (workerData as { luotReports?: boolean } | null)?.luotReports) {
  lowerThreadPriority();
  const port = parentPort;
  const { source } = workerData as { source: SourceSpec };
  const log = (m: string) => port.postMessage({ id: 0, log: m } satisfies WorkerReply);
  // Opened on first use; a failure (the database away) is tried again by the next request.
  let engine: Promise<ReportEngine> | null = null;
  const engineNow = () => (engine ??= openEngine(source, log).catch((e: unknown) => { engine = null; throw e; }));
  port.on('message', (m: WorkerMessage) => {
    // Tests make the worker die mid-request, as an out-of-memory or a native fault would.
    if (m.req.op === 'crash') process.exit(3);
    engineNow().then((e) => handle(e, m.req)).then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies WorkerReply),
      (e: unknown) => port.postMessage({ id: m.id, ok: false, message: (e as Error)?.message ?? String(e) } satisfies WorkerReply),
    );
  });
}
