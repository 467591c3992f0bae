// One delivery per event however many hubs run: 3 real hubs on one real PostgreSQL database, a
// real receiver that verifies every signature with the docs' helper. Tickets are issued and called
// on every hub; each event reaches the receiver once, in order, from whichever hub holds the
// 'webhooks' lease. The leader then stops: another hub takes the lease after its time to live,
// reads the cursor the first saved, and the events that follow arrive once too.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, pairDevice, type HubHandle } from '../helpers/hub.js';
import { nodeVerifier, Receiver } from '../events/receiver.js';
import { freshDatabase, startCluster, stopCluster } from '../cluster/support.js';

let hubs: HubHandle[] = [];
let url = '';
let secret = '';
let receiver: Receiver;

beforeAll(async () => {
  url = await freshDatabase();
  hubs = await startCluster(3, url, { env: { LUOT_WEBHOOK_LEASE_MS: '1500' } });
  receiver = new Receiver(() => secret, await nodeVerifier());
  await receiver.listen();
}, 90_000);
afterAll(async () => { await stopCluster(hubs.filter((h) => h)); await receiver?.close(); });

async function leaseHolder(): Promise<string | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ holder: string }>("select holder from leases where name = 'webhooks' and expires_at > now()");
    // The holder is the store's instance, `<LUOT_HUB_ID>#<random>`.
    return r.rows[0]?.holder.split('#')[0] ?? null;
  } finally { await c.end(); }
}

const ids = () => receiver.deliveries.map((d) => d.event.id);
function expectOnceInOrder(): void {
  const got = ids();
  expect(new Set(got).size, `duplicates in ${JSON.stringify(got)}`).toBe(got.length);
  expect([...got].sort((a, b) => a - b)).toEqual(got);
  expect(receiver.deliveries.every((d) => d.verified)).toBe(true);
}

describe('webhooks on PostgreSQL', { timeout: 120_000 }, () => {
  it('each event is delivered once across 3 hubs, and again once after the leader stops', async () => {
    const [h0] = hubs as [HubHandle];
    const admin = api(h0.url, h0.adminToken);
    const w = await admin('POST', '/api/webhooks', { url: receiver.url, siteIds: ['demo'], types: ['ticket.issued', 'ticket.called'] });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    secret = w.body.secret;
    const kiosk = await pairDevice(h0, { kind: 'kiosk' });
    const officer = await login(h0, 'canbo1', h0.demo.canbo1!);
    expect((await api(hubs[1]!.url, officer)('POST', '/api/counters/counter-1/open')).status).toBe(200);

    let expected = 0;
    const round = async (alive: HubHandle[], n: number) => {
      for (let i = 0; i < n; i++) {
        const h = alive[i % alive.length]!;
        const r = await api(h.url, kiosk.token)('POST', '/api/tickets', { serviceId: 'svc-a' });
        expect(r.status).toBe(201);
        expected++;
        if (i % 3 === 2) {
          const c = await api(alive[(i + 1) % alive.length]!.url, officer)('POST', '/api/counters/counter-1/call-next');
          expect(c.status).toBe(200);
          await api(alive[(i + 1) % alive.length]!.url, officer)('POST', '/api/counters/counter-1/complete');
          expected++;
        }
      }
    };
    await round(hubs, 18);
    await receiver.until(() => receiver.deliveries.length >= expected, `${expected} deliveries`);
    expectOnceInOrder();
    expect(receiver.deliveries.length).toBe(expected);

    // The leader stops; one of the two others takes over after the lease's time to live.
    const holder = await leaseHolder();
    const leader = hubs.find((_, i) => `hub-${i}` === holder);
    expect(leader, `lease holder ${holder}`).toBeDefined();
    await leader!.stop();
    const alive = hubs.filter((h) => h !== leader);
    await round(alive, 9);
    await receiver.until(() => receiver.deliveries.length >= expected, `${expected} deliveries after the leader stopped`);
    // A moment more: a second deliverer would show up as duplicates now.
    await new Promise((r) => setTimeout(r, 2000));
    expectOnceInOrder();
    expect(receiver.deliveries.length).toBe(expected);
    const next = await leaseHolder();
    expect(next).not.toBe(holder);
    expect(next).not.toBeNull();

    // The evaluation reads the day through the store: every completion, whichever hub made it.
    const day = String((receiver.deliveries[0]!.event as { occurredAt?: string }).occurredAt).slice(0, 10);
    const ev = await api(alive[0]!.url, h0.adminToken)('GET', `/api/reports/evaluation?siteId=demo&from=${day}&to=${day}&groupBy=officer`);
    expect(ev.status, JSON.stringify(ev.body)).toBe(200);
    expect(ev.body.total.served).toBe(9);
  });
});
