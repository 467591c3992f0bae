// The PostgreSQL store (LUOT_DATABASE_URL): the store port (../port.ts) over one database that any
// number of hubs share. Tables: ./migrations.ts.
// - A site's appends are serialized across hubs by a transaction-level advisory lock on the site.
//   Calls of one site that arrive while its transaction runs go together in the next one (group
//   commit: one row per transaction under a lock is the slow path, shared/stack.md). In the
//   transaction: the day's head, the entries other hubs appended after the caller's `known` (its
//   `missed`), decide() once per call in order, one insert of every line, the head, a NOTIFY, COMMIT.
// - The lines are the file store's lines, byte for byte: JSON.stringify({n, prev, ...event}).
// - The config document carries a version; a save that finds another hub's newer version merges
//   three ways (../config-merge.ts) and resolves with the merged document.
// - Every failure to reach the database (refused, reset, timed out) is StoreUnavailable, and a
//   transaction that fails leaves nothing behind. The pool opens new connections by itself when the
//   database is back; the LISTEN connection reconnects with backoff and tells {kind:'reconnected'}.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { AuditEntry } from '../audit.js';
import { mergeConfig } from '../config-merge.js';
import { GENESIS, parseDayLog, sha256 } from '../day-log.js';
import { StoreError } from '../errors.js';
import { StoreUnavailable, type DayHead, type StoreChange, type StorePort } from '../port.js';
import type { VerifyResult } from '../verify.js';
import { migrate } from './migrations.js';

export interface PgStoreOptions {
  url: string;
  /** This process's name in leases and notifications (default host-pid-random). */
  hubId?: string;
  /** Pool size (default 10). */
  poolSize?: number;
  /** A query or a connection that takes longer fails as StoreUnavailable (default 1,900 ms). */
  timeoutMs?: number;
  log?: (m: string) => void;
}

/** The database cannot be reached when the hub starts: it says so and exits (main.ts: exit 2). */
export class DatabaseUnreachable extends StoreError {
  readonly code = 'store_unavailable';
  constructor(where: string, detail: string) {
    super(where, detail);
    this.message = `Không kết nối được cơ sở dữ liệu ${where} (${detail}). / Cannot reach the database ${where} (${detail}). Check LUOT_DATABASE_URL and that PostgreSQL runs.`;
  }
}

const CONN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', '53300', '57014']);
const CONN_MESSAGES = /Connection terminated|timeout exceeded|Query read timeout|not queryable|connection error|Connection ended|Client was closed|Cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)/i;

/** Whether an error means "the database is not reachable now" (as opposed to a bug or bad data). */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  if (!err) return false;
  if (err instanceof StoreUnavailable) return true;
  const code = typeof err.code === 'string' ? err.code : '';
  if (CONN_CODES.has(code) || /^08/.test(code) || /^57P0[1-4]$/.test(code)) return true;
  return CONN_MESSAGES.test(String(err.message ?? ''));
}

const unavailable = (e: unknown): unknown => (isConnectionError(e) && !(e instanceof StoreUnavailable) ? new StoreUnavailable((e as Error).message || String(e)) : e);

const LOCK = `select pg_advisory_xact_lock(hashtextextended($1, 0))`;
const LEASE_TTL_MS = 30_000;
const BULK_TIMEOUT_MS = 60_000;

function entryOf<E>(line: string): E {
  const { n: _n, prev: _p, ...event } = JSON.parse(line) as Record<string, unknown>;
  return event as E;
}

interface PendingAppend {
  date: string;
  known: number;
  decide: (missed: readonly object[]) => object[];
  resolve: (r: { n: number }) => void;
  reject: (e: unknown) => void;
}

export class PgStore implements StorePort {
  readonly kind = 'postgres' as const;
  readonly where: string;
  readonly hubId: string;
  /** This store object's name in leases and notifications. */
  readonly instance: string;
  readonly pool: pg.Pool;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly log: (m: string) => void;
  private closed = false;

