// The reports engine through the store port on PostgreSQL (the files run: port-source.test.ts).
import { afterAll, beforeAll, inject, it } from 'vitest';
import { PgStore } from '../../server/store/pg/pg-store.js';
import { createDatabase } from '../helpers/pg.js';
import { portSourceMatchesFiles } from './port-source.js';

let store: PgStore;
beforeAll(async () => { store = await PgStore.open({ url: await createDatabase(inject('pgAdminUrl')) }); }, 60_000);
afterAll(async () => { await store?.close(); });

it('reads the day logs from PostgreSQL with the figures of the files, live day included', async () => {
  await portSourceMatchesFiles(store);
});
