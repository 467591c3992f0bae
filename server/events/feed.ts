// The events of a site, read from its day logs (the outbox) from a position, mapped by map.ts and
// cached per day so that a long-poll or a webhook stream costs a lookup, not a re-read of the day.
import { applyEvent } from '../domain/apply.js';
import { emptyDay, type DayEvent, type DayState } from '../domain/model.js';
import { eventPosition, publicEventOf, type MapContext, type PublicEvent } from './map.js';

/** Where the durable log is read (the hub's store port). */
export interface LogSource {
  /** Dates that have a log for the site, oldest first. */
  days(siteId: string): Promise<string[]>;
  /** Durable entries of a day from index `from` (0-based); `sealed` when the day can grow no more. */
  read(siteId: string, date: string, from: number): Promise<{ entries: readonly DayEvent[]; sealed: boolean }>;
  /** Told when a site's log grew; returns the unsubscribe. */
  onGrew(fn: (siteId: string) => void): () => void;
  /** The mapping context of a site now (null: no such site). */
  context(siteId: string): MapContext | null;
}

interface DayCache { day: DayState; n: number; events: PublicEvent[]; sealed: boolean; busy: Promise<void> }

const MAX_CACHED_DAYS = 32;

export class EventFeed {
  private cache = new Map<string, DayCache>();
  private waiters = new Map<string, Set<() => void>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly source: LogSource) {
    this.unsubscribe = source.onGrew((siteId) => {
      const w = this.waiters.get(siteId);
      if (!w) return;
      this.waiters.delete(siteId);
      for (const f of w) f();
    });
  }

  close(): void { this.unsubscribe(); for (const w of this.waiters.values()) for (const f of w) f(); this.waiters.clear(); }

  /** The public events of one day, caught up with the log. */
  private async dayEvents(siteId: string, date: string): Promise<PublicEvent[]> {
    const key = `${siteId}/${date}`;
    let c = this.cache.get(key);
    if (!c) {
      c = { day: emptyDay(siteId, date), n: 0, events: [], sealed: false, busy: Promise.resolve() };
      if (this.cache.size >= MAX_CACHED_DAYS) {
        for (const [k, v] of this.cache) { if (v.sealed) { this.cache.delete(k); break; } }
      }
      this.cache.set(key, c);
    }
    const entry = c;
    if (entry.sealed) return entry.events;
    // One catch-up at a time per day: the fold must see each entry once.
    const run = entry.busy.then(async () => {
      const ctx = this.source.context(siteId);
      if (!ctx) return;
      const { entries, sealed } = await this.source.read(siteId, date, entry.n);
      for (const e of entries) {
        applyEvent(entry.day, e);
        entry.n++;
        const pe = publicEventOf(ctx, entry.day, entry.n, e);
        if (pe) entry.events.push(pe);
      }
      entry.sealed = sealed;
    });
    entry.busy = run.catch(() => {});
    await run;
    return entry.events;
  }

  /** Events of the site with an id above `after`, oldest first, at most `limit`. */
  async after(siteId: string, after: number, limit: number): Promise<PublicEvent[]> {
    const from = after > 0 ? eventPosition(after)?.date ?? '0000-00-00' : '0000-00-00';
    const out: PublicEvent[] = [];
    for (const date of await this.source.days(siteId)) {
      if (date < from) continue;
      const events = await this.dayEvents(siteId, date);
      // Ids increase within a day: find the first one after the cursor by bisection.
      let lo = 0, hi = events.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (events[mid]!.id <= after) lo = mid + 1; else hi = mid; }
      for (let i = lo; i < events.length; i++) {
        out.push(events[i]!);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** As `after`, but waits up to `waitMs` for a first event (long-poll); `signal` ends the wait early. */
  async wait(siteId: string, after: number, limit: number, waitMs: number, signal?: AbortSignal): Promise<PublicEvent[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      // Subscribe before reading, so that a commit between the read and the wait is not missed.
      let wake!: () => void;
      const woken = new Promise<void>((r) => { wake = r; });
      let set = this.waiters.get(siteId);
      if (!set) { set = new Set(); this.waiters.set(siteId, set); }
      set.add(wake);
      try {
        const events = await this.after(siteId, after, limit);
        const left = deadline - Date.now();
        if (events.length > 0 || left <= 0 || signal?.aborted) return events;
        let timer: NodeJS.Timeout | undefined;
        const onAbort = () => wake();
        signal?.addEventListener('abort', onAbort, { once: true });
        await Promise.race([woken, new Promise<void>((r) => { timer = setTimeout(r, left); })]);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      } finally {
        set.delete(wake);
      }
    }
  }
}
