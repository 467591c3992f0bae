// Reading the record for the admin's audit page: a rating wherever its day is, each finished day's
// digest (the hash of its last line) beside the one recorded when the day closed, and the whole
// data dir's verification, run once at a time. Through the store port only (server/store/scan.ts
// reads the files directly on the file store, a text search first).
import { relative } from 'node:path';
import type { RatingLevel } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import type { Actor } from '../domain/model.js';
import type { VerifyResult } from '../store/verify.js';
import type { StorePort } from '../store/port.js';
import { dayHeadOf, findInDay, logHead } from '../store/scan.js';
import { openEvent, type StoredEvent } from '../privacy/seal.js';

export interface FoundRating {
  siteId: string;
  date: string;
  ratingId: string;
  level: RatingLevel;
  reasons: string[];
  comment: string | null;
  counterId: string;
  officerId: string | null;
  ratedAt: string;
}

/** Days searched back when the client names no date (a rating older than this needs its date). */
export const RATING_SEARCH_DAYS = 400;

/** The rating of a ticket in one site's day log, or null. */
async function ratingInDay(hub: Hub, siteId: string, date: string, ticketId: string): Promise<FoundRating | null> {
  const e = await findInDay<Record<string, unknown>>(hub.store, siteId, date, ['"rated"', ticketId], (x) => x.t === 'rated' && x.id === ticketId);
  if (!e) return null;
  // A comment sealed on another hub (PostgreSQL): its vault record may not have reached this one yet.
  const ref = (e as unknown as StoredEvent).sealed?.ref;
  if (ref && !hub.vault.get(ref)) await hub.vault.refresh?.([ref]);
  return {
    siteId, date, ratingId: String(e.ratingId), level: e.level as RatingLevel, reasons: (e.reasons as string[]) ?? [],
    comment: (openEvent(hub.vault, e as unknown as StoredEvent) as { comment: string | null }).comment ?? null, counterId: String(e.counterId), officerId: (e.officerId as string | null) ?? null,
    ratedAt: new Date(Number(e.at)).toISOString(),
  };
}

/**
 * Find the rating of a ticket at the sites the actor may see: today's tickets at once; another day
 * by its date, or by searching the last RATING_SEARCH_DAYS days (a text search before any parse).
 */
export async function findRating(hub: Hub, actor: Actor, ticketId: string, date?: string): Promise<FoundRating | null> {
  const sites = hub.configData.sites.map((s) => s.id).filter((id) => hub.canSeeSite(actor, id));
  for (const siteId of sites) {
    const day = hub.dayOf(siteId);
    const t = day?.tickets.get(ticketId);
    if (day && t) return t.rating ? ratingInDay(hub, siteId, day.date, ticketId) : null;
  }
  if (date) {
    for (const siteId of sites) {
      const r = await ratingInDay(hub, siteId, date, ticketId);
      if (r) return r;
    }
    return null;
  }
  for (const siteId of sites) {
    const today = hub.dayOf(siteId)?.date ?? '9999-12-31';
    const days = (await hub.store.listDays(siteId)).filter((d) => d < today).reverse().slice(0, RATING_SEARCH_DAYS);
    for (const d of days) {
      const r = await ratingInDay(hub, siteId, d, ticketId);
      if (r) return r;
    }
  }
  return null;
}

export { logHead };

export interface DayDigestRow {
  date: string;
  /** Lines in the file now, and the hash of its last line. */
  entries: number;
  digest: string;
  /** What the audit log recorded when the hub closed the day (null when the hub was not running at midnight). */
  recorded: { entries: number; digest: string; at: string } | null;
  /** Whether the file still ends where it ended at the close (null without a record). */
  matches: boolean | null;
}

/** Each finished day of a site, oldest first, with its digest. */
export async function siteDigests(hub: Hub, siteId: string): Promise<DayDigestRow[]> {
  const recorded = new Map<string, { entries: number; digest: string; at: string }>();
  for (const e of hub.auditEntries) {
    if (e.action === 'day.close' && e.target === `site:${siteId}`) {
      recorded.set(String(e.detail.date), { entries: Number(e.detail.entries), digest: String(e.detail.digest), at: new Date(e.at).toISOString() });
    }
  }
  const today = hub.dayOf(siteId)?.date ?? '9999-12-31';
  const rows: DayDigestRow[] = [];
  for (const date of (await hub.store.listDays(siteId)).filter((d) => d < today)) {
    const head = (await dayHeadOf(hub.store, siteId, date)) ?? { entries: 0, digest: '' };
    const rec = recorded.get(date) ?? null;
    rows.push({ date, ...head, recorded: rec, matches: rec ? rec.digest === head.digest && rec.entries === head.entries : null });
  }
  return rows;
}

export interface VerifyView {
  ok: boolean;
  checkedAt: string;
  files: number;
  entries: number;
  /** The first bad entry: the file (relative to the data dir), its line when known, and why. */
  firstBad: { file: string; line: number | null; message: string } | null;
  days: { siteId: string; date: string; entries: number; digest: string }[];
}

let running: { dir: string; p: Promise<VerifyResult> } | null = null;

/** Verify the data dir; one run at a time (callers during a run share its result). */
export async function verifyNow(store: StorePort): Promise<VerifyResult> {
  const dataDir = store.where;
  if (running?.dir === dataDir) return running.p;
  const p = (async () => {
    let r = await store.verify();
    // The hub appends while we read: a last line caught half-written is not damage. Look again.
    for (let i = 0; i < 3 && !r.ok && /cut short/.test(r.firstBad?.message ?? ''); i++) {
      await new Promise((res) => setTimeout(res, 100));
      r = await store.verify();
    }
    return r;
  })();
  running = { dir: dataDir, p };
  try { return await p; } finally { if (running?.p === p) running = null; }
}

/** A store message without the data dir's absolute path or the advice meant for the console. */
function plainMessage(m: string, dataDir: string): string {
  return m.replace(/^Data file \S+: /, '').replace(/\. The hub will not start.*$/s, '').split(dataDir).join('<data>');
}

export function verifyView(r: VerifyResult, dataDir: string, visible: (siteId: string) => boolean, now: number): VerifyView {
  const bad = r.firstBad;
  const line = bad ? /line (\d+)/.exec(bad.message) : null;
  return {
    ok: r.ok, checkedAt: new Date(now).toISOString(), files: r.files, entries: r.entries,
    firstBad: bad ? { file: relative(dataDir, bad.file).split('\\').join('/'), line: line ? Number(line[1]) : null, message: plainMessage(bad.message, dataDir) } : null,
    days: r.days.filter((d) => visible(d.siteId)),
  };
}
