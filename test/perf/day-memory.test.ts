// The hub lets go of a day's events once they are durable (it keeps the folded day, and only the
// latest events for the feed): the queue, a restart's replay and the events feed still see every
// event. Issues enough tickets at one site that the day's first events have left memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makeSite, startTestHub, type HubHandle, type TestSite } from '../integration/support.js';

let h: HubHandle;
let site: TestSite;
const TICKETS = 700;

beforeAll(async () => {
  h = await startTestHub({ demo: false });
  site = await makeSite(h, { services: ['A', 'B'], counters: [['A', 'B']], officers: 1 });
  const staff = api(h.url, site.officers[0]!.token);
  for (let i = 0; i < TICKETS; i += 50) {
    const batch = await Promise.all(Array.from({ length: 50 }, (_, k) => staff('POST', '/api/tickets', { serviceId: (i + k) % 2 ? site.svc.B : site.svc.A })));
    for (const r of batch) expect(r.status).toBe(201);
  }
  const counter = site.counters[0]!;
  expect((await staff('POST', `/api/counters/${counter}/open`)).status).toBe(200);
  for (let i = 0; i < 20; i++) {
    expect((await staff('POST', `/api/counters/${counter}/call-next`)).status).toBe(200);
    expect((await staff('POST', `/api/counters/${counter}/complete`)).status).toBe(200);
  }
}, 120_000);
afterAll(async () => { await h?.stop(); h?.cleanup(); });

describe('a long day', () => {
  it('the events feed reads the whole day from its start, the early events from the log', async () => {
    const admin = api(h.url, h.adminToken);
    const k = await admin('POST', '/api/integrations', { name: 'Kho dữ liệu', siteIds: [site.siteId], scopes: ['events:read'] });
    expect(k.status, JSON.stringify(k.body)).toBe(201);
    const reader = api(h.url, k.body.key);
    const seen: { type: string; data: { ticket?: { number: string } } }[] = [];
    let after = 0;
    for (;;) {
      const page = await reader('GET', `/api/events?siteId=${site.siteId}&after=${after}&limit=500`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      if (page.body.events.length === 0) break;
      seen.push(...page.body.events);
      after = page.body.next;
    }
    const issued = seen.filter((e) => e.type === 'ticket.issued');
    expect(issued).toHaveLength(TICKETS);
    expect(issued[0]!.data.ticket!.number).toBe('A001');
    expect(issued.at(-1)!.data.ticket!.number).toBe('B350');
    expect(seen.filter((e) => e.type === 'ticket.completed')).toHaveLength(20);
  });

  it('a restart replays the same queue and today\'s report counts every ticket', async () => {
    const admin = api(h.url, h.adminToken);
    const before = await admin('GET', `/api/queue?siteId=${site.siteId}`);
    expect(before.status).toBe(200);
    const waitingBefore = before.body.waiting.reduce((n: number, w: { count: number }) => n + w.count, 0);
    expect(waitingBefore).toBe(TICKETS - 20);
    h = await h.restart();
    const again = api(h.url, h.adminToken);
    const after = await again('GET', `/api/queue?siteId=${site.siteId}`);
    const counts = (b: { waiting: { serviceId: string; count: number }[] }) => b.waiting.map((w) => [w.serviceId, w.count]);
    expect(counts(after.body)).toEqual(counts(before.body));
    expect(after.body.counters).toEqual(before.body.counters);
    const today = await again('GET', `/api/reports/today?siteId=${site.siteId}`);
    expect(today.body.total).toMatchObject({ issued: TICKETS, served: 20 });
    // The next ticket continues the numbering after the replay.
    const next = await api(h.url, site.officers[0]!.token)('POST', '/api/tickets', { serviceId: site.svc.A });
    expect(next.body.ticket.number).toBe('A351');
  });
});
