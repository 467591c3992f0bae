// `npm run backup [-- --data-dir DIR --out DIR]`: a consistent copy of the data dir, safe while the
// hub runs, verified against its hash chains. Restore: docs/operations.md, "Backups". The vault's
// keys are not copied unless `--keys-out DIR` is given (docs/privacy.md, "Backups").
import { parseArgs } from 'node:util';
import { backupDataDir } from '../server/store/backup.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, 'keys-out': { type: 'string' } } });
const dataDir = values['data-dir'] ?? process.env.LUOT_DATA_DIR ?? './data';
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const out = values.out ?? `./backups/luot-${stamp}`;
const r = await backupDataDir(dataDir, out, { keysDir: process.env.LUOT_KEYS_DIR || undefined, keysOut: values['keys-out'] });
console.log(`${r.files} files, ${(r.bytes / 1024).toFixed(0)} KB of logs copied to ${out}`);
if (!r.verify.ok) {
  console.error(`the copy does not verify: ${r.verify.firstBad!.file}: ${r.verify.firstBad!.message}`);
  process.exit(1);
}
console.log('OK: bản sao đã kiểm tra chuỗi băm / the copy verifies');
