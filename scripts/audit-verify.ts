// `npm run audit:verify [-- --data-dir DIR | --database-url URL]`: check the hash chains of every
// data file (or, on PostgreSQL, every table: LUOT_DATABASE_URL or --database-url) and print each
// day's digest. Exit 0 when all is intact, 1 naming the first bad entry, 2 when the store cannot be
// opened. The chains are the same on both stores (server/store/pg/pg-store.ts).
import { parseArgs } from 'node:util';
import { openStore } from '../server/store/open.js';
import { verifyDataDir } from '../server/store/verify.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, quiet: { type: 'boolean' } } });
const databaseUrl = values['database-url'] ?? (values['data-dir'] ? undefined : process.env.LUOT_DATABASE_URL || undefined);
const dataDir = values['data-dir'] ?? process.env.LUOT_DATA_DIR ?? './data';
let where = dataDir;
let r;
if (databaseUrl) {
  const store = await openStore({ dataDir, databaseUrl }).catch((e: Error) => {
    console.error(`Không mở được / cannot open: ${e.message}`);
    process.exit(2);
  });
  where = store.where;
  try { r = await store.verify(); } finally { await store.close(); }
} else {
  r = await verifyDataDir(dataDir);
}
if (!values.quiet) for (const d of r.days) console.log(`${d.siteId}  ${d.date}  ${String(d.entries).padStart(6)} entries  ${d.digest}`);
console.log(`${r.files} files, ${r.entries} entries checked in ${where}`);
if (r.ok) {
  console.log('OK: mọi chuỗi băm đều nguyên vẹn / every hash chain is intact');
  process.exit(0);
}
console.error(`SAI / TAMPERED: ${r.firstBad!.file}: ${r.firstBad!.message}`);
process.exit(1);
