// Prints tickets on network printers and keeps their health. print() is fire and forget: it never
// throws and never waits for a printer; each printer has its own queue, so a dead or slow printer
// only delays its own tickets. Before each print (and on every poll) the printer is asked for its
// status with DLE EOT: a printer out of paper is not sent the ticket (the kiosk shows the number
// instead, and the ticket can be reprinted once the paper is changed).
import { connect, type Socket } from 'node:net';
import { buildTicketJob } from './escpos.js';
import type { PrintableTicket, PrinterLogEntry, PrinterLogEvent, PrinterState, PrinterStatus, PrintSettings } from './types.js';

export interface PrinterServiceOptions {
  /** Called with a copy of a device's status whenever its state or log changes. */
  onChange(status: PrinterStatus): void;
  /** Called once per print job when it ends, so the hub can tell the kiosk that a ticket did not print. */
  onJob?(e: PrintJobResult): void;
  /** Further attempts after a failed one (connection refused, timeout, reset): default 2. */
  retries?: number;
  /** Connect and write timeout in ms: default 3000. */
  timeoutMs?: number;
  /** Wait for the answer to a status query in ms: default min(1000, timeoutMs). */
  statusTimeoutMs?: number;
  /** Wait before the first retry in ms, doubled for each next one: default 500. */
  backoffMs?: number;
  /** Tickets waiting per printer; the oldest is dropped beyond it: default 20. */
  maxQueue?: number;
  /** A ticket that waited longer than this for its printer is not printed any more: default 120 s. */
  maxJobAgeMs?: number;
}

export interface PrintJobResult {
  deviceId: string;
  ticketId: string;
  number: string;
  outcome: 'printed' | 'failed' | 'dropped';
  state: PrinterState;
  error: string | null;
}

/** What a printer said to DLE EOT 1, 2 and 4 (or null: it did not answer). */
export interface PaperStatus { offline: boolean; paperOut: boolean; paperLow: boolean; coverOpen: boolean }

const LOG_SIZE = 50;

interface Job {
  kind: 'print' | 'check';
  deviceId?: string;
  ticket?: PrintableTicket;
  settings?: PrintSettings;
  enqueuedAt: number;
  reprint?: boolean;
  done?: () => void;
}

interface Printer {
  url: string;
  host: string;
  port: number;
  queue: Job[];
  running: boolean;
  deviceIds: Set<string>;
}

interface Device {
  status: PrinterStatus;
  last: { ticket: PrintableTicket; settings: PrintSettings; printer: string } | null;
}

type Attempt =
  | { ok: true; paper: PaperStatus | null }
  | { ok: false; state: PrinterState; event: PrinterLogEvent; error: string; retryable: boolean; paper?: PaperStatus | null };

/** "tcp://host:port", "host:port" or "host" (port 9100) → host and port; null when malformed. */
export function parsePrinterUrl(url: string): { host: string; port: number } | null {
  const m = /^(?:tcp:\/\/)?(\[[0-9a-fA-F:.]+\]|[^:/\s]+)(?::(\d{1,5}))?\/?$/.exec(url.trim());
  if (!m) return null;
  const port = m[2] ? Number(m[2]) : 9100;
  if (port < 1 || port > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Reads one byte answers from a socket, one query at a time. */
class Answers {
  private bytes: number[] = [];
  private waiter: ((b: number | null) => void) | null = null;
  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) this.bytes.push(b);
      this.wake();
    });
    socket.on('close', () => { const w = this.waiter; this.waiter = null; w?.(null); });
  }
  private wake(): void {
    if (this.waiter && this.bytes.length) { const w = this.waiter; this.waiter = null; w(this.bytes.shift()!); }
  }
  next(timeoutMs: number): Promise<number | null> {
    if (this.bytes.length) return Promise.resolve(this.bytes.shift()!);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiter = null; resolve(null); }, timeoutMs);
      this.waiter = (b) => { clearTimeout(timer); resolve(b); };
    });
  }
}

