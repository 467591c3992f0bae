#!/usr/bin/env node
// `npm start`: installs what is missing, builds the screens when they are older than their sources
// (in the background, so the API is up at once), bundles the hub when its sources changed, then runs it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!existsSync(join(root, 'node_modules', 'express')) || !existsSync(join(root, 'node_modules', 'esbuild'))) {
  console.log('Cài đặt thư viện / installing dependencies (npm install)…');
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env: { ...process.env, LUOT_SKIP_BUILD: '1' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}
const newestOf = (dirs) => Math.max(...dirs.map((d) => newest(join(root, d))));

const screensStale = newest(join(root, 'dist')) < newestOf(['kiosk', 'display', 'counter', 'admin', 'phone', 'common', 'public']);
if (screensStale && existsSync(join(root, 'node_modules', 'vite'))) {
  console.log('Đang build các màn hình / building the screens…');
  const b = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  b.on('exit', (code) => console.log(code === 0 ? 'Các màn hình đã sẵn sàng / screens ready' : `build failed (${code})`));
}

const { buildServer, serverBundle } = await import('./build-server.mjs');
let entry = [serverBundle];
try {
  if (newest(serverBundle) < newestOf(['server', 'common'])) await buildServer();
} catch (e) {
  console.warn(`bundling the hub failed (${e.message}); running from source`);
  entry = ['--import', 'tsx', join(root, 'server/main.ts')];
}

const hub = spawn(process.execPath, [...entry, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => hub.kill(sig));
hub.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
