// `npm run audit:verify [-- --data-dir DIR]`: check the hash chains of every data file and print
// each day's digest. Exit 0 when all is intact, 1 naming the first bad entry.
import { parseArgs } from 'node:util';
import { verifyDataDir } from '../server/store/verify.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, quiet: { type: 'boolean' } } });
const dataDir = values['data-dir'] ?? process.env.LUOT_DATA_DIR ?? './data';
const r = await verifyDataDir(dataDir);
if (!values.quiet) for (const d of r.days) console.log(`${d.siteId}  ${d.date}  ${String(d.entries).padStart(6)} entries  ${d.digest}`);
console.log(`${r.files} files, ${r.entries} entries checked in ${dataDir}`);
if (r.ok) {
  console.log('OK: mọi chuỗi băm đều nguyên vẹn / every hash chain is intact');
  process.exit(0);
}
console.error(`SAI / TAMPERED: ${r.firstBad!.file}: ${r.firstBad!.message}`);
process.exit(1);
