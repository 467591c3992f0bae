// `npm run audit:verify [-- --data-dir DIR | --database-url postgres://…]`: check the hash chains of
// every data file (or of the PostgreSQL store, LUOT_DATABASE_URL) and print each day's digest.
// Exit 0 when all is intact, 1 naming the first bad entry.
import { parseArgs } from 'node:util';
import { verifyDataDir, type VerifyResult } from '../server/store/verify.js';
import { openStore } from '../server/store/open.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, quiet: { type: 'boolean' } } });
const databaseUrl = values['database-url'] ?? (values['data-dir'] ? undefined : process.env.LUOT_DATABASE_URL || undefined);
let dataDir = values['data-dir'] ?? process.env.LUOT_DATA_DIR ?? './data';
let r: VerifyResult;
if (databaseUrl) {
  const store = await openStore({ dataDir, databaseUrl });
  dataDir = store.where;
  try { r = await store.verify(); } finally { await store.close(); }
} else {
  r = await verifyDataDir(dataDir);
}
if (!values.quiet) for (const d of r.days) console.log(`${d.siteId}  ${d.date}  ${String(d.entries).padStart(6)} entries  ${d.digest}`);
console.log(`${r.files} files, ${r.entries} entries checked in ${dataDir}`);
if (r.ok) {
  console.log('OK: mọi chuỗi băm đều nguyên vẹn / every hash chain is intact');
  process.exit(0);
}
console.error(`SAI / TAMPERED: ${r.firstBad!.file}: ${r.firstBad!.message}`);
process.exit(1);
