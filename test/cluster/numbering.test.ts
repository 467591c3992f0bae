// Three hubs on one PostgreSQL database: 500 tickets issued at once, spread over the three, get 500
// distinct numbers with none skipped; every hub then shows the same queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, pairDevice, type HubHandle } from '../helpers/hub.js';
import { freshDatabase, startCluster, stopCluster, until } from './support.js';

let hubs: HubHandle[] = [];
beforeAll(async () => { hubs = await startCluster(3, await freshDatabase()); }, 60_000);
afterAll(async () => { await stopCluster(hubs); });

describe('3 hubs, one database', () => {
  it('health says postgres and names each hub', async () => {
    for (const [i, h] of hubs.entries()) {
      expect((await api(h.url)('GET', '/api/health')).body).toEqual({ ok: true, store: 'postgres', hub: `hub-${i}` });
    }
  });

  it('500 concurrent issues over 3 hubs: 500 distinct numbers, none skipped, the same queue everywhere', async () => {
    // Paired on hub 0: its token works on the others at once (they read the config when they do not know it).
    const kiosk = await pairDevice(hubs[0]!, { kind: 'kiosk' });
    const services = ['svc-a', 'svc-b'];
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) =>
      api(hubs[i % 3]!.url, kiosk.token)<{ ticket: { id: string; number: string; serviceId: string } }>('POST', '/api/tickets', { serviceId: services[i % 2] })));
    expect(answers.filter((a) => a.status !== 201).map((a) => a.body)).toEqual([]);
    const numbers = answers.map((a) => a.body.ticket.number);
    expect(new Set(numbers).size).toBe(500);
    for (const code of ['A', 'B']) {
      const seqs = numbers.filter((n) => n.startsWith(code)).map((n) => Number(n.slice(1))).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    }
    // Every hub caught up: 250 waiting per service.
    for (const h of hubs) {
      await until(async () => {
        const q = await api(h.url, h.adminToken)<{ waiting: { serviceId: string; count: number }[] }>('GET', '/api/queue?siteId=demo');
        return services.every((s) => q.body.waiting.find((w) => w.serviceId === s)?.count === 250);
      }, `hub ${h.url} shows 250 waiting per service`);
    }
  }, 60_000);
});
