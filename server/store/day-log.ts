// A lowdb adapter for a site's day: an append-only JSON-lines log, hash-chained and fsynced.
// write(doc) appends only the entries not yet on disk, so its cost does not grow with the day.
// Appends are group-committed: entries that arrive while an fsync runs go out together in the next.
// Each line is {n, prev, ...event}; prev is the SHA-256 of the previous line (the first line of a
// day carries the last hash of the site's previous day), so an edit, deletion or reordering shows.
import type { Adapter } from 'lowdb';
import { createHash } from 'node:crypto';
import { appendFile, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreError } from './errors.js';
import { fsyncDir } from './fsync.js';

export interface DayDoc<E> { entries: E[] }

export const GENESIS = 'genesis';
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface ParsedLog<E> { entries: E[]; lastHash: string; firstPrev: string | null; tornBytes: number; missingNewline: boolean }

/** Parse and verify a day log's text. Throws StoreError naming the file and line. */
export function parseDayLog<E>(path: string, text: string, expectedFirstPrev?: string): ParsedLog<E> {
  const entries: E[] = [];
  let end = text.lastIndexOf('\n') + 1;
  let tornBytes = text.length - end;
  let missingNewline = false;
  // A whole last entry that only lost its newline (an editor, a copy) is kept: it may have been
  // acknowledged. Only a line that does not parse and chain is a write cut short by a crash.
  if (tornBytes > 0 && lastLineChains(text, end)) {
    text += '\n';
    end = text.length;
    tornBytes = 0;
    missingNewline = true;
  }
  let prevHash: string | null = null;
  let firstPrev: string | null = null;
  let pos = 0;
  let n = 0;
  while (pos < end) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl);
    pos = nl + 1;
    n++;
    let obj: { n?: unknown; prev?: unknown } & Record<string, unknown>;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new StoreError(path, `line ${n} is not valid JSON`);
    }
    if (obj.n !== n) throw new StoreError(path, `line ${n} carries sequence ${String(obj.n)} (entries deleted or reordered)`);
    if (prevHash === null) {
      firstPrev = String(obj.prev);
      if (expectedFirstPrev !== undefined && obj.prev !== expectedFirstPrev) {
        throw new StoreError(path, `line 1 does not continue the previous day's chain`);
      }
    } else if (obj.prev !== prevHash) {
      // Either line n-1 was edited (then line n+1 still matches line n) or line n itself was.
      const nextNl = text.indexOf('\n', pos);
      let nextPrev: unknown = null;
      try { nextPrev = nextNl > 0 ? JSON.parse(text.slice(pos, nextNl)).prev : null; } catch { /* reported when reached */ }
      const bad = nextPrev === sha256(line) ? n - 1 : n;
      throw new StoreError(path, `line ${bad} was altered (the chain breaks between lines ${n - 1} and ${n})`);
    }
    prevHash = sha256(line);
    const { n: _n, prev: _p, ...event } = obj;
    entries.push(event as E);
  }
  return { entries, lastHash: prevHash ?? '', firstPrev, tornBytes, missingNewline };
}

function lastLineChains(text: string, start: number): boolean {
  try {
    const obj = JSON.parse(text.slice(start));
    if (start === 0) return obj.n === 1;
    const prevStart = text.lastIndexOf('\n', start - 2) + 1;
    return obj.prev === sha256(text.slice(prevStart, start - 1));
  } catch {
    return false;
  }
}

export class DayLogAdapter<E extends object> implements Adapter<DayDoc<E>> {
  private fh: FileHandle | null = null;
  private durable = 0;
  private lastHash: string;
  private flushing = false;
  private waiters: { target: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private failed: unknown = null;
  /**
   * The position in the day of doc.entries[0]: the entries before it are durable and were let go
   * (`trim`), so that a long day does not keep every event in memory once it is on disk.
   */
  base = 0;
  /** Bytes and fsyncs, for the benchmark's notes. */
  stats = { appends: 0, syncs: 0 };

  /** @param chainStart the hash the first line carries (the previous day's last hash, or GENESIS). */
  constructor(readonly path: string, private chainStart: string) {
    this.lastHash = chainStart;
  }

  async read(): Promise<DayDoc<E> | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(this.path, `cannot be read (${(e as Error).message})`);
    }
    const parsed = parseDayLog<E>(this.path, text);
    if (parsed.tornBytes > 0) {
      // A line cut short by a crash was never fsynced, so never acknowledged: drop it.
      await truncate(this.path, text.length - parsed.tornBytes);
    } else if (parsed.missingNewline) {
      await appendFile(this.path, '\n');
    }
    this.durable = parsed.entries.length;
    if (parsed.entries.length > 0) {
      this.lastHash = parsed.lastHash;
      this.chainStart = parsed.firstPrev ?? this.chainStart;
    }
    return { entries: parsed.entries };
  }

  write(doc: DayDoc<E>): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const target = this.base + doc.entries.length;
    if (target <= this.durable) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ target, resolve, reject });
      if (!this.flushing) void this.flush(doc);
    });
  }

  private async flush(doc: DayDoc<E>): Promise<void> {
    this.flushing = true;
    try {
      if (!this.fh) {
        this.fh = await open(this.path, 'a');
        await fsyncDir(dirname(this.path));
      }
      while (this.durable < this.base + doc.entries.length) {
        const end = this.base + doc.entries.length;
        let chunk = '';
        for (let i = this.durable; i < end; i++) {
          const line = JSON.stringify({ n: i + 1, prev: this.lastHash, ...doc.entries[i - this.base] });
          this.lastHash = sha256(line);
          chunk += line + '\n';
        }
        await this.fh.write(chunk);
        await this.fh.datasync();
        this.stats.appends += end - this.durable;
        this.stats.syncs++;
        this.durable = end;
        this.waiters = this.waiters.filter((w) => (w.target <= end ? (w.resolve(), false) : true));
      }
    } catch (e) {
      this.failed = e;
      for (const w of this.waiters) w.reject(e);
      this.waiters = [];
    } finally {
      this.flushing = false;
    }
  }

  /** Entries of the day so far (durable or under way), those let go included. */
  count(doc: DayDoc<E>): number { return this.base + doc.entries.length; }

  /** Durable entries so far. */
  get durableCount(): number { return this.durable; }

  /**
   * Let go of durable entries, keeping at least the last `keep` of them in doc.entries (done in
   * batches, so the array is not shifted at every append). Entries not yet durable always stay.
   */
  trim(doc: DayDoc<E>, keep: number): void {
    const durableHeld = this.durable - this.base;
    if (durableHeld < 2 * keep + 64) return;
    const drop = durableHeld - keep;
    doc.entries.splice(0, drop);
    this.base += drop;
  }

  /** The hash of the last durable line: the day's digest once the day is over. */
  get digest(): string { return this.lastHash; }

  async close(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 1));
    await this.fh?.close();
    this.fh = null;
  }
}