  private constructor(opts: PgStoreOptions) {
    this.url = opts.url;
    this.where = redact(opts.url);
    this.hubId = opts.hubId ?? `${hostname()}-${process.pid}`;
    // Unique even when two processes were given the same hub id (a restart overlapping the old one):
    // leases and the filter of this store's own notifications go by it.
    this.instance = `${this.hubId}#${randomBytes(4).toString('hex')}`;
    this.timeoutMs = opts.timeoutMs ?? 1_900;
    this.log = opts.log ?? (() => {});
    this.pool = new pg.Pool({
      connectionString: opts.url, max: opts.poolSize ?? 10, keepAlive: true,
      connectionTimeoutMillis: Math.min(1_500, this.timeoutMs), query_timeout: this.timeoutMs, idleTimeoutMillis: 30_000,
      application_name: `luot ${this.hubId}`.slice(0, 63),
    });
    // An idle connection that dies (the database restarted) is dropped; the next query opens another.
    this.pool.on('error', (e) => this.log(`database connection lost: ${e.message}`));
  }

  /** Connect, migrate the schema (or refuse a newer one), and give the store. */
  static async open(opts: PgStoreOptions): Promise<PgStore> {
    const store = new PgStore(opts);
    let client: pg.PoolClient;
    try {
      client = await store.pool.connect();
    } catch (e) {
      await store.pool.end().catch(() => {});
      throw new DatabaseUnreachable(store.where, (e as Error).message || String((e as { code?: string }).code ?? e));
    }
    try {
      await migrate(client, store.where, store.hubId);
    } catch (e) {
      client.release(true);
      await store.pool.end().catch(() => {});
      if (e instanceof StoreError) throw e;
      if (isConnectionError(e)) throw new DatabaseUnreachable(store.where, (e as Error).message);
      throw e;
    }
    client.release();
    return store;
  }

