// Shared helpers of the integration suites: a hub whose sites sit at local midday (so no test meets
// the site-local midnight rollover), fresh isolated sites, "nothing changed" checks, socket clients.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { expect, inject } from 'vitest';
import { createDatabase } from '../helpers/pg.js';
import { api, startHub, type HubHandle, type StartOptions } from '../helpers/hub.js';

export { api, ADMIN_PASSWORD, login, pairDevice, startHub, startHubExpectingFailure, type HubHandle } from '../helpers/hub.js';

/**
 * A fixed-offset zone where it is now about noon. The hub's numbering follows the site-local day, and
 * a suite run near midnight would otherwise see the day (and its queue) roll over between two steps.
 */
export function middayZone(): string {
  const off = 12 - new Date().getUTCHours(); // UTC+off, in -11..12
  if (off === 0) return 'Etc/GMT';
  return off > 0 ? `Etc/GMT-${off}` : `Etc/GMT+${-off}`;
}

export async function startTestHub(opts: StartOptions = {}): Promise<HubHandle> {
  // LUOT_TEST_STORE=postgres (test/store/hub-on-postgres.test.ts): each hub on a fresh database.
  const pg: Record<string, string> = process.env.LUOT_TEST_STORE === 'postgres' && !opts.env?.LUOT_DATABASE_URL
    ? { LUOT_DATABASE_URL: await createDatabase(inject('pgAdminUrl')) } : {};
  return startHub({ ...opts, env: { LUOT_TZ: middayZone(), ...pg, ...opts.env } });
}

export type Res<T = any> = { status: number; body: T };

/** The contract's error: exact status and code, and the field when named. */
export function expectError(r: Res, status: number, code: string, field?: string): void {
  expect({ status: r.status, code: r.body?.error?.code }, JSON.stringify(r.body)).toEqual({ status, code });
  expect(typeof r.body.error.message).toBe('string');
  expect(r.body.error.message.length).toBeGreaterThan(0);
  if (field !== undefined) {
    expect(r.body.error.field).toBe(field);
    // A 400 names the bad field in its message too (api.md, Conventions).
    if (code === 'invalid_input') expect(r.body.error.message).toContain(field);
  }
}

/** Every file of the data dir with the SHA-256 of its bytes. */
export function dataDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/**
 * Run requests that must be refused, and check that nothing changed: the data dir is byte-for-byte
 * the same, and so is the queue of each named site as an admin reads it.
 */
export async function expectUnchanged(h: HubHandle, fn: () => Promise<unknown>, siteIds: string[] = ['demo']): Promise<void> {
  const admin = api(h.url, h.adminToken);
  const queues = async () => Promise.all(siteIds.map(async (s) => (await admin('GET', `/api/queue?siteId=${s}`)).body));
  const beforeFiles = dataDigest(h.dataDir);
  const beforeQueues = await queues();
  await fn();
  expect(dataDigest(h.dataDir)).toEqual(beforeFiles);
  expect(await queues()).toEqual(beforeQueues);
}

let userSeq = 0;

export interface TestSite {
  siteId: string;
  /** Service id by letter. */
  svc: Record<string, string>;
  /** Counter ids, in the order given. */
  counters: string[];
  /** Officer tokens and names, one per requested officer. */
  officers: { token: string; id: string; name: string; username: string }[];
}

