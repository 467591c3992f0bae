// Sessions and tokens: sign-out, password change, a session's end, a revoked device. Each ends the
// tokens it should, cuts their live sockets at once (`auth:revoked`, then a disconnect), and leaves
// the others working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, connect, expectError, login, pairDevice, type HubHandle } from '../integration/support.js';
import { startSecureHub } from './support.js';

const hubs: HubHandle[] = [];
let h: HubHandle;

beforeAll(async () => {
  h = await startSecureHub();
  hubs.push(h);
});
afterAll(async () => { for (const x of hubs) { await x.stop(); x.cleanup(); } });

async function officerAccount(username: string, password: string): Promise<void> {
  const r = await api(h.url, h.adminToken)('POST', '/api/users', { username, password, name: 'Lê Thị Hoa', role: 'officer', siteIds: ['demo'] });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

describe('sign-out and password change', () => {
  it('sign-out ends that token only, and cuts its sockets', async () => {
    await officerAccount('hoa.le', 'mat-khau-1');
    const [a, b] = [await login(h, 'hoa.le', 'mat-khau-1'), await login(h, 'hoa.le', 'mat-khau-1')];
    const [sa, sb] = [await connect(h.url, { token: a }), await connect(h.url, { token: b })];
    expect((await api(h.url, a)('POST', '/api/auth/logout')).status).toBe(200);
    expect(await sa.waitFor('auth:revoked')).toEqual({ reason: 'logged_out' });
    await sa.waitFor('disconnect');
    expectError(await api(h.url, a)('GET', '/api/me'), 401, 'unauthorized');
    expect((await api(h.url, b)('GET', '/api/me')).status).toBe(200);
    expect(sb.socket.connected).toBe(true);
    sb.close();
  });

  it('a password change keeps this session, ends the others and their sockets, and is audited', async () => {
    await officerAccount('minh.tran', 'mat-khau-cu');
    const here = await login(h, 'minh.tran', 'mat-khau-cu');
    const elsewhere = await login(h, 'minh.tran', 'mat-khau-cu');
    const stolen = await connect(h.url, { token: elsewhere });
    const mine = await connect(h.url, { token: here });

    const me = api(h.url, here);
    expectError(await me('POST', '/api/auth/password', { currentPassword: 'sai-roi', newPassword: 'mat-khau-moi' }), 403, 'wrong_password', 'currentPassword');
    expectError(await me('POST', '/api/auth/password', { currentPassword: 'mat-khau-cu', newPassword: '123' }), 400, 'invalid_input', 'newPassword');
    expectError(await me('POST', '/api/auth/password', { currentPassword: 'mat-khau-cu', newPassword: 'mat-khau-moi', role: 'admin' }), 400, 'invalid_input', 'role');
    expect((await api(h.url, elsewhere)('GET', '/api/me')).status).toBe(200);

    const r = await me('POST', '/api/auth/password', { currentPassword: 'mat-khau-cu', newPassword: 'mat-khau-moi' });
    expect(r).toEqual({ status: 200, body: { ok: true, endedSessions: 1 } });
    expect(await stolen.waitFor('auth:revoked')).toEqual({ reason: 'password_changed' });
    await stolen.waitFor('disconnect');
    expectError(await api(h.url, elsewhere)('GET', '/api/me'), 401, 'unauthorized');
    expect((await me('GET', '/api/me')).body.user.username).toBe('minh.tran');
    expect(mine.socket.connected).toBe(true);
    mine.close();

    expectError(await api(h.url)('POST', '/api/auth/login', { username: 'minh.tran', password: 'mat-khau-cu' }), 401, 'bad_credentials');
    expect((await api(h.url)('POST', '/api/auth/login', { username: 'minh.tran', password: 'mat-khau-moi' })).status).toBe(200);

    const audit = (await api(h.url, h.adminToken)('GET', '/api/users')).body.users.find((u: { username: string }) => u.username === 'minh.tran');
    const { readFileSync } = await import('node:fs');
    const entries = readFileSync(`${h.dataDir}/audit.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.filter((e) => e.action === 'password.change')).toEqual([
      expect.objectContaining({ actor: `user:${audit.id}`, target: `user:${audit.id}`, detail: { endedSessions: 1 } }),
    ]);
    // The audit entry holds no password, old or new.
    expect(JSON.stringify(entries)).not.toMatch(/mat-khau/);
  });

  it('devices cannot change a password', async () => {
    const kiosk = await pairDevice(h, { kind: 'kiosk' });
    expectError(await api(h.url, kiosk.token)('POST', '/api/auth/password', { currentPassword: 'x', newPassword: 'yyyyyy' }), 403, 'forbidden');
  });
});

describe('a revoked device', () => {
  it('is cut at once: auth:revoked, a disconnect, and its token answers 401 over HTTP and sockets', async () => {
    const display = await pairDevice(h, { kind: 'display', name: 'Màn hình cũ' });
    const s = await connect(h.url, { token: display.token });
    await s.waitFor('queue:snapshot');
    expect((await api(h.url, h.adminToken)('POST', `/api/devices/${display.id}/revoke`)).status).toBe(200);
    expect(await s.waitFor('auth:revoked')).toEqual({ reason: 'revoked' });
    expect(await s.waitFor('disconnect')).toBe('io server disconnect');
    expectError(await api(h.url, display.token)('GET', '/api/queue?siteId=demo'), 401, 'unauthorized');
  });
});

describe('the end of a session', () => {
  it('cuts the user\'s sockets when the sign-in expires, and its token then answers token_expired', async () => {
    const short = await startSecureHub({ LUOT_SESSION_SECONDS: '2' });
    hubs.push(short);
    const token = await login(short, 'canbo1', short.demo.canbo1);
    const s = await connect(short.url, { token });
    await s.waitFor('queue:snapshot');
    expect(await s.waitFor('auth:revoked')).toEqual({ reason: 'token_expired' });
    expect(await s.waitFor('disconnect')).toBe('io server disconnect');
    expectError(await api(short.url, token)('GET', '/api/me'), 401, 'token_expired');
    // A device's token does not expire.
    const kiosk = await pairDevice({ ...short, adminToken: await login(short, 'admin', ADMIN_PASSWORD) }, { kind: 'kiosk' });
    expect((await api(short.url, kiosk.token)('GET', '/api/me')).status).toBe(200);
  });
});
