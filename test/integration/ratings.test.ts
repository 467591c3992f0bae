// Ratings over real HTTP: only the pad of the counter that completed the ticket, once, with reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, expectUnchanged, makeSite, pairDevice, startTestHub, type HubHandle, type TestSite } from './support.js';

let h: HubHandle;
let admin: ReturnType<typeof api>;
let s: TestSite;
let pad1: ReturnType<typeof api>;
let pad2: ReturnType<typeof api>;
let kiosk: ReturnType<typeof api>;
let o1: ReturnType<typeof api>;
let o2: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startTestHub();
  admin = api(h.url, h.adminToken);
  s = await makeSite(h, { services: ['A'], counters: [['A'], ['A']], officers: 2 });
  kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token);
  pad1 = api(h.url, (await pairDevice(h, { kind: 'pad', siteId: s.siteId, counterId: s.counters[0] })).token);
  pad2 = api(h.url, (await pairDevice(h, { kind: 'pad', siteId: s.siteId, counterId: s.counters[1] })).token);
  o1 = api(h.url, s.officers[0]!.token);
  o2 = api(h.url, s.officers[1]!.token);
  expect((await o1('POST', `/api/counters/${s.counters[0]}/open`)).status).toBe(200);
  expect((await o2('POST', `/api/counters/${s.counters[1]}/open`)).status).toBe(200);
});
afterAll(async () => { await h?.stop(); h?.cleanup(); });

/** Issue a ticket and serve it at counter i; returns the done ticket. */
async function served(i: number): Promise<{ id: string; number: string }> {
  const t = (await kiosk('POST', '/api/tickets', { serviceId: s.svc.A })).body.ticket;
  const o = i === 0 ? o1 : o2;
  const c = await o('POST', `/api/counters/${s.counters[i]}/call`, { ticketId: t.id });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  expect((await o('POST', `/api/counters/${s.counters[i]}/complete`)).status).toBe(200);
  return t;
}

describe('ratings', () => {
  it('the counter\'s pad rates the ticket it just completed', async () => {
    const t = await served(0);
    const r = await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'very_satisfied' });
    expect(r.status).toBe(201);
    expect(r.body.rating).toMatchObject({
      ticketId: t.id, siteId: s.siteId, counterId: s.counters[0], officerId: s.officers[0]!.id, level: 'very_satisfied', reasons: [], comment: null,
    });
    expect(r.body.rating.ratedAt).toBeTruthy();
    expect((await api(h.url)('GET', `/api/tickets/${t.id}`)).body.ticket.rated).toBe(true);
    expect((await o1('GET', '/api/me/today')).body.ratings).toMatchObject({ very_satisfied: 1 });
  });

  it('a second rating of one ticket gets 409 already_rated and changes nothing', async () => {
    const t = await served(0);
    expect((await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' })).status).toBe(201);
    await expectUnchanged(h, async () => {
      expectError(await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'very_satisfied' }), 409, 'already_rated');
    }, [s.siteId]);
  });

  it('"unsatisfied" needs a reason or a comment (400 reason_required); with one it is accepted', async () => {
    const t = await served(0);
    await expectUnchanged(h, async () => {
      expectError(await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'unsatisfied' }), 400, 'reason_required', 'reasons');
      expectError(await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'unsatisfied', reasons: [], comment: '   ' }), 400, 'reason_required', 'reasons');
      expectError(await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'unsatisfied', reasons: ['  '] }), 400, 'invalid_input', 'reasons.0');
    }, [s.siteId]);
    const r = await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'unsatisfied', reasons: ['Thời gian chờ quá lâu'], comment: 'Chờ 40 phút' });
    expect(r.status).toBe(201);
    expect(r.body.rating).toMatchObject({ level: 'unsatisfied', reasons: ['Thời gian chờ quá lâu'], comment: 'Chờ 40 phút' });
    const t2 = await served(0);
    const c = await pad1('POST', '/api/ratings', { ticketId: t2.id, level: 'unsatisfied', comment: 'Hướng dẫn chưa rõ' });
    expect(c.status).toBe(201);
  });

  it('a pad of another counter gets 403 wrong_counter; a kiosk, a display or an officer 403 forbidden', async () => {
    const t = await served(0);
    const display = api(h.url, (await pairDevice(h, { kind: 'display', siteId: s.siteId })).token);
    const demoPad = api(h.url, (await pairDevice(h, { kind: 'pad', counterId: 'counter-1' })).token);
    await expectUnchanged(h, async () => {
      expectError(await pad2('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' }), 403, 'wrong_counter');
      expectError(await demoPad('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' }), 403, 'wrong_site');
      expectError(await kiosk('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' }), 403, 'forbidden');
      expectError(await display('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' }), 403, 'forbidden');
      expectError(await o1('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' }), 403, 'forbidden');
      expectError(await admin('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' }), 403, 'forbidden');
      expectError(await api(h.url)('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' }), 401, 'unauthorized');
    }, [s.siteId]);
    expect((await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' })).status).toBe(201);
  });

  it('invalid ratings get 400 naming the field; unknown tickets 404; nothing changes', async () => {
    const t = await served(0);
    await expectUnchanged(h, async () => {
      expectError(await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'great' }), 400, 'invalid_input', 'level');
      expectError(await pad1('POST', '/api/ratings', { ticketId: t.id }), 400, 'invalid_input', 'level');
      expectError(await pad1('POST', '/api/ratings', { level: 'satisfied' }), 400, 'invalid_input', 'ticketId');
      expectError(await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied', stars: 5 }), 400, 'invalid_input', 'stars');
      expectError(await pad1('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied', reasons: 'slow' }), 400, 'invalid_input', 'reasons');
      expectError(await pad1('POST', '/api/ratings', '{"ticketId":'), 400, 'invalid_json');
      expectError(await pad1('POST', '/api/ratings', { ticketId: 'no-such-ticket', level: 'satisfied' }), 404, 'ticket_not_found');
      const en = await api(h.url, undefined, 'en')('GET', '/api/tickets/no-such-ticket');
      expect(en.body.error.message).toBe('Ticket not found');
    }, [s.siteId]);
  });

  it('a ticket not yet done gets 409 ticket_not_done; an older ticket of the counter 409 rating_superseded', async () => {
    const waiting = (await kiosk('POST', '/api/tickets', { serviceId: s.svc.A })).body.ticket;
    const older = await served(0);
    const newer = await served(0);
    await o1('POST', `/api/counters/${s.counters[0]}/call`, { ticketId: waiting.id });
    await expectUnchanged(h, async () => {
      expectError(await pad1('POST', '/api/ratings', { ticketId: waiting.id, level: 'satisfied' }), 409, 'ticket_not_done');
      expectError(await pad1('POST', '/api/ratings', { ticketId: older.id, level: 'satisfied' }), 409, 'rating_superseded');
    }, [s.siteId]);
    expect((await pad1('POST', '/api/ratings', { ticketId: newer.id, level: 'satisfied' })).status).toBe(201);
    await o1('POST', `/api/counters/${s.counters[0]}/complete`);
  });
});

