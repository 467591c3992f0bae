// Every role boundary, as a table: each route and socket command tried with the token of every
// role (no token, kiosk, display, pad, officer, admin, an expired sign-in, a revoked kiosk), against
// a real hub with its throttles on. A row says what each role gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, connectRefused, expectError, type HubHandle, type Res } from '../integration/support.js';
import { ADMIN_PASSWORD, hubWithExpiredSession, ROLES, roleTokens, type Role, type RoleTokens } from './support.js';

type Exp = number | [number, string];
type Call = (method: string, path: string, body?: unknown) => Promise<Res>;
type Fixture = Record<string, string>;

interface Row {
  name: string;
  prepare?: () => Promise<Fixture>;
  run: (call: Call, fx: Fixture, role: Role) => Promise<Res>;
  expect: Record<Role, Exp>;
}

const SIGNED_OUT: Record<'none' | 'expired' | 'revoked', Exp> = {
  none: [401, 'unauthorized'], expired: [401, 'token_expired'], revoked: [401, 'unauthorized'],
};
type Staff = 'kiosk' | 'display' | 'pad' | 'officer' | 'admin';
/** Signed-out tokens get 401; the listed roles what is given; the other roles `other` (403). */
const authed = (m: Partial<Record<Staff, Exp>>, other: Exp = [403, 'forbidden']): Record<Role, Exp> => ({
  ...SIGNED_OUT,
  kiosk: m.kiosk ?? other, display: m.display ?? other, pad: m.pad ?? other, officer: m.officer ?? other, admin: m.admin ?? other,
});
const everyone = (e: Exp): Record<Role, Exp> => Object.fromEntries(ROLES.map((r) => [r, e])) as Record<Role, Exp>;
const seated = authed({ kiosk: 200, display: 200, pad: 200, officer: 200, admin: 200 });

let h: HubHandle;
let roles: RoleTokens;
let seq = 0;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  // Fixtures issue many tickets as admin: the issuing burst is raised here (rate-limits.test.ts tests it).
  const started = await hubWithExpiredSession({ LUOT_ISSUE_BURST: '1000' });
  h = started.h;
  roles = await roleTokens(h, started.expired);
  const officer = api(h.url, roles.tokens.officer);
  expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
}, 60_000);
afterAll(async () => { await h?.stop(); h?.cleanup(); });

const admin = () => api(h.url, h.adminToken);
const officer = () => api(h.url, roles.tokens.officer);

/** Counter 1 with nothing in service. */
async function freeCounter(): Promise<void> {
  const c = (await admin()('GET', '/api/counters?siteId=demo')).body.counters.find((x: { id: string }) => x.id === 'counter-1');
  if (c.currentTicketId) expect((await officer()('POST', '/api/counters/counter-1/complete')).status).toBe(200);
}

async function issue(serviceId = 'svc-a'): Promise<string> {
  const r = await admin()('POST', '/api/tickets', { serviceId });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.ticket.id;
}

/** A ticket just completed at counter 1: the one its pad may rate now. */
async function completed(): Promise<string> {
  await freeCounter();
  await issue();
  const called = await officer()('POST', '/api/counters/counter-1/call-next');
  expect(called.status, JSON.stringify(called.body)).toBe(200);
  const done = await officer()('POST', '/api/counters/counter-1/complete');
  expect(done.status).toBe(200);
  return done.body.ticket.id;
}

