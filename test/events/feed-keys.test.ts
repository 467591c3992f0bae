// The events feed and integration keys through real HTTP: the long-poll wakes on an issue, the
// events carry ticket, counter, officer and rating; keys are scoped, revocable, never admins, and
// every use is in the audit log under the key's label.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectRefused, expectError, makeSite, pairDevice, startTestHub, type HubHandle, type TestSite } from '../integration/support.js';

let h: HubHandle;
let site: TestSite;
let other: TestSite;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startTestHub({ demo: false, env: { LUOT_RATE_LIMITS: 'on' } });
  admin = api(h.url, h.adminToken);
  [site, other] = await Promise.all([
    makeSite(h, { services: ['A', 'B'], counters: [['A', 'B']], officers: 1 }),
    makeSite(h, { services: ['A'], counters: [['A']] }),
  ]);
});
afterAll(async () => { await h?.stop(); h?.cleanup(); });

const newKey = async (siteIds: string[], scopes: string[], name = 'Một cửa tỉnh') => {
  const r = await admin('POST', '/api/integrations', { name, siteIds, scopes });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { key: r.body.key as string, id: r.body.integration.id as string };
};

describe('the events feed', () => {
  it('long-polls until an issue, then carries every step of the ticket with officer and rating', async () => {
    const { key } = await newKey([site.siteId], ['events:read']);
    const reader = api(h.url, key);
    const first = await reader('GET', `/api/events?siteId=${site.siteId}`);
    expect(first.status).toBe(200);
    const start = first.body.next as number;
    // The poll is pending while nothing happens; the issue wakes it.
    const polling = reader('GET', `/api/events?siteId=${site.siteId}&after=${start}&wait=25`);
    let settled = false;
    void polling.then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    const [officer] = site.officers;
    const staff = api(h.url, officer!.token);
    const issued = await staff('POST', '/api/tickets', { serviceId: site.svc.A });
    expect(issued.status).toBe(201);
    const woke = await polling;
    expect(woke.status).toBe(200);
    expect(woke.body.events).toEqual([expect.objectContaining({ type: 'ticket.issued', siteId: site.siteId, data: expect.objectContaining({ ticket: expect.objectContaining({ id: issued.body.ticket.id, number: 'A001' }) }) })]);
    expect(woke.body.next).toBe(woke.body.events[0].id);

    const counter = site.counters[0]!;
    expect((await staff('POST', `/api/counters/${counter}/open`)).status).toBe(200);
    expect((await staff('POST', `/api/counters/${counter}/call-next`)).status).toBe(200);
    expect((await staff('POST', `/api/counters/${counter}/complete`)).status).toBe(200);
    const pad = await pairDevice(h, { kind: 'pad', counterId: counter, siteId: site.siteId });
    const rated = await api(h.url, pad.token)('POST', '/api/ratings', { ticketId: issued.body.ticket.id, level: 'unsatisfied', reasons: ['Chờ lâu'] });
    expect(rated.status).toBe(201);

    const all = await reader('GET', `/api/events?siteId=${site.siteId}&after=${start}`);
    expect(all.body.events.map((e: { type: string }) => e.type)).toEqual(['ticket.issued', 'ticket.called', 'ticket.completed', 'rating.submitted']);
    const ids = all.body.events.map((e: { id: number }) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const rating = all.body.events[3];
    expect(rating.data).toMatchObject({
      level: 'unsatisfied', reasons: ['Chờ lâu'], dossierCodes: [], officer: { id: officer!.id, username: officer!.username, name: officer!.name },
      counter: { id: counter, number: 1 }, ticket: { id: issued.body.ticket.id, status: 'done' },
    });
    // A page at a time, by the cursor.
    const page = await reader('GET', `/api/events?siteId=${site.siteId}&after=${start}&limit=2`);
    expect(page.body.events.map((e: { id: number }) => e.id)).toEqual(ids.slice(0, 2));
    const rest = await reader('GET', `/api/events?siteId=${site.siteId}&after=${page.body.next}`);
    expect(rest.body.events.map((e: { id: number }) => e.id)).toEqual(ids.slice(2));
    // The same events after a restart: the ids are the log's own.
    h = await h.restart();
    admin = api(h.url, h.adminToken);
    const again = await api(h.url, key)('GET', `/api/events?siteId=${site.siteId}&after=${start}`);
    expect(again.body.events).toEqual(all.body.events);
  });

  it('refuses bad cursors and waits, and sites or callers it may not read', async () => {
    expectError(await admin('GET', `/api/events?siteId=${site.siteId}&wait=31`), 400, 'invalid_input', 'wait');
    expectError(await admin('GET', `/api/events?siteId=${site.siteId}&after=-1`), 400, 'invalid_input', 'after');
    expectError(await admin('GET', '/api/events'), 400, 'invalid_input', 'siteId');
    expectError(await admin('GET', '/api/events?siteId=nope'), 404, 'site_not_found');
    expectError(await api(h.url, site.officers[0]!.token)('GET', `/api/events?siteId=${site.siteId}`), 403, 'forbidden');
    expectError(await api(h.url)('GET', `/api/events?siteId=${site.siteId}`), 401, 'unauthorized');
  });
});

describe('integration keys', () => {
  it('are scoped to their sites and actions, revocable, and never admins', async () => {
    const { key, id } = await newKey([site.siteId], ['tickets:issue', 'reports:read']);
    expect(key).toMatch(/^luotk_/);
    const k = api(h.url, key);
    const issued = await k('POST', '/api/tickets', { serviceId: site.svc.B });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expectError(await k('POST', '/api/tickets', { serviceId: other.svc.A }), 403, 'wrong_site');
    expectError(await k('GET', `/api/events?siteId=${site.siteId}`), 403, 'forbidden');
    const today = new Date().toISOString().slice(0, 10);
    const report = await k('GET', `/api/reports?siteId=${site.siteId}&from=2026-01-01&to=${today}`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expectError(await k('GET', `/api/reports?siteId=${other.siteId}&from=2026-01-01&to=${today}`), 403, 'wrong_site');
    expectError(await k('GET', `/api/reports/series?siteId=${site.siteId}&from=2026-01-01&to=${today}`), 403, 'forbidden');
    // No key reaches an admin route.
    for (const [m, p, b] of [
      ['GET', '/api/users'], ['POST', '/api/users', { username: 'x1', password: 'secret-pw', name: 'X', role: 'admin' }],
      ['GET', '/api/integrations'], ['POST', '/api/integrations', { name: 'n', siteIds: [site.siteId], scopes: ['events:read'] }],
      ['GET', '/api/webhooks'], ['POST', '/api/webhooks', { url: 'http://127.0.0.1:9/x', siteIds: [site.siteId] }],
      ['POST', '/api/devices', { siteId: site.siteId, kind: 'kiosk', name: 'k' }], ['PATCH', `/api/sites/${site.siteId}/settings`, { agencyName: 'X' }],
      ['GET', `/api/audit/verify`], [`POST`, '/api/sites', { name: 'S' }], ['POST', `/api/counters/${site.counters[0]}/open`],
    ] as [string, string, unknown?][]) {
      const r = await k(m, p, b);
      expect([r.status, r.body?.error?.code], `${m} ${p}`).toEqual([403, 'forbidden']);
    }
    // A key is HTTP only: a socket is refused.
    expect((await connectRefused(h.url, { token: key })).data.code).toBe('forbidden');
    // Revoked: 401 at once.
    expect((await admin('DELETE', `/api/integrations/${id}`)).status).toBe(200);
    expectError(await k('POST', '/api/tickets', { serviceId: site.svc.B }), 401, 'unauthorized');
    const listed = await admin('GET', '/api/integrations');
    const mine = listed.body.integrations.find((i: { id: string }) => i.id === id);
    expect(mine).toMatchObject({ name: 'Một cửa tỉnh', scopes: ['tickets:issue', 'reports:read'], revokedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(readFileSync(join(h.dataDir, 'config.json'), 'utf8')).not.toContain(key);
    // Every use is attributed: the issue in the day log, and each request in the audit log.
    const audit = readFileSync(join(h.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const uses = audit.filter((e) => e.actor === `integration:${id}`);
    expect(uses.map((e) => e.target)).toEqual(expect.arrayContaining(['POST /api/tickets', 'GET /api/events', 'GET /api/users']));
    expect(uses.find((e) => e.target === 'POST /api/tickets' && e.detail.status === 201)).toBeTruthy();
    const dayDir = join(h.dataDir, 'sites', site.siteId);
    const day = readFileSync(join(dayDir, (await import('node:fs')).readdirSync(dayDir)[0]!), 'utf8');
    expect(day).toContain(`"by":"integration:${id}"`);
  });

  it('are not throttled like a kiosk, and an admin is not either', async () => {
    const { key } = await newKey([site.siteId], ['tickets:issue']);
    const k = api(h.url, key);
    // A kiosk is held back after a burst of 10; a key and an admin issue on.
    const rs = [];
    for (let i = 0; i < 25; i++) rs.push((await k('POST', '/api/tickets', { serviceId: site.svc.B })).status);
    expect(rs.every((s) => s === 201)).toBe(true);
    const as = [];
    for (let i = 0; i < 25; i++) as.push((await admin('POST', '/api/tickets', { serviceId: site.svc.B })).status);
    expect(as.every((s) => s === 201)).toBe(true);
    const kiosk = await pairDevice(h, { kind: 'kiosk', siteId: site.siteId });
    const ks = [];
    for (let i = 0; i < 12; i++) ks.push((await api(h.url, kiosk.token)('POST', '/api/tickets', { serviceId: site.svc.B })).status);
    expect(ks).toContain(429);
  });
});
