// Check every data file against its hash chain: the audit log, and each site's days in order (the
// first line of a day must carry the last hash of the site's previous day). Names the first bad
// entry. Used by `npm run audit:verify` and the admin's audit page.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from './audit.js';
import { GENESIS, parseDayLog } from './day-log.js';
import { StoreError } from './errors.js';
import { Store } from './store.js';

export interface DayDigest { siteId: string; date: string; entries: number; digest: string }
export interface VerifyResult {
  ok: boolean;
  files: number;
  entries: number;
  /** The first problem found, naming the file and line. */
  firstBad: { file: string; message: string } | null;
  days: DayDigest[];
}

async function readText(path: string): Promise<string | null> {
  try { return await readFile(path, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export async function verifyDataDir(dataDir: string): Promise<VerifyResult> {
  const store = new Store(dataDir);
  const res: VerifyResult = { ok: true, files: 0, entries: 0, firstBad: null, days: [] };
  const fail = (file: string, message: string) => {
    if (!res.firstBad) res.firstBad = { file, message };
    res.ok = false;
  };
  const closes = new Map<string, { digest: string; entries: number }>();
  try {
    const cfgText = await readText(store.configPath());
    if (cfgText !== null) { res.files++; JSON.parse(cfgText); }
  } catch (e) {
    fail(store.configPath(), `is not valid JSON (${(e as Error).message})`);
  }
  const auditText = await readText(store.auditPath());
  if (auditText !== null) {
    res.files++;
    try {
      const a = parseDayLog<AuditEntry>(store.auditPath(), auditText, GENESIS);
      if (a.tornBytes > 0) fail(store.auditPath(), 'ends with a line cut short');
      res.entries += a.entries.length;
      for (const e of a.entries) {
        if (e.action === 'day.close' && e.target) closes.set(`${e.target.slice(5)}/${String(e.detail.date)}`, { digest: String(e.detail.digest), entries: Number(e.detail.entries) });
      }
    } catch (e) {
      fail(store.auditPath(), e instanceof StoreError ? e.message : String(e));
    }
  }
  let siteIds: string[] = [];
  try { siteIds = (await readdir(join(dataDir, 'sites'))).sort(); } catch { siteIds = []; }
  for (const siteId of siteIds) {
    let prev = GENESIS;
    for (const date of await store.listDays(siteId)) {
      const path = store.dayPath(siteId, date);
      res.files++;
      try {
        const parsed = parseDayLog(path, (await readText(path)) ?? '', prev);
        if (parsed.tornBytes > 0) fail(path, `line ${parsed.entries.length + 1} is cut short`);
        res.entries += parsed.entries.length;
        res.days.push({ siteId, date, entries: parsed.entries.length, digest: parsed.lastHash });
        const closed = closes.get(`${siteId}/${date}`);
        if (closed && (closed.digest !== parsed.lastHash || closed.entries !== parsed.entries.length)) {
          fail(path, `differs from the digest recorded when the day closed (${closed.entries} entries, ${closed.digest.slice(0, 16)}…)`);
        }
        prev = parsed.lastHash;
      } catch (e) {
        fail(path, e instanceof StoreError ? e.message.replace(/^Data file \S+: /, '').replace(/\. The hub will not start.*$/, '') : String(e));
        prev = '(broken)';
      }
    }
  }
  return res;
}