  // ------------------------------------------------------------------ plumbing
  /** A query on the pool; `bulk` (whole days, the audit log, verify) may run up to 60 s, others timeoutMs. */
  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = [], bulk = false): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new StoreUnavailable('the store is closed');
    try {
      return await this.pool.query<R>(bulk ? { text: sql, values: params, query_timeout: BULK_TIMEOUT_MS } as pg.QueryConfig : { text: sql, values: params });
    } catch (e) { throw unavailable(e); }
  }

  /** Run fn in one transaction: COMMIT when it resolves, ROLLBACK (nothing written) when it throws. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, lock?: string): Promise<T> {
    if (this.closed) throw new StoreUnavailable('the store is closed');
    let c: pg.PoolClient;
    try { c = await this.pool.connect(); } catch (e) { throw unavailable(e); }
    let broken: Error | undefined;
    // A connection that dies between two queries of the transaction emits 'error' on the client:
    // kept here (the next query fails with it), never an unhandled error.
    const onError = (e: Error) => { broken = e; };
    c.on('error', onError);
    try {
      // With a lock: one round trip for both (a simple query; the name is escaped).
      await c.query(lock ? `begin; select pg_advisory_xact_lock(hashtextextended(${c.escapeLiteral(lock)}, 0))` : 'begin');
      const out = await fn(c);
      await c.query('commit');
      return out;
    } catch (e) {
      if (isConnectionError(e)) broken = e as Error;
      else await c.query('rollback').catch((r: Error) => { broken = r; });
      throw unavailable(e);
    } finally {
      c.off('error', onError);
      c.release(broken);
    }
  }

  private listeners = new Set<(c: StoreChange) => void>();
  private emit(c: StoreChange): void {
    for (const l of this.listeners) {
      try { l(c); } catch (e) { this.log(`store listener failed: ${(e as Error).message}`); }
    }
  }

  private notifyPayload(c: StoreChange): string { return JSON.stringify({ ...c, hub: this.instance }); }

  // ------------------------------------------------------------------ a site's day log
  private queues = new Map<string, { pending: PendingAppend[]; running: Promise<void> | null }>();
  /** Per site and day: the position after this store's latest decide (the caller has seen up to it). */
  private seen = new Map<string, number>();
  /**
   * Per site and day: a transaction failed after decide() produced events, so the caller's projection
   * holds events that were never written. Appends are refused until the caller re-opens the day.
   */
  private poisoned = new Set<string>();

  async openDay<E extends object>(siteId: string, date: string): Promise<E[]> {
    await this.queues.get(siteId)?.running?.catch(() => {});
    const key = `${siteId}\n${date}`;
    const entries = (await this.readDay<E>(siteId, date)) ?? [];
    this.poisoned.delete(key);
    this.seen.set(key, entries.length);
    return entries;
  }

  appendDay<E extends object>(siteId: string, date: string, known: number, decide: (missed: readonly E[]) => E[]): Promise<{ n: number }> {
    if (this.closed) return Promise.reject(new StoreUnavailable('the store is closed'));
    if (this.poisoned.has(`${siteId}\n${date}`)) {
      return Promise.reject(new StoreUnavailable(`the day ${siteId}/${date} must be re-opened after a failed write`));
    }
    return new Promise((resolve, reject) => {
      let q = this.queues.get(siteId);
      if (!q) { q = { pending: [], running: null }; this.queues.set(siteId, q); }
      q.pending.push({ date, known, decide: decide as unknown as PendingAppend['decide'], resolve, reject });
      if (!q.running) this.drain(siteId, q);
    });
  }

  private drain(siteId: string, q: { pending: PendingAppend[]; running: Promise<void> | null }): void {
    const batch = q.pending;
    q.pending = [];
    q.running = this.runBatch(siteId, batch).finally(() => {
      q.running = null;
      if (q.pending.length) this.drain(siteId, q);
      else if (this.queues.get(siteId) === q) this.queues.delete(siteId);
    });
  }

  private async runBatch(siteId: string, batch: PendingAppend[]): Promise<void> {
    const outcomes: ({ ok: true; n: number } | { ok: false; error: unknown })[] = [];
    const decidedKeys = new Set<string>();
    // Per day: the stored head, the lines this batch adds, and the stored lines after `after`.
    const heads = new Map<string, { count: number; digest: string; lines: string[]; ns: number[]; prevs: string[]; after: number; fetched: string[] }>();
    try {
      await this.tx(async (c) => {
        for (const p of batch) {
          const key = `${siteId}\n${p.date}`;
          if (this.poisoned.has(key)) {
            outcomes.push({ ok: false, error: new StoreUnavailable(`the day ${siteId}/${p.date} must be re-opened after a failed write`) });
            continue;
          }
          const from = Math.max(p.known, this.seen.get(key) ?? 0);
          let h = heads.get(p.date);
          if (!h) {
            // The day's head, the lines after the first caller's position, and the previous day's
            // digest (for a day's first line): one round trip.
            const r = await c.query<{ entries: number | null; digest: string | null; missed: string[]; before: string | null }>(
              `select d.entries, d.digest, (select b.digest from days b where b.site = $1 and b.day < $2 order by b.day desc limit 1) as before,
                      (select coalesce(array_agg(e.line order by e.n), '{}') from day_entries e where e.site = $1 and e.day = $2 and e.n > $3) as missed
               from (select 1) one left join days d on d.site = $1 and d.day = $2`,
              [siteId, p.date, from],
            );
            const row = r.rows[0]!;
            h = row.entries !== null
              ? { count: row.entries, digest: row.digest!, lines: [], ns: [], prevs: [], after: from, fetched: row.missed }
              : { count: 0, digest: row.before ?? GENESIS, lines: [], ns: [], prevs: [], after: from, fetched: [] };
            heads.set(p.date, h);
          }
          const total = h.count + h.lines.length;
          if (from > total) {
            outcomes.push({ ok: false, error: new StoreUnavailable(`the caller knows ${from} entries of ${siteId}/${p.date}, the log has ${total}: re-open the day`) });
            continue;
          }
          let missed: object[] = [];
          if (from < h.count) {
            const lines = from >= h.after
              ? h.fetched.slice(from - h.after, h.count - h.after)
              : (await c.query<{ line: string }>('select line from day_entries where site = $1 and day = $2 and n > $3 and n <= $4 order by n', [siteId, p.date, from, h.count])).rows.map((x) => x.line);
            missed = lines.map((l) => entryOf<object>(l));
          }
          if (from < total) missed = missed.concat(h.lines.slice(Math.max(0, from - h.count)).map((l) => entryOf<object>(l)));
          this.seen.set(key, total);
          let events: object[];
          try {
            events = p.decide(missed);
          } catch (e) {
            outcomes.push({ ok: false, error: e });
            continue;
          }
          for (const e of events) {
            const n = h.count + h.lines.length + 1;
            const line = JSON.stringify({ n, prev: h.digest, ...e });
            h.ns.push(n);
            h.prevs.push(h.digest);
            h.lines.push(line);
            h.digest = sha256(line);
          }
          if (events.length) decidedKeys.add(key);
          this.seen.set(key, h.count + h.lines.length);
          outcomes.push({ ok: true, n: h.count + h.lines.length });
        }
        for (const [date, h] of heads) {
          if (h.lines.length === 0) continue;
          const n = h.count + h.lines.length;
          await c.query(
            `with ins as (insert into day_entries (site, day, n, prev, line) select $1, $2, x.n, x.prev, x.line from unnest($3::int[], $4::text[], $5::text[]) as x(n, prev, line)),
                  head as (insert into days (site, day, entries, digest) values ($1, $2, $6, $7)
                           on conflict (site, day) do update set entries = excluded.entries, digest = excluded.digest)
             select pg_notify('luot', $8)`,
            [siteId, date, h.ns, h.prevs, h.lines, n, h.digest, this.notifyPayload({ kind: 'log', siteId, date, n })],
          );
        }
      }, `luot:day:${siteId}`);
    } catch (e) {
      // Nothing of this batch was written. A caller whose decide() produced events has them in its
      // projection: it must re-open the day before appending again.
      for (const key of decidedKeys) { this.poisoned.add(key); this.seen.delete(key); }
      for (let i = 0; i < batch.length; i++) {
        const o = outcomes[i];
        batch[i].reject(o && !o.ok ? o.error : e);
      }
      return;
    }
    for (let i = 0; i < batch.length; i++) {
      const o = outcomes[i]!;
      if (o.ok) batch[i].resolve({ n: o.n }); else batch[i].reject(o.error);
    }
    for (const [date, h] of heads) if (h.lines.length) this.emit({ kind: 'log', siteId, date, n: h.count + h.lines.length });
  }

  async readDay<E>(siteId: string, date: string, from = 0): Promise<E[] | null> {
    const r = await this.q<{ line: string }>('select line from day_entries where site = $1 and day = $2 and n > $3 order by n', [siteId, date, from], true);
    if (r.rows.length === 0) {
      const d = await this.q('select 1 from days where site = $1 and day = $2', [siteId, date]);
      return d.rows.length ? [] : null;
    }
    return r.rows.map((x) => entryOf<E>(x.line));
  }

  async listDays(siteId: string): Promise<string[]> {
    const r = await this.q<{ day: string }>('select day from days where site = $1 order by day', [siteId]);
    return r.rows.map((x) => x.day);
  }

  async dayHead(siteId: string, date: string): Promise<DayHead | null> {
    const r = await this.q<{ entries: number; digest: string }>('select entries, digest from days where site = $1 and day = $2', [siteId, date]);
    return r.rows[0] ? { entries: r.rows[0].entries, digest: r.rows[0].digest } : null;
  }

  private async digestBeforeOn(c: pg.ClientBase | pg.Pool, siteId: string, date: string): Promise<string> {
    const r = await c.query<{ digest: string }>('select digest from days where site = $1 and day < $2 order by day desc limit 1', [siteId, date]);
    return r.rows[0]?.digest ?? GENESIS;
  }

  async digestBefore(siteId: string, date: string): Promise<string> {
    try { return await this.digestBeforeOn(this.pool, siteId, date); } catch (e) { throw unavailable(e); }
  }

  async closeDay(siteId: string): Promise<void> {
    await this.queues.get(siteId)?.running?.catch(() => {});
  }

  async removeSite(siteId: string): Promise<void> {
    await this.closeDay(siteId);
    await this.tx(async (c) => {
      await c.query(LOCK, [`luot:day:${siteId}`]);
      await c.query('delete from day_entries where site = $1', [siteId]);
      await c.query('delete from days where site = $1', [siteId]);
      await c.query('delete from docs where name = $1', [`procedures/${siteId}`]);
    });
    for (const key of [...this.seen.keys(), ...this.poisoned]) {
      if (key.startsWith(`${siteId}\n`)) { this.seen.delete(key); this.poisoned.delete(key); }
    }
  }

  // ------------------------------------------------------------------ config and audit
  /** What each config object the caller holds descends from: the stored text and its version. */
  private configBase = new WeakMap<object, { text: string; version: number }>();
  private configTurn: Promise<unknown> = Promise.resolve();

  /** In turn with the saves: a load never overtakes a save made before it. */
  loadConfig<T extends object>(): Promise<T | null> {
    const turn = this.configTurn.catch(() => {}).then(() => this.loadConfigNow<T>());
    this.configTurn = turn;
    return turn;
  }

  private async loadConfigNow<T extends object>(): Promise<T | null> {
    const r = await this.q<{ version: string; doc: string }>('select version, doc::text as doc from config where id = 1');
    const row = r.rows[0];
    if (!row) return null;
    const doc = JSON.parse(row.doc) as T;
    this.configBase.set(doc, { text: row.doc, version: Number(row.version) });
    return doc;
  }

  saveConfig<T extends object>(doc: T, audit: readonly AuditEntry[]): Promise<T> {
    // The document as it is now; later changes to the same object come with their own save.
    const mine = JSON.stringify(doc);
    const turn = this.configTurn.catch(() => {}).then(async () => {
      const base = this.configBase.get(doc) ?? null;
      const out = await this.tx(async (c) => {
        await c.query(LOCK, ['luot:config']);
        const r = await c.query<{ version: string; doc: string }>('select version, doc::text as doc from config where id = 1');
        const cur = r.rows[0];
        const curVersion = cur ? Number(cur.version) : 0;
        let text = mine;
        let merged: T | null = null;
        if (cur && curVersion !== (base?.version ?? 0)) {
          merged = mergeConfig<T>(base ? JSON.parse(base.text) : null, JSON.parse(mine), JSON.parse(cur.doc));
          text = JSON.stringify(merged);
        }
        const version = curVersion + 1;
        await c.query(
          `insert into config (id, version, doc, saved_at) values (1, $1, $2::json, now())
           on conflict (id) do update set version = excluded.version, doc = excluded.doc, saved_at = excluded.saved_at`,
          [version, text],
        );
        await this.appendAuditOn(c, audit);
        await c.query(`select pg_notify('luot', $1)`, [this.notifyPayload({ kind: 'config' })]);
        return { text, version, merged, curVersion };
      });
      if (out.merged) {
        // The caller's object still lacks the other hub's changes: its next save merges again.
        this.configBase.set(doc, { text: mine, version: out.curVersion });
        this.configBase.set(out.merged, { text: out.text, version: out.version });
        return out.merged;
      }
      this.configBase.set(doc, { text: mine, version: out.version });
      return doc;
    });
    this.configTurn = turn;
    const result = turn.then((d) => { this.emit({ kind: 'config' }); return d; });
    return result;
  }

  private async appendAuditOn(c: pg.ClientBase, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await c.query(LOCK, ['luot:audit']);
    const r = await c.query<{ n: number; line: string }>('select n, line from audit order by n desc limit 1');
    let n = r.rows[0]?.n ?? 0;
    let prev = r.rows[0] ? sha256(r.rows[0].line) : GENESIS;
    const ns: number[] = [], prevs: string[] = [], lines: string[] = [];
    for (const e of entries) {
      n++;
      const line = JSON.stringify({ n, prev, ...e });
      ns.push(n); prevs.push(prev); lines.push(line);
      prev = sha256(line);
    }
    await c.query('insert into audit (n, prev, line) select * from unnest($1::int[], $2::text[], $3::text[])', [ns, prevs, lines]);
  }

  async openAudit(): Promise<AuditEntry[]> { return this.readAudit(0); }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.tx((c) => this.appendAuditOn(c, entries));
  }

  async readAudit(from: number): Promise<AuditEntry[]> {
    const r = await this.q<{ line: string }>('select line from audit where n > $1 order by n', [from], true);
    return r.rows.map((x) => entryOf<AuditEntry>(x.line));
  }

  async auditHead(): Promise<DayHead> {
    const r = await this.q<{ n: number; line: string }>('select n, line from audit order by n desc limit 1');
    return r.rows[0] ? { entries: r.rows[0].n, digest: sha256(r.rows[0].line) } : { entries: 0, digest: GENESIS };
  }

  // ------------------------------------------------------------------ documents
  async readDoc<T>(name: string): Promise<T | null> {
    const r = await this.q<{ doc: string }>('select doc::text as doc from docs where name = $1', [name]);
    return r.rows[0] ? (JSON.parse(r.rows[0].doc) as T) : null;
  }

  async writeDoc<T>(name: string, doc: T): Promise<void> {
    await this.q(
      `with up as (insert into docs (name, doc, saved_at) values ($1, $2::json, now())
                   on conflict (name) do update set doc = excluded.doc, saved_at = excluded.saved_at)
       select pg_notify('luot', $3)`,
      [name, JSON.stringify(doc), this.notifyPayload({ kind: 'doc', name })],
    );
    this.emit({ kind: 'doc', name });
  }

  async listDocs(prefix: string): Promise<string[]> {
    const r = await this.q<{ name: string }>('select name from docs where starts_with(name, $1)', [prefix], true);
    return r.rows.map((x) => x.name).sort();
  }

  // ------------------------------------------------------------------ notifications
  private listener: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  /** The LISTEN connection being made or in use, so that close() can end it at any moment. */
  private connecting: pg.Client | null = null;

  subscribe(fn: (c: StoreChange) => void): () => void {
    this.listeners.add(fn);
    this.listening ??= this.listen();
    return () => { this.listeners.delete(fn); };
  }

  /** One connection doing LISTEN luot, for as long as the store is open; reconnects with backoff. */
  private async listen(): Promise<void> {
    let delay = 100;
    let first = true;
    while (!this.closed) {
      const c = new pg.Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: 1_500, query_timeout: this.timeoutMs });
      this.connecting = c;
      let ping: NodeJS.Timeout | null = null;
      try {
        await new Promise<void>((resolve, reject) => {
          c.on('error', reject);
          // Ended by close() (even while connecting, when pg settles no connect promise).
          c.on('end', () => resolve());
          c.connect().then(() => c.query('listen luot')).then(() => {
            // Closed while this connection was being made: nobody would end it.
            if (this.closed) { resolve(); return; }
            this.listener = c;
            if (!first) this.emit({ kind: 'reconnected' });
            first = false;
            delay = 100;
            c.on('notification', (m) => this.onNotification(m.payload));
            // A connection that silently died (network) is found by a ping.
            ping = setInterval(() => { c.query('select 1').catch((e: Error) => reject(e)); }, 5_000);
            ping.unref();
          }, reject);
        });
      } catch (e) {
        if (!this.closed) this.log(`LISTEN connection lost: ${(e as Error).message}`);
      }
      if (ping) clearInterval(ping);
      this.listener = null;
      c.removeAllListeners('notification');
      await c.end().catch(() => {});
      if (this.closed) break;
      first = false;
      await new Promise((r) => setTimeout(r, delay).unref());
      delay = Math.min(delay * 2, 2_000);
    }
  }

  private onNotification(payload: string | undefined): void {
    if (!payload) return;
    let c: StoreChange & { hub?: string };
    try { c = JSON.parse(payload); } catch { return; }
    // This hub's own changes were told when they committed.
    if (c.hub === this.instance) return;
    const { hub: _h, ...change } = c;
    this.emit(change as StoreChange);
  }

  // ------------------------------------------------------------------ leases
  async tryLease(name: string, ttlMs: number): Promise<boolean> {
    const r = await this.q(
      `insert into leases (name, holder, epoch, expires_at) values ($1, $2, 1, now() + make_interval(secs => $3::float8 / 1000))
       on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at,
         epoch = leases.epoch + (case when leases.holder = excluded.holder then 0 else 1 end)
       where leases.holder = excluded.holder or leases.expires_at <= now()
       returning epoch`,
      [name, this.instance, ttlMs],
    );
    return (r.rowCount ?? 0) > 0;
  }

  private running = new Set<string>();
  async withLease<T>(name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      if (!(await this.tryLease(name, LEASE_TTL_MS))) return { ran: false };
      const renew = setInterval(() => { this.tryLease(name, LEASE_TTL_MS).catch(() => {}); }, LEASE_TTL_MS / 3);
      renew.unref();
      try {
        return { ran: true, value: await fn() };
      } finally {
        clearInterval(renew);
        await this.q('delete from leases where name = $1 and holder = $2', [name, this.instance]).catch(() => {});
      }
    } finally {
      this.running.delete(name);
    }
  }

  // ------------------------------------------------------------------ checks, health, close
  /** The file store's checks over the tables (the same parser, so the same findings and messages). */
  async verify(): Promise<VerifyResult> {
    const res: VerifyResult = { ok: true, files: 0, entries: 0, firstBad: null, days: [] };
    const fail = (file: string, message: string) => {
      if (!res.firstBad) res.firstBad = { file, message };
      res.ok = false;
    };
    const clean = (e: unknown) => (e instanceof StoreError ? e.message.replace(/^Data file \S+: /, '').replace(/\. The hub will not start.*$/, '') : String(e));
    const closes = new Map<string, { digest: string; entries: number }>();
    const cfg = await this.q<{ doc: string }>('select doc::text as doc from config where id = 1');
    if (cfg.rows[0]) {
      res.files++;
      try { JSON.parse(cfg.rows[0].doc); } catch (e) { fail('config', `is not valid JSON (${(e as Error).message})`); }
    }
    const audit = await this.q<{ n: number; prev: string; line: string }>('select n, prev, line from audit order by n', [], true);
    if (audit.rows.length) {
      res.files++;
      try {
        const a = parseDayLog<AuditEntry>('audit', linesText(audit.rows), GENESIS);
        checkPrevColumn('audit', audit.rows);
        res.entries += a.entries.length;
        for (const e of a.entries) {
          if (e.action === 'day.close' && e.target) closes.set(`${e.target.slice(5)}/${String(e.detail.date)}`, { digest: String(e.detail.digest), entries: Number(e.detail.entries) });
        }
      } catch (e) {
        fail('audit', clean(e));
      }
    }
    const days = await this.q<{ site: string; day: string; entries: number; digest: string }>(
      `select site, day, entries, digest from days
       union select distinct site, day, -1, '' from day_entries e where not exists (select 1 from days d where d.site = e.site and d.day = e.day)
       order by site, day`, [], true,
    );
    let site: string | null = null;
    let prev = GENESIS;
    for (const d of days.rows) {
      if (d.site !== site) { site = d.site; prev = GENESIS; }
      const file = `sites/${d.site}/${d.day}`;
      res.files++;
      try {
        const rows = (await this.q<{ n: number; prev: string; line: string }>('select n, prev, line from day_entries where site = $1 and day = $2 order by n', [d.site, d.day], true)).rows;
        const parsed = parseDayLog(file, linesText(rows), prev);
        checkPrevColumn(file, rows);
        res.entries += parsed.entries.length;
        res.days.push({ siteId: d.site, date: d.day, entries: parsed.entries.length, digest: parsed.lastHash });
        if (d.entries !== parsed.entries.length || d.digest !== parsed.lastHash) {
          fail(file, `differs from its recorded head (${d.entries} entries, ${d.digest.slice(0, 16)}…)`);
        }
        const closed = closes.get(`${d.site}/${d.day}`);
        if (closed && (closed.digest !== parsed.lastHash || closed.entries !== parsed.entries.length)) {
          fail(file, `differs from the digest recorded when the day closed (${closed.entries} entries, ${closed.digest.slice(0, 16)}…)`);
        }
        prev = parsed.lastHash;
      } catch (e) {
        fail(file, clean(e));
        prev = '(broken)';
      }
    }
    return res;
  }

  async health(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new StoreUnavailable('no answer within 2 s')), 2_000); });
    try {
      await Promise.race([this.q('select 1'), timeout]);
    } catch (e) {
      throw e instanceof StoreUnavailable ? e : new StoreUnavailable((e as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const q of this.queues.values()) await q.running?.catch(() => {});
    await this.configTurn.catch(() => {});
    this.closed = true;
    await (this.listener ?? this.connecting)?.end().catch(() => {});
    await this.listening?.catch(() => {});
    await this.pool.end().catch(() => {});
  }
}

function linesText(rows: { line: string }[]): string {
  let s = '';
  for (const r of rows) s += r.line + '\n';
  return s;
}

/** The `prev` column must say what the line says (a copy for queries; the line is the truth). */
function checkPrevColumn(file: string, rows: { n: number; prev: string; line: string }[]): void {
  for (const r of rows) {
    const obj = JSON.parse(r.line) as { prev?: unknown };
    if (obj.prev !== r.prev) throw new StoreError(file, `line ${r.n} was altered (its prev column differs from the line)`);
  }
}

/** The URL without its password, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString().replace(/:@/, '@');
  } catch {
    return 'postgres://…';
  }
}
