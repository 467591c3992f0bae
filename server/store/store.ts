// Where the hub keeps its files: one config document, and one append-only log per site and day.
//   <dataDir>/config.json                 sites, services, counters, users, devices, sessions
//   <dataDir>/audit.jsonl                 every configuration and account change, hash-chained
//   <dataDir>/sites/<siteId>/<date>.jsonl  the events of one site's local day; a finished day is
//                                           never written again
//   <dataDir>/procedures/<siteId>.json     the site's procedure catalogue and its mapping to services
// One writer per file: the hub opens each file through exactly one lowdb instance.
import { Low } from 'lowdb';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { fsyncDir } from './fsync.js';
import { dirname, join } from 'node:path';
import { DayLogAdapter, GENESIS, parseDayLog, sha256, type DayDoc } from './day-log.js';
import { StoreError } from './errors.js';
import { DurableJsonFile } from './json-file.js';
import type { AuditEntry } from './audit.js';
import type { DayHead, StoreChange, StorePort } from './port.js';
import { verifyDataDir, type VerifyResult } from './verify.js';
import { open as openFile } from 'node:fs/promises';

/** The file store behind a port, for the code that still reads files itself; null on PostgreSQL. */
export function asFileStore(store: StorePort): Store | null {
  return store instanceof Store ? store : null;
}

/** Entries of an open day kept in memory once durable. */
const KEEP_ENTRIES = 256;

const NOT_DOC_DIRS = new Set(['sites', 'reports', 'keys', 'printed', 'voice']);
const NOT_DOCS = new Set(['config', 'format', 'personal/vault']);

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

export class Store implements StorePort {
  readonly kind = 'files' as const;
  constructor(readonly dataDir: string) {}
  get where(): string { return this.dataDir; }

  configPath(): string { return join(this.dataDir, 'config.json'); }
  auditPath(): string { return join(this.dataDir, 'audit.jsonl'); }
  siteDir(siteId: string): string { return join(this.dataDir, 'sites', siteId); }
  dayPath(siteId: string, date: string): string { return join(this.siteDir(siteId), `${date}.jsonl`); }

  async openConfigFile<T extends object>(defaults: T): Promise<{ db: Low<T>; fresh: boolean }> {
    await mkdir(this.dataDir, { recursive: true });
    const db = new Low<T>(new DurableJsonFile<T>(this.configPath()), defaults);
    const stored = await db.adapter.read();
    db.data = stored ?? defaults;
    return { db, fresh: stored === null };
  }

