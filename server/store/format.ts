// The format of a data dir, and upgrades. <data>/format.json is the manifest:
//   {"format": 2, "files": {"config": 2, "audit": 1, "dayLog": 1, "appointments": 1, "webhooks": 1}, …}
// `format` is the data dir's version; `files` the version of each kind of file in it. config.json
// and appointments.json also carry their own `version`. Day logs and the audit log are hash-chained
// and a finished day is never written again, so their version lives in the manifest, not in their
// lines: a migration that changed them would add a new kind of line going forward, never rewrite.
//
// At start: no manifest and no config.json → a fresh dir (the manifest is written). No manifest but
// a config.json → format 1 (releases before this manifest): a verified backup is written next to the
// dir (<data>.backup-format1-<time>), then the files are migrated and the manifest written. A manifest
// (or a config.json) newer than this hub knows → refused with a clear message, nothing touched.
// This belongs to the file store; the PostgreSQL store has its own schema migrations.
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { backupDataDir } from './backup.js';
import { StoreError } from './errors.js';
import { writeFileDurable } from './fsync.js';

/** The data dir format this hub writes, and the newest it reads. */
export const DATA_FORMAT = 2;
export const FILE_VERSIONS = { config: 2, audit: 1, dayLog: 1, appointments: 1, webhooks: 1 } as const;

export interface FormatManifest { format: number; files: Record<string, number>; writtenAt: string; migratedFrom?: number[] }

export class NewerFormatError extends StoreError {
  constructor(dataDir: string, found: number) {
    super(dataDir, `was written by a newer Lượt (data format ${found}); this hub reads data formats up to ${DATA_FORMAT}. Run the newer release again, or restore the backup written next to the data dir before the upgrade (<data>.backup-format…)`);
    this.message = `Thư mục dữ liệu ${dataDir} do phiên bản Lượt mới hơn ghi (định dạng ${found}); bản này chỉ đọc được đến định dạng ${DATA_FORMAT}. / ` + this.message;
  }
}

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError(path, `cannot be read (${(e as Error).message})`);
  }
  try { return JSON.parse(text); } catch (e) { throw new StoreError(path, `is not valid JSON (${(e as Error).message})`); }
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** One step per format: what turns a data dir of format N into N + 1 (the files, in place). */
const MIGRATIONS: Record<number, (dataDir: string) => Promise<void>> = {
  // 1 → 2: config.json gets version 2 (its demo marker is added by the hub at the same start, which
  // also replaces the demo officers' fixed passwords); the other files keep their shape.
  1: async (dataDir) => {
    const path = join(dataDir, 'config.json');
    const cfg = await readJson(path);
    if (cfg) await writeFileDurable(path, JSON.stringify({ ...cfg, version: 2 }));
  },
};

/**
 * Check a data dir's format before anything opens it: write the manifest of a fresh dir, migrate
 * an older one after a backup, refuse a newer one. Returns what was done, for the start banner.
 */
export async function prepareDataDir(dataDir: string, now = Date.now()): Promise<{ fresh: boolean; migratedFrom: number | null; backupDir: string | null }> {
  const manifestPath = join(dataDir, 'format.json');
  const manifest = (await readJson(manifestPath)) as FormatManifest | null;
  const config = await readJson(join(dataDir, 'config.json'));
  const found = manifest ? Number(manifest.format) : config ? (Number(config.version) >= 2 ? Number(config.version) : 1) : null;
  if (found !== null && (!Number.isInteger(found) || found < 1)) throw new StoreError(manifestPath, `names no data format (${String(manifest?.format)})`);
  if (found !== null && found > DATA_FORMAT) throw new NewerFormatError(dataDir, found);
  if (config && Number(config.version) > FILE_VERSIONS.config) throw new NewerFormatError(dataDir, Number(config.version));
  const write = (m: Partial<FormatManifest>) => writeFileDurable(manifestPath, JSON.stringify({ format: DATA_FORMAT, files: FILE_VERSIONS, writtenAt: new Date(now).toISOString(), ...m }, null, 1) + '\n');
  if (found === null) {
    await mkdir(dataDir, { recursive: true });
    await write({});
    return { fresh: true, migratedFrom: null, backupDir: null };
  }
  if (found === DATA_FORMAT) return { fresh: false, migratedFrom: null, backupDir: null };
  // Older: a verified copy next to the data dir first, then each step in order.
  const backupDir = join(dirname(dataDir), `${basename(dataDir)}.backup-format${found}-${stamp(now)}`);
  const b = await backupDataDir(dataDir, backupDir);
  if (!b.verify.ok) throw new StoreError(dataDir, `could not be backed up before the upgrade (${b.verify.firstBad?.file}: ${b.verify.firstBad?.message})`);
  const steps: number[] = [];
  for (let v = found; v < DATA_FORMAT; v++) { await MIGRATIONS[v](dataDir); steps.push(v); }
  await write({ migratedFrom: [...(manifest?.migratedFrom ?? []), ...steps] });
  return { fresh: false, migratedFrom: found, backupDir };
}
