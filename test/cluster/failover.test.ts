// A stream of issues and calls over 3 hubs on one database; one hub is killed (SIGKILL) mid-stream.
// Every ticket that got a 201 is in the database once, the numbering goes on without a gap, the
// displays on the other hubs got every call, and a screen that was on the killed hub (the shared
// client, common/client.ts, given the hub list at pairing) is back on a live hub with a fresh snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, pairDevice, type HubHandle } from '../helpers/hub.js';
import { openStore } from '../../server/store/open.js';
import type { StorePort } from '../../server/store/port.js';
import { HubClient } from '../../common/client.js';
import { deviceSocket, freshDatabase, startCluster, stopCluster, until } from './support.js';

let hubs: HubHandle[] = [];
let url = '';
beforeAll(async () => { url = await freshDatabase(); hubs = await startCluster(3, url); }, 60_000);
afterAll(async () => { await stopCluster(hubs); });

/** What a browser gives the shared client (node has no localStorage or location). */
function browserGlobals(): void {
  const mem = new Map<string, string>();
  (globalThis as Record<string, unknown>).localStorage ??= {
    getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => { mem.set(k, v); }, removeItem: (k: string) => { mem.delete(k); },
  };
  (globalThis as Record<string, unknown>).location ??= { origin: 'http://127.0.0.1', href: 'http://127.0.0.1/display' };
}

async function dayLog(store: StorePort): Promise<Array<{ t: string; id: string; seq?: number; number?: string }>> {
  const days = await store.listDays('demo');
  return (await store.readDay<{ t: string; id: string; seq?: number; number?: string }>('demo', days[days.length - 1]!)) ?? [];
}

describe('kill -9 of one hub mid-stream', () => {
  it('nothing acknowledged is lost, numbering goes on, the other hubs\' displays got every call, the screen moves to a live hub', async () => {
    const [h0, h1, h2] = hubs as [HubHandle, HubHandle, HubHandle];
    const kiosk = await pairDevice(h0, { kind: 'kiosk' });
    const display = await pairDevice(h0, { kind: 'display' });
    const officer = await login(h1, 'canbo1', h0.demo.canbo1!);
    expect((await api(h2.url, officer)('POST', '/api/counters/counter-1/open')).status).toBe(200);
    // Displays on the hubs that stay up, and a display screen (the shared client) on the one that dies.
    const d1 = deviceSocket(h1.url, display.token), d2 = deviceSocket(h2.url, display.token);
    await Promise.all([d1.ready, d2.ready]);
    browserGlobals();
    const screen = new HubClient({ screen: 'display', baseUrl: h0.url });
    screen.setToken(display.token);
    screen.hubs = [h0.url, h1.url, h2.url];
    screen.connect();
    await until(() => screen.connection === 'online' && screen.snapshot !== null, 'the screen is online on hub 0');
    const before = screen.snapshot;

    const acked: { id: string; number: string }[] = [];
    let alive = [h0, h1, h2];
    const issue = async (h: HubHandle) => {
      try {
        const r = await api(h.url, kiosk.token)<{ ticket: { id: string; number: string } }>('POST', '/api/tickets', { serviceId: 'svc-a' });
        if (r.status === 201) acked.push(r.body.ticket);
      } catch { /* the hub died under the request: not acknowledged */ }
    };
    const callNext = async (h: HubHandle) => {
      try {
        await api(h.url, officer)('POST', '/api/counters/counter-1/complete');
        await api(h.url, officer)('POST', '/api/counters/counter-1/call-next');
      } catch { /* as above */ }
    };
    let killed: Promise<void> | null = null;
    for (let i = 0; i < 60; i++) {
      if (i === 25) { killed = h0.kill(); alive = [h1, h2]; }
      const h = alive[i % alive.length]!;
      // Several in flight at once, on different hubs.
      await Promise.all([issue(h), issue(alive[(i + 1) % alive.length]!), i % 2 ? callNext(alive[(i + 2) % alive.length]!) : null]);
    }
    await killed;

    // The database: each acknowledged ticket once, the numbers 1..N without a gap.
    const store = await openStore({ dataDir: h1.dataDir, databaseUrl: url });
    try {
      const log = await dayLog(store);
      const issued = log.filter((e) => e.t === 'issued');
      for (const t of acked) expect(issued.filter((e) => e.id === t.id).length, `ticket ${t.number}`).toBe(1);
      expect(issued.map((e) => e.seq)).toEqual(issued.map((_, i) => i + 1));
      expect(acked.length).toBeGreaterThan(100);
      // Numbering goes on after the kill.
      const after = await api(h2.url, kiosk.token)<{ ticket: { number: string } }>('POST', '/api/tickets', { serviceId: 'svc-a' });
      expect(after.status).toBe(201);
      expect(Number(after.body.ticket.number.slice(1))).toBe(issued.length + 1);
      // Every call in the log reached the displays on hubs 1 and 2.
      const calls = (await dayLog(store)).filter((e) => e.t === 'called').map((e) => e.id);
      expect(calls.length).toBeGreaterThan(10);
      await until(() => calls.every((id) => d1.called.includes(id) && d2.called.includes(id)), 'every call on both displays');
    } finally { await store.close(); }

    // The screen that was on hub 0 is on a live hub, resynced by a fresh snapshot.
    await until(() => screen.connection === 'online' && screen.hubBase !== h0.url && screen.snapshot !== before, `the screen back on a live hub with a snapshot (${screen.connection} ${screen.hubBase})`);
    expect([h1.url, h2.url]).toContain(screen.hubBase);
    screen.disconnect();
    d1.socket.close(); d2.socket.close();
  }, 60_000);
});
