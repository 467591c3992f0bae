// Webhook deliveries: at least once, per (subscription, site) in event order, from the events feed
// (the day log is the outbox). Each stream has a durable cursor (the last event delivered); the
// head delivery is retried with exponential backoff for `retry.forMs` (24 h), then parked with its
// last error until an admin resends it. A kill -9 between a commit and its delivery only delays
// it: the cursor moves after a 2xx, so the event is sent again after the restart.
import http from 'node:http';
import https from 'node:https';
import type { StoredWebhook } from '../app/config-doc.js';
import { newId } from '../app/crypto.js';
import type { EventFeed } from '../events/feed.js';
import type { PublicEvent } from '../events/map.js';
import { deliveryHeaders } from './sign.js';

export interface DeliveryRec {
  id: string; webhookId: string; siteId: string; eventId: number; type: PublicEvent['type'];
  status: 'pending' | 'delivered' | 'parked';
  attempts: number; firstAttemptAt: number | null; lastAttemptAt: number | null; nextAttemptAt: number | null;
  deliveredAt: number | null; lastStatus: number | null; lastError: string | null;
  /** A resend of an event already delivered: sent once, outside the stream's order. */
  manual?: boolean;
}
export interface StreamState { cursor: number; pendingId: string | null; parked: boolean }
export interface DeliveryState {
  version: 1; streams: Record<string, StreamState>; deliveries: DeliveryRec[];
  /** Saves so far, and the hub that made the last one (several hubs: who wrote what the leader reads). */
  rev?: number; by?: string;
}

/** Where the cursors and the deliveries are kept (a file beside the config, or the database). */
export interface DeliveryStateStore {
  load(): Promise<DeliveryState | null>;
  save(state: DeliveryState): Promise<void>;
}

export type Sender = (url: string, headers: Record<string, string>, body: string) => Promise<{ status: number } | { error: string }>;

export interface RetryPolicy { baseMs: number; maxMs: number; forMs: number }
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 3_600_000, forMs: 24 * 3_600_000 };
const KEEP_PER_WEBHOOK = 200;
const BATCH = 50;

export const streamKey = (webhookId: string, siteId: string): string => `${webhookId}|${siteId}`;

/** POST over node:http(s) with kept-alive connections (a stream sends one event after another). */
export const httpSender = (timeoutMs = 10_000): Sender => {
  const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }) };
  const once = (u: URL, headers: Record<string, string>, body: string): Promise<{ status: number } | { error: string; reused: boolean }> => new Promise((resolve) => {
    const mod = u.protocol === 'https:' ? https : http;
    let done = false;
    const req = mod.request(u, {
      method: 'POST', agent: agents[u.protocol as 'http:' | 'https:'],
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    }, (res) => {
      res.resume();
      res.on('end', () => { if (!done) { done = true; resolve({ status: res.statusCode ?? 0 }); } });
    });
    req.setTimeout(timeoutMs, () => { req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })); });
    req.on('error', (e) => { if (!done) { done = true; resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message, reused: req.reusedSocket }); } });
    req.end(body);
  });
  return async (url, headers, body) => {
    let u: URL;
    try { u = new URL(url); } catch { return { error: 'invalid URL' }; }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: `unsupported protocol ${u.protocol}` };
    let r = await once(u, headers, body);
    // A kept-alive connection the receiver had just closed: try once more on a fresh one.
    if ('error' in r && r.reused && (r.error === 'ECONNRESET' || r.error === 'EPIPE')) r = await once(u, headers, body);
    return 'error' in r ? { error: r.error } : r;
  };
};

export interface DispatcherOptions {
  feed: EventFeed;
  webhooks: () => readonly StoredWebhook[];
  store: DeliveryStateStore;
  clock: () => number;
  send?: Sender;
  retry?: Partial<RetryPolicy>;
  log?: (m: string) => void;
  /**
   * Whether this hub is the one that delivers now (server/webhooks/lease.ts: the store's lease;
   * always, on files). A hub that becomes the leader first reads the state the last one saved.
   */
  isLeader?: () => boolean | Promise<boolean>;
  /** This hub's id, stamped on each save. */
  hubId?: string;
}

