// The reports engine through the store port, on the file store (PostgreSQL: test/reports/pg.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { Store } from '../../server/store/store.js';
import { portSourceMatchesFiles } from './port-source.js';

it('reads the day logs through the port with the figures of the files, live day included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'luot-reports-portfiles-'));
  const store = new Store(dir);
  try { await portSourceMatchesFiles(store); } finally { await store.close(); rmSync(dir, { recursive: true, force: true }); }
});
