// Where the reports engine reads a site's day logs from. Two sources, one shape:
// - FileDaySource: the file store's day logs read as files, incrementally by byte offset
//   (DayLogTail, server/reports/day-reader.ts), verifying the line numbers and the hash chain. The
//   fast path, and the only one on files: nothing of it changed when the port source was added.
// - PortDaySource: any store behind the port (server/store/port.ts; PostgreSQL), read with
//   readDay(site, date, from) from the last entry read, the count and the chain head checked
//   against dayHead(site, date) at each read. The store verifies the chain itself (verify()).
// A tail's `offset` is what the summary cache compares (DaySummary.source.size): bytes on files,
// entries on the port; a summary made from the other source never matches and is rebuilt.
import { stat } from 'node:fs/promises';
import type { DayEvent } from '../domain/model.js';
import type { StorePort } from '../store/port.js';
import { StoreError } from '../store/errors.js';
import { Store } from '../store/store.js';
import { DayLogTail, Slicer } from './day-reader.js';
import { FactsBuilder } from './facts.js';

/**
 * How another thread (the reports worker) opens the same source: plain data for workerData. On a
 * store that is not files the worker opens its own connection from the URL, and only reads.
 */
export type SourceSpec = { kind: 'files'; dataDir: string } | { kind: 'store'; databaseUrl: string; cacheDir: string };

export interface DayTail {
  readonly date: string;
  /** What was consumed so far: bytes of complete lines (files) or entries (port). */
  readonly offset: number;
  /** The chain hash of the last entry consumed ('' before any). */
  readonly lastHash: string;
  readonly builder: FactsBuilder;
  /** Read what was appended since the last call; true when anything new was read. */
  refresh(slicer?: Slicer): Promise<boolean>;
}

export interface DaySource {
  /** Days that have a log for a site, oldest first. */
  listDays(siteId: string): Promise<string[]>;
  /** The log's extent now, in the unit of DayTail.offset, with its head hash when cheap to know; null when no log. */
  extent(siteId: string, date: string): Promise<{ size: number; lastHash?: string } | null>;
  tail(siteId: string, date: string): DayTail;
  /** A day's events as written (verified as the store reads them), null when no log: for the evaluation. */
  readEvents(siteId: string, date: string): Promise<DayEvent[] | null>;
  close(): Promise<void>;
}

export class FileDaySource implements DaySource {
  private files: Store;
  constructor(readonly dataDir: string) { this.files = new Store(dataDir); }
  listDays(siteId: string): Promise<string[]> { return this.files.listDays(siteId); }
  async extent(siteId: string, date: string): Promise<{ size: number } | null> {
    try { return { size: (await stat(this.files.dayPath(siteId, date))).size }; } catch { return null; }
  }
  tail(siteId: string, date: string): DayTail { return new DayLogTail(this.files.dayPath(siteId, date), date); }
  /** The store's own reader of a day file (chain checked; a line still being written is left out). */
  readEvents(siteId: string, date: string): Promise<DayEvent[] | null> { return this.files.readDay<DayEvent>(siteId, date); }
  async close(): Promise<void> { /* nothing held */ }
}

/** Read a day through the store port, from where the last read stopped. */
export class PortDayTail implements DayTail {
  offset = 0;
  lastHash = '';
  builder: FactsBuilder;
  private reading: Promise<boolean> = Promise.resolve(false);

  constructor(private store: StorePort, readonly siteId: string, readonly date: string) {
    this.builder = new FactsBuilder(date);
  }

  /** Calls at once take turns (as DayLogTail's): each entry is read once. */
  refresh(slicer = new Slicer()): Promise<boolean> {
    const next = this.reading.catch(() => false).then(() => this.readNew(slicer));
    this.reading = next;
    return next;
  }

  private async readNew(slicer: Slicer): Promise<boolean> {
    // The head first: entries read after it may be more, never fewer (a day only grows).
    const head = await this.store.dayHead(this.siteId, this.date);
    if (!head) return false;
    if (head.entries < this.offset) {
      // Replaced by a shorter day (restored from a backup): start again.
      this.offset = 0; this.lastHash = ''; this.builder = new FactsBuilder(this.date);
    }
    if (head.entries === this.offset) {
      if (head.entries > 0 && this.lastHash && head.digest !== this.lastHash) throw new StoreError(`${this.siteId}/${this.date}`, `entry ${head.entries} changed since it was read`);
      return false;
    }
    const got = await this.store.readDay<DayEvent & { n?: unknown }>(this.siteId, this.date, this.offset);
    if (!got) return false;
    const want = head.entries - this.offset;
    if (got.length < want) throw new StoreError(`${this.siteId}/${this.date}`, `gave ${got.length} entries after ${this.offset}, its head says ${head.entries}`);
    for (let i = 0; i < want; i++) {
      const e = got[i]!;
      // A store that hands back the entries' own sequence numbers: they must follow on.
      if (typeof e.n === 'number' && e.n !== this.offset + i + 1) throw new StoreError(`${this.siteId}/${this.date}`, `entry ${this.offset + i + 1} carries sequence ${e.n} (entries deleted or reordered)`);
      this.builder.add(e);
      if ((i & 127) === 127) await slicer.maybeYield();
    }
    this.offset = head.entries;
    this.lastHash = head.digest;
    return true;
  }
}

export class PortDaySource implements DaySource {
  /** @param owned close the store with the source (a worker's own connection). */
  constructor(readonly store: StorePort, private owned = false) {}
  listDays(siteId: string): Promise<string[]> { return this.store.listDays(siteId); }
  async extent(siteId: string, date: string): Promise<{ size: number; lastHash: string } | null> {
    const h = await this.store.dayHead(siteId, date);
    return h ? { size: h.entries, lastHash: h.digest } : null;
  }
  tail(siteId: string, date: string): DayTail { return new PortDayTail(this.store, siteId, date); }
  readEvents(siteId: string, date: string): Promise<DayEvent[] | null> { return this.store.readDay<DayEvent>(siteId, date); }
  async close(): Promise<void> { if (this.owned) await this.store.close(); }
}
