// `npm run store:copy -- --from <dir|postgres://…> --to <dir|postgres://…> [--force] [--from-keys DIR] [--to-keys DIR]`: copy a whole data
// set between stores (a centre moving from files to PostgreSQL, or back), verifying the chains on both
// ends. Refuses a target that holds data unless --force (a data dir only). Stop the hubs first.
// Exit 0 when copied and verified, 1 otherwise (nothing is changed at the source).
import { parseArgs } from 'node:util';
import { chooseStore } from '../server/cluster/choose.js';
import { redactUrl } from '../server/cluster/unavailable.js';
import { copyStore } from '../server/cluster/copy.js';
import { copyVault } from '../server/privacy/vault-copy.js';
import type { StorePort } from '../server/store/port.js';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean' }, 'from-keys': { type: 'string' }, 'to-keys': { type: 'string' } } });
if (!values.from || !values.to) {
  console.error('Cách dùng / usage: npm run store:copy -- --from <thư mục|postgres://…> --to <thư mục|postgres://…> [--force]');
  process.exit(1);
}
const isUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);
const open = (s: string) => chooseStore(isUrl(s) ? { dataDir: '.', databaseUrl: s, now: Date.now(), log: () => {} } : { dataDir: s, now: Date.now(), log: (m) => console.log(m) });
const name = (s: string) => (isUrl(s) ? redactUrl(s) : s);
let from: StorePort | null = null, to: StorePort | null = null;
try {
  from = await open(values.from);
  to = await open(values.to);
  const t0 = Date.now();
  const r = await copyStore(from, to, { force: values.force, log: values.quiet ? undefined : (m) => console.log(m) });
  // The personal-data vault: its records into the target store, each key into the target's keys
  // folder (a data dir: <dir>/keys; a database: --to-keys or LUOT_KEYS_DIR), docs/privacy.md.
  const keysOf = (s: string, given?: string) => given ?? (isUrl(s) ? process.env.LUOT_KEYS_DIR || undefined : undefined);
  const vault = await copyVault(from, to, { from: keysOf(values.from, values['from-keys']), to: keysOf(values.to, values['to-keys']) });
  if (vault.skipped) console.log(`CẢNH BÁO / WARNING: ${vault.skipped} bản ghi dữ liệu cá nhân chưa chép: cần --from-keys/--to-keys DIR (LUOT_KEYS_DIR của các hub) / ${vault.skipped} personal-data records (vault) NOT copied: give --from-keys/--to-keys DIR (the hubs' LUOT_KEYS_DIR) and copy again into an empty target (docs/privacy.md)`);
  else console.log(`${vault.copied} personal-data records (vault) copied with their keys`);
  console.log(`${r.sites} sites, ${r.days} days, ${r.entries} entries, ${r.audit} audit entries, ${r.docs} documents: ${name(values.from)} → ${name(values.to)} in ${Date.now() - t0} ms`);
  console.log('OK: đã chép và kiểm tra chuỗi băm hai đầu / copied, every hash chain verified on both ends');
  await from.close(); await to.close();
  process.exit(0);
} catch (e) {
  console.error(`KHÔNG CHÉP ĐƯỢC / NOT COPIED: ${(e as Error).message}`);
  await from?.close().catch(() => {}); await to?.close().catch(() => {});
  process.exit(1);
}