export class Dispatcher {
  private state: DeliveryState = { version: 1, streams: {}, deliveries: [] };
  private readonly send: Sender;
  readonly retry: RetryPolicy;
  private running = new Map<string, Promise<void>>();
  private again = new Set<string>();
  /** When each stream should be pumped next (Infinity: when its site's log grows). */
  private due = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private closed = false;
  private saving: Promise<void> | null = null;
  private dirty = false;
  /** This hub was the leader at its last look (it then holds the latest state in memory). */
  private leading = false;
  private reloading: Promise<void> | null = null;
  private readonly hubId: string;

  constructor(private readonly opts: DispatcherOptions) {
    this.send = opts.send ?? httpSender();
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.hubId = opts.hubId ?? newId();
  }

  /** Read the state the leader saved last (one read at a time). */
  private reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => { this.reloading = null; });
    return this.reloading;
  }

  /**
   * Whether to deliver now. Becoming the leader (at start, or when another hub's lease expired)
   * first reads the saved cursors, so that what the last leader delivered is not sent again.
   */
  private async lead(): Promise<boolean> {
    if (!this.opts.isLeader) return true;
    const now = await this.opts.isLeader();
    if (now && !this.leading) {
      await this.reload();
      this.due.clear();
    }
    this.leading = now;
    return now;
  }

  /**
   * Another hub saved the state (a resend made on a hub that does not deliver): the leader takes
   * it and looks at every stream again. Its own saves are recognised by the hub id.
   */
  storeChanged(): void {
    // Coalesced: one read per quarter second at most, however many saves were announced.
    if (this.closed || !this.opts.isLeader || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      this.adopt().catch((e) => this.log(`state not read: ${(e as Error).message}`));
    }, 250);
    this.changeTimer.unref();
  }

  private changeTimer: NodeJS.Timeout | null = null;

  private async adopt(): Promise<void> {
    if (this.closed || !this.leading) return;
    const s = await this.opts.store.load();
    if (!s || s.by === this.hubId || (s.rev ?? 0) <= (this.state.rev ?? 0)) return;
    this.state = s;
    this.due.clear();
    if (this.started) this.schedule(0);
  }

  async load(): Promise<void> {
    const s = await this.opts.store.load();
    if (s) this.state = s;
  }

  private log(m: string): void { this.opts.log?.(`webhooks: ${m}`); }

  /**
   * Write the state: one write at a time, coalesced (changes made meanwhile go in the next). A
   * cursor that lags on disk only means an event is sent again after a crash, never lost.
   */
  private save(): Promise<void> {
    this.dirty = true;
    if (!this.saving) {
      this.saving = (async () => {
        while (this.dirty) {
          this.dirty = false;
          this.state.rev = (this.state.rev ?? 0) + 1;
          this.state.by = this.hubId;
          try { await this.opts.store.save(this.state); } catch (e) { this.log(`state not saved: ${(e as Error).message}`); }
        }
        this.saving = null;
      })();
    }
    return this.saving;
  }

  private streamsNow(): { key: string; hook: StoredWebhook; siteId: string }[] {
    const out: { key: string; hook: StoredWebhook; siteId: string }[] = [];
    for (const hook of this.opts.webhooks()) for (const siteId of hook.siteIds) out.push({ key: streamKey(hook.id, siteId), hook, siteId });
    return out;
  }

  private stream(hook: StoredWebhook, siteId: string): StreamState {
    const key = streamKey(hook.id, siteId);
    return (this.state.streams[key] ??= { cursor: hook.startAfter?.[siteId] ?? 0, pendingId: null, parked: false });
  }

  /** One pass over every stream that is due (tests drive this with their own clock). */
  async tick(): Promise<void> {
    const now = this.opts.clock();
    for (const s of this.streamsNow()) if ((this.due.get(s.key) ?? 0) <= now) this.kick(s.key);
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Run in the background: pumps when a site's log grows and when a retry is due. */
  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /** A site's log grew: streams of that site waiting for events go now. */
  wake(siteId: string): void {
    if (this.closed) return;
    for (const s of this.streamsNow()) {
      if (s.siteId === siteId && (this.due.get(s.key) ?? 0) === Infinity) { this.due.set(s.key, 0); if (this.started) this.kick(s.key); }
    }
  }

  /** Subscriptions changed: forget the streams of deleted ones, start new ones. */
  changed(): void {
    const keys = new Set(this.streamsNow().map((s) => s.key));
    let dropped = false;
    for (const k of Object.keys(this.state.streams)) if (!keys.has(k)) { delete this.state.streams[k]; dropped = true; }
    const hooks = new Set(this.opts.webhooks().map((h) => h.id));
    const before = this.state.deliveries.length;
    this.state.deliveries = this.state.deliveries.filter((d) => hooks.has(d.webhookId));
    // Only the leader writes what it holds (a follower's copy may be behind).
    if ((dropped || before !== this.state.deliveries.length) && (!this.opts.isLeader || this.leading)) void this.save();
    if (this.started) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = this.opts.clock();
      let next = Infinity;
      for (const s of this.streamsNow()) {
        const at = this.due.get(s.key) ?? 0;
        if (at <= now) this.kick(s.key);
        else next = Math.min(next, at);
      }
      // Besides the wake-ups, look again now and then (a lease that moves, a missed notification).
      this.schedule(Math.max(10, Math.min(next - now, 5_000)));
    }, delayMs);
    this.timer.unref();
  }

  private kick(key: string): void {
    if (this.closed) return;
    if (this.running.has(key)) { this.again.add(key); return; }
    const p = this.pump(key)
      .then((at) => { this.due.set(key, at); })
      .catch((e) => { this.log(`${key}: ${(e as Error).message}`); this.due.set(key, this.opts.clock() + 1_000); })
      .finally(() => {
        this.running.delete(key);
        if (this.again.delete(key)) this.kick(key);
        else if (this.started) { const at = this.due.get(key) ?? 0; if (at !== Infinity) this.schedule(Math.max(0, Math.min(at - this.opts.clock(), 5_000))); }
      });
    this.running.set(key, p);
  }

  /** Deliver what the stream can now; returns when to come back (Infinity: on new events). */
  private async pump(key: string): Promise<number> {
    const [webhookId, siteId] = key.split('|') as [string, string];
    for (;;) {
      if (this.closed) return Infinity;
      const hook = this.opts.webhooks().find((h) => h.id === webhookId);
      if (!hook || !hook.siteIds.includes(siteId)) return Infinity;
      if (!(await this.lead())) return this.opts.clock() + 1_000;
      const st = this.stream(hook, siteId);
      if (st.parked) return Infinity;
      const now = this.opts.clock();
      let d = st.pendingId ? this.state.deliveries.find((x) => x.id === st.pendingId) : undefined;
      if (d && d.nextAttemptAt !== null && d.nextAttemptAt > now) return d.nextAttemptAt;
      let event: PublicEvent | undefined;
      if (d) {
        event = (await this.opts.feed.after(siteId, d.eventId - 1, 1))[0];
        if (!event || event.id !== d.eventId) { st.pendingId = null; d = undefined; continue; }
      } else {
        const batch = await this.opts.feed.after(siteId, st.cursor, BATCH);
        if (batch.length === 0) return Infinity;
        const types = hook.types.length ? hook.types : null;
        event = batch.find((e) => !types || types.includes(e.type));
        if (!event) { st.cursor = batch[batch.length - 1]!.id; void this.save(); continue; }
        d = {
          id: newId(), webhookId, siteId, eventId: event.id, type: event.type, status: 'pending', attempts: 0,
          firstAttemptAt: null, lastAttemptAt: null, nextAttemptAt: now, deliveredAt: null, lastStatus: null, lastError: null,
        };
        this.addDelivery(d);
        st.pendingId = d.id;
      }
      const ok = await this.attempt(hook, d, event);
      if (ok) {
        st.cursor = Math.max(st.cursor, d.eventId);
        st.pendingId = null;
        void this.save();
        continue;
      }
      const t = this.opts.clock();
      if (t - (d.firstAttemptAt ?? t) >= this.retry.forMs) {
        d.status = 'parked';
        d.nextAttemptAt = null;
        st.parked = true;
        this.log(`${hook.url}: event ${d.eventId} parked after ${d.attempts} attempts (${d.lastError})`);
        await this.save();
        return Infinity;
      }
      d.nextAttemptAt = t + Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** Math.min(30, d.attempts - 1));
      await this.save();
      return d.nextAttemptAt;
    }
  }

  /** One POST of the event; records the outcome on the delivery. */
  private async attempt(hook: StoredWebhook, d: DeliveryRec, event: PublicEvent): Promise<boolean> {
    const body = JSON.stringify(event);
    const now = this.opts.clock();
    const r = await this.send(hook.url, deliveryHeaders(hook.secret, event.id, Math.floor(now / 1000), body), body);
    const t = this.opts.clock();
    d.attempts++;
    d.firstAttemptAt ??= t;
    d.lastAttemptAt = t;
    if ('status' in r && r.status >= 200 && r.status < 300) {
      d.status = 'delivered';
      d.deliveredAt = t;
      d.lastStatus = r.status;
      d.lastError = null;
      d.nextAttemptAt = null;
      return true;
    }
    d.lastStatus = 'status' in r ? r.status : null;
    d.lastError = 'status' in r ? `HTTP ${r.status}` : r.error;
    return false;
  }

  private addDelivery(d: DeliveryRec): void {
    this.state.deliveries.push(d);
    // Trimmed now and then, not on every delivery: the list is scanned whole to trim.
    if (this.state.deliveries.length % 50 !== 0) return;
    const mine = this.state.deliveries.filter((x) => x.webhookId === d.webhookId);
    if (mine.length > KEEP_PER_WEBHOOK) {
      const drop = new Set(mine.filter((x) => x.status === 'delivered').slice(0, mine.length - KEEP_PER_WEBHOOK).map((x) => x.id));
      this.state.deliveries = this.state.deliveries.filter((x) => !drop.has(x.id));
    }
  }

  deliveries(webhookId: string): DeliveryRec[] {
    return this.state.deliveries.filter((d) => d.webhookId === webhookId).reverse();
  }

  streamsOf(hook: StoredWebhook): { siteId: string; cursor: number; state: 'ok' | 'retrying' | 'parked'; lastError: string | null }[] {
    return hook.siteIds.map((siteId) => {
      const st = this.state.streams[streamKey(hook.id, siteId)];
      const d = st?.pendingId ? this.state.deliveries.find((x) => x.id === st.pendingId) : undefined;
      return {
        siteId, cursor: st?.cursor ?? hook.startAfter?.[siteId] ?? 0,
        state: st?.parked ? 'parked' : d && d.attempts > 0 ? 'retrying' : 'ok', lastError: d?.lastError ?? null,
      };
    });
  }

  /**
   * Resend: a parked delivery goes back to the head of its stream and is tried now (the stream
   * resumes after it, in order); any other is sent once more at once, as a new delivery.
   */
  async resend(hook: StoredWebhook, deliveryId: string): Promise<DeliveryRec | null> {
    // A hub that does not deliver acts on the leader's saved state; the leader takes the change.
    if (!(await this.lead())) await this.reload();
    const d = this.state.deliveries.find((x) => x.id === deliveryId && x.webhookId === hook.id);
    if (!d) return null;
    const key = streamKey(hook.id, d.siteId);
    const st = this.stream(hook, d.siteId);
    if (d.status === 'parked' || d.status === 'pending') {
      d.status = 'pending';
      d.attempts = 0;
      d.firstAttemptAt = null;
      d.nextAttemptAt = this.opts.clock();
      st.parked = false;
      st.pendingId = d.id;
      await this.save();
      this.due.set(key, 0);
      if (this.started) this.kick(key);
      return d;
    }
    const event = (await this.opts.feed.after(d.siteId, d.eventId - 1, 1))[0];
    if (!event || event.id !== d.eventId) return null;
    const again: DeliveryRec = { ...d, id: newId(), status: 'pending', attempts: 0, firstAttemptAt: null, lastAttemptAt: null, nextAttemptAt: null, deliveredAt: null, lastStatus: null, lastError: null, manual: true };
    this.addDelivery(again);
    await this.attempt(hook, again, event);
    if (again.status !== 'delivered') again.status = 'parked';
    await this.save();
    return again;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    await Promise.all([...this.running.values()]);
    if (this.saving) await this.saving;
  }
}
