#!/usr/bin/env node
// `npm start`: installs what is missing, builds the screens when they are older than their sources
// (in the background, so the API is up at once), then runs the hub in this process's place.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!existsSync(join(root, 'node_modules', 'tsx')) || !existsSync(join(root, 'node_modules', 'express'))) {
  console.log('Cài đặt thư viện / installing dependencies (npm ci)…');
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let m = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return m;
}
const sources = Math.max(...['kiosk', 'display', 'counter', 'admin', 'phone', 'common', 'public'].map((d) => newest(join(root, d))));
const built = newest(join(root, 'dist'));
if (built < sources && existsSync(join(root, 'node_modules', 'vite'))) {
  console.log('Đang build các màn hình / building the screens…');
  const b = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  b.on('exit', (code) => console.log(code === 0 ? 'Các màn hình đã sẵn sàng / screens ready' : `build failed (${code})`));
}

const hub = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => hub.kill(sig));
hub.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
