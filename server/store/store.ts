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
import { join } from 'node:path';
import { DayLogAdapter, GENESIS, parseDayLog, sha256, type DayDoc } from './day-log.js';
import { StoreError } from './errors.js';
import { DurableJsonFile } from './json-file.js';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

export class Store {
  private catalogueFiles = new Map<string, DurableJsonFile<object>>();
  constructor(readonly dataDir: string) {}

  configPath(): string { return join(this.dataDir, 'config.json'); }
  auditPath(): string { return join(this.dataDir, 'audit.jsonl'); }
  siteDir(siteId: string): string { return join(this.dataDir, 'sites', siteId); }
  dayPath(siteId: string, date: string): string { return join(this.siteDir(siteId), `${date}.jsonl`); }

  async openConfig<T extends object>(defaults: T): Promise<{ db: Low<T>; fresh: boolean }> {
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
  async openAudit<E extends object>(): Promise<{ db: Low<DayDoc<E>>; adapter: DayLogAdapter<E> }> {
    await mkdir(this.dataDir, { recursive: true });
    const adapter = new DayLogAdapter<E>(this.auditPath(), GENESIS);
    const db = new Low<DayDoc<E>>(adapter, { entries: [] });
    await db.read();
    return { db, adapter };
  }

  /** Open a site's day for writing (the hot file). */
  async openDay<E extends object>(siteId: string, date: string): Promise<{ db: Low<DayDoc<E>>; adapter: DayLogAdapter<E> }> {
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
    this.catalogueFiles.delete(siteId);
    await fsyncDir(join(this.dataDir, 'sites')).catch(() => {});
  }

  /** A site's procedure catalogue (server/procedures), null when none was imported. */
  async readCatalogue<T extends object>(siteId: string): Promise<T | null> {
    return (await this.catalogueFile(siteId).read()) as T | null;
  }

  /** Replace a site's catalogue: atomic (temp + rename) and fsynced before it resolves. */
  async writeCatalogue<T extends object>(siteId: string, doc: T): Promise<void> {
    await mkdir(join(this.dataDir, 'procedures'), { recursive: true });
    await this.catalogueFile(siteId).write(doc);
  }

  private catalogueFile(siteId: string): DurableJsonFile<object> {
    let f = this.catalogueFiles.get(siteId);
    if (!f) { f = new DurableJsonFile<object>(join(this.dataDir, 'procedures', `${siteId}.json`)); this.catalogueFiles.set(siteId, f); }
    return f;
  }

  /** Read a finished (or the current) day without opening it for writing. Null when absent. */
  async readDay<E>(siteId: string, date: string): Promise<E[] | null> {
    const path = this.dayPath(siteId, date);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(path, (e as Error).message);
    }
    return parseDayLog<E>(path, text).entries;
  }
}
