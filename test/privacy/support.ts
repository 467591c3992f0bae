// Byte search of a whole data dir, for the privacy tests: every file, recursively, as raw bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files (relative) of `dir` whose bytes contain any of `needles` (UTF-8), with the needle. */
export function filesContaining(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const buf = readFileSync(p);
        for (const n of needles) if (buf.includes(Buffer.from(n, 'utf8'))) hits.push(`${p.slice(dir.length + 1)}: ${n}`);
      }
    }
  };
  walk(dir);
  return hits;
}
