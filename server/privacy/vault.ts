// The personal-data vault: personal values (a booking's name and phone number, a rating's comment,
// any event field an admin marks personal) live here, beside the logs and erasable; a hash-chained
// log keeps only a commitment of each value, HMAC-SHA256 under the record's own random key. Erasing
// a record deletes its key and its value: the log's line, and so every chain, stays as it was, and
// the commitment left in it can no longer be tied to any value (the key is gone).
//
// File store: <data>/personal/vault.json holds each record's metadata (kind, site, time, links to a
// ticket or booking code; never a personal value) and its fields encrypted with AES-256-GCM under
// the record's key; the keys are in <keys>/personal-keys.json, <keys> = LUOT_KEYS_DIR or
// <data>/keys, which `npm run backup` leaves out (docs/privacy.md, "Backups"). Values are kept
// decrypted in memory, so projections resolve them synchronously; the PostgreSQL store implements
// the same port (server/store/port.ts) with two tables.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PersonalKind } from '../../common/privacy.js';
import { DurableJsonFile } from '../store/json-file.js';

export interface PersonalMeta {
  /** `booking:<code>`, `rating:<ratingId>`, `field:<siteId>:<date>:<n>:<field>`. */
  id: string;
  kind: PersonalKind;
  siteId: string | null;
  /** Epoch ms the retention period counts from (the appointment's slot, the rating's time). */
  at: number;
  /** Non-personal references: `ticketId`, `code`, `date`. */
  links: Record<string, string>;
}
export interface PersonalRecord extends PersonalMeta { fields: Record<string, string> }

/** The vault part of the store port. Reads are synchronous (the store keeps the values in memory). */
export interface PersonalVault {
  open(): Promise<void>;
  /**
   * Store a record's fields (replacing the record). Memory changes at once and each field's
   * commitment is returned at once (a command decides without waiting); `written` resolves when the
   * record is durable, and the caller awaits it before writing the line that holds the commitments.
   */
  put(meta: PersonalMeta, fields: Record<string, string>): { commitments: Record<string, string>; written: Promise<void> };
  get(id: string): PersonalRecord | null;
  records(): IterableIterator<PersonalRecord>;
  /** Erase records (value and key); durable before it resolves. Returns how many existed. */
  erase(ids: Iterable<string>): Promise<number>;
  /** Whether `commitment` is the record's commitment of field = value (false once erased). */
  verify(id: string, field: string, value: string, commitment: string): boolean;
  /**
   * Read these records again from where they are kept (another hub sharing the store may have
   * written them since this one last looked). Absent on a vault only this hub writes.
   */
  refresh?(ids: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

interface VaultDoc { version: 1; records: Record<string, SealedRecord> }
interface KeysDoc { version: 1; keys: Record<string, string> }

/** A record with its key, for copying a vault between stores (the key must stay: the logs' commitments use it). */
export interface KeyedRecord { rec: PersonalRecord; key: Buffer }

/** A record as kept: its metadata and its fields encrypted under its key (AES-256-GCM). */
export interface SealedRecord extends PersonalMeta { iv: string; ct: string; tag: string }

/** A record's fields encrypted under its key (AES-256-GCM, a fresh IV). */
export function sealRecord(meta: PersonalMeta, fields: Record<string, string>, key: Buffer): SealedRecord {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(JSON.stringify(fields), 'utf8'), c.final()]);
  return { ...meta, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: c.getAuthTag().toString('base64') };
}

/** The record back from its sealed form and its key (throws when either was altered). */
export function openRecord(s: SealedRecord, key: Buffer): PersonalRecord {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
  d.setAuthTag(Buffer.from(s.tag, 'base64'));
  const fields = JSON.parse(Buffer.concat([d.update(Buffer.from(s.ct, 'base64')), d.final()]).toString('utf8')) as Record<string, string>;
  const { iv: _i, ct: _c, tag: _t, ...meta } = s;
  return { ...meta, fields };
}

export function commitmentOf(key: Buffer, id: string, field: string, value: string): string {
  return createHmac('sha256', key).update(`${id}\0${field}\0${value}`).digest('hex');
}

