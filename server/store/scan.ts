// Reads of a site's day that modules above the port need fast, in the port's words: find one entry
// of a day (a rating of a ticket) and the head of a finished day (its entries and digest). On the
// file store they read the file directly, a text search before any parse and the last line only;
// on any other store they ask the port (readDay, dayHead). The modules never know which runs.
import { open, readFile } from 'node:fs/promises';
import { sha256 } from './day-log.js';
import type { DayHead, StorePort } from './port.js';
import { asFileStore } from './store.js';

/**
 * The first entry of a day for which `match` holds, looked for only in lines that contain every
 * string of `needles` (files: the day's text is searched before any line is parsed). Null if none.
 */
export async function findInDay<E extends Record<string, unknown>>(store: StorePort, siteId: string, date: string, needles: string[], match: (e: E) => boolean): Promise<E | null> {
  const files = asFileStore(store);
  if (!files) return ((await store.readDay<E>(siteId, date)) ?? []).find(match) ?? null;
  let text: string;
  try { text = await readFile(files.dayPath(siteId, date), 'utf8'); } catch { return null; }
  if (!needles.every((n) => text.includes(n))) return null;
  for (const line of text.split('\n')) {
    if (!needles.every((n) => line.includes(n))) continue;
    let e: E;
    try { e = JSON.parse(line); } catch { continue; }
    if (match(e)) return e;
  }
  return null;
}

/** The head of a day: entries and the hash of its last line (files: only the file's end is read). */
export async function dayHeadOf(store: StorePort, siteId: string, date: string): Promise<DayHead | null> {
  const files = asFileStore(store);
  return files ? logHead(files.dayPath(siteId, date)) : store.dayHead(siteId, date);
}

/** The last complete line of a log file: its sequence number and its hash (the log's digest). */
export async function logHead(path: string): Promise<DayHead | null> {
  let fh;
  try { fh = await open(path, 'r'); } catch { return null; }
  try {
    const size = (await fh.stat()).size;
    for (let span = Math.min(size, 64 * 1024); ; span = Math.min(size, span * 4)) {
      const buf = Buffer.alloc(span);
      await fh.read(buf, 0, span, size - span);
      const text = buf.toString('utf8');
      const end = text.lastIndexOf('\n');
      if (end < 0) { if (span === size) return null; continue; }
      const start = text.lastIndexOf('\n', end - 1) + 1;
      if (start === 0 && span < size) continue; // the line may begin before this span
      const line = text.slice(start, end);
      let n = 0;
      try { n = Number(JSON.parse(line).n) || 0; } catch { /* verify reports it */ }
      return { entries: n, digest: sha256(line) };
    }
  } finally {
    await fh.close();
  }
}
