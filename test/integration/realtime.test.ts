// Live events over real socket.io clients: snapshots, calls, rooms per audience, commands, revocation.
// "Gets nothing of X" is shown without waiting on a clock: socket.io keeps a connection's order, so
// after an event of X the test makes an event the client must get, waits for it, and then looks at
// everything received before it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api, Client, connect, connectRefused, expectError, expectUnchanged, makeSite, pairDevice, startTestHub, type HubHandle, type TestSite,
} from './support.js';

let h: HubHandle;
let admin: ReturnType<typeof api>;
const open: Client[] = [];

async function client(auth: Record<string, unknown>, lang?: string): Promise<Client> {
  const c = await connect(h.url, auth, lang);
  open.push(c);
  return c;
}

beforeAll(async () => {
  h = await startTestHub();
  admin = api(h.url, h.adminToken);
});
afterEach(() => { while (open.length) open.pop()!.close(); });
afterAll(async () => { await h?.stop(); h?.cleanup(); });

/** A site of its own, its kiosk and a helper to issue, call and complete through HTTP. */
async function hall(counters: string[][] = [['A']], officers = counters.length) {
  const s = await makeSite(h, { services: [...new Set(counters.flat())], counters, officers });
  const kioskTok = (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token;
  const kiosk = api(h.url, kioskTok);
  const off = s.officers.map((o) => api(h.url, o.token));
  for (const [i, o] of off.entries()) expect((await o('POST', `/api/counters/${s.counters[i]}/open`)).status).toBe(200);
  const issue = async (code = 'A', priority?: string) => (await kiosk('POST', '/api/tickets', { serviceId: s.svc[code], ...(priority ? { priority } : {}) })).body.ticket;
  const cmd = async (i: number, name: string, body?: unknown) => {
    const r = await off[i]!('POST', `/api/counters/${s.counters[i]}/${name}`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  return { s, kioskTok, kiosk, off, issue, cmd };
}

const display = async (s: TestSite) => client({ token: (await pairDevice(h, { kind: 'display', siteId: s.siteId })).token });

describe('snapshots and calls', () => {
  it('a display gets queue:snapshot of its site on connect, and again on queue:sync', async () => {
    const d = await client({ token: (await pairDevice(h, { kind: 'display' })).token });
    const snap = await d.waitFor('queue:snapshot');
    expect(snap).toMatchObject({ siteId: 'demo', siteName: expect.stringContaining('Demo') });
    expect(snap.services.map((x: { code: string }) => x.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'T']);
    expect(snap.counters).toHaveLength(6);
    expect(snap.waiting).toHaveLength(10);
    expect(snap.current).toHaveLength(6);
    expect(snap.settings).toBeTruthy();
    d.socket.emit('queue:sync');
    const again = await d.waitFor('queue:snapshot', (x) => x !== snap);
    expect(again.siteId).toBe('demo');
  });

  it('the display hears ticket:called {ticket, counter} when an officer calls, again on a recall, and ticket:done', async () => {
    const { s, issue, cmd } = await hall([['A']]);
    const d = await display(s);
    await d.waitFor('queue:snapshot');
    const t = await issue();
    await cmd(0, 'call-next');
    const called = await d.waitFor('ticket:called', (e) => e.ticket.id === t.id);
    expect(called.ticket).toMatchObject({ id: t.id, number: 'A001', status: 'called', counterId: s.counters[0] });
    expect(called.counter).toEqual({ id: s.counters[0], number: 1, name: 'Quầy 1' });
    expect(called.ticket.officerId).toBeUndefined(); // the hall sees no staff ids
    const changed = await d.waitFor('counter:changed', (e) => e.counter.currentTicketId === t.id);
    expect(changed.counter).toMatchObject({ id: s.counters[0], status: 'open' });
    await d.waitFor('queue:waiting');

    await cmd(0, 'recall');
    const again = await d.waitFor('ticket:called', (e) => e.ticket.id === t.id && e.ticket.recalls === 1);
    expect(again.counter.id).toBe(s.counters[0]);
    await cmd(0, 'complete', { dossierCode: '000.00.00.H56-261203-0001' });
    const done = await d.waitFor('ticket:done', (e) => e.ticket.id === t.id);
    expect(done.ticket).toMatchObject({ status: 'done' });
    expect(done.ticket.dossierCode).toBeUndefined();
  });

  it('a display connecting after a call sees it in the snapshot', async () => {
    const { s, issue, cmd } = await hall([['A']]);
    const t = await issue();
    await cmd(0, 'call-next');
    const d = await display(s);
    const snap = await d.waitFor('queue:snapshot');
    expect(snap.current).toEqual([{ counterId: s.counters[0], ticket: expect.objectContaining({ id: t.id, status: 'called' }) }]);
    expect(snap.recentCalls[0]).toMatchObject({ ticket: { id: t.id }, counter: { id: s.counters[0] } });
  });

  it('officers and admins get ticket:issued; counter:changed follows open and pause', async () => {
    const { s, issue, off } = await hall([['A']]);
    const staff = await client({ token: s.officers[0]!.token });
    const snap = await staff.waitFor('queue:snapshot');
    expect(snap.siteId).toBe(s.siteId);
    const t = await issue();
    const e = await staff.waitFor('ticket:issued', (x) => x.ticket.id === t.id);
    expect(e.ticket).toMatchObject({ number: 'A001', status: 'waiting', siteId: s.siteId });
    await off[0]!('POST', `/api/counters/${s.counters[0]}/pause`, { reason: 'Nghỉ trưa' });
    const c = await staff.waitFor('counter:changed', (x) => x.counter.status === 'paused');
    expect(c.counter).toMatchObject({ id: s.counters[0], pauseReason: 'Nghỉ trưa' });
  });
});

describe('rooms: each audience sees only its own', () => {
  it('a display of site A gets nothing of site B', async () => {
    const a = await hall([['A']]);
    const b = await hall([['A']]);
    const dA = await display(a.s);
    const dB = await display(b.s);
    await dA.waitFor('queue:snapshot');
    await dB.waitFor('queue:snapshot');
    // Everything happens at site B ...
    const tb = await b.issue();
    await b.cmd(0, 'call-next');
    await b.cmd(0, 'recall');
    await b.cmd(0, 'complete');
    await admin('PATCH', `/api/sites/${b.s.siteId}/settings`, { displayTicker: 'Chỉ cho điểm B' });
    await dB.waitFor('settings:changed');
    expect((await dB.waitFor('ticket:called', (e) => e.ticket.id === tb.id)).ticket.siteId).toBe(b.s.siteId);
    // ... then a call at site A, which display A must get.
    const ta = await a.issue();
    await a.cmd(0, 'call-next');
    await dA.waitFor('ticket:called', (e) => e.ticket.id === ta.id);
    const seen = JSON.stringify(dA.events);
    expect(seen).not.toContain(b.s.siteId);
    expect(seen).not.toContain(tb.id);
    expect(seen).not.toContain(b.s.counters[0]);
    expect(seen).not.toContain('Chỉ cho điểm B');
    expect(dA.events.length).toBeGreaterThan(1);
  });

  it('a pad gets rating:requested only for its own counter', async () => {
    const { s, issue, cmd } = await hall([['A'], ['A']]);
    const pad1 = await client({ token: (await pairDevice(h, { kind: 'pad', siteId: s.siteId, counterId: s.counters[0] })).token });
    const pad2 = await client({ token: (await pairDevice(h, { kind: 'pad', siteId: s.siteId, counterId: s.counters[1] })).token });
    const snap = await pad1.waitFor('queue:snapshot');
    expect(snap.counters.map((c: { id: string }) => c.id)).toEqual([s.counters[0]]);
    const t1 = await issue(); const t2 = await issue();
    await cmd(1, 'call', { ticketId: t2.id });
    await cmd(1, 'complete');
    await cmd(0, 'call', { ticketId: t1.id });
    await cmd(0, 'complete');
    const req = await pad1.waitFor('rating:requested');
    expect(req).toMatchObject({ ticket: { id: t1.id, status: 'done' }, counter: { id: s.counters[0], number: 1 }, officerName: s.officers[0]!.name });
    expect(new Date(req.until).getTime()).toBeGreaterThan(Date.now());
    expect(pad1.of('rating:requested').map((e) => e.ticket.id)).toEqual([t1.id]);
    expect((await pad2.waitFor('rating:requested')).ticket.id).toBe(t2.id);
    // A pad is not a hall screen: no calls, and nothing about the other counter.
    expect(pad1.of('ticket:called')).toEqual([]);
    expect(JSON.stringify(pad1.events)).not.toContain(t2.id);
    // Rating from the pad's socket closes its request.
    const ack = await pad1.command('rating:submit', { ticketId: t1.id, level: 'satisfied' });
    expect(ack.data.rating).toMatchObject({ ticketId: t1.id, level: 'satisfied', counterId: s.counters[0] });
    expect(await pad1.waitFor('rating:closed')).toEqual({ ticketId: t1.id });
  });

  it('the ticket page (auth {ticketId}) gets its own ticket\'s changes only', async () => {
    const { s, issue, cmd } = await hall([['A']]);
    const other = await issue();
    const mine = await issue();
    const page = await client({ ticketId: mine.id });
    const first = await page.waitFor('ticket:updated');
    expect(first.ticket).toMatchObject({ id: mine.id, number: 'A002', status: 'waiting', waitingAhead: 1 });
    await cmd(0, 'call-next'); // the other ticket
    await cmd(0, 'complete');
    await cmd(0, 'call-next'); // mine
    const called = await page.waitFor('ticket:called', (e) => e.ticket.id === mine.id);
    expect(called.counter).toEqual({ id: s.counters[0], number: 1, name: 'Quầy 1' });
    await cmd(0, 'complete');
    await page.waitFor('ticket:done', (e) => e.ticket.id === mine.id);
    const ids = page.events.filter((e) => e.payload?.ticket).map((e) => e.payload.ticket.id);
    expect(new Set(ids)).toEqual(new Set([mine.id]));
    expect(JSON.stringify(page.events)).not.toContain(other.id);
    expect(page.of('queue:snapshot')).toEqual([]);
    expect(page.of('ticket:issued')).toEqual([]);
    // The page may not act.
    const ack = await page.command('ticket:issue', { serviceId: s.svc.A });
    expect(ack.error.code).toBe('forbidden');
  });

  it('admins get ticket:rated; officers and displays do not', async () => {
    const { s, issue, cmd } = await hall([['A']]);
    const adm = await client({ token: h.adminToken, siteId: s.siteId });
    const officer = await client({ token: s.officers[0]!.token });
    const d = await display(s);
    expect((await adm.waitFor('queue:snapshot')).siteId).toBe(s.siteId);
    await officer.waitFor('queue:snapshot');
    const pad = api(h.url, (await pairDevice(h, { kind: 'pad', siteId: s.siteId, counterId: s.counters[0] })).token);
    const t = await issue();
    await cmd(0, 'call-next');
    await cmd(0, 'complete');
    expect((await pad('POST', '/api/ratings', { ticketId: t.id, level: 'very_satisfied' })).status).toBe(201);
    expect(await adm.waitFor('ticket:rated')).toEqual({ ticketId: t.id, level: 'very_satisfied' });
    // Barrier: a later issue reaches the officer and the display (as queue:waiting).
    const from = d.mark();
    const t2 = await issue();
    await officer.waitFor('ticket:issued', (e) => e.ticket.id === t2.id);
    await d.waitFor('queue:waiting', (e) => e.waiting.some((w: { count: number }) => w.count === 1), from);
    expect(officer.of('ticket:rated')).toEqual([]);
    expect(d.of('ticket:rated')).toEqual([]);
    // An admin watching another site hears nothing of this one.
    const elsewhere = await client({ token: h.adminToken });
    expect((await elsewhere.waitFor('queue:snapshot')).siteId).toBe('demo');
  });
});

describe('devices, as admins see them', () => {
  it('admins get device:changed when a device comes online, goes offline and is revoked', async () => {
    const { s } = await hall([['A']], 0);
    const adm = await client({ token: h.adminToken, siteId: s.siteId });
    await adm.waitFor('queue:snapshot');
    const dev = await pairDevice(h, { kind: 'display', siteId: s.siteId, name: 'Màn hình tầng 2' });
    const d = await client({ token: dev.token });
    expect((await adm.waitFor('device:changed', (e) => e.device.id === dev.id && e.device.online)).device).toMatchObject({ kind: 'display', name: 'Màn hình tầng 2' });
    const listed = (await admin('GET', `/api/devices?siteId=${s.siteId}`)).body.devices.find((x: { id: string }) => x.id === dev.id);
    expect(listed.online).toBe(true);
    const from = adm.mark();
    d.close();
    await adm.waitFor('device:changed', (e) => e.device.id === dev.id && e.device.online === false, from);
    await admin('POST', `/api/devices/${dev.id}/revoke`);
    await adm.waitFor('device:changed', (e) => e.device.id === dev.id && e.device.revokedAt);
    // Displays and officers are not told about devices.
    const officer = await client({ token: (await newOfficer(s)).token });
    await officer.waitFor('queue:snapshot');
    expect(officer.of('device:changed')).toEqual([]);
  });
});

describe('commands over the socket obey the same rules as HTTP', () => {
  it('a kiosk issues through ticket:issue; a display gets forbidden; bad args get invalid_input; nothing changes on refusal', async () => {
    const { s } = await hall([['A']], 0);
    const k = await client({ token: (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token });
    const ok = await k.command('ticket:issue', { serviceId: s.svc.A, priority: 'child' });
    expect(ok.data.ticket).toMatchObject({ number: 'A001', priority: 'child', status: 'waiting' });
    const d = await display(s);
    const en = await client({ token: (await pairDevice(h, { kind: 'display', siteId: s.siteId })).token }, 'en');
    await expectUnchanged(h, async () => {
      const no = await d.command('ticket:issue', { serviceId: s.svc.A });
      expect(no).toEqual({ error: { code: 'forbidden', message: 'Bạn không có quyền thực hiện thao tác này' } });
      const noEn = await en.command('ticket:issue', { serviceId: s.svc.A });
      expect(noEn.error).toMatchObject({ code: 'forbidden', message: 'You are not allowed to do this' });
      const bad = await k.command('ticket:issue', { serviceId: s.svc.A, priority: 'vip' });
      expect(bad.error).toMatchObject({ code: 'invalid_input', field: 'priority' });
      expect((await k.command('ticket:issue', null)).error).toMatchObject({ code: 'invalid_input', field: 'serviceId' });
      expect((await k.command('ticket:issue', { serviceId: 'nope' })).error.code).toBe('service_not_found');
      expect((await k.command('counter:call-next', { counterId: s.counters[0] })).error.code).toBe('forbidden');
      expect((await d.command('rating:submit', { ticketId: ok.data.ticket.id, level: 'satisfied' })).error.code).toBe('forbidden');
    }, [s.siteId]);
  });

  it('an officer works the counter through socket commands, with the same 409s', async () => {
    const { s, issue } = await hall([['A']], 0);
    const [t1, t2] = await Promise.all([newOfficer(s), newOfficer(s)]);
    const o1 = await client({ token: t1.token });
    const o2 = await client({ token: t2.token });
    expect((await o1.command('counter:open', { counterId: s.counters[0] })).data.counter).toMatchObject({ status: 'open' });
    const held = await o2.command('counter:open', { counterId: s.counters[0] });
    expect(held.error.code).toBe('counter_held');
    const t = await issue();
    const call = await o1.command('counter:call-next', { counterId: s.counters[0] });
    expect(call.data.ticket).toMatchObject({ id: t.id, status: 'called' });
    expect((await o1.command('counter:call-next', { counterId: s.counters[0] })).error.code).toBe('ticket_in_service');
    expect((await o1.command('counter:recall', { counterId: s.counters[0] })).data.ticket.recalls).toBe(1);
    expect((await o1.command('counter:complete', { counterId: s.counters[0], dossierCode: '000.00.00.H56-261203-0009' })).data.ticket).toMatchObject({ status: 'done', dossierCode: '000.00.00.H56-261203-0009' });
    expect((await o1.command('counter:call-next', { counterId: s.counters[0] })).data).toEqual({ ticket: null });
    expect((await o1.command('counter:pause', { counterId: s.counters[0] })).error).toMatchObject({ code: 'invalid_input', field: 'reason' });
    expect((await o1.command('counter:open', { counterId: 'nope' })).error.code).toBe('counter_not_found');
    // A command sent without arguments still gets an answer.
    const bare = await new Promise<any>((res) => (o1.socket.emit as (...a: unknown[]) => void)('counter:call-next', res));
    expect(bare.error).toMatchObject({ code: 'invalid_input', field: 'counterId' });
    expect((await o1.command('counter:close', { counterId: s.counters[0] })).data.counter.status).toBe('closed');
  });
});

async function newOfficer(s: TestSite): Promise<{ token: string }> {
  const username = `rt${Math.random().toString(36).slice(2, 10)}`;
  const u = await admin('POST', '/api/users', { username, password: 'secret-pw', name: 'Phạm Thị Thu', role: 'officer', siteIds: [s.siteId] });
  expect(u.status).toBe(201);
  const l = await api(h.url)('POST', '/api/auth/login', { username, password: 'secret-pw' });
  return { token: l.body.token };
}

describe('handshake and revocation', () => {
  it('a bad, missing or unknown credential gets connect_error with data.code', async () => {
    expect((await connectRefused(h.url, { token: 'forged' })).data).toEqual({ code: 'unauthorized' });
    expect((await connectRefused(h.url, {})).data).toEqual({ code: 'unauthorized' });
    const vi = await connectRefused(h.url, { token: 'forged' });
    expect(vi.message).toBe('Chưa đăng nhập hoặc thiết bị chưa được ghép nối');
    const en = await connectRefused(h.url, { token: 'forged' }, 'en');
    expect(en.message).toBe('Not signed in, or the device is not paired');
    expect((await connectRefused(h.url, { ticketId: 'no-such-ticket' })).data).toEqual({ code: 'ticket_not_found' });
    // An officer of one site cannot watch another.
    const { s } = await hall([['A']], 0);
    const other = await makeSite(h, { services: ['A'], counters: [['A']], officers: 1 });
    expect((await connectRefused(h.url, { token: other.officers[0]!.token, siteId: s.siteId })).data).toEqual({ code: 'wrong_site' });
  });

  it('a revoked device is disconnected at once, and its token then gets 401 and connect_error', async () => {
    const { s } = await hall([['A']], 0);
    const dev = await pairDevice(h, { kind: 'display', siteId: s.siteId });
    const d = await client({ token: dev.token });
    await d.waitFor('queue:snapshot');
    expect((await admin('POST', `/api/devices/${dev.id}/revoke`)).status).toBe(200);
    expect(await d.waitFor('auth:revoked')).toEqual({ reason: 'revoked' });
    expect(await d.waitFor('disconnect')).toBe('io server disconnect');
    expectError(await api(h.url, dev.token)('GET', `/api/queue?siteId=${s.siteId}`), 401, 'unauthorized');
    expect((await connectRefused(h.url, { token: dev.token })).data).toEqual({ code: 'unauthorized' });
  });

  it('logout cuts the sockets of that session only; they cannot act afterwards', async () => {
    const { s } = await hall([['A']], 0);
    const { token } = await newOfficer(s);
    const username = (await api(h.url, token)('GET', '/api/me')).body.user.username;
    const other = (await api(h.url)('POST', '/api/auth/login', { username, password: 'secret-pw' })).body.token;
    const sock = await client({ token });
    const otherSock = await client({ token: other });
    await sock.waitFor('queue:snapshot');
    await otherSock.waitFor('queue:snapshot');
    expect((await api(h.url, token)('POST', '/api/auth/logout')).status).toBe(200);
    expect(await sock.waitFor('disconnect')).toBe('io server disconnect');
    expect((await connectRefused(h.url, { token })).data).toEqual({ code: 'unauthorized' });
    // The same officer's other session goes on.
    expect((await otherSock.command('counter:open', { counterId: s.counters[0] })).data.counter.status).toBe('open');
  });

  it('pads hear settings and configuration changes of their site', async () => {
    const { s } = await hall([['A']], 0);
    const pad = await client({ token: (await pairDevice(h, { kind: 'pad', siteId: s.siteId, counterId: s.counters[0] })).token });
    await pad.waitFor('queue:snapshot');
    const reasons = [{ vi: 'Phải chờ quá lâu', en: 'Waited too long' }];
    expect((await admin('PATCH', `/api/sites/${s.siteId}/settings`, { unsatisfiedReasons: reasons })).status).toBe(200);
    expect((await pad.waitFor('settings:changed')).settings.unsatisfiedReasons).toEqual(reasons);
    expect((await admin('PATCH', `/api/counters/${s.counters[0]}`, { name: 'Quầy Hộ tịch' })).status).toBe(200);
    const snap = await pad.waitFor('queue:snapshot', (x) => x.counters[0]?.name === 'Quầy Hộ tịch');
    expect(snap.counters.map((c: { id: string }) => c.id)).toEqual([s.counters[0]]);
  });

  it('re-pairing a device cuts the sockets of its old token', async () => {
    const { s } = await hall([['A']], 0);
    const dev = await pairDevice(h, { kind: 'kiosk', siteId: s.siteId });
    const k = await client({ token: dev.token });
    await k.waitFor('queue:snapshot');
    const code = (await admin('POST', `/api/devices/${dev.id}/pairing-code`)).body.pairingCode;
    const paired = await api(h.url)('POST', '/api/devices/pair', { code });
    expect(paired.status).toBe(200);
    expect(await k.waitFor('disconnect')).toBe('io server disconnect');
    const k2 = await client({ token: paired.body.token });
    expect((await k2.command('ticket:issue', { serviceId: s.svc.A })).data.ticket.number).toBe('A001');
  });
});