async function rated(): Promise<string> {
  const id = await completed();
  const r = await api(h.url, roles.tokens.pad)('POST', '/api/ratings', { ticketId: id, level: 'very_satisfied' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return id;
}

async function unpairedDevice(): Promise<string> {
  const r = await admin()('POST', '/api/devices', { siteId: 'demo', kind: 'display', name: `Màn hình ${++seq}` });
  expect(r.status).toBe(201);
  return r.body.device.id;
}

const rows: Row[] = [
  { name: 'GET /api/me', run: (c) => c('GET', '/api/me'), expect: seated },
  { name: 'GET /api/me/today', run: (c) => c('GET', '/api/me/today'), expect: authed({ officer: 200, admin: 200 }) },
  { name: 'GET /api/users', run: (c) => c('GET', '/api/users'), expect: authed({ admin: 200 }) },
  {
    name: 'POST /api/users', expect: authed({ admin: 201 }),
    run: (c) => c('POST', '/api/users', { username: `nguoithu${++seq}`, password: 'mat-khau-thu', name: 'Người Thử', role: 'officer', siteIds: ['demo'] }),
  },
  { name: 'POST /api/sites', run: (c) => c('POST', '/api/sites', { name: `Chi nhánh ${++seq}` }), expect: authed({ admin: 201 }) },
  { name: 'PATCH /api/sites/demo/settings', run: (c) => c('PATCH', '/api/sites/demo/settings', { displayTicker: 'Xin chào quý công dân' }), expect: authed({ admin: 200 }) },
  { name: 'POST /api/services', run: (c) => c('POST', '/api/services', { siteId: 'demo', code: 'Z', name: { vi: 'Thử nghiệm' } }), expect: authed({ admin: 201 }) },
  { name: 'PATCH /api/services/svc-t', run: (c) => c('PATCH', '/api/services/svc-t', { active: true }), expect: authed({ admin: 200 }) },
  { name: 'POST /api/counters', run: (c) => c('POST', '/api/counters', { siteId: 'demo', number: 40 + ++seq, serviceIds: ['svc-a'] }), expect: authed({ admin: 201 }) },
  { name: 'PATCH /api/counters/counter-6', run: (c) => c('PATCH', '/api/counters/counter-6', { name: 'Quầy trả kết quả' }), expect: authed({ admin: 200 }) },
  { name: 'POST /api/devices', run: (c) => c('POST', '/api/devices', { siteId: 'demo', kind: 'display', name: 'Màn hình tầng 2' }), expect: authed({ admin: 201 }) },
  { name: 'GET /api/devices', run: (c) => c('GET', '/api/devices?siteId=demo'), expect: authed({ admin: 200 }) },
  {
    name: 'PATCH /api/devices/:id', expect: authed({ admin: 200 }),
    prepare: async () => ({ id: await unpairedDevice() }), run: (c, fx) => c('PATCH', `/api/devices/${fx.id}`, { name: 'Màn hình đổi tên' }),
  },
  {
    name: 'POST /api/devices/:id/revoke', expect: authed({ admin: 200 }),
    prepare: async () => ({ id: await unpairedDevice() }), run: (c, fx) => c('POST', `/api/devices/${fx.id}/revoke`),
  },
  {
    name: 'POST /api/devices/:id/pairing-code', expect: authed({ admin: 200 }),
    prepare: async () => ({ id: await unpairedDevice() }), run: (c, fx) => c('POST', `/api/devices/${fx.id}/pairing-code`),
  },
  { name: 'GET /api/sites', run: (c) => c('GET', '/api/sites'), expect: seated },
  { name: 'GET /api/sites/demo', run: (c) => c('GET', '/api/sites/demo'), expect: seated },
  { name: 'GET /api/services', run: (c) => c('GET', '/api/services?siteId=demo'), expect: seated },
  { name: 'GET /api/counters', run: (c) => c('GET', '/api/counters?siteId=demo'), expect: seated },
  { name: 'GET /api/queue', run: (c) => c('GET', '/api/queue?siteId=demo'), expect: seated },
  { name: 'GET /api/queue/issue-state', run: (c) => c('GET', '/api/queue/issue-state?siteId=demo'), expect: seated },
  { name: 'GET /api/queue/waiting', run: (c) => c('GET', '/api/queue/waiting?counterId=counter-1'), expect: authed({ officer: 200, admin: 200 }) },
  { name: 'GET /api/printers', run: (c) => c('GET', '/api/printers?siteId=demo'), expect: authed({ officer: 200, admin: 200 }) },
  { name: 'POST /api/tickets', run: (c) => c('POST', '/api/tickets', { serviceId: 'svc-a' }), expect: authed({ kiosk: 201, officer: 201, admin: 201 }) },
  { name: 'GET /api/tickets/:id (public)', prepare: async () => ({ id: await issue() }), run: (c, fx) => c('GET', `/api/tickets/${fx.id}`), expect: everyone(200) },
  {
    name: 'POST /api/counters/counter-1/call-next', expect: authed({ officer: 200, admin: [409, 'counter_not_held'] }),
    prepare: async () => { await freeCounter(); await issue(); return {}; }, run: (c) => c('POST', '/api/counters/counter-1/call-next'),
  },
  {
    name: 'POST /api/ratings', expect: authed({ pad: 201 }),
    prepare: async () => ({ id: await completed() }), run: (c, fx) => c('POST', '/api/ratings', { ticketId: fx.id, level: 'very_satisfied' }),
  },
  // A rating is never edited or deleted: there is no such route, for anyone.
  { name: 'PUT /api/ratings/:id', prepare: async () => ({ id: await rated() }), run: (c, fx) => c('PUT', `/api/ratings/${fx.id}`, { level: 'unsatisfied' }), expect: everyone([404, 'not_found']) },
  { name: 'PATCH /api/ratings/:id', prepare: async () => ({ id: await rated() }), run: (c, fx) => c('PATCH', `/api/ratings/${fx.id}`, { level: 'satisfied' }), expect: everyone([404, 'not_found']) },
  { name: 'DELETE /api/ratings/:id', prepare: async () => ({ id: await rated() }), run: (c, fx) => c('DELETE', `/api/ratings/${fx.id}`), expect: everyone([404, 'not_found']) },
  { name: 'DELETE /api/ratings/:id/notes', prepare: async () => ({ id: await rated() }), run: (c, fx) => c('DELETE', `/api/ratings/${fx.id}/notes`), expect: everyone([404, 'not_found']) },
  {
    name: 'POST /api/ratings/:id/notes', expect: authed({ admin: 201 }),
    prepare: async () => ({ id: await rated() }), run: (c, fx) => c('POST', `/api/ratings/${fx.id}/notes`, { note: 'Công dân phản ánh qua đường dây nóng' }),
  },
  { name: 'GET /api/ratings/:id/notes', prepare: async () => ({ id: await rated() }), run: (c, fx) => c('GET', `/api/ratings/${fx.id}/notes`), expect: authed({ admin: 200 }) },
  { name: 'GET /api/audit/verify', run: (c) => c('GET', '/api/audit/verify'), expect: authed({ admin: 200 }) },
  { name: 'GET /api/audit/digests', run: (c) => c('GET', '/api/audit/digests?siteId=demo'), expect: authed({ admin: 200 }) },
  { name: 'GET /api/reports', run: (c) => c('GET', `/api/reports?siteId=demo&from=${today()}&to=${today()}`), expect: authed({ admin: 200 }) },
  {
    // The same password again: the route runs in full, and the role's token stays valid.
    name: 'POST /api/auth/password', expect: authed({ officer: 200, admin: 200 }),
    run: (c, _fx, role) => {
      const pw = role === 'officer' ? h.demo.canbo1 : role === 'admin' ? ADMIN_PASSWORD : h.demo.canbo2;
      return c('POST', '/api/auth/password', { currentPassword: pw, newPassword: pw });
    },
  },
];

function check(r: Res, e: Exp, what: string): void {
  if (typeof e === 'number') expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(e);
  else expectError(r, e[0], e[1]);
}

describe('role boundaries over HTTP', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    for (const role of ROLES) {
      const fx = row.prepare ? await row.prepare() : {};
      const r = await row.run(api(h.url, roles.tokens[role]), fx, role);
      check(r, row.expect[role], `${row.name} as ${role}`);
    }
  });
});

