// Browser tests need the built screens: build once per run unless dist/ is newer than the sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './hub.js';

function newest(dir: string): number {
  let m = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return m;
}

export function ensureBuilt(): void {
  const built = existsSync(join(ROOT, 'dist')) ? newest(join(ROOT, 'dist')) : 0;
  const sources = Math.max(...['kiosk', 'display', 'counter', 'admin', 'phone', 'common', 'public'].map((d) => newest(join(ROOT, d))));
  if (built > sources && process.env.LUOT_SKIP_BUILD !== '0') return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