/** A DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear. */
function isStatusByte(b: number | null): b is number {
  return b !== null && (b & 0x93) === 0x12;
}

export class PrinterService {
  private readonly opts: Required<Omit<PrinterServiceOptions, 'onJob'>> & Pick<PrinterServiceOptions, 'onJob'>;
  private readonly devices = new Map<string, Device>();
  private readonly printers = new Map<string, Printer>();
  private readonly sockets = new Set<Socket>();
  private readonly sleepers = new Set<() => void>();
  private poller: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly pumps = new Set<Promise<void>>();

  constructor(opts: PrinterServiceOptions) {
    const timeoutMs = opts.timeoutMs ?? 3000;
    this.opts = {
      onChange: opts.onChange,
      onJob: opts.onJob,
      retries: Math.max(0, opts.retries ?? 2),
      timeoutMs,
      statusTimeoutMs: opts.statusTimeoutMs ?? Math.min(1000, timeoutMs),
      backoffMs: opts.backoffMs ?? 500,
      maxQueue: opts.maxQueue ?? 20,
      maxJobAgeMs: opts.maxJobAgeMs ?? 120_000,
    };
  }

  /** Makes a kiosk's printer known (state 'unknown' until checked), so that polling covers it before its first ticket. */
  register(deviceId: string, printerUrl: string): void {
    try { this.device(deviceId, printerUrl); } catch { /* never throws */ }
  }

  /** Forgets a device (its printer is no longer polled when no other device uses it). */
  unregister(deviceId: string): void {
    const d = this.devices.get(deviceId);
    if (!d) return;
    this.devices.delete(deviceId);
    const p = this.printers.get(d.status.printer);
    p?.deviceIds.delete(deviceId);
    if (p && p.deviceIds.size === 0 && !p.running) this.printers.delete(p.url);
  }

  /** Queues the ticket for the device's printer and returns at once; the outcome shows in status() and onChange. */
  print(deviceId: string, printerUrl: string, ticket: PrintableTicket, settings: PrintSettings): void {
    try {
      if (this.closed) return;
      const job: Job = { kind: 'print', deviceId, ticket, settings, enqueuedAt: Date.now() };
      let dev: Device;
      try {
        dev = this.device(deviceId, printerUrl);
      } catch (e) {
        this.report(job, 'failed', 'error', (e as Error).message);
        return;
      }
      dev.last = { ticket, settings, printer: printerUrl };
      this.enqueue(printerUrl, job);
    } catch {
      // never throws: printing must not break issuing
    }
  }

  /** Prints the device's last ticket again (e.g. after the paper was changed); false when there is none. */
  reprintLast(deviceId: string): boolean {
    const d = this.devices.get(deviceId);
    if (!d?.last || this.closed) return false;
    this.log(d, 'reprint', d.last.ticket.number);
    this.enqueue(d.last.printer, { kind: 'print', deviceId, ticket: d.last.ticket, settings: d.last.settings, enqueuedAt: Date.now(), reprint: true });
    return true;
  }

  status(deviceId: string): PrinterStatus | undefined {
    const d = this.devices.get(deviceId);
    return d ? structuredClone(d.status) : undefined;
  }

  statuses(): PrinterStatus[] {
    return [...this.devices.values()].map((d) => structuredClone(d.status));
  }

  /** Asks the device's printer for its status now (after queued tickets); resolves with the new status. */
  async check(deviceId: string): Promise<PrinterStatus | undefined> {
    const d = this.devices.get(deviceId);
    if (!d || this.closed) return this.status(deviceId);
    await new Promise<void>((resolve) => this.enqueue(d.status.printer, { kind: 'check', enqueuedAt: Date.now(), done: resolve }));
    return this.status(deviceId);
  }

  /** Checks every known printer each `ms` (skipping a printer that is busy printing). */
  startPolling(ms: number): void {
    this.stopPolling();
    if (this.closed) return;
    this.poller = setInterval(() => {
      for (const p of this.printers.values()) {
        if (!p.running && p.queue.length === 0 && p.deviceIds.size > 0) this.enqueue(p.url, { kind: 'check', enqueuedAt: Date.now() });
      }
    }, Math.max(100, ms));
    this.poller.unref();
  }

