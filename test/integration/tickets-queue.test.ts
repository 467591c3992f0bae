// Issuing tickets and reading the queue over real HTTP: who may issue, caps and hours, numbering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, expectUnchanged, login, makeSite, pairDevice, startTestHub, type HubHandle } from './support.js';

let h: HubHandle;
let admin: ReturnType<typeof api>;
let kiosk: ReturnType<typeof api>;
let officer: ReturnType<typeof api>;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

beforeAll(async () => {
  h = await startTestHub();
  admin = api(h.url, h.adminToken);
  kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk' })).token);
  officer = api(h.url, await login(h, 'canbo1', h.demo.canbo1));
});
afterAll(async () => { await h?.stop(); h?.cleanup(); });

describe('issuing', () => {
  it('a kiosk issues a ticket that anyone can read by its id', async () => {
    const r = await kiosk('POST', '/api/tickets', { serviceId: 'svc-c' });
    expect(r.status).toBe(201);
    const t = r.body.ticket;
    expect(t).toMatchObject({ number: 'C001', siteId: 'demo', serviceId: 'svc-c', priority: null, status: 'waiting', waitingAhead: 0 });
    expect(t.issuedAt).toMatch(ISO_WITH_OFFSET);
    expect(typeof t.estimatedWaitSeconds).toBe('number');
    expect(t.id.length).toBeGreaterThanOrEqual(12); // unguessable

    const pub = await api(h.url)('GET', `/api/tickets/${t.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.ticket).toMatchObject({ id: t.id, number: 'C001', status: 'waiting', serviceId: 'svc-c' });
  });

  it('officers and admins issue too; numbers follow per service and people ahead are counted', async () => {
    const a = await officer('POST', '/api/tickets', { serviceId: 'svc-d' });
    const b = await admin('POST', '/api/tickets', { serviceId: 'svc-d' });
    const c = await kiosk('POST', '/api/tickets', { serviceId: 'svc-d', priority: 'elderly' });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect([a.body.ticket.number, b.body.ticket.number, c.body.ticket.number]).toEqual(['D001', 'D002', 'D003']);
    expect(b.body.ticket.waitingAhead).toBe(1);
    // A priority ticket goes ahead of the normal ones of its service.
    expect(c.body.ticket).toMatchObject({ priority: 'elderly', waitingAhead: 0 });
    expect((await api(h.url)('GET', `/api/tickets/${b.body.ticket.id}`)).body.ticket.waitingAhead).toBe(2);
    const q = await admin('GET', '/api/queue?siteId=demo');
    expect(q.status).toBe(200);
    expect(q.body.waiting).toContainEqual(expect.objectContaining({ serviceId: 'svc-d', count: 3 }));
  });

  it('GET /api/queue lists the waiting count of every service and the ticket of every counter', async () => {
    const q = await kiosk('GET', '/api/queue?siteId=demo');
    expect(q.status).toBe(200);
    expect(q.body.waiting.map((w: { serviceId: string }) => w.serviceId)).toEqual(
      ['svc-a', 'svc-b', 'svc-c', 'svc-d', 'svc-e', 'svc-f', 'svc-g', 'svc-h', 'svc-k', 'svc-t']);
    for (const w of q.body.waiting) expect(typeof w.count).toBe('number');
    expect(q.body.counters).toHaveLength(6);
    expect(q.body.counters[0]).toEqual({ counterId: 'counter-1', ticket: null });
    expectError(await kiosk('GET', '/api/queue'), 400, 'invalid_input', 'siteId');
    expectError(await api(h.url)('GET', '/api/queue?siteId=demo'), 401, 'unauthorized');
  });

  it('refuses invalid issue requests with 400 naming the field, in the asker\'s language, changing nothing', async () => {
    const en = api(h.url, h.adminToken, 'en');
    await expectUnchanged(h, async () => {
      expectError(await kiosk('POST', '/api/tickets', {}), 400, 'invalid_input', 'serviceId');
      expectError(await kiosk('POST', '/api/tickets', { serviceId: 42 }), 400, 'invalid_input', 'serviceId');
      expectError(await kiosk('POST', '/api/tickets', { serviceId: 'svc-a', priority: 'vip' }), 400, 'invalid_input', 'priority');
      expectError(await kiosk('POST', '/api/tickets', { serviceId: 'svc-a', urgent: true }), 400, 'invalid_input', 'urgent');
      expectError(await kiosk('POST', '/api/tickets', '{"serviceId":'), 400, 'invalid_json');
      expectError(await kiosk('POST', '/api/tickets', '[1,2]'), 400, 'invalid_input');
      const vi = await kiosk('POST', '/api/tickets', { serviceId: 'svc-a', priority: 'vip' });
      expect(vi.body.error.message).toBe('Dữ liệu không hợp lệ: priority');
      const e = await en('POST', '/api/tickets', { serviceId: 'svc-a', priority: 'vip' });
      expect(e.body.error.message).toBe('Invalid input: priority');
      const j = await en('POST', '/api/tickets', 'not json');
      expectError(j, 400, 'invalid_json');
      expect(j.body.error.message).toBe('The body is not valid JSON');
    });
  });

  it('refuses issuing without credentials (401) and by a display, a pad or another site\'s kiosk (403), changing nothing', async () => {
    const display = api(h.url, (await pairDevice(h, { kind: 'display' })).token);
    const pad = api(h.url, (await pairDevice(h, { kind: 'pad', counterId: 'counter-1' })).token);
    const other = await makeSite(h, { services: ['A'], counters: [['A']] });
    const otherKiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk', siteId: other.siteId })).token);
    await expectUnchanged(h, async () => {
      expectError(await api(h.url)('POST', '/api/tickets', { serviceId: 'svc-a' }), 401, 'unauthorized');
      expectError(await api(h.url, 'forged-token')('POST', '/api/tickets', { serviceId: 'svc-a' }), 401, 'unauthorized');
      expectError(await display('POST', '/api/tickets', { serviceId: 'svc-a' }), 403, 'forbidden');
      expectError(await pad('POST', '/api/tickets', { serviceId: 'svc-a' }), 403, 'forbidden');
      expectError(await otherKiosk('POST', '/api/tickets', { serviceId: 'svc-a' }), 403, 'wrong_site');
      expectError(await kiosk('POST', '/api/tickets', { serviceId: other.svc.A }), 403, 'wrong_site');
    }, ['demo', other.siteId]);
  });

  it('answers unknown services and tickets with 404, changing nothing', async () => {
    await expectUnchanged(h, async () => {
      expectError(await kiosk('POST', '/api/tickets', { serviceId: 'svc-z' }), 404, 'service_not_found');
      expectError(await kiosk('POST', '/api/tickets', { serviceId: 'svc-a', siteId: 'elsewhere' }), 404, 'service_not_found');
      expectError(await api(h.url)('GET', '/api/tickets/no-such-ticket'), 404, 'ticket_not_found');
      expectError(await api(h.url, undefined, 'en')('GET', '/api/tickets/no-such-ticket'), 404, 'ticket_not_found');
    });
  });
});

describe('caps, hours, suspension, priority switch', () => {
  it('a full daily cap set by PATCH /api/services/:id gets 409 daily_cap_reached and changes nothing', async () => {
    const s = await makeSite(h, { services: ['A', 'B'], counters: [['A', 'B']] });
    const k = api(h.url, (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token);
    expect((await k('POST', '/api/tickets', { serviceId: s.svc.A })).status).toBe(201);
    expect((await k('POST', '/api/tickets', { serviceId: s.svc.A })).status).toBe(201);
    expect((await admin('PATCH', `/api/services/${s.svc.A}`, { dailyCap: 2 })).status).toBe(200);
    expect((await k('GET', `/api/queue/issue-state?siteId=${s.siteId}`)).body.services).toEqual({ [s.svc.A]: 'daily_cap_reached', [s.svc.B]: null });
    await expectUnchanged(h, async () => {
      expectError(await k('POST', '/api/tickets', { serviceId: s.svc.A }), 409, 'daily_cap_reached');
      expectError(await admin('POST', '/api/tickets', { serviceId: s.svc.A, priority: 'disability' }), 409, 'daily_cap_reached');
      const en = await api(h.url, h.adminToken, 'en')('POST', '/api/tickets', { serviceId: s.svc.A });
      expect(en.body.error.message).toBe('This service has issued all of today\'s tickets');
    }, [s.siteId]);
    // Other services go on; raising the cap continues the numbering without a gap.
    expect((await k('POST', '/api/tickets', { serviceId: s.svc.B })).body.ticket.number).toBe('B001');
    await admin('PATCH', `/api/services/${s.svc.A}`, { dailyCap: 3 });
    expect((await k('POST', '/api/tickets', { serviceId: s.svc.A })).body.ticket.number).toBe('A003');
  });

  it('a service whose hours exclude now gets 409 outside_hours; one closed today gets 409 closed_day', async () => {
    const s = await makeSite(h, { services: ['A', 'B', 'C'], counters: [['A', 'B', 'C']] });
    const k = api(h.url, (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token);
    // The suite's sites are at local midday, so a session of one minute after midnight excludes now.
    const night = { sessions: [{ start: '00:00', end: '00:01' }], weekdays: [1, 2, 3, 4, 5, 6, 7], closedDates: [] };
    const allDay = { sessions: [{ start: '00:00', end: '23:59' }], weekdays: [1, 2, 3, 4, 5, 6, 7], closedDates: [] };
    expect((await admin('PATCH', `/api/services/${s.svc.A}`, { hours: night })).status).toBe(200);
    expect((await admin('PATCH', `/api/services/${s.svc.B}`, { hours: { ...allDay, weekdays: [] } })).status).toBe(200);
    expect((await admin('PATCH', `/api/services/${s.svc.C}`, { hours: allDay })).status).toBe(200);
    await expectUnchanged(h, async () => {
      expectError(await k('POST', '/api/tickets', { serviceId: s.svc.A }), 409, 'outside_hours');
      expectError(await k('POST', '/api/tickets', { serviceId: s.svc.B }), 409, 'closed_day');
    }, [s.siteId]);
    expect((await k('POST', '/api/tickets', { serviceId: s.svc.C })).status).toBe(201);
    expect((await k('GET', `/api/queue/issue-state?siteId=${s.siteId}`)).body.services).toEqual({
      [s.svc.A]: 'outside_hours', [s.svc.B]: 'closed_day', [s.svc.C]: null,
    });
    // Lifting the hours opens the service again, starting at 001.
    await admin('PATCH', `/api/services/${s.svc.A}`, { hours: null });
    expect((await k('POST', '/api/tickets', { serviceId: s.svc.A })).body.ticket.number).toBe('A001');
  });

  it('a suspended service gets 409 service_inactive; a site without priority gets 409 priority_disabled', async () => {
    const s = await makeSite(h, { services: ['A', 'B'], counters: [['A', 'B']] });
    const k = api(h.url, (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token);
    await admin('PATCH', `/api/services/${s.svc.A}`, { active: false });
    await admin('PATCH', `/api/sites/${s.siteId}/settings`, { priorityEnabled: false });
    await expectUnchanged(h, async () => {
      expectError(await k('POST', '/api/tickets', { serviceId: s.svc.A }), 409, 'service_inactive');
      expectError(await k('POST', '/api/tickets', { serviceId: s.svc.B, priority: 'pregnant' }), 409, 'priority_disabled', 'priority');
    }, [s.siteId]);
    expect((await k('POST', '/api/tickets', { serviceId: s.svc.B })).body.ticket).toMatchObject({ number: 'B001', priority: null });
  });
});

describe('numbering under load', () => {
  it('500 concurrent issues for one service get 500 distinct numbers, none skipped', async () => {
    const s = await makeSite(h, { services: ['A'], counters: [['A']] });
    const tokens = [h.adminToken];
    for (let i = 0; i < 5; i++) tokens.push((await pairDevice(h, { kind: 'kiosk', siteId: s.siteId, name: `Kiosk ${i + 1}` })).token);
    const clients = tokens.map((t) => api(h.url, t));
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => clients[i % clients.length]!('POST', '/api/tickets', { serviceId: s.svc.A })));
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const numbers = results.map((r) => r.body.ticket.number as string).sort();
    const expected = Array.from({ length: 500 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);
    expect(numbers).toEqual(expected);
    expect(new Set(results.map((r) => r.body.ticket.id)).size).toBe(500);
    const q = await admin('GET', `/api/queue?siteId=${s.siteId}`);
    expect(q.body.waiting).toEqual([expect.objectContaining({ serviceId: s.svc.A, count: 500 })]);
    expect((await clients[1]!('POST', '/api/tickets', { serviceId: s.svc.A })).body.ticket.number).toBe('A501');
  });
});
