// The hub's side of the reports worker: started on first use, restarted after a failure. A request
// whose worker dies, or that takes longer than the timeout, answers `reports_unavailable` (503)
// instead of hanging; the next request starts a fresh worker. `inline` runs the same engine in
// process (LUOT_REPORTS_WORKER=0, or a store whose read side the worker cannot reach).
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../../common/errors.js';
import { ReportEngine } from './engine.js';
import type { DaySource, SourceSpec } from './day-source.js';
import { handle, type ChildMessage, type WorkerMessage, type WorkerReply, type WorkerRequest } from './worker.js';

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
function workerEntry(): string {
  const bundled = new URL('./reports-worker.mjs', import.meta.url);
  if (import.meta.url.endsWith('.mjs') && existsSync(fileURLToPath(bundled))) return fileURLToPath(bundled);
  return fileURLToPath(new URL('./worker-ts.mjs', import.meta.url));
}

/**
 * The reports worker as a child process (node:child_process, IPC with the advanced serialization):
 * its own V8, so neither its heap nor its garbage collector's threads share the hub's, and every one
 * of its threads at the kernel's idle priority (server/reports/worker.ts, LUOT_REPORTS_PRIORITY).
 */
export class WorkerRunner implements ReportRunner {
  readonly mode = 'worker';
  private child: ChildProcess | null = null;
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

  private start(): ChildProcess {
    const c = fork(workerEntry(), [], {
      serialization: 'advanced',
      env: { ...process.env, LUOT_REPORTS_CHILD: '1' },
      // A report never needs much; a runaway one must not take the machine's memory with it.
      execArgv: [...process.execArgv.filter((a) => !/^--(inspect|cpu-prof|heap-prof|max-old-space-size)/.test(a)), '--max-old-space-size=512'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    c.on('message', (m: WorkerReply) => {
      if ('log' in m) { this.log(m.log); return; }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.message));
    });
    const fail = (why: string) => this.abandon(c, why);
    c.on('error', (e) => fail(e.message));
    c.on('exit', (code, signal) => fail(`exit ${code ?? signal}`));
    // The database's password travels over the channel, not in the environment.
    c.send({ id: 0, init: this.spec } satisfies ChildMessage);
    this.idle(c);
    return c;
  }

  /** No request under way: the worker keeps no hub alive. */
  private idle(c: ChildProcess): void { c.unref(); c.channel?.unref(); }

  /** The worker died or hung: every request it held answers reports_unavailable; the next call starts another. */
  private abandon(c: ChildProcess, why: string): void {
    if (this.child !== c) return;
    this.child = null;
    if (!this.closed) { this.failures++; this.log(`reports: worker stopped (${why}); the next report starts a new one`); }
    for (const [id, p] of this.pending) { clearTimeout(p.timer); p.reject(new DomainError('reports_unavailable')); this.pending.delete(id); }
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }

  call<T>(req: WorkerRequest): Promise<T> {
    if (this.closed) return Promise.reject(new DomainError('reports_unavailable'));
    const c = (this.child ??= this.start());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.abandon(c, `a ${req.op} took more than ${this.timeoutMs} ms`), this.timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      c.ref();
      c.channel?.ref();
      c.send({ id, req } satisfies WorkerMessage, (e) => { if (e) this.abandon(c, e.message); });
    }).finally(() => { if (this.pending.size === 0 && this.child === c) this.idle(c); });
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.child;
    this.child = null;
    for (const [, p] of this.pending) { clearTimeout(p.timer); p.reject(new DomainError('reports_unavailable')); }
    this.pending.clear();
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 2_000);
    await gone;
    clearTimeout(t);
  }
}