  stopPolling(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
  }

  /** Stops polling, drops queued jobs and closes open connections. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopPolling();
    for (const p of this.printers.values()) {
      for (const j of p.queue) j.done?.();
      p.queue.length = 0;
    }
    for (const wake of this.sleepers) wake();
    for (const s of this.sockets) s.destroy();
    await Promise.allSettled([...this.pumps]);
  }

  // ------------------------------------------------------------------ internals

  private device(deviceId: string, printerUrl: string): Device {
    let d = this.devices.get(deviceId);
    if (d && d.status.printer !== printerUrl) {
      this.printers.get(d.status.printer)?.deviceIds.delete(deviceId);
      d.status.printer = printerUrl;
      d.status.state = 'unknown';
      d.status.lastError = null;
    }
    if (!d) {
      d = {
        status: { deviceId, printer: printerUrl, state: 'unknown', lastCheckedAt: null, lastError: null, lastPrintedTicketId: null, log: [] },
        last: null,
      };
      this.devices.set(deviceId, d);
    }
    const addr = parsePrinterUrl(printerUrl);
    if (!addr) {
      const msg = `invalid printer address: ${printerUrl}`;
      this.setState(d, 'error', msg, 'failed');
      throw new Error(msg);
    }
    let p = this.printers.get(printerUrl);
    if (!p) {
      p = { url: printerUrl, host: addr.host, port: addr.port, queue: [], running: false, deviceIds: new Set() };
      this.printers.set(printerUrl, p);
    }
    p.deviceIds.add(deviceId);
    return d;
  }

  private enqueue(printerUrl: string, job: Job): void {
    const p = this.printers.get(printerUrl);
    if (!p) { job.done?.(); return; }
    p.queue.push(job);
    while (p.queue.filter((j) => j.kind === 'print').length > this.opts.maxQueue) {
      const i = p.queue.findIndex((j) => j.kind === 'print');
      const [old] = p.queue.splice(i, 1);
      this.dropped(old!, 'queue full');
    }
    if (!p.running) {
      p.running = true;
      // setImmediate: the caller (the issue request) finishes before any printing work starts.
      const pump = new Promise<void>((resolve) => setImmediate(() => { this.pump(p).finally(resolve); }));
      this.pumps.add(pump);
      void pump.finally(() => this.pumps.delete(pump));
    }
  }

  private async pump(p: Printer): Promise<void> {
    try {
      while (!this.closed && p.queue.length) {
        const job = p.queue.shift()!;
        try {
          if (job.kind === 'print') await this.runPrint(p, job);
          else await this.runCheck(p);
        } catch (e) {
          this.forDevices(p, (d) => this.setState(d, 'error', String((e as Error)?.message ?? e), 'failed'));
        } finally {
          job.done?.();
        }
      }
    } finally {
      p.running = false;
      if (this.closed) for (const j of p.queue.splice(0)) j.done?.();
    }
  }

  private dropped(job: Job, why: string): void {
    if (job.kind !== 'print' || !job.deviceId || !job.ticket) { job.done?.(); return; }
    const d = this.devices.get(job.deviceId);
    if (d) this.log(d, 'dropped', `${job.ticket.number}: ${why}`);
    this.report(job, 'dropped', d?.status.state ?? 'unknown', why);
    job.done?.();
  }

  private report(job: Job, outcome: PrintJobResult['outcome'], state: PrinterState, error: string | null): void {
    if (!job.deviceId || !job.ticket) return;
    try {
      this.opts.onJob?.({ deviceId: job.deviceId, ticketId: job.ticket.ticketId, number: job.ticket.number, outcome, state, error });
    } catch { /* a listener's error is not ours */ }
  }

  private async runPrint(p: Printer, job: Job): Promise<void> {
    const d = this.devices.get(job.deviceId!);
    if (!d) return;
    if (Date.now() - job.enqueuedAt > this.opts.maxJobAgeMs) { this.dropped(job, 'waited too long'); return; }
    // Built once, on the first connection that finds the printer ready: a dead printer costs no rendering.
    let bytes: Buffer | null = null;
    let buildError: string | null = null;
    const build = async (): Promise<Buffer | null> => {
      if (bytes || buildError) return bytes;
      try {
        bytes = await buildTicketJob(job.ticket!, job.settings!);
      } catch (e) {
        buildError = `cannot build ticket: ${(e as Error).message}`;
      }
      return bytes;
    };
    for (let attempt = 0; ; attempt++) {
      if (this.closed) return;
      const r = await this.attempt(p, build);
      if (buildError) {
        this.log(d, 'failed', `${job.ticket!.number}: ${buildError}`);
        this.report(job, 'failed', d.status.state, buildError);
        return;
      }
      if (r.ok) {
        this.applyPaper(p, r.paper);
        d.status.lastPrintedTicketId = job.ticket!.ticketId;
        this.log(d, 'printed', job.ticket!.number);
        this.report(job, 'printed', d.status.state, null);
        return;
      }
      const last = !r.retryable || attempt >= this.opts.retries;
      if (last) {
        this.forDevices(p, (x) => this.setState(x, r.state, r.error, r.event));
        this.log(d, 'failed', `${job.ticket!.number}: ${r.error}`);
        this.report(job, 'failed', r.state, r.error);
        return;
      }
      this.log(d, 'retry', `${job.ticket!.number}: ${r.error} (${attempt + 1}/${this.opts.retries})`);
      await this.sleep(this.opts.backoffMs * 2 ** attempt);
    }
  }

  private async runCheck(p: Printer): Promise<void> {
    const r = await this.attempt(p, null);
    if (r.ok) this.applyPaper(p, r.paper);
    else this.forDevices(p, (d) => this.setState(d, r.state, r.error, r.event));
  }

  /** State from a status answer; null (no answer) leaves the paper unknown. */
  private applyPaper(p: Printer, paper: PaperStatus | null): void {
    this.forDevices(p, (d) => {
      const prev = d.status.state;
      const neverChecked = d.status.lastCheckedAt === null;
      if (!paper) this.setState(d, 'unknown', 'no answer to the status query (DLE EOT)', 'no_status');
      else if (paper.paperLow) this.setState(d, 'paper_low', null, 'paper_low');
      else this.setState(d, 'ok', null, prev === 'paper_out' || prev === 'paper_low' ? 'paper_ok' : neverChecked ? null : 'recovered');
    });
  }

  private forDevices(p: Printer, f: (d: Device) => void): void {
    for (const id of p.deviceIds) { const d = this.devices.get(id); if (d) f(d); }
  }

  /** Sets the state; logs `event` only when the state (or its error) changes, so polling does not flood the log. */
  private setState(d: Device, state: PrinterState, error: string | null, event: PrinterLogEvent | null): void {
    const changed = d.status.state !== state || d.status.lastError !== error;
    d.status.lastCheckedAt = new Date().toISOString();
    d.status.state = state;
    d.status.lastError = error;
    if (changed && event) this.log(d, event, error ?? undefined);
    else this.emit(d);
  }

  private log(d: Device, event: PrinterLogEvent, detail?: string): void {
    const entry: PrinterLogEntry = { at: new Date().toISOString(), event };
    if (detail !== undefined) entry.detail = detail;
    d.status.log.push(entry);
    if (d.status.log.length > LOG_SIZE) d.status.log.splice(0, d.status.log.length - LOG_SIZE);
    this.emit(d);
  }

  private emit(d: Device): void {
    try { this.opts.onChange(structuredClone(d.status)); } catch { /* a listener's error is not ours */ }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => { clearTimeout(timer); this.sleepers.delete(wake); resolve(); };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** One connection: status query, then (unless the paper is out) the ticket bytes. */
  private async attempt(p: Printer, build: (() => Promise<Buffer | null>) | null): Promise<Attempt> {
    let socket: Socket;
    try {
      socket = await this.open(p);
    } catch (e) {
      return { ok: false, state: 'unreachable', event: 'unreachable', error: String((e as Error).message), retryable: true };
    }
    try {
      const paper = await this.queryStatus(socket);
      if (paper?.paperOut) return { ok: false, state: 'paper_out', event: 'paper_out', error: 'paper out', retryable: false, paper };
      if (paper?.coverOpen) return { ok: false, state: 'error', event: 'cover_open', error: 'cover open', retryable: false, paper };
      if (paper?.offline) return { ok: false, state: 'error', event: 'offline', error: 'printer offline', retryable: false, paper };
      if (build) {
        const bytes = await build();
        if (!bytes) return { ok: false, state: 'error', event: 'failed', error: 'cannot build ticket', retryable: false };
        await this.send(socket, bytes);
      }
      return { ok: true, paper };
    } catch (e) {
      return { ok: false, state: 'error', event: 'failed', error: String((e as Error).message), retryable: true };
    } finally {
      await this.finish(socket);
    }
  }

  private open(p: Printer): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: p.host, port: p.port });
      this.sockets.add(socket);
      socket.setNoDelay(true);
      const timer = setTimeout(() => { socket.destroy(); reject(new Error(`connect timeout after ${this.opts.timeoutMs} ms`)); }, this.opts.timeoutMs);
      socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
      socket.once('error', (e: NodeJS.ErrnoException) => { clearTimeout(timer); socket.destroy(); reject(new Error(e.code ?? e.message)); });
      socket.once('close', () => { clearTimeout(timer); this.sockets.delete(socket); reject(new Error('connection closed')); });
    });
  }

  /** DLE EOT 1 (online/offline), then DLE EOT 2 when offline (why), then DLE EOT 4 (paper sensors). */
  async queryStatus(socket: Socket): Promise<PaperStatus | null> {
    const answers = new Answers(socket);
    socket.on('error', () => {});
    const ask = async (n: number): Promise<number | null> => {
      if (socket.destroyed) return null;
      socket.write(Buffer.from([0x10, 0x04, n]));
      // Skip bytes that are not a status answer (e.g. an automatic status block sent on connect).
      const deadline = Date.now() + this.opts.statusTimeoutMs;
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) return null;
        const b = await answers.next(left);
        if (b === null) return null;
        if (isStatusByte(b)) return b;
      }
    };
    const s1 = await ask(1);
    if (s1 === null) return null;
    const offline = (s1 & 0x08) !== 0;
    let coverOpen = false;
    let stoppedByPaper = false;
    if (offline) {
      const s2 = await ask(2);
      if (s2 !== null) { coverOpen = (s2 & 0x04) !== 0; stoppedByPaper = (s2 & 0x20) !== 0; }
    }
    const s4 = await ask(4);
    const paperOut = stoppedByPaper || (s4 !== null && (s4 & 0x60) !== 0);
    const paperLow = s4 !== null && (s4 & 0x0c) !== 0;
    return { offline: offline && !paperOut && !coverOpen, paperOut, paperLow, coverOpen };
  }

  private send(socket: Socket, bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`write timeout after ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
      socket.write(bytes, (err) => { clearTimeout(timer); if (err) reject(err); else resolve(); });
    });
  }

  /** Half-closes and waits (bounded) for the printer to close, so that no reset can cut the ticket short. */
  private finish(socket: Socket): Promise<void> {
    return new Promise((resolve) => {
      if (socket.destroyed) { this.sockets.delete(socket); resolve(); return; }
      const done = () => { clearTimeout(timer); socket.destroy(); this.sockets.delete(socket); resolve(); };
      // The data is in the kernel already; the wait only avoids a reset if the printer still talks.
      const timer = setTimeout(done, Math.min(this.opts.timeoutMs, 1000));
      socket.once('close', done);
      socket.end();
    });
  }
}
