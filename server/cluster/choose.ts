// Which store a hub runs on: the file store in LUOT_DATA_DIR (the default, needs nothing installed),
// or PostgreSQL when LUOT_DATABASE_URL / --database-url is given (several hubs may share it).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { StorePort } from '../store/port.js';
import { Store } from '../store/store.js';
import { openStore } from '../store/open.js';
import { StoreError } from '../store/errors.js';
import { DATA_FORMAT, prepareDataDir } from '../store/format.js';
import { redactUrl, withinMs } from './unavailable.js';

/** The hub could not open its store (database unreachable, schema too new): said in vi + en, exit non-zero. */
export class StoreStartError extends Error {
  constructor(readonly where: string, readonly detail: string) {
    super(`không mở được cơ sở dữ liệu ${where}: ${detail} / cannot open the database ${where}: ${detail}`);
  }
}

/** How long a hub waits for PostgreSQL at start before saying why it cannot start. */
const OPEN_TIMEOUT_MS = 10_000;

export async function chooseStore(opts: { dataDir: string; databaseUrl?: string; hubId?: string; now: number; log: (m: string) => void }): Promise<StorePort> {
  if (!opts.databaseUrl) {
    // The data dir's format first: a newer one is refused, an older one backed up and migrated.
    const format = await prepareDataDir(resolve(opts.dataDir), opts.now);
    if (format.migratedFrom !== null) {
      opts.log(`Đã nâng cấp dữ liệu / data dir upgraded: format ${format.migratedFrom} → ${DATA_FORMAT}; bản sao trước khi nâng cấp / backup before the upgrade: ${format.backupDir}`);
    }
    return new Store(resolve(opts.dataDir));
  }
  const where = redactUrl(opts.databaseUrl);
  try {
    return await withinMs(openStore({ dataDir: resolve(opts.dataDir), databaseUrl: opts.databaseUrl, log: opts.log, pg: { hubId: opts.hubId } }), OPEN_TIMEOUT_MS, 'opening the store');
  } catch (e) {
    // The store's own refusals (unreachable, a schema newer than this hub) say why in vi + en already.
    if (e instanceof StoreError) throw e;
    const err = e as { message?: string; code?: string; detail?: string };
    // Never the password: pg's messages may quote the address.
    const detail = (err.message ?? String(e)).split(opts.databaseUrl).join(where) + (err.code && !(err.message ?? '').includes(err.code) ? ` (${err.code})` : '');
    throw new StoreStartError(where, detail);
  }
}

/** This process's name in /api/health and the logs: LUOT_HUB_ID, else host-pid-random. */
export function hubIdFrom(env: Record<string, string | undefined>): string {
  return env.LUOT_HUB_ID || `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}
