// An officer's work at a counter over real HTTP: seats, calls, recalls, no-shows, transfers, the order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, expectUnchanged, login, makeSite, pairDevice, startTestHub, type HubHandle, type TestSite } from './support.js';

let h: HubHandle;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startTestHub();
  admin = api(h.url, h.adminToken);
});
afterAll(async () => { await h?.stop(); h?.cleanup(); });

/** A site of its own with a kiosk; returns issue() and the officers' clients. */
async function lane(spec: Parameters<typeof makeSite>[1]) {
  const s = await makeSite(h, spec);
  const kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token);
  const issue = async (code: string, priority?: string) => {
    const r = await kiosk('POST', '/api/tickets', { serviceId: s.svc[code], ...(priority ? { priority } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.ticket as { id: string; number: string };
  };
  const off = s.officers.map((o) => api(h.url, o.token));
  const at = (i: number) => (o: ReturnType<typeof api>, cmd: string, body?: unknown) => o('POST', `/api/counters/${s.counters[i]}/${cmd}`, body);
  return { s, kiosk, issue, off, at };
}

async function callNext(o: ReturnType<typeof api>, s: TestSite, i = 0): Promise<string | null> {
  const r = await o('POST', `/api/counters/${s.counters[i]}/call-next`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.ticket?.number ?? null;
}

async function serveAll(o: ReturnType<typeof api>, s: TestSite, i = 0): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const n = await callNext(o, s, i);
    if (!n) return out;
    out.push(n);
    expect((await o('POST', `/api/counters/${s.counters[i]}/complete`)).status).toBe(200);
  }
}

describe('the seat', () => {
  it('open, pause with a reason, resume and close change the counter\'s status', async () => {
    const { s, off, at } = await lane({ services: ['A'], counters: [['A']], officers: 1 });
    const c = at(0);
    const o = off[0]!;
    const opened = await c(o, 'open');
    expect(opened.status).toBe(200);
    expect(opened.body.counter).toMatchObject({ id: s.counters[0], status: 'open', officer: { id: s.officers[0]!.id, name: s.officers[0]!.name } });
    const paused = await c(o, 'pause', { reason: 'Nghỉ giải lao' });
    expect(paused.body.counter).toMatchObject({ status: 'paused', pauseReason: 'Nghỉ giải lao' });
    const list = await admin('GET', `/api/counters?siteId=${s.siteId}`);
    expect(list.body.counters[0]).toMatchObject({ status: 'paused' });
    expect((await c(o, 'resume')).body.counter).toMatchObject({ status: 'open' });
    const closed = await c(o, 'close');
    expect(closed.body.counter).toMatchObject({ status: 'closed', officer: null });
  });

  it('a counter held by another officer gets 409 counter_held naming him; one officer holds one counter', async () => {
    const { s, off, at } = await lane({ services: ['A'], counters: [['A'], ['A']], officers: 2 });
    const [o1, o2] = off as [ReturnType<typeof api>, ReturnType<typeof api>];
    expect((await at(0)(o1, 'open')).status).toBe(200);
    await expectUnchanged(h, async () => {
      const r = await at(0)(o2, 'open');
      expectError(r, 409, 'counter_held');
      expect(r.body.error.message).toBe(`Quầy đang do ${s.officers[0]!.name} phụ trách`);
      const en = await api(h.url, s.officers[1]!.token, 'en')('POST', `/api/counters/${s.counters[0]}/open`);
      expect(en.body.error.message).toBe(`The counter is held by ${s.officers[0]!.name}`);
      const elsewhere = await at(1)(o1, 'open');
      expectError(elsewhere, 409, 'officer_seated_elsewhere');
      expect(elsewhere.body.error.message).toContain('1');
      // The other officer cannot work or close the held counter.
      expectError(await at(0)(o2, 'call-next'), 409, 'counter_not_held');
      expectError(await at(0)(o2, 'close'), 409, 'counter_not_held');
      expectError(await at(0)(o2, 'pause', { reason: 'x' }), 409, 'counter_not_held');
      // A counter nobody opened.
      expectError(await at(1)(o2, 'call-next'), 409, 'counter_not_open');
    }, [s.siteId]);
    // Opening twice is harmless; after a close the seat is free for the other officer.
    expect((await at(0)(o1, 'open')).status).toBe(200);
    expect((await at(0)(o1, 'close')).status).toBe(200);
    expect((await at(0)(o2, 'open')).body.counter.officer.name).toBe(s.officers[1]!.name);
  });

  it('an admin may free a seat an officer left', async () => {
    const { off, at } = await lane({ services: ['A'], counters: [['A']], officers: 2 });
    await at(0)(off[0]!, 'open');
    const r = await at(0)(admin, 'close');
    expect(r.status).toBe(200);
    expect(r.body.counter.status).toBe('closed');
    expect((await at(0)(off[1]!, 'open')).status).toBe(200);
  });

  it('devices cannot work a counter (403), unknown counters get 404, bad bodies 400; nothing changes', async () => {
    const { s, off, at, issue } = await lane({ services: ['A'], counters: [['A']], officers: 1 });
    await issue('A');
    await at(0)(off[0]!, 'open');
    const kioskTok = (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token;
    const display = api(h.url, (await pairDevice(h, { kind: 'display', siteId: s.siteId })).token);
    const pad = api(h.url, (await pairDevice(h, { kind: 'pad', siteId: s.siteId, counterId: s.counters[0] })).token);
    const kiosk = api(h.url, kioskTok);
    await expectUnchanged(h, async () => {
      for (const cmd of ['open', 'call-next', 'recall', 'no-show', 'complete', 'resume', 'close']) {
        expectError(await at(0)(kiosk, cmd), 403, 'forbidden');
      }
      expectError(await at(0)(display, 'call-next'), 403, 'forbidden');
      expectError(await at(0)(pad, 'call-next'), 403, 'forbidden');
      expectError(await at(0)(api(h.url), 'call-next'), 401, 'unauthorized');
      expectError(await at(0)(api(h.url, 'bogus'), 'call-next'), 401, 'unauthorized');
      expectError(await off[0]!('POST', '/api/counters/no-such-counter/call-next'), 404, 'counter_not_found');
      expectError(await off[0]!('POST', '/api/counters/no-such-counter/open'), 404, 'counter_not_found');
      expectError(await at(0)(off[0]!, 'call', { ticketId: 'no-such-ticket' }), 404, 'ticket_not_found');
      expectError(await at(0)(off[0]!, 'pause', {}), 400, 'invalid_input', 'reason');
      expectError(await at(0)(off[0]!, 'pause', { reason: 3 }), 400, 'invalid_input', 'reason');
      expectError(await at(0)(off[0]!, 'call', {}), 400, 'invalid_input', 'ticketId');
      expectError(await at(0)(off[0]!, 'call-next', { now: true }), 400, 'invalid_input', 'now');
      expectError(await at(0)(off[0]!, 'call-next', '{oops'), 400, 'invalid_json');
      expectError(await at(0)(off[0]!, 'call-next', '[1]'), 400, 'invalid_input', 'body');
      expectError(await at(0)(off[0]!, 'pause', '["Nghỉ"]'), 400, 'invalid_input', 'body');
      expectError(await at(0)(off[0]!, 'recall'), 409, 'no_current_ticket');
      expectError(await at(0)(off[0]!, 'complete'), 409, 'no_current_ticket');
      expectError(await at(0)(off[0]!, 'no-show'), 409, 'no_current_ticket');
      expectError(await at(0)(off[0]!, 'transfer', { serviceId: s.svc.A }), 409, 'no_current_ticket');
    }, [s.siteId]);
  });
});

describe('calling and serving', () => {
  it('call-next answers {ticket:null} when nothing waits, then calls in arrival order across the counter\'s services', async () => {
    const { s, off, at, issue } = await lane({ services: ['A', 'B', 'C'], counters: [['A', 'B']], officers: 1 });
    const o = off[0]!;
    await at(0)(o, 'open');
    expect(await at(0)(o, 'call-next')).toEqual({ status: 200, body: { ticket: null } });
    await issue('B'); await issue('C'); await issue('A'); await issue('B');
    expect(await serveAll(o, s)).toEqual(['B001', 'A001', 'B002']);
    const q = await admin('GET', `/api/queue?siteId=${s.siteId}`);
    expect(q.body.waiting.find((w: { serviceId: string }) => w.serviceId === s.svc.C).count).toBe(1);
  });

  it('call-next with a ticket in service gets 409 ticket_in_service naming the ticket; nothing changes', async () => {
    const { s, off, at, issue } = await lane({ services: ['A'], counters: [['A']], officers: 1 });
    const o = off[0]!;
    await issue('A'); const second = await issue('A');
    await at(0)(o, 'open');
    const called = await at(0)(o, 'call-next');
    expect(called.body.ticket).toMatchObject({ number: 'A001', status: 'called', counterId: s.counters[0] });
    expect(called.body.ticket.calledAt).toBeTruthy();
    await expectUnchanged(h, async () => {
      const r = await at(0)(o, 'call-next');
      expectError(r, 409, 'ticket_in_service');
      expect(r.body.error.message).toContain('A001');
      expectError(await at(0)(o, 'call', { ticketId: second.id }), 409, 'ticket_in_service');
      expectError(await at(0)(o, 'pause', { reason: 'Họp' }), 409, 'ticket_in_service');
      expectError(await at(0)(o, 'close'), 409, 'ticket_in_service');
    }, [s.siteId]);
    const counters = await admin('GET', `/api/queue?siteId=${s.siteId}`);
    expect(counters.body.counters[0].ticket).toMatchObject({ number: 'A001', status: 'called' });
  });

  it('complete records the dossier code and frees the counter; the citizen\'s page shows done', async () => {
    const { off, at, issue } = await lane({ services: ['A'], counters: [['A']], officers: 1 });
    const o = off[0]!;
    const t = await issue('A');
    await at(0)(o, 'open');
    await at(0)(o, 'call-next');
    const done = await at(0)(o, 'complete', { dossierCode: '000.00.00.H56-261203-0123' });
    expect(done.status).toBe(200);
    expect(done.body.ticket).toMatchObject({ id: t.id, status: 'done', dossierCode: '000.00.00.H56-261203-0123' });
    expect(done.body.ticket.doneAt).toBeTruthy();
    const pub = await api(h.url)('GET', `/api/tickets/${t.id}`);
    expect(pub.body.ticket).toMatchObject({ status: 'done' });
    expect(pub.body.ticket.dossierCode).toBeUndefined(); // staff data stays off the public page
    expect(pub.body.ticket.officerId).toBeUndefined();
    const today = await o('GET', '/api/me/today');
    expect(today.body).toMatchObject({ served: 1, noShow: 0 });
  });

  it('call picks a specific waiting ticket; a ticket no longer waiting gets 409 ticket_not_waiting', async () => {
    const { s, off, at, issue } = await lane({ services: ['A'], counters: [['A'], ['A']], officers: 2 });
    await issue('A'); const b = await issue('A'); await issue('A');
    await at(0)(off[0]!, 'open');
    await at(1)(off[1]!, 'open');
    const r = await at(0)(off[0]!, 'call', { ticketId: b.id });
    expect(r.body.ticket).toMatchObject({ number: 'A002', status: 'called' });
    await expectUnchanged(h, async () => {
      expectError(await at(1)(off[1]!, 'call', { ticketId: b.id }), 409, 'ticket_not_waiting');
    }, [s.siteId]);
    await at(0)(off[0]!, 'complete');
    expect(await serveAll(off[0]!, s)).toEqual(['A001', 'A003']);
  });

  it('recall keeps the ticket called and counts; past the site\'s recall limit it becomes a no-show', async () => {
    const { s, off, at, issue } = await lane({ services: ['A'], counters: [['A']], officers: 1 });
    await admin('PATCH', `/api/sites/${s.siteId}/settings`, { recallLimit: 2 });
    const o = off[0]!;
    const t = await issue('A');
    await at(0)(o, 'open');
    await at(0)(o, 'call-next');
    expect((await at(0)(o, 'recall')).body.ticket).toMatchObject({ id: t.id, status: 'called', recalls: 1 });
    expect((await at(0)(o, 'recall')).body.ticket).toMatchObject({ status: 'called', recalls: 2 });
    const third = await at(0)(o, 'recall');
    expect(third.body.ticket).toMatchObject({ id: t.id, status: 'no_show' });
    expect((await api(h.url)('GET', `/api/tickets/${t.id}`)).body.ticket.status).toBe('no_show');
    expect((await admin('GET', `/api/queue?siteId=${s.siteId}`)).body.counters[0].ticket).toBeNull();
  });

  it('no-show ends the call; the officer\'s day counts it', async () => {
    const { off, at, issue } = await lane({ services: ['A'], counters: [['A']], officers: 1 });
    const o = off[0]!;
    const t = await issue('A');
    await at(0)(o, 'open');
    await at(0)(o, 'call-next');
    const r = await at(0)(o, 'no-show');
    expect(r.body.ticket).toMatchObject({ id: t.id, status: 'no_show' });
    expect((await o('GET', '/api/me/today')).body.noShow).toBe(1);
    expect(await at(0)(o, 'call-next')).toEqual({ status: 200, body: { ticket: null } });
  });

  it('transfer sends the ticket to another service keeping its number and its place by issue time', async () => {
    const { s, off, at, issue } = await lane({ services: ['A', 'B'], counters: [['A'], ['B']], officers: 2 });
    const a1 = await issue('A');   // earliest
    await issue('B'); await issue('B');
    await at(0)(off[0]!, 'open');
    await at(1)(off[1]!, 'open');
    expect(await callNext(off[0]!, s, 0)).toBe('A001');
    const moved = await at(0)(off[0]!, 'transfer', { serviceId: s.svc.B });
    expect(moved.status).toBe(200);
    expect(moved.body.ticket).toMatchObject({ id: a1.id, number: 'A001', serviceId: s.svc.B, status: 'waiting' });
    await expectUnchanged(h, async () => {
      expectError(await at(0)(off[0]!, 'transfer', { serviceId: s.svc.B }), 409, 'no_current_ticket');
    }, [s.siteId]);
    // Counter B's queue: the transferred A001 was issued first, so it is called first.
    const waiting = await off[1]!('GET', `/api/queue/waiting?counterId=${s.counters[1]}`);
    expect(waiting.body.tickets.map((t: { number: string }) => t.number)).toEqual(['A001', 'B001', 'B002']);
    expect(await serveAll(off[1]!, s, 1)).toEqual(['A001', 'B001', 'B002']);
  });

  it('transfer to the same service, an unknown one or a suspended one is refused, changing nothing', async () => {
    const { s, off, at, issue } = await lane({ services: ['A', 'B'], counters: [['A']], officers: 1 });
    await issue('A');
    await at(0)(off[0]!, 'open');
    await at(0)(off[0]!, 'call-next');
    await admin('PATCH', `/api/services/${s.svc.B}`, { active: false });
    await expectUnchanged(h, async () => {
      expectError(await at(0)(off[0]!, 'transfer', { serviceId: s.svc.A }), 409, 'same_service');
      expectError(await at(0)(off[0]!, 'transfer', { serviceId: s.svc.B }), 409, 'service_inactive');
      expectError(await at(0)(off[0]!, 'transfer', { serviceId: 'svc-zz' }), 404, 'service_not_found');
      expectError(await at(0)(off[0]!, 'transfer', {}), 400, 'invalid_input', 'serviceId');
    }, [s.siteId]);
  });

  it('a paused counter cannot call (409 counter_paused) until it resumes', async () => {
    const { s, off, at, issue } = await lane({ services: ['A'], counters: [['A']], officers: 1 });
    await issue('A');
    const o = off[0]!;
    await at(0)(o, 'open');
    await at(0)(o, 'pause', { reason: 'Đi họp' });
    await expectUnchanged(h, async () => {
      expectError(await at(0)(o, 'call-next'), 409, 'counter_paused');
      expectError(await at(0)(o, 'pause', { reason: 'Lại đi họp' }), 409, 'counter_paused');
    }, [s.siteId]);
    await at(0)(o, 'resume');
    expect(await callNext(o, s)).toBe('A001');
  });
});

describe('races', () => {
  it('two officers opening one counter at the same moment: one gets the seat, the other 409 counter_held', async () => {
    const { s, off, at } = await lane({ services: ['A'], counters: [['A']], officers: 2 });
    const [a, b] = await Promise.all([at(0)(off[0]!, 'open'), at(0)(off[1]!, 'open')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.code).toBe('counter_held');
    const holder = (await admin('GET', `/api/counters?siteId=${s.siteId}`)).body.counters[0].officer.id;
    expect(holder).toBe(a.status === 200 ? s.officers[0]!.id : s.officers[1]!.id);
  });

  it('counters calling at once never get the same ticket, and every ticket is served once', async () => {
    const { s, off, at, issue } = await lane({ services: ['A'], counters: [['A'], ['A'], ['A']], officers: 3 });
    for (let i = 0; i < 30; i++) await issue('A');
    await Promise.all(off.map((o, i) => at(i)(o, 'open')));
    const served = await Promise.all(off.map((o, i) => serveAll(o, s, i)));
    const all = served.flat().sort();
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
  });
});

describe('the ordering policy', () => {
  it('priority tickets go ahead, but after maxPriorityInRow priority calls a waiting normal ticket is called', async () => {
    const { s, off, at, issue } = await lane({ services: ['A', 'B'], counters: [['A', 'B']], officers: 1 });
    await admin('PATCH', `/api/sites/${s.siteId}/settings`, { ordering: { maxPriorityInRow: 2, maxWaitSeconds: 3600, appointmentWindowSeconds: 600 } });
    await issue('A'); await issue('B');
    await issue('A', 'elderly'); await issue('B', 'disability'); await issue('A', 'pregnant');
    await issue('A');
    const o = off[0]!;
    await at(0)(o, 'open');
    // The officer's list shows priority first, then arrival order.
    const w = await o('GET', `/api/queue/waiting?counterId=${s.counters[0]}`);
    expect(w.body.tickets.map((t: { number: string }) => t.number)).toEqual(['A002', 'B002', 'A003', 'A001', 'B001', 'A004']);
    expect(await serveAll(o, s)).toEqual(['A002', 'B002', 'A001', 'A003', 'B001', 'A004']);
  });

  it('GET /api/queue/waiting is for staff only', async () => {
    const { s } = await lane({ services: ['A'], counters: [['A']] });
    const display = api(h.url, (await pairDevice(h, { kind: 'display', siteId: s.siteId })).token);
    expectError(await display('GET', `/api/queue/waiting?counterId=${s.counters[0]}`), 403, 'forbidden');
    expectError(await admin('GET', '/api/queue/waiting?counterId=nope'), 404, 'counter_not_found');
    expectError(await admin('GET', '/api/queue/waiting'), 400, 'invalid_input', 'counterId');
  });

  it('the demo officer works the demo counter 1 (A and B)', async () => {
    const o = api(h.url, await login(h, 'canbo1', h.demo.canbo1));
    const k = api(h.url, (await pairDevice(h, { kind: 'kiosk' })).token);
    await k('POST', '/api/tickets', { serviceId: 'svc-b' });
    await k('POST', '/api/tickets', { serviceId: 'svc-a' });
    expect((await o('POST', '/api/counters/counter-1/open')).status).toBe(200);
    const r = await o('POST', '/api/counters/counter-1/call-next');
    expect(r.body.ticket).toMatchObject({ number: 'B001', counterId: 'counter-1' });
  });
});