/** A new site of its own (services, counters, officers), so that a test shares no queue with others. */
export async function makeSite(
  h: HubHandle,
  spec: { name?: string; services: string[]; counters: string[][]; officers?: number; dailyCap?: number | null },
): Promise<TestSite> {
  const admin = api(h.url, h.adminToken);
  const site = await admin('POST', '/api/sites', { name: spec.name ?? `Điểm thử ${++userSeq}` });
  expect(site.status).toBe(201);
  const siteId: string = site.body.site.id;
  const svc: Record<string, string> = {};
  for (const code of spec.services) {
    const r = await admin('POST', '/api/services', { siteId, code, name: { vi: `Lĩnh vực ${code}`, en: `Service ${code}` }, dailyCap: spec.dailyCap ?? null });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    svc[code] = r.body.service.id;
  }
  const counters: string[] = [];
  for (const [i, codes] of spec.counters.entries()) {
    const r = await admin('POST', '/api/counters', { siteId, number: i + 1, serviceIds: codes.map((c) => svc[c]) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    counters.push(r.body.counter.id);
  }
  // Password hashing is the slow part: make the officers side by side.
  const officers: TestSite['officers'] = await Promise.all(Array.from({ length: spec.officers ?? 0 }, async () => {
    const username = `officer${++userSeq}`;
    const name = `Cán bộ Thử ${userSeq}`;
    const u = await admin('POST', '/api/users', { username, password: 'secret-pw', name, role: 'officer', siteIds: [siteId] });
    expect(u.status, JSON.stringify(u.body)).toBe(201);
    const l = await api(h.url)('POST', '/api/auth/login', { username, password: 'secret-pw' });
    return { token: l.body.token as string, id: u.body.user.id as string, name, username };
  }));
  return { siteId, svc, counters, officers };
}

// ------------------------------------------------------------------ sockets
export interface Received { event: string; payload: any }

/** A socket.io client that records every event it receives, in order. */
export class Client {
  readonly events: Received[] = [];
  private waiters: { pred: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      const r = { event, payload };
      this.events.push(r);
      this.waiters = this.waiters.filter((w) => (w.pred(r) ? (w.resolve(r), false) : true));
    });
    socket.on('disconnect', (reason) => {
      const r = { event: 'disconnect', payload: reason };
      this.events.push(r);
      this.waiters = this.waiters.filter((w) => (w.pred(r) ? (w.resolve(r), false) : true));
    });
  }

  /** How many events came so far: pass it to waitFor to look only at later ones. */
  mark(): number { return this.events.length; }

  /** The first event (already received or still to come, from index `from` on) that matches. */
  waitFor(event: string, pred: (payload: any) => boolean = () => true, from = 0): Promise<any> {
    const match = (r: Received) => r.event === event && pred(r.payload);
    const seen = this.events.slice(from).find(match);
    if (seen) return Promise.resolve(seen.payload);
    return new Promise((resolve) => this.waiters.push({ pred: match, resolve: (r) => resolve(r.payload) }));
  }

  of(event: string): any[] {
    return this.events.filter((r) => r.event === event).map((r) => r.payload);
  }

  /** Run a command with an ack. */
  command<T = any>(name: string, args: unknown): Promise<T> {
    return new Promise((resolve) => (this.socket.emit as (...a: unknown[]) => void)(name, args, resolve));
  }

  close(): void { this.socket.close(); }
}

function rawSocket(url: string, auth: Record<string, unknown>, lang = 'vi'): Socket {
  return ioClient(url, {
    transports: ['websocket'], auth, reconnection: false, forceNew: true,
    extraHeaders: { 'Accept-Language': lang },
  });
}

/** Connect and wait until the handshake is accepted; the client records from the first event on. */
export function connect(url: string, auth: Record<string, unknown>, lang?: string): Promise<Client> {
  const s = rawSocket(url, auth, lang);
  const c = new Client(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(c));
    s.once('connect_error', (e) => { s.close(); reject(e); });
  });
}

/** Connect expecting a refusal; returns the connect_error's message and data. */
export function connectRefused(url: string, auth: Record<string, unknown>, lang?: string): Promise<{ message: string; data: any }> {
  const s = rawSocket(url, auth, lang);
  return new Promise((resolve, reject) => {
    s.once('connect', () => { s.close(); reject(new Error('connection was accepted')); });
    s.once('connect_error', (e: Error & { data?: unknown }) => { s.close(); resolve({ message: e.message, data: e.data }); });
  });
}
