// For the privacy tests: a byte search of a whole data dir (every file, recursively, as raw bytes),
// and `npm run audit:verify` run as an operator runs it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript } from '../helpers/hub.js';

/** scripts/audit-verify.ts on a data dir (files) or a database; ok is its exit status 0. */
export async function auditVerify(where: { dataDir: string } | { databaseUrl: string }): Promise<{ ok: boolean; out: string }> {
  const r = await runScript('audit-verify.ts', 'dataDir' in where ? ['--data-dir', where.dataDir] : ['--database-url', where.databaseUrl]);
  return { ok: r.code === 0, out: r.out };
}

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