  /** Days that have a log for a site, oldest first. */
  async listDays(siteId: string): Promise<string[]> {
    try {
      return (await readdir(this.siteDir(siteId))).map((f) => DAY_FILE.exec(f)?.[1]).filter((d): d is string => !!d).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /** The last hash of the site's latest day before `date` (GENESIS when none). */
  async digestBefore(siteId: string, date: string): Promise<string> {
    const days = (await this.listDays(siteId)).filter((d) => d < date);
    const prev = days[days.length - 1];
    if (!prev) return GENESIS;
    const path = this.dayPath(siteId, prev);
    const text = await readFile(path, 'utf8');
    const end = text.lastIndexOf('\n');
    if (end < 0) return GENESIS;
    const start = text.lastIndexOf('\n', end - 1) + 1;
    return sha256(text.slice(start, end));
  }

  /** The audit log of configuration changes: append-only and hash-chained like a day. */
  async openAuditFile<E extends object>(): Promise<{ db: Low<DayDoc<E>>; adapter: DayLogAdapter<E> }> {
    await mkdir(this.dataDir, { recursive: true });
    const adapter = new DayLogAdapter<E>(this.auditPath(), GENESIS);
    const db = new Low<DayDoc<E>>(adapter, { entries: [] });
    await db.read();
    return { db, adapter };
  }

  /** Open a site's day for writing (the hot file; the port's openDay/appendDay use it). */
  async openDayFile<E extends object>(siteId: string, date: string): Promise<{ db: Low<DayDoc<E>>; adapter: DayLogAdapter<E> }> {
    await mkdir(this.siteDir(siteId), { recursive: true });
    const adapter = new DayLogAdapter<E>(this.dayPath(siteId, date), await this.digestBefore(siteId, date));
    const db = new Low<DayDoc<E>>(adapter, { entries: [] });
    await db.read();
    return { db, adapter };
  }

  /**
   * Remove every file of a site (its day logs, report summaries) and the demo printer's PNGs: only
   * for the demo site, which an admin removes as a whole (Hub.removeDemo).
   */
  async removeSiteFiles(siteId: string): Promise<void> {
    await rm(this.siteDir(siteId), { recursive: true, force: true });
    await rm(join(this.dataDir, 'reports', siteId), { recursive: true, force: true });
    await rm(join(this.dataDir, 'printed'), { recursive: true, force: true });
    await rm(join(this.dataDir, 'procedures', `${siteId}.json`), { force: true });
    this.docs.delete(`procedures/${siteId}`);
    await fsyncDir(join(this.dataDir, 'sites')).catch(() => {});
  }

  /** A site's procedure catalogue (server/procedures), null when none was imported: the document `procedures/<siteId>`. */
  async readCatalogue<T extends object>(siteId: string): Promise<T | null> {
    return this.readDoc<T>(`procedures/${siteId}`);
  }

  /** Replace a site's catalogue: atomic (temp + rename) and fsynced before it resolves. */
  async writeCatalogue<T extends object>(siteId: string, doc: T): Promise<void> {
    await this.writeDoc(`procedures/${siteId}`, doc);
  }

  /** Read a finished (or the current) day without opening it for writing. Null when absent. */
  async readDay<E>(siteId: string, date: string, from = 0): Promise<E[] | null> {
    const open = this.days.get(siteId);
    if (open?.date === date && from >= open.adapter.base) return open.db.data.entries.slice(from - open.adapter.base, open.durable - open.adapter.base) as E[];
    const path = this.dayPath(siteId, date);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(path, (e as Error).message);
    }
    const entries = parseDayLog<E>(path, text).entries;
    return from > 0 ? entries.slice(from) : entries;
  }

  // ------------------------------------------------------------------ the store port (files)
  private days = new Map<string, { date: string; db: Low<DayDoc<object>>; adapter: DayLogAdapter<object>; durable: number }>();
  private opening = new Map<string, Promise<void>>();
  private configFile: Low<object> | null = null;
  private auditLog: { db: Low<DayDoc<AuditEntry>>; adapter: DayLogAdapter<AuditEntry> } | null = null;
  private docs = new Map<string, DurableJsonFile<unknown>>();
  private listeners = new Set<(c: StoreChange) => void>();

  private emit(c: StoreChange): void { for (const l of this.listeners) l(c); }

  async openDay<E extends object>(siteId: string, date: string): Promise<E[]> {
    await this.ensureDay(siteId, date);
    const d = this.days.get(siteId)!;
    if (d.adapter.base > 0) return ((await this.readDay<E>(siteId, date)) ?? []).slice(0, d.durable);
    return d.db.data.entries.slice(0, d.durable) as E[];
  }

  private ensureDay(siteId: string, date: string): Promise<void> {
    const open = this.days.get(siteId);
    if (open?.date === date) return Promise.resolve();
    const key = `${siteId}/${date}`;
    let p = this.opening.get(key);
    if (!p) {
      p = (async () => {
        const old = this.days.get(siteId);
        if (old && old.date !== date) {
          await old.db.write();
          await old.adapter.close();
          this.days.delete(siteId);
        }
        const { db, adapter } = await this.openDayFile<object>(siteId, date);
        this.days.set(siteId, { date, db, adapter, durable: db.data.entries.length });
      })().finally(() => this.opening.delete(key));
      this.opening.set(key, p);
    }
    return p;
  }

  async appendDay<E extends object>(siteId: string, date: string, known: number, decide: (missed: readonly E[]) => E[]): Promise<{ n: number }> {
    if (this.days.get(siteId)?.date !== date) await this.ensureDay(siteId, date);
    const day = this.days.get(siteId)!;
    const entries = day.db.data.entries as E[];
    const base = day.adapter.base;
    const count = base + entries.length;
    const events = decide(known < count ? entries.slice(Math.max(0, known - base)) : []);
    if (events.length === 0) return { n: count };
    for (const e of events) entries.push(e);
    const n = base + entries.length;
    await day.db.write();
    if (n > day.durable) day.durable = n;
    // What is durable need not stay in memory (the hub keeps its own tail).
    day.adapter.trim(day.db.data, KEEP_ENTRIES);
    this.emit({ kind: 'log', siteId, date, n });
    return { n };
  }

  async dayHead(siteId: string, date: string): Promise<DayHead | null> {
    const open = this.days.get(siteId);
    if (open?.date === date) return { entries: open.adapter.durableCount, digest: open.adapter.digest };
    const entries = await this.readDayRaw(siteId, date);
    return entries;
  }

  private async readDayRaw(siteId: string, date: string): Promise<DayHead | null> {
    let text: string;
    try { text = await readFile(this.dayPath(siteId, date), 'utf8'); } catch { return null; }
    const parsed = parseDayLog(this.dayPath(siteId, date), text);
    return { entries: parsed.entries.length, digest: parsed.lastHash };
  }

  async loadConfig<T extends object>(): Promise<T | null> {
    await mkdir(this.dataDir, { recursive: true });
    const file = new DurableJsonFile<T>(this.configPath());
    const stored = await file.read();
    this.configFile = new Low<object>(file as DurableJsonFile<object>, {});
    return stored;
  }

  async saveConfig<T extends object>(doc: T, audit: readonly AuditEntry[]): Promise<T> {
    if (!this.configFile) await this.loadConfig();
    if (!this.auditLog) await this.openAudit();
    this.configFile!.data = doc;
    for (const e of audit) this.auditLog!.db.data.entries.push(e);
    await Promise.all([this.configFile!.write(), this.auditLog!.db.write()]);
    this.emit({ kind: 'config' });
    return doc;
  }

  async openAudit(): Promise<AuditEntry[]> {
    if (!this.auditLog) this.auditLog = await this.openAuditFile<AuditEntry>();
    return [...this.auditLog.db.data.entries];
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (!this.auditLog) await this.openAudit();
    for (const e of entries) this.auditLog!.db.data.entries.push(e);
    await this.auditLog!.db.write();
  }

  async readAudit(from: number): Promise<AuditEntry[]> {
    if (!this.auditLog) await this.openAudit();
    return this.auditLog!.db.data.entries.slice(from, this.auditLog!.adapter.durableCount);
  }

  async auditHead(): Promise<DayHead> {
    if (this.auditLog) return { entries: this.auditLog.db.data.entries.length, digest: this.auditLog.adapter.digest };
    let text = '';
    try { text = await readFile(this.auditPath(), 'utf8'); } catch { /* none yet */ }
    const parsed = parseDayLog(this.auditPath(), text);
    return { entries: parsed.entries.length, digest: parsed.lastHash };
  }

  docPath(name: string): string { return join(this.dataDir, `${name}.json`); }

  private docFile<T>(name: string): DurableJsonFile<T> {
    let f = this.docs.get(name);
    if (!f) { f = new DurableJsonFile<unknown>(this.docPath(name)); this.docs.set(name, f); }
    return f as DurableJsonFile<T>;
  }

  async readDoc<T>(name: string): Promise<T | null> { return this.docFile<T>(name).read(); }

  async writeDoc<T>(name: string, doc: T): Promise<void> {
    await mkdir(dirname(this.docPath(name)), { recursive: true });
    await this.docFile<T>(name).write(doc);
    this.emit({ kind: 'doc', name });
  }

  /**
   * Documents are <dataDir>/<name>.json. Not documents: the config, the format manifest, the vault
   * (personal/vault.json) and the folders of days, report summaries, keys, printed PNGs and voice.
   */
  async listDocs(prefix: string): Promise<string[]> {
    const cut = prefix.lastIndexOf('/');
    const dir = cut >= 0 ? prefix.slice(0, cut + 1) : '';
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      let list;
      try { list = await readdir(join(this.dataDir, rel), { withFileTypes: true }); } catch { return; }
      for (const e of list) {
        const name = rel + e.name;
        if (e.isDirectory()) {
          if (rel === '' && NOT_DOC_DIRS.has(e.name)) continue;
          if (name.startsWith(prefix) || prefix.startsWith(name + '/')) await walk(name + '/');
          continue;
        }
        if (!e.name.endsWith('.json') || e.name.includes('.tmp')) continue;
        const doc = name.slice(0, -5);
        if (NOT_DOCS.has(doc)) continue;
        if (doc.startsWith(prefix)) out.push(doc);
      }
    };
    await walk(dir);
    return out.sort();
  }

  subscribe(fn: (c: StoreChange) => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  /** One hub on files: it always holds every lease. */
  async tryLease(_name: string, _ttlMs: number): Promise<boolean> { return true; }

  private locks = new Map<string, Promise<unknown>>();
  async withLease<T>(name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.locks.has(name)) return { ran: false };
    const p = fn();
    this.locks.set(name, p);
    try { return { ran: true, value: await p }; } finally { this.locks.delete(name); }
  }

  verify(): Promise<VerifyResult> { return verifyDataDir(this.dataDir); }

  async health(): Promise<void> {
    const fh = await openFile(this.dataDir, 'r');
    await fh.close();
  }

  async closeDay(siteId: string): Promise<void> {
    const d = this.days.get(siteId);
    if (!d) return;
    this.days.delete(siteId);
    await d.db.write();
    await d.adapter.close();
  }

  async removeSite(siteId: string): Promise<void> {
    await this.closeDay(siteId);
    await this.removeSiteFiles(siteId);
  }

  async close(): Promise<void> {
    for (const d of this.days.values()) { await d.db.write(); await d.adapter.close(); }
    this.days.clear();
    if (this.auditLog) { await this.auditLog.adapter.close(); this.auditLog = null; }
  }
}
