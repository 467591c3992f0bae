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

/**
 * Copy every record with its key. Returns how many, or `skipped` with the count left at the source
 * when a database end has no keys folder given (its keys are not readable, or have no home).
 */
export async function copyVault(from: StorePort, to: StorePort, keys: { from?: string; to?: string } = {}): Promise<{ copied: number; skipped: number }> {
  // A database's records cannot be read without the keys folder: left where they are.
  if (!asFileStore(from) && !keys.from) return { copied: 0, skipped: (await from.listDocs('personal/records/')).length };
  // Not watching: a one-off copy needs no notifications (and opens no LISTEN connection).
  const a = vaultOf(from, keys.from, false);
  await a.open();
  const list = a.exportRecords();
  await a.close();
  if (list.length === 0) return { copied: 0, skipped: 0 };
  if (!asFileStore(to) && !keys.to) return { copied: 0, skipped: list.length };
  const b = vaultOf(to, keys.to, false);
  await b.open();
  await b.importRecords(list);
  await b.close();
  return { copied: list.length, skipped: 0 };
}
