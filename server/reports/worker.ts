// The reports worker, a child process of the hub (server/reports/client.ts starts it): it owns a
// ReportEngine over the data dir and answers the hub's requests one message at a time, so that a
// year's report or an export is computed off the hub's event loop, in its own V8 (its own heap and
// garbage collector, none of the hub's V8 flags) and at the kernel's idle priority. It only reads
// the day logs (as files on the file store; through its own connection on PostgreSQL,
// server/reports/day-source.ts) and writes the derived summaries (under <data>/reports/ on files,
// this hub's own folder otherwise) atomically.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { ReportEngine, type EngineRequest } from './engine.js';
import { toCsv, toXlsx } from './export.js';
import type { Report } from './reports.js';
import type { Lang } from '../../common/types.js';
import type { CsvDialect } from './sheet.js';
import { PortDaySource, type SourceSpec } from './day-source.js';
import { answerEvaluation } from './evaluation-export.js';
import type { EvaluationRequest } from './evaluation-figures.js';

/** The worker's engine over its source: the data dir's files, or its own connection to the store. */
async function openEngine(spec: SourceSpec, log: (m: string) => void): Promise<ReportEngine> {
  if (spec.kind === 'files') return new ReportEngine(spec.dataDir, log);
  // Its own connection (a small pool), read-only use: listDays, dayHead, readDay.
  const { openStore } = await import('../store/open.js');
  const store = await openStore({ dataDir: spec.cacheDir, databaseUrl: spec.databaseUrl, log, pg: { poolSize: 2, timeoutMs: 10_000 } });
  return new ReportEngine(new PortDaySource(store, true), log, spec.cacheDir);
}

export type WorkerRequest = EngineRequest | EvaluationRequest | { op: 'export'; format: 'csv' | 'xlsx'; report: Report; lang: Lang; dialect?: CsvDialect } | { op: 'crash' };
export interface WorkerMessage { id: number; req: WorkerRequest }
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string } | { id: 0; log: string };

/** One request, in whichever process runs it. */
export async function handle(engine: ReportEngine, req: WorkerRequest): Promise<unknown> {
  if (req.op === 'export') return req.format === 'csv' ? toCsv(req.report, req.lang, req.dialect) : toXlsx(req.report, req.lang);
  if (req.op === 'crash') throw new Error('crash is only for the worker');
  if (req.op === 'evaluation' || req.op === 'evaluation_listing') return answerEvaluation(engine.servedDays(req.siteIds, req.head.from, req.head.to), req);
  return engine.run(req);
}

export type ReportsPriority = 'idle' | 'nice' | 'normal';

/** LUOT_REPORTS_PRIORITY: idle (default), nice, or normal; LUOT_REPORTS_NICE=0 (older setting) is normal. */
export function reportsPriority(env: NodeJS.ProcessEnv = process.env): ReportsPriority {
  const p = env.LUOT_REPORTS_PRIORITY?.trim().toLowerCase();
  if (p === 'idle' || p === 'nice' || p === 'normal') return p;
  return env.LUOT_REPORTS_NICE === '0' ? 'normal' : 'idle';
}

/**
 * The reports process gives way to the hub: on a machine of two cores a year's report competes with
 * the hub's thread for CPU, and so do its garbage collector's helper threads. Every thread of this
 * process is put in the kernel's idle class (SCHED_IDLE, through util-linux's chrt: any thread of
 * normal priority that wakes up, such as the hub's on a kiosk's ticket, takes the CPU at once); where
 * chrt is missing, or with `nice`, every thread runs at nice 19. Threads started later inherit it.
 * Linux only: elsewhere nothing changes. Returns what was applied.
 */
export function lowerProcessPriority(priority: ReportsPriority = reportsPriority()): 'idle' | 'nice' | null {
  if (priority === 'normal' || process.platform !== 'linux') return null;
  if (priority === 'idle') {
    for (const chrt of ['/usr/bin/chrt', '/bin/chrt']) {
      if (!existsSync(chrt)) continue;
      const r = spawnSync(chrt, ['--all-tasks', '--idle', '--pid', '0', String(process.pid)], { stdio: 'ignore', timeout: 5_000 });
      if (r.status === 0) return 'idle';
    }
  }
  let ok = false;
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try { setPriority(Number(tid), 19); ok = true; } catch { /* a thread that just ended */ }
    }
  } catch { /* no /proc */ }
  return ok ? 'nice' : null;
}

/** The child's side: one message at a time from the hub, over the IPC channel (advanced serialization). */
export type ChildMessage = WorkerMessage | { id: 0; init: SourceSpec };

if (process.env.LUOT_REPORTS_CHILD === '1' && process.send) {
  lowerProcessPriority();
  const send = (m: WorkerReply) => { process.send?.(m); };
  const log = (m: string) => send({ id: 0, log: m });
  let source: SourceSpec | null = null;
  // Opened on first use; a failure (the database away) is tried again by the next request.
  let engine: Promise<ReportEngine> | null = null;
  const engineNow = () => (engine ??= openEngine(source!, log).catch((e: unknown) => { engine = null; throw e; }));
  // The hub gone (even killed): nothing is left to answer.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: ChildMessage) => {
    if ('init' in m) { source = m.init; return; }
    // Tests make the worker die mid-request, as an out-of-memory or a native fault would.
    if (m.req.op === 'crash') process.exit(3);
    engineNow().then((e) => handle(e, m.req)).then(
      (value) => send({ id: m.id, ok: true, value }),
      (e: unknown) => send({ id: m.id, ok: false, message: (e as Error)?.message ?? String(e) }),
    );
  });
}
