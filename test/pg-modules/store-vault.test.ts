// The vault on PostgreSQL across two hubs (two stores on one database, one keys folder): a record put
// on one is readable on the other, which is told (and refolds its days); an erasure on one is gone
// on the other too, and the key file is deleted while the database keeps no key.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { StoreVault } from '../../server/privacy/store-vault.js';
import { PgStore } from '../../server/store/pg/pg-store.js';
import { createDatabase } from '../helpers/pg.js';

let a: PgStore, b: PgStore, keys: string;
beforeAll(async () => {
  const url = await createDatabase(inject('pgAdminUrl'));
  a = await PgStore.open({ url, hubId: 'hub-a' });
  b = await PgStore.open({ url, hubId: 'hub-b' });
  keys = mkdtempSync(join(tmpdir(), 'luot-vault-keys-'));
}, 60_000);
afterAll(async () => { await a?.close(); await b?.close(); rmSync(keys, { recursive: true, force: true }); });

const until = async (ok: () => boolean) => { while (!ok()) await new Promise((r) => setTimeout(r, 20)); };

it('a record put on one hub is read on the other, and an erasure reaches both', async () => {
  const va = new StoreVault(a, keys), vb = new StoreVault(b, keys);
  await va.open(); await vb.open();
  // Both hubs listen before anything is written (a notification sent before LISTEN is not received).
  for (const [from, to] of [[a, b], [b, a]] as const) {
    let seen = false;
    const off = to.subscribe((c) => { if (c.kind === 'doc' && c.name === 'ping') seen = true; });
    while (!seen) { await from.writeDoc('ping', { at: Date.now() }); await new Promise((r) => setTimeout(r, 50)); }
    off();
  }
  const told: string[][] = [];
  vb.onChange = (ids) => told.push(ids);
  const meta = { id: 'rating:r-1', kind: 'rating_comment' as const, siteId: 'demo', at: 1, links: { ticketId: 't1' } };
  const { commitments, written } = va.put(meta, { comment: 'Cán bộ rất tận tình' });
  await written;
  await until(() => vb.get('rating:r-1') !== null);
  expect(vb.get('rating:r-1')?.fields).toEqual({ comment: 'Cán bộ rất tận tình' });
  expect(vb.verify('rating:r-1', 'comment', 'Cán bộ rất tận tình', commitments.comment!)).toBe(true);
  expect(told).toEqual([['rating:r-1']]);
  const stored = JSON.stringify(await a.readDoc('personal/records/rating%3Ar-1'));
  expect(stored).not.toContain('tận tình');

  expect(await vb.erase(['rating:r-1'])).toBe(1);
  await until(() => va.get('rating:r-1') === null);
  expect(readdirSync(join(keys, 'personal'))).toEqual([]);
  expect(await a.readDoc('personal/records/rating%3Ar-1')).toBeNull();
  expect(va.verify('rating:r-1', 'comment', 'Cán bộ rất tận tình', commitments.comment!)).toBe(false);
  await va.close(); await vb.close();
});