/**
 * What both vaults (files here, the store's in store-vault.ts) hold in memory: every record not
 * erased, decrypted, with its key; reads, commitments and copies are answered from it.
 */
export abstract class MemoryVault {
  protected mem = new Map<string, KeyedRecord>();

  /** A new record in memory under a fresh key: the key, its sealed form, and each field's commitment. */
  protected seal(meta: PersonalMeta, fields: Record<string, string>): { key: Buffer; sealed: SealedRecord; commitments: Record<string, string> } {
    const key = randomBytes(32);
    this.mem.set(meta.id, { rec: { ...meta, fields: { ...fields } }, key });
    const commitments = Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, commitmentOf(key, meta.id, f, v)]));
    return { key, sealed: sealRecord(meta, fields, key), commitments };
  }

  get(id: string): PersonalRecord | null { return this.mem.get(id)?.rec ?? null; }
  *records(): IterableIterator<PersonalRecord> { for (const m of this.mem.values()) yield m.rec; }

  verify(id: string, field: string, value: string, commitment: string): boolean {
    const m = this.mem.get(id);
    return !!m && commitmentOf(m.key, id, field, value) === commitment;
  }

  /** Every record with its key (store:copy). */
  exportRecords(): KeyedRecord[] { return [...this.mem.values()].map((m) => ({ rec: m.rec, key: m.key })); }
}

export class FileVault extends MemoryVault implements PersonalVault {
  private vaultFile: DurableJsonFile<VaultDoc>;
  private keysFile: DurableJsonFile<KeysDoc>;
  private vault: VaultDoc = { version: 1, records: {} };
  private keys: KeysDoc = { version: 1, keys: {} };

  constructor(readonly dataDir: string, readonly keysDir = join(dataDir, 'keys')) {
    super();
    this.vaultFile = new DurableJsonFile(join(dataDir, 'personal', 'vault.json'));
    this.keysFile = new DurableJsonFile(join(keysDir, 'personal-keys.json'));
  }

  async open(): Promise<void> {
    await mkdir(join(this.dataDir, 'personal'), { recursive: true });
    await mkdir(this.keysDir, { recursive: true });
    this.vault = (await this.vaultFile.read()) ?? { version: 1, records: {} };
    this.keys = (await this.keysFile.read()) ?? { version: 1, keys: {} };
    for (const [id, s] of Object.entries(this.vault.records)) {
      const k = this.keys.keys[id];
      // A record whose key is gone is erased (a crash between the two writes of an erasure).
      if (!k) { delete this.vault.records[id]; continue; }
      const key = Buffer.from(k, 'base64');
      this.mem.set(id, { rec: openRecord(s, key), key });
    }
  }

  put(meta: PersonalMeta, fields: Record<string, string>): { commitments: Record<string, string>; written: Promise<void> } {
    const { key, sealed, commitments } = this.seal(meta, fields);
    this.keys.keys[meta.id] = key.toString('base64');
    this.vault.records[meta.id] = sealed;
    // The key first: a crash between the two leaves an unused key, never a value without one.
    const written = this.keysFile.write(this.keys).then(() => this.vaultFile.write(this.vault));
    return { commitments, written };
  }

  async erase(ids: Iterable<string>): Promise<number> {
    let n = 0;
    for (const id of ids) {
      if (!this.mem.delete(id)) continue;
      delete this.keys.keys[id];
      delete this.vault.records[id];
      n++;
    }
    if (n === 0) return 0;
    // The key first: once it is gone, the value (here or in any copy of vault.json) is unreadable.
    await this.keysFile.write(this.keys);
    await this.vaultFile.write(this.vault);
    return n;
  }

  /** Add records with their own keys (store:copy); durable when it resolves. */
  async importRecords(list: readonly KeyedRecord[]): Promise<void> {
    for (const { rec, key } of list) {
      const { fields, ...meta } = rec;
      this.keys.keys[meta.id] = key.toString('base64');
      this.vault.records[meta.id] = sealRecord(meta, fields, key);
      this.mem.set(meta.id, { rec, key });
    }
    await this.keysFile.write(this.keys);
    await this.vaultFile.write(this.vault);
  }

  async close(): Promise<void> { /* writes resolve only when durable */ }
}
