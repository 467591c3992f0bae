// A consistent copy of a data dir while the hub runs. Day logs and the audit log are append-only,
// so a copy up to their last complete line is a state the hub was in; config.json is replaced
// atomically, so any read of it is whole. Logs are copied first and config last, so the copy's
// config is never older than the events that refer to it.
// The keys of the personal-data vault (<data>/keys, or LUOT_KEYS_DIR) are left out: a copy holds
// personal values only encrypted, and an erasure (which deletes the key) makes them unreadable in
// every copy. `keysOut` copies the keys to a separate place, to be kept on a short rotation
// (docs/privacy.md, "Backups").
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fsyncDir } from './fsync.js';
import { verifyDataDir, type VerifyResult } from './verify.js';

async function* files(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile() && !e.name.includes('.tmp-')) yield p;
  }
}

export async function backupDataDir(dataDir: string, outDir: string, opts: { keysDir?: string; keysOut?: string } = {}): Promise<{ files: number; bytes: number; verify: VerifyResult }> {
  let count = 0, bytes = 0;
  const all: string[] = [];
  const keysDir = resolve(opts.keysDir ?? join(dataDir, 'keys'));
  for await (const f of files(dataDir)) if (!resolve(f).startsWith(keysDir + sep)) all.push(f);
  if (opts.keysOut) {
    try {
      for await (const f of files(keysDir)) {
        const dest = join(opts.keysOut, relative(keysDir, f));
        await mkdir(join(dest, '..'), { recursive: true });
        await copyFile(f, dest);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  const logs = all.filter((f) => f.endsWith('.jsonl'));
  const others = all.filter((f) => !f.endsWith('.jsonl') && !f.endsWith('config.json'));
  const config = all.filter((f) => f.endsWith('config.json'));
  for (const f of [...logs, ...others, ...config]) {
    const dest = join(outDir, relative(dataDir, f));
    await mkdir(join(dest, '..'), { recursive: true });
    if (f.endsWith('.jsonl')) {
      const text = await readFile(f, 'utf8');
      const whole = text.slice(0, text.lastIndexOf('\n') + 1);
      await writeFile(dest, whole);
      bytes += whole.length;
    } else {
      await copyFile(f, dest);
    }
    count++;
  }
  await fsyncDir(outDir);
  return { files: count, bytes, verify: await verifyDataDir(outDir) };
}