// ------------------------------------------------------------------ sockets
type SocketRole = Role | 'ticket';
const SOCKET_ROLES: SocketRole[] = [...ROLES, 'ticket'];
type Ack = 'ok' | string;

interface SocketRow { name: string; prepare?: () => Promise<Fixture>; args: (fx: Fixture) => unknown; expect: Partial<Record<SocketRole, Ack>> }

const socketRows: SocketRow[] = [
  { name: 'ticket:issue', args: () => ({ serviceId: 'svc-b' }), expect: { kiosk: 'ok', officer: 'ok', admin: 'ok', display: 'forbidden', pad: 'forbidden', ticket: 'forbidden' } },
  {
    name: 'counter:call-next', prepare: async () => { await freeCounter(); await issue(); return {}; }, args: () => ({ counterId: 'counter-1' }),
    expect: { officer: 'ok', admin: 'counter_not_held', kiosk: 'forbidden', display: 'forbidden', pad: 'forbidden', ticket: 'forbidden' },
  },
  {
    name: 'rating:submit', prepare: async () => ({ id: await completed() }), args: (fx) => ({ ticketId: fx.id, level: 'satisfied' }),
    expect: { pad: 'ok', officer: 'forbidden', admin: 'forbidden', kiosk: 'forbidden', display: 'forbidden', ticket: 'forbidden' },
  },
  {
    name: 'counter:pause', args: () => ({ counterId: 'counter-2', reason: 'Họp giao ban' }), // a counter nobody holds
    expect: { officer: 'counter_not_open', admin: 'counter_not_open', kiosk: 'forbidden', display: 'forbidden', pad: 'forbidden', ticket: 'forbidden' },
  },
];

