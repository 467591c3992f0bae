// The store port: everything the hub (and the modules above it) keeps durably, in the domain's words.
// Two stores implement it: the file store (server/store/store.ts, `Store`: today's files, the default)
// and the PostgreSQL store (server/store/pg/, `PgStore`, chosen by LUOT_DATABASE_URL). Nothing above
// this port may know which one runs; code that still needs files asks `asFileStore(store)`.
//
// What each method guarantees (both stores):
// - openDay(site, date): opens a site's day for appending and returns its durable entries in order.
//   The first entry of a day carries in its chain the last hash of the site's previous day.
// - appendDay(site, date, known, decide): THE way to write a day. Per site, calls are serialized
//   across every hub sharing the store (files: one process; PostgreSQL: a per-site transaction-level
//   advisory lock). `decide(missed)` is called exactly once, inside that serialization, with the
//   entries after position `known` (0-based count) that this caller has not seen (always [] on files
//   with one hub); it returns the events to append (may be []) or throws (then nothing is written and
//   the error propagates). The promise resolves only once the events are durable (fsync / COMMIT);
//   it rejects with StoreUnavailable (PostgreSQL down) or another error, and then NOTHING of that
//   call was written. Concurrent calls may share one fsync/transaction (group commit).
//   Each stored entry is `{n, prev, ...event}`: n = 1.. within the day, prev = SHA-256 of the
//   previous entry's canonical JSON line (the same chain as the files), primary key (site, day, n).
// - readDay(site, date, from = 0): durable entries of a day from position `from`; null if no day.
// - listDays(site): the days that have a log, oldest first.  dayHead(site, date): {entries, digest}.
// - digestBefore(site, date): the last hash of the site's latest day before `date` (GENESIS if none).
// - loadConfig(): the config document or null on a fresh store. saveConfig(doc, audit): the whole
//   document and the given audit entries are durable together before it resolves, which it does with
//   the document AS STORED: files, the doc given; PostgreSQL, when another hub saved since this one
//   loaded (or saved) it, the three-way merge of both (server/store/config-merge.ts). The caller
//   adopts what it gets.
// - openAudit(): every audit entry, oldest first; appendAudit(entries): durable, hash-chained;
//   readAudit(from): the entries after the first `from`; auditHead(): {entries, digest}.
// - readDoc(name)/writeDoc(name, doc): small named JSON documents of other modules (appointments,
//   webhook cursors…), written atomically and durably; readDoc gives null when absent.
//   listDocs(prefix): the names of the documents that start with `prefix`, sorted.
// - subscribe(fn): told of durable changes, from THIS hub and (PostgreSQL) every other hub:
//   {kind:'log', siteId, date, n} "the day log grew to n entries", {kind:'config'} "the config
//   document changed", {kind:'doc', name}. Notifications may be coalesced or lost while the database
//   connection is down; after {kind:'reconnected'} re-read everything you cache.
// - tryLease(name, ttlMs): true when this hub holds the named lease now (taken or renewed for ttlMs);
//   at most one hub holds a name at a time. withLease(name, fn): runs fn while holding the named
//   cluster-wide lock, or returns {ran:false} at once when another hub holds it. On files (one hub)
//   tryLease is always true and withLease refuses only a second run of the same name while one runs.
//   Use them for work that must happen once: printing, day close, scheduled jobs, webhook dispatch.
// - verify(): checks every chain (the audit log and each site's days in order), as audit:verify does.
// - health(): resolves when the store answers (PostgreSQL: a round trip under 2 s), else rejects.
// - close(): flushes and releases everything.
import type { AuditEntry } from './audit.js';
import type { VerifyResult } from './verify.js';

export type StoreChange =
  | { kind: 'log'; siteId: string; date: string; n: number }
  | { kind: 'config' }
  | { kind: 'doc'; name: string }
  | { kind: 'reconnected' };

export interface DayHead { entries: number; digest: string }

export interface StorePort {
  readonly kind: 'files' | 'postgres';
  /** A name for logs (the data dir, or the database without its password). */
  readonly where: string;

  // ---- a site's day log
  openDay<E extends object>(siteId: string, date: string): Promise<E[]>;
  appendDay<E extends object>(siteId: string, date: string, known: number, decide: (missed: readonly E[]) => E[]): Promise<{ n: number }>;
  readDay<E>(siteId: string, date: string, from?: number): Promise<E[] | null>;
  listDays(siteId: string): Promise<string[]>;
  dayHead(siteId: string, date: string): Promise<DayHead | null>;
  /** Flush and stop appending to the site's open day (before a site is removed). */
  closeDay(siteId: string): Promise<void>;
  /** Remove every day, summary and document of a site (only the demo site is ever removed). */
  removeSite(siteId: string): Promise<void>;
  digestBefore(siteId: string, date: string): Promise<string>;

  // ---- the config document and the audit log
  loadConfig<T extends object>(): Promise<T | null>;
  /** Resolves with the document as stored (merged with another hub's save on PostgreSQL): adopt it. */
  saveConfig<T extends object>(doc: T, audit: readonly AuditEntry[]): Promise<T>;
  openAudit(): Promise<AuditEntry[]>;
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  /** Durable audit entries from position `from` (0-based). */
  readAudit(from: number): Promise<AuditEntry[]>;
  auditHead(): Promise<DayHead>;

  // ---- other modules' documents (appointments, webhook state)
  readDoc<T>(name: string): Promise<T | null>;
  writeDoc<T>(name: string, doc: T): Promise<void>;
  /** Names of the documents starting with `prefix` (e.g. 'procedures/'), sorted. */
  listDocs(prefix: string): Promise<string[]>;

  // ---- cluster primitives
  subscribe(fn: (c: StoreChange) => void): () => void;
  tryLease(name: string, ttlMs: number): Promise<boolean>;
  withLease<T>(name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;

  verify(): Promise<VerifyResult>;
  health(): Promise<void>;
  close(): Promise<void>;
}

/** The store cannot be reached now (database down): answered 503 store_unavailable, nothing written. */
export class StoreUnavailable extends Error {
  readonly code = 'store_unavailable';
  constructor(detail: string) { super(`store unavailable: ${detail}`); }
}
