// The personal-data vault on a store that is not files (PostgreSQL, several hubs): the same records
// and the same crypto as FileVault (server/privacy/vault.ts), kept apart in two places:
// - each record's metadata and encrypted fields are the port's document `personal/records/<id>`
//   (in the database, so every hub sharing it sees every booking's and rating's record);
// - each record's key is a file of its own, <keys>/personal/<id>.key, <keys> = LUOT_KEYS_DIR: never
//   in the database, so a pg_dump (or any copy of the database) holds no key, and an erasure (the
//   key file deleted) makes every copy of the value unreadable. Hubs sharing a database share that
//   folder (one machine: the same path; several: a shared mount), see docs/privacy.md.
// One file per key: hubs never rewrite each other's keys. A record another hub wrote is read when
// the store says its document changed, or when a caller asks for it (refresh).
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorePort } from '../store/port.js';
import { fsyncDir, writeFileDurable } from '../store/fsync.js';
import { MemoryVault, openRecord, sealRecord, type KeyedRecord, type PersonalMeta, type PersonalVault, type SealedRecord } from './vault.js';

const PREFIX = 'personal/records/';
const docName = (id: string) => `${PREFIX}${encodeURIComponent(id)}`;

export class StoreVault extends MemoryVault implements PersonalVault {
  private unsubscribe: (() => void) | null = null;
  private readonly dir: string;
  /** Told of records that appeared or went away here because another hub wrote or erased them (the hub refolds its days). */
  onChange: ((ids: string[]) => void) | null = null;

  /** @param watch follow other hubs' changes (off for a one-off copy: store:copy) */
  constructor(private store: StorePort, readonly keysDir: string, private watch = true) {
    super();
    this.dir = join(keysDir, 'personal');
  }

  private keyPath(id: string): string { return join(this.dir, `${encodeURIComponent(id)}.key`); }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const names = await this.store.listDocs(PREFIX);
    await this.refresh(names.map((n) => decodeURIComponent(n.slice(PREFIX.length))));
    if (!this.watch) return;
    this.unsubscribe = this.store.subscribe((c) => {
      if (c.kind === 'doc' && c.name.startsWith(PREFIX)) void this.refreshTelling([decodeURIComponent(c.name.slice(PREFIX.length))]).catch(() => {});
      else if (c.kind === 'reconnected') void this.refreshTelling([...this.mem.keys()]).catch(() => {});
    });
  }

  private async refreshTelling(ids: readonly string[]): Promise<void> {
    const before = new Set(ids.filter((id) => this.mem.has(id)));
    await this.refresh(ids);
    const changed = ids.filter((id) => before.has(id) !== this.mem.has(id));
    if (changed.length) this.onChange?.(changed);
  }

  async refresh(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 32) {
      await Promise.all(ids.slice(i, i + 32).map(async (id) => {
        const [s, k] = await Promise.all([
          this.store.readDoc<SealedRecord>(docName(id)),
          readFile(this.keyPath(id), 'utf8').catch((e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT') return null; throw e; }),
        ]);
        // A record whose key is gone is erased (on this hub's folder or by another hub).
        if (!s || !k) { this.mem.delete(id); return; }
        const key = Buffer.from(k.trim(), 'base64');
        this.mem.set(id, { rec: openRecord(s, key), key });
      }));
    }
  }

  put(meta: PersonalMeta, fields: Record<string, string>): { commitments: Record<string, string>; written: Promise<void> } {
    const { key, sealed, commitments } = this.seal(meta, fields);
    // The key first: a crash between the two leaves an unused key, never a value without one.
    const written = writeFileDurable(this.keyPath(meta.id), key.toString('base64')).then(() => this.store.writeDoc(docName(meta.id), sealed));
    return { commitments, written };
  }

  async erase(ids: Iterable<string>): Promise<number> {
    let n = 0;
    const gone: string[] = [];
    for (const id of ids) {
      if (this.mem.delete(id)) n++;
      gone.push(id);
    }
    // The key first: once it is gone, the value (in the database or any dump of it) is unreadable.
    for (const id of gone) await unlink(this.keyPath(id)).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
    if (gone.length) await fsyncDir(this.dir);
    for (const id of gone) if (await this.store.readDoc(docName(id)) !== null) await this.store.writeDoc(docName(id), null);
    return n;
  }

  /** Add records with their own keys (store:copy); durable when it resolves. */
  async importRecords(list: readonly KeyedRecord[]): Promise<void> {
    for (const { rec, key } of list) {
      const { fields, ...meta } = rec;
      await writeFileDurable(this.keyPath(meta.id), key.toString('base64'));
      await this.store.writeDoc(docName(meta.id), sealRecord(meta, fields, key));
      this.mem.set(meta.id, { rec, key });
    }
  }

  async close(): Promise<void> { this.unsubscribe?.(); this.unsubscribe = null; }
}
