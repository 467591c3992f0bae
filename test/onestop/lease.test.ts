// One delivery per event across hubs: two dispatchers (two hubs) share the webhook state through a
// real file Store's documents and a lease table with tryLease's contract (one holder per name
// until its time to live passes). Only the holder delivers; a dispatcher that does not hold the
// lease sends nothing; when the holder stops renewing (it died), the other takes over after the
// time to live, reads the cursors the first saved, and goes on from there: each event arrives once.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredWebhook } from '../../server/app/config-doc.js';
import { defaultSettings } from '../../server/domain/defaults.js';
import type { DayEvent, SiteConfig } from '../../server/domain/model.js';
import { EventFeed, type LogSource } from '../../server/events/feed.js';
import { Store } from '../../server/store/store.js';
import { Dispatcher, httpSender, type Sender } from '../../server/webhooks/dispatcher.js';
import { LeaseKeeper } from '../../server/webhooks/lease.js';
import { portDeliveryStore } from '../../server/webhooks/webhooks.js';

const DATE = '2026-12-03';
const cfg: SiteConfig = {
  site: { id: 's1', name: 'Điểm 1', timeZone: 'Asia/Ho_Chi_Minh', settings: defaultSettings() },
  services: new Map([['svcA', { id: 'svcA', siteId: 's1', code: 'A', name: { vi: 'Hộ tịch', en: 'Civil status' }, active: true, dailyCap: null, hours: null }]]),
  counters: new Map(),
};
const T0 = Date.parse('2026-12-03T08:00:00+07:00');
const issued = (i: number): DayEvent => ({ t: 'issued', at: T0 + i, id: `t${i}`, seq: i, number: `A00${i}`, serviceId: 'svcA', priority: null, by: 'device:k' });

/** The day log both hubs read (on PostgreSQL it is one table). */
const entries: DayEvent[] = [];
const listeners = new Set<(s: string) => void>();
const source: LogSource = {
  async days() { return [DATE]; },
  async read(_s, _d, from) { return { entries: entries.slice(from), sealed: false }; },
  onGrew(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  context: () => ({ cfg, officer: () => null }),
};

/** tryLease's contract: the holder renews; another gets the name only after it expired. */
class LeaseTable {
  private held = new Map<string, { holder: string; until: number }>();
  try(holder: string, name: string, ttlMs: number): boolean {
    const now = performance.now();
    const cur = this.held.get(name);
    if (cur && cur.holder !== holder && cur.until > now) return false;
    this.held.set(name, { holder, until: now + ttlMs });
    return true;
  }
}

const TTL = 300;
let server: Server;
let url = '';
const received: number[] = [];
let dir = '';
let store: Store;
const leases = new LeaseTable();
const hook: StoredWebhook = { id: 'w1', url: '', siteIds: ['s1'], types: [], secret: 'whsec_lease', createdAt: '', createdBy: '', startAfter: { s1: 0 } };

interface FakeHub { name: string; keeper: LeaseKeeper; dispatcher: Dispatcher; sent: number[] }
function hubNamed(name: string): FakeHub {
  const keeper = new LeaseKeeper({ tryLease: async (n, ttl) => leases.try(name, n, ttl) }, 'webhooks', TTL);
  const sent: number[] = [];
  const http = httpSender();
  const send: Sender = async (u, h, b) => { sent.push(Number(h['Luot-Event-Id'])); return http(u, h, b); };
  const dispatcher = new Dispatcher({
    feed: new EventFeed(source), webhooks: () => [hook], store: portDeliveryStore(store), clock: Date.now, send, isLeader: keeper.isLeader, hubId: name,
  });
  return { name, keeper, dispatcher, sent };
}
async function boot(h: FakeHub): Promise<FakeHub> {
  await h.dispatcher.load();
  await h.keeper.start();
  h.dispatcher.start();
  return h;
}
function grow(i: number, ...hubs: FakeHub[]): void {
  entries.push(issued(i));
  for (const l of listeners) l('s1');
  for (const h of hubs) h.dispatcher.wake('s1');
}
async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(received)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const ids = (...n: number[]) => n.map((i) => Number(`${DATE.replaceAll('-', '')}${String(i).padStart(6, '0')}`));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'luot-lease-'));
  store = new Store(dir);
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => { received.push(Number(req.headers['luot-event-id'])); res.statusCode = 204; res.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  hook.url = url;
});
afterAll(async () => {
  server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('webhooks across hubs: only the lease holder delivers', { timeout: 60_000 }, () => {
  it('delivers each event once while the lease moves from a dead hub to another and back', async () => {
    for (const i of [1, 2, 3]) entries.push(issued(i));
    const a = await boot(hubNamed('A'));
    const b = await boot(hubNamed('B'));
    expect(a.keeper.isLeader()).toBe(true);
    expect(b.keeper.isLeader()).toBe(false);
    await until('A to deliver 1-3', () => received.length >= 3);
    expect(b.sent).toEqual([]);

    // A stops renewing (it hangs or dies): from now it sends nothing, though its dispatcher runs.
    a.keeper.stop();
    grow(4, a, b);
    await until('B to take over and deliver 4', () => received.length >= 4);
    expect(b.keeper.isLeader()).toBe(true);
    // A comes back: the lease is B's now, so A still sends nothing.
    await a.keeper.start();
    expect(a.keeper.isLeader()).toBe(false);
    grow(5, a, b);
    await until('B to deliver 5', () => received.length >= 5);
    expect(a.sent).toEqual(ids(1, 2, 3));
    expect(b.sent).toEqual(ids(4, 5));

    // B dies for good: A takes the lease after its time to live, reads B's cursor, goes on at 6.
    b.keeper.stop();
    await b.dispatcher.close();
    grow(6, a);
    await until('A to deliver 6', () => received.length >= 6);
    await new Promise((r) => setTimeout(r, TTL));
    expect(received).toEqual(ids(1, 2, 3, 4, 5, 6));
    expect(a.sent).toEqual(ids(1, 2, 3, 6));
    a.keeper.stop();
    await a.dispatcher.close();
  });
});
