// Choosing the store: PostgreSQL when a database URL is given (LUOT_DATABASE_URL / --database-url),
// else the file store in the data dir (the default: `npm start` needs nothing installed).
// An unreachable database or a schema newer than this hub throws a StoreError (main.ts: exit 2).
import { resolve } from 'node:path';
import type { StorePort } from './port.js';
import { Store } from './store.js';
import { PgStore, type PgStoreOptions } from './pg/pg-store.js';

export interface OpenStoreOptions {
  dataDir: string;
  databaseUrl?: string | null;
  log?: (m: string) => void;
  /** PostgreSQL only: pool size, timeouts, the hub's id. */
  pg?: Omit<PgStoreOptions, 'url' | 'log'>;
}

export async function openStore(opts: OpenStoreOptions): Promise<StorePort> {
  if (opts.databaseUrl) return PgStore.open({ url: opts.databaseUrl, log: opts.log, ...opts.pg });
  return new Store(resolve(opts.dataDir));
}
