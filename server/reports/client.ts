// The hub's side of the reports worker: started on first use, restarted after a failure. A request
// whose worker dies, or that takes longer than the timeout, answers `reports_unavailable` (503)
// instead of hanging; the next request starts a fresh worker. `inline` runs the same engine in
// process (LUOT_REPORTS_WORKER=0, or a store whose read side the worker cannot reach).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../common/errors.js';
import { ReportEngine } from './engine.js';
import type { DaySource, SourceSpec } from './day-source.js';
import { handle, type WorkerMessage, type WorkerReply, type WorkerRequest } from './worker.js';

export interface ReportRunner {
  readonly mode: 'worker' | 'inline';
  call<T>(req: WorkerRequest): Promise<T>;
  close(): Promise<void>;
}

export class InlineRunner implements ReportRunner {
  readonly mode = 'inline';
  readonly engine: ReportEngine;
  /** @param source a data dir (files) or a day source (the store port), with its summaries' folder */
  constructor(source: string | DaySource, log: (m: string) => void, cacheDir?: string) { this.engine = new ReportEngine(source, log, cacheDir); }
  async call<T>(req: WorkerRequest): Promise<T> {
    if (req.op === 'crash') throw new DomainError('reports_unavailable');
    return (await handle(this.engine, req)) as T;
  }
  async close(): Promise<void> { this.engine.close(); }
}

/** Where the worker's code is: the bundle's reports-worker.mjs beside it, or the TypeScript source through tsx. */
function workerEntry(): URL {
  const bundled = new URL('./reports-worker.mjs', import.meta.url);
  if (import.meta.url.endsWith('.mjs') && existsSync(fileURLToPath(bundled))) return bundled;
  return new URL('./worker-ts.mjs', import.meta.url);
}

export class WorkerRunner implements ReportRunner {
  readonly mode = 'worker';
  private worker: Worker | null = null;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private closed = false;
  /** Restarts after a failure, for the docs and tests. */
  failures = 0;

  private spec: SourceSpec;
  /** @param source a data dir (files), or how the worker opens its own read-only view of the store */
  constructor(source: string | SourceSpec, private log: (m: string) => void, private timeoutMs = 120_000) {
    this.spec = typeof source === 'string' ? { kind: 'files', dataDir: source } : source;
  }

  private start(): Worker {
    const w = new Worker(workerEntry(), {
      workerData: { luotReports: true, source: this.spec },
      execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
      // A report never needs much; a runaway one must not take the hub's memory with it.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    w.unref();
    w.on('message', (m: WorkerReply) => {
      if ('log' in m) { this.log(m.log); return; }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.message));
    });
    const fail = (why: string) => this.abandon(w, why);
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`exit ${code}`));
    return w;
  }

  /** The worker died or hung: every request it held answers reports_unavailable; the next call starts another. */
  private abandon(w: Worker, why: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    if (!this.closed) { this.failures++; this.log(`reports: worker stopped (${why}); the next report starts a new one`); }
    for (const [id, p] of this.pending) { clearTimeout(p.timer); p.reject(new DomainError('reports_unavailable')); this.pending.delete(id); }
  }

  call<T>(req: WorkerRequest): Promise<T> {
    if (this.closed) return Promise.reject(new DomainError('reports_unavailable'));
    const w = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.abandon(w, `a ${req.op} took more than ${this.timeoutMs} ms`);
        void w.terminate();
      }, this.timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      w.ref();
      w.postMessage({ id, req } satisfies WorkerMessage);
    }).finally(() => { if (this.pending.size === 0) this.worker?.unref(); });
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    for (const [, p] of this.pending) { clearTimeout(p.timer); p.reject(new DomainError('reports_unavailable')); }
    this.pending.clear();
    await w?.terminate();
  }
}