describe('the report of the day (api.md, Reports)', () => {
  it('counts issued, served, no-shows and ratings per service, with the satisfaction rate', async () => {
    const r = await makeSite(h, { services: ['A', 'B'], counters: [['A', 'B']], officers: 1 });
    const k = api(h.url, (await pairDevice(h, { kind: 'kiosk', siteId: r.siteId })).token);
    const pad = api(h.url, (await pairDevice(h, { kind: 'pad', siteId: r.siteId, counterId: r.counters[0] })).token);
    const o = api(h.url, r.officers[0]!.token);
    const c = (cmd: string, body?: unknown) => o('POST', `/api/counters/${r.counters[0]}/${cmd}`, body);
    const first = (await k('POST', '/api/tickets', { serviceId: r.svc.A })).body.ticket;
    await k('POST', '/api/tickets', { serviceId: r.svc.A });
    await k('POST', '/api/tickets', { serviceId: r.svc.A });
    await k('POST', '/api/tickets', { serviceId: r.svc.B });
    await c('open');
    for (const level of ['very_satisfied', 'unsatisfied']) {
      const t = (await c('call-next')).body.ticket;
      await c('complete');
      const body = level === 'unsatisfied' ? { ticketId: t.id, level, reasons: ['Thời gian chờ quá lâu'] } : { ticketId: t.id, level };
      expect((await pad('POST', '/api/ratings', body)).status).toBe(201);
    }
    await c('call-next');
    await c('no-show');
    const today = String(first.issuedAt).slice(0, 10); // the site-local date
    const rep = await admin('GET', `/api/reports?siteId=${r.siteId}&from=${today}&to=${today}&groupBy=service`);
    expect(rep.status, JSON.stringify(rep.body)).toBe(200);
    const rowA = rep.body.rows.find((x: { key: string }) => x.key === r.svc.A);
    expect(rowA).toMatchObject({
      issued: 3, served: 2, noShow: 1, ratings: { very_satisfied: 1, satisfied: 0, unsatisfied: 1 }, satisfactionRate: 0.5,
    });
    for (const f of ['waitAvgSeconds', 'waitP90Seconds', 'serviceAvgSeconds']) expect(typeof rowA[f]).toBe('number');
    expect(typeof rowA.label).toBe('string');
    const rowB = rep.body.rows.find((x: { key: string }) => x.key === r.svc.B);
    expect(rowB).toMatchObject({ issued: 1, served: 0, satisfactionRate: null });
    await expectUnchanged(h, async () => {
      expectError(await o('GET', `/api/reports?siteId=${r.siteId}&from=${today}&to=${today}`), 403, 'forbidden');
      expectError(await api(h.url)('GET', `/api/reports?siteId=${r.siteId}&from=${today}&to=${today}`), 401, 'unauthorized');
      expectError(await admin('GET', `/api/reports?siteId=${r.siteId}&from=${today}&to=${today}&groupBy=weather`), 400, 'invalid_input', 'groupBy');
      expectError(await admin('GET', `/api/reports?siteId=${r.siteId}&from=yesterday&to=${today}`), 400, 'invalid_input', 'from');
      expectError(await admin('GET', `/api/reports?siteId=no-such-site&from=${today}&to=${today}`), 404, 'site_not_found');
    }, [r.siteId]);
  });
});
