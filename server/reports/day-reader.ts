// Reads a site's day log for reports: incrementally (a live day is read again only from where the
// last read stopped), verifying the line numbers and the hash chain as the store does, and in
// slices that give the event loop back every few milliseconds, so that a long report never holds
// up a kiosk's ticket.
import { open, stat } from 'node:fs/promises';
import type { DayEvent } from '../domain/model.js';
import { sha256 } from '../store/day-log.js';
import { StoreError } from '../store/errors.js';
import { FactsBuilder } from './facts.js';

/** Give the event loop back when a slice has run this long. */
export const SLICE_MS = 0.5;
export const yieldNow = () => new Promise<void>((r) => setImmediate(r));

/** A clock of the current slice: `await slicer.maybeYield()` inside long loops. */
export class Slicer {
  private start = performance.now();
  async maybeYield(): Promise<void> {
    if (performance.now() - this.start < SLICE_MS) return;
    await yieldNow();
    this.start = performance.now();
  }
}

export class DayLogTail {
  /** Bytes consumed (complete lines only). */
  offset = 0;
  private n = 0;
  lastHash = '';
  builder: FactsBuilder;

  constructor(readonly path: string, readonly date: string) {
    this.builder = new FactsBuilder(date);
  }

  private reading: Promise<boolean> = Promise.resolve(false);

  /**
   * Read what was appended since the last call; true when anything new was read. Calls at once (the
   * admin page asks for its table and two series together) take turns: each line is read once.
   */
  refresh(slicer = new Slicer()): Promise<boolean> {
    const next = this.reading.catch(() => false).then(() => this.readNew(slicer));
    this.reading = next;
    return next;
  }

  private async readNew(slicer: Slicer): Promise<boolean> {
    let size: number;
    try {
      size = (await stat(this.path)).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    if (size < this.offset) {
      // Replaced by a shorter file (restored from a backup): start again.
      this.offset = 0; this.n = 0; this.lastHash = ''; this.builder = new FactsBuilder(this.date);
    }
    if (size === this.offset) return false;
    const fh = await open(this.path, 'r');
    let buf: Buffer;
    try {
      buf = Buffer.allocUnsafe(size - this.offset);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, this.offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      buf = buf.subarray(0, got);
    } finally {
      await fh.close();
    }
    // Only complete lines: a line still being written (or cut by a crash) waits for the next read.
    const end = buf.lastIndexOf(0x0a) + 1;
    if (end === 0) return false;
    const text = buf.toString('utf8', 0, end);
    let pos = 0;
    let k = 0;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      const line = text.slice(pos, nl);
      pos = nl + 1;
      this.take(line);
      if ((++k & 127) === 0) await slicer.maybeYield();
    }
    this.offset += end;
    return true;
  }

  private take(line: string): void {
    const n = ++this.n;
    let obj: { n?: unknown; prev?: unknown; t?: unknown } & Record<string, unknown>;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new StoreError(this.path, `line ${n} is not valid JSON`);
    }
    if (obj.n !== n) throw new StoreError(this.path, `line ${n} carries sequence ${String(obj.n)} (entries deleted or reordered)`);
    if (n > 1 && obj.prev !== this.lastHash) throw new StoreError(this.path, `line ${n} does not match the hash of line ${n - 1} (an entry was changed)`);
    this.lastHash = sha256(line);
    this.builder.add(obj as unknown as DayEvent);
  }
}
