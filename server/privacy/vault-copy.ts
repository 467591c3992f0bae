// Copying the personal-data vault between stores (npm run store:copy): files → PostgreSQL moves the
// file vault (<data>/personal/vault.json, keys in <keys>/personal-keys.json) to the store's records
// and one key file each in the target's keys folder (server/privacy/store-vault.ts); PostgreSQL →
// files the other way. Each record keeps its key: the commitments in the logs were made with it.
import type { StorePort } from '../store/port.js';
import { asFileStore } from '../store/store.js';
import { StoreVault } from './store-vault.js';
import { FileVault } from './vault.js';

/** The vault beside a store, as the hub opens it (server/app/hub.ts). */
export function vaultOf(store: StorePort, keysDir?: string, watch = true): FileVault | StoreVault {
  const files = asFileStore(store);
  if (files) return new FileVault(files.dataDir, keysDir);
  if (!keysDir) throw new Error('the personal-data keys of a database are in LUOT_KEYS_DIR: give --from-keys / --to-keys (or set LUOT_KEYS_DIR)');
  return new StoreVault(store, keysDir, watch);
}

/** Copy every record with its key; returns how many. */
export async function copyVault(from: StorePort, to: StorePort, keys: { from?: string; to?: string } = {}): Promise<number> {
  // Not watching: a one-off copy needs no notifications (and opens no LISTEN connection).
  const a = vaultOf(from, keys.from, false), b = vaultOf(to, keys.to, false);
  await a.open();
  const list = a.exportRecords();
  await a.close();
  if (list.length === 0) return 0;
  await b.open();
  await b.importRecords(list);
  await b.close();
  return list.length;
}
