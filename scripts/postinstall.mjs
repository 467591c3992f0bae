// After `npm install`: build the screens so that `npm start` serves them at once.
// Skipped where vite is not installed (a production install without dev dependencies).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vite = join(root, 'node_modules/vite/bin/vite.js');
if (existsSync(vite) && !process.env.LUOT_SKIP_BUILD) {
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.warn('Building the screens failed; run `npm run build` to see why.');
}
