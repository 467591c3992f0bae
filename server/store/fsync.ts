import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsync a directory so that a rename or a new file in it survives a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try { await fh.sync(); } finally { await fh.close(); }
}

/** Write a whole file durably: temp file, fsync, rename over the old one, fsync the directory. */
export async function writeFileDurable(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}
