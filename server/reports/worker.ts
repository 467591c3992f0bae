// The reports worker (node:worker_threads): it owns a ReportEngine over the data dir and answers
// the hub's requests one message at a time, so that a year's report or an export is computed off
// the hub's event loop. It only reads: the day logs (as files, the store's read side) and the
// derived summaries under <data>/reports/, which it writes atomically.
import { parentPort, workerData } from 'node:worker_threads';
import { ReportEngine, type EngineRequest } from './engine.js';
import { toCsv, toXlsx } from './export.js';
import type { Report } from './reports.js';
import type { Lang } from '../../common/types.js';
import type { CsvDialect } from './sheet.js';

export type WorkerRequest = EngineRequest | { op: 'export'; format: 'csv' | 'xlsx'; report: Report; lang: Lang; dialect?: CsvDialect } | { op: 'crash' };
export interface WorkerMessage { id: number; req: WorkerRequest }
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string } | { id: 0; log: string };

/** One request, in whichever thread runs it. */
export async function handle(engine: ReportEngine, req: WorkerRequest): Promise<unknown> {
  if (req.op === 'export') return req.format === 'csv' ? toCsv(req.report, req.lang, req.dialect) : toXlsx(req.report, req.lang);
  if (req.op === 'crash') throw new Error('crash is only for the worker');
  return engine.run(req);
}

if (parentPort && (workerData as { luotReports?: boolean } | null)?.luotReports) {
  const port = parentPort;
  const { dataDir } = workerData as { dataDir: string };
  const engine = new ReportEngine(dataDir, (m) => port.postMessage({ id: 0, log: m } satisfies WorkerReply));
  port.on('message', (m: WorkerMessage) => {
    // Tests make the worker die mid-request, as an out-of-memory or a native fault would.
    if (m.req.op === 'crash') process.exit(3);
    handle(engine, m.req).then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies WorkerReply),
      (e: unknown) => port.postMessage({ id: m.id, ok: false, message: (e as Error)?.message ?? String(e) } satisfies WorkerReply),
    );
  });
}