const HANDSHAKE: Record<SocketRole, Ack> = {
  none: 'unauthorized', expired: 'token_expired', revoked: 'unauthorized',
  kiosk: 'ok', display: 'ok', pad: 'ok', officer: 'ok', admin: 'ok', ticket: 'ok',
};

describe('role boundaries over socket.io', () => {
  it('the handshake admits the live tokens and the ticket page, and refuses the others with a code', async () => {
    const ticketId = await issue();
    for (const role of SOCKET_ROLES) {
      const auth = role === 'ticket' ? { ticketId } : { token: roles.tokens[role] };
      if (HANDSHAKE[role] === 'ok') {
        const c = await connect(h.url, auth);
        c.close();
      } else {
        const refused = await connectRefused(h.url, auth);
        expect(refused.data?.code, role).toBe(HANDSHAKE[role]);
      }
    }
  });

  it.each(socketRows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const ticketId = await issue();
    for (const role of SOCKET_ROLES) {
      const want = row.expect[role];
      if (!want) continue; // refused at the handshake (above)
      const fx = row.prepare ? await row.prepare() : {};
      const c = await connect(h.url, role === 'ticket' ? { ticketId } : { token: roles.tokens[role] });
      try {
        const ack = await c.command(row.name, row.args(fx));
        if (want === 'ok') expect(ack.data, `${row.name} as ${role}: ${JSON.stringify(ack)}`).toBeDefined();
        else expect(ack.error?.code, `${row.name} as ${role}: ${JSON.stringify(ack)}`).toBe(want);
      } finally {
        c.close();
      }
    }
  });
});

describe('boundaries within a role', () => {
  it('a pad rates only its own counter\'s tickets (403 wrong_counter)', async () => {
    const id = await completed();
    const other = await (await import('../integration/support.js')).pairDevice(h, { kind: 'pad', counterId: 'counter-2' });
    expectError(await api(h.url, other.token)('POST', '/api/ratings', { ticketId: id, level: 'very_satisfied' }), 403, 'wrong_counter');
  });

  it('an admin of another site cannot read or annotate this site\'s ratings', async () => {
    const site = await admin()('POST', '/api/sites', { name: 'Chi nhánh số 7' });
    const siteId = site.body.site.id;
    const u = await admin()('POST', '/api/users', { username: `qtv${++seq}`, password: 'mat-khau-qtv', name: 'Quản trị chi nhánh', role: 'admin', siteIds: [siteId] });
    expect(u.status).toBe(201);
    const token = (await api(h.url)('POST', '/api/auth/login', { username: u.body.user.username, password: 'mat-khau-qtv' })).body.token;
    const id = await rated();
    const other = api(h.url, token);
    expectError(await other('POST', `/api/ratings/${id}/notes`, { note: 'Sửa giúp' }), 404, 'ticket_not_found');
    expectError(await other('GET', '/api/audit/digests?siteId=demo'), 403, 'wrong_site');
    expect((await other('GET', `/api/ratings/${id}/notes`)).body.notes).toEqual([]);
  });
});
