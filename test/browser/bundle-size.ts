// The size budget of a screen: the JavaScript its built page loads, gzipped as the hub could serve it.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/hub.js';

/** Total gzipped size of the JS that an HTML page of dist/ loads (its entry and every chunk it preloads). */
export function gzippedJs(htmlPath: string): { files: string[]; gzipBytes: number } {
  const html = readFileSync(join(ROOT, 'dist', htmlPath), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gzipBytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(ROOT, 'dist', f)), { level: 9 }).length, 0);
  return { files, gzipBytes };
}
