// Accounts, devices, sites, services and counters over real HTTP against the real hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD, api, expectError, expectUnchanged, login, makeSite, pairDevice, startTestHub, type HubHandle,
} from './support.js';

let h: HubHandle;
let admin: ReturnType<typeof api>;
let anon: ReturnType<typeof api>;
let officerToken: string;

beforeAll(async () => {
  h = await startTestHub();
  admin = api(h.url, h.adminToken);
  anon = api(h.url);
  officerToken = await login(h, 'canbo1', h.demo.canbo1);
});
afterAll(async () => { await h?.stop(); h?.cleanup(); });

describe('health and unknown routes', () => {
  it('answers /api/health with ok', async () => {
    expect(await anon('GET', '/api/health')).toEqual({ status: 200, body: { ok: true, store: process.env.LUOT_TEST_STORE === 'postgres' ? 'postgres' : 'files', hub: expect.any(String) } });
  });

  it('answers an unknown /api route with 404 not_found, in Vietnamese by default and English on request', async () => {
    const vi = await anon('GET', '/api/no-such-thing');
    expectError(vi, 404, 'not_found');
    expect(vi.body.error.message).toBe('Không tìm thấy');
    const en = await api(h.url, undefined, 'en')('POST', '/api/no-such-thing', { a: 1 });
    expectError(en, 404, 'not_found');
    expect(en.body.error.message).toBe('Not found');
  });
});

describe('screens', () => {
  it('serves each screen\'s page (or says how to build it), and / leads to the admin console', async () => {
    for (const path of ['/kiosk', '/display', '/counter', '/pad', '/admin', '/t/some-ticket-id']) {
      const r = await fetch(h.url + path);
      const text = await r.text();
      expect([200, 503], path).toContain(r.status);
      if (r.status === 200) expect(r.headers.get('content-type'), path).toMatch(/text\/html/);
      else expect(text).toContain('npm run build');
    }
    const root = await fetch(h.url + '/', { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/admin');
  });
});

describe('login, sessions, users', () => {
  it('logs in the admin and the demo officer with their roles', async () => {
    const a = await anon('POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(a.status).toBe(200);
    expect(a.body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(typeof a.body.token).toBe('string');
    expect(a.body.user.passwordHash).toBeUndefined();
    const o = await anon('POST', '/api/auth/login', { username: 'canbo1', password: h.demo.canbo1 });
    expect(o.status).toBe(200);
    expect(o.body.user).toMatchObject({ username: 'canbo1', role: 'officer', name: 'Nguyễn Thị Lan' });
    expect(Object.keys(o.body.user)).toEqual(expect.arrayContaining(['id', 'username', 'name', 'role']));
  });

  it('refuses a wrong password or unknown user with 401 bad_credentials, changing nothing', async () => {
    await expectUnchanged(h, async () => {
      expectError(await anon('POST', '/api/auth/login', { username: 'admin', password: 'wrong' }), 401, 'bad_credentials');
      expectError(await anon('POST', '/api/auth/login', { username: 'nobody', password: 'x' }), 401, 'bad_credentials');
    });
  });

  it('refuses a login body that is not valid, naming the field', async () => {
    await expectUnchanged(h, async () => {
      expectError(await anon('POST', '/api/auth/login', { username: 'admin' }), 400, 'invalid_input', 'password');
      expectError(await anon('POST', '/api/auth/login', { username: 42, password: 'x' }), 400, 'invalid_input', 'username');
      expectError(await anon('POST', '/api/auth/login', { username: 'admin', password: 'x', remember: true }), 400, 'invalid_input', 'remember');
      expectError(await anon('POST', '/api/auth/login', '{"username": "admin",'), 400, 'invalid_json');
    });
  });

  it('GET /api/me names the signed-in user; no token or a bad token gets 401 unauthorized', async () => {
    const me = await api(h.url, officerToken)('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: 'canbo1', role: 'officer' });
    expectError(await anon('GET', '/api/me'), 401, 'unauthorized');
    expectError(await api(h.url, 'not-a-token')('GET', '/api/me'), 401, 'unauthorized');
    expectError(await anon('GET', '/api/me', undefined, { Authorization: 'Basic YWRtaW46YWRtaW4=' }), 401, 'unauthorized');
    const en = await api(h.url, 'not-a-token', 'en')('GET', '/api/me');
    expect(en.body.error.message).toBe('Not signed in, or the device is not paired');
  });

  it('logout ends the session: the token gets 401 afterwards', async () => {
    const token = await login(h, 'canbo2', h.demo.canbo2);
    const me = api(h.url, token);
    expect((await me('GET', '/api/me')).status).toBe(200);
    expect((await me('POST', '/api/auth/logout')).status).toBe(200);
    expectError(await me('GET', '/api/me'), 401, 'unauthorized');
  });

  it('an admin creates an officer who can then sign in; the list shows him', async () => {
    const r = await admin('POST', '/api/users', { username: 'canbo9', password: 'matkhau9', name: 'Lê Văn Chín', role: 'officer' });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ username: 'canbo9', name: 'Lê Văn Chín', role: 'officer' });
    expect(r.body.user.passwordHash).toBeUndefined();
    const t = await login(h, 'canbo9', 'matkhau9');
    expect((await api(h.url, t)('GET', '/api/me')).body.user.name).toBe('Lê Văn Chín');
    const list = await admin('GET', '/api/users');
    expect(list.status).toBe(200);
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['admin', 'canbo1', 'canbo2', 'canbo9']));
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash/);
  });

  it('refuses users that are invalid (400), taken (409), or created by an officer or a device (403), changing nothing', async () => {
    const kiosk = await pairDevice(h, { kind: 'kiosk' });
    await expectUnchanged(h, async () => {
      expectError(await admin('POST', '/api/users', { username: 'x y', password: 'matkhau', name: 'A', role: 'officer' }), 400, 'invalid_input', 'username');
      expectError(await admin('POST', '/api/users', { username: 'newone', password: 'matkhau', name: 'A', role: 'boss' }), 400, 'invalid_input', 'role');
      expectError(await admin('POST', '/api/users', { username: 'newone', password: 'matkhau', name: 'A', role: 'officer', age: 3 }), 400, 'invalid_input', 'age');
      expectError(await admin('POST', '/api/users', { username: 'canbo1', password: 'matkhau', name: 'A', role: 'officer' }), 409, 'username_taken');
      expectError(await api(h.url, officerToken)('POST', '/api/users', { username: 'newone', password: 'matkhau', name: 'A', role: 'admin' }), 403, 'forbidden');
      expectError(await api(h.url, kiosk.token)('POST', '/api/users', { username: 'newone', password: 'matkhau', name: 'A', role: 'admin' }), 403, 'forbidden');
      expectError(await anon('POST', '/api/users', { username: 'newone', password: 'matkhau', name: 'A', role: 'admin' }), 401, 'unauthorized');
      expectError(await api(h.url, officerToken)('GET', '/api/users'), 403, 'forbidden');
    });
    expect((await anon('POST', '/api/auth/login', { username: 'newone', password: 'matkhau' })).status).toBe(401);
  });
});

describe('an admin of some sites', () => {
  it('sees and acts on his own sites only, and cannot create an admin of every site', async () => {
    const mine = await makeSite(h, { services: ['A'], counters: [['A']] });
    const created = await admin('POST', '/api/users', { username: 'quantri-chinhanh', password: 'matkhau-cn', name: 'Quản trị chi nhánh', role: 'admin', siteIds: [mine.siteId] });
    expect(created.status).toBe(201);
    const sa = api(h.url, await login(h, 'quantri-chinhanh', 'matkhau-cn'));
    expect((await sa('GET', '/api/sites')).body.sites.map((s: { id: string }) => s.id)).toEqual([mine.siteId]);
    expect((await sa('GET', `/api/queue?siteId=${mine.siteId}`)).status).toBe(200);
    expect((await sa('POST', '/api/tickets', { serviceId: mine.svc.A })).status).toBe(201);
    await expectUnchanged(h, async () => {
      expectError(await sa('GET', '/api/queue?siteId=demo'), 403, 'wrong_site');
      expectError(await sa('GET', '/api/services?siteId=demo'), 403, 'wrong_site');
      expectError(await sa('POST', '/api/devices', { siteId: 'demo', kind: 'kiosk', name: 'K' }), 403, 'wrong_site');
      expectError(await sa('POST', '/api/tickets', { serviceId: 'svc-a' }), 403, 'wrong_site');
      expectError(await sa('POST', '/api/counters/counter-3/open'), 403, 'wrong_site');
      expectError(await sa('POST', '/api/users', { username: 'toan-quyen', password: 'matkhau', name: 'X', role: 'admin' }), 403, 'wrong_site');
      expectError(await sa('POST', '/api/users', { username: 'toan-quyen', password: 'matkhau', name: 'X', role: 'officer', siteIds: ['demo'] }), 403, 'wrong_site');
    }, ['demo', mine.siteId]);
    const officer = await sa('POST', '/api/users', { username: 'canbo-chinhanh', password: 'matkhau', name: 'Cán bộ chi nhánh', role: 'officer', siteIds: [mine.siteId] });
    expect(officer.status).toBe(201);
  });
});

describe('devices and pairing', () => {
  it('creates a kiosk with a pairing code that pairs once; a second use gets 409 pairing_code_invalid', async () => {
    const c = await admin('POST', '/api/devices', { siteId: 'demo', kind: 'kiosk', name: 'Kiosk sảnh', printer: 'tcp://192.168.1.50:9100' });
    expect(c.status).toBe(201);
    expect(c.body.device).toMatchObject({ siteId: 'demo', kind: 'kiosk', name: 'Kiosk sảnh', printer: 'tcp://192.168.1.50:9100' });
    expect(typeof c.body.pairingCode).toBe('string');
    expect(JSON.stringify(c.body)).not.toMatch(/tokenHash/);

    const p = await anon('POST', '/api/devices/pair', { code: c.body.pairingCode });
    expect(p.status).toBe(200);
    expect(p.body.device).toMatchObject({ id: c.body.device.id, kind: 'kiosk' });
    const me = await api(h.url, p.body.token)('GET', '/api/me');
    expect(me.body.device).toMatchObject({ id: c.body.device.id, kind: 'kiosk' });

    await expectUnchanged(h, async () => {
      expectError(await anon('POST', '/api/devices/pair', { code: c.body.pairingCode }), 409, 'pairing_code_invalid', 'code');
      expectError(await anon('POST', '/api/devices/pair', { code: 'ZZZZZZ' }), 409, 'pairing_code_invalid', 'code');
      expectError(await anon('POST', '/api/devices/pair', {}), 400, 'invalid_input', 'code');
      expectError(await anon('POST', '/api/devices/pair', { code: 123456 }), 400, 'invalid_input', 'code');
    });
    // The first pairing's token still works.
    expect((await api(h.url, p.body.token)('GET', '/api/me')).status).toBe(200);
  });

  it('creates a pad for a counter and a display; a pad without counterId or a display with a printer is refused', async () => {
    const pad = await admin('POST', '/api/devices', { siteId: 'demo', kind: 'pad', name: 'Pad quầy 1', counterId: 'counter-1' });
    expect(pad.status).toBe(201);
    expect(pad.body.device).toMatchObject({ kind: 'pad', counterId: 'counter-1' });
    const disp = await admin('POST', '/api/devices', { siteId: 'demo', kind: 'display', name: 'Màn hình sảnh' });
    expect(disp.status).toBe(201);
    await expectUnchanged(h, async () => {
      expectError(await admin('POST', '/api/devices', { siteId: 'demo', kind: 'pad', name: 'Pad' }), 400, 'invalid_input', 'counterId');
      expectError(await admin('POST', '/api/devices', { siteId: 'demo', kind: 'display', name: 'D', printer: 'tcp://10.0.0.1:9100' }), 400, 'invalid_input', 'printer');
      expectError(await admin('POST', '/api/devices', { siteId: 'demo', kind: 'kiosk', name: 'K', printer: 'lpt1' }), 400, 'invalid_input', 'printer');
      expectError(await admin('POST', '/api/devices', { siteId: 'demo', kind: 'toaster', name: 'T' }), 400, 'invalid_input', 'kind');
      expectError(await admin('POST', '/api/devices', { siteId: 'demo', kind: 'pad', name: 'P', counterId: 'counter-99' }), 404, 'counter_not_found');
      expectError(await admin('POST', '/api/devices', { siteId: 'nowhere', kind: 'kiosk', name: 'K' }), 404, 'site_not_found');
      expectError(await api(h.url, officerToken)('POST', '/api/devices', { siteId: 'demo', kind: 'kiosk', name: 'K' }), 403, 'forbidden');
    });
  });

  it('lists devices for the admin only', async () => {
    const list = await admin('GET', '/api/devices?siteId=demo');
    expect(list.status).toBe(200);
    expect(list.body.devices.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(list.body)).not.toMatch(/tokenHash/);
    expectError(await api(h.url, officerToken)('GET', '/api/devices'), 403, 'forbidden');
  });

  it('a revoked device gets 401 at once and cannot pair again; unknown device ids get 404', async () => {
    const k = await pairDevice(h, { kind: 'kiosk', name: 'Kiosk bị thu hồi' });
    const kapi = api(h.url, k.token);
    expect((await kapi('POST', '/api/tickets', { serviceId: 'svc-k' })).status).toBe(201);
    const r = await admin('POST', `/api/devices/${k.id}/revoke`);
    expect(r.status).toBe(200);
    expect(r.body.device.revokedAt).toBeTruthy();
    await expectUnchanged(h, async () => {
      expectError(await kapi('POST', '/api/tickets', { serviceId: 'svc-k' }), 401, 'unauthorized');
      expectError(await kapi('GET', '/api/me'), 401, 'unauthorized');
      expectError(await admin('POST', `/api/devices/${k.id}/pairing-code`), 409, 'conflict');
      expectError(await admin('POST', '/api/devices/no-such-device/revoke'), 404, 'device_not_found');
      expectError(await admin('POST', '/api/devices/no-such-device/pairing-code'), 404, 'device_not_found');
      expectError(await api(h.url, officerToken)('POST', `/api/devices/${k.id}/revoke`), 403, 'forbidden');
    });
  });

  it('a new pairing code re-pairs a device and replaces its old token', async () => {
    const d = await pairDevice(h, { kind: 'display', name: 'Màn hình thay thế' });
    const code = await admin('POST', `/api/devices/${d.id}/pairing-code`);
    expect(code.status).toBe(200);
    const p = await anon('POST', '/api/devices/pair', { code: code.body.pairingCode });
    expect(p.status).toBe(200);
    expect((await api(h.url, p.body.token)('GET', '/api/me')).status).toBe(200);
    expectError(await api(h.url, d.token)('GET', '/api/me'), 401, 'unauthorized');
  });
});

describe('sites, services, counters', () => {
  it('lists the demo site, its ten services and six counters', async () => {
    const sites = await admin('GET', '/api/sites');
    expect(sites.status).toBe(200);
    expect(sites.body.sites).toContainEqual(expect.objectContaining({ id: 'demo', name: expect.stringContaining('Demo') }));
    const services = await admin('GET', '/api/services?siteId=demo');
    expect(services.status).toBe(200);
    expect(services.body.services.map((s: { code: string }) => s.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'T']);
    expect(services.body.services[0]).toMatchObject({ id: 'svc-a', siteId: 'demo', code: 'A', name: { vi: 'Tư pháp – Hộ tịch', en: 'Justice – Civil status' }, active: true });
    const counters = await admin('GET', '/api/counters?siteId=demo');
    expect(counters.status).toBe(200);
    expect(counters.body.counters).toHaveLength(6);
    expect(counters.body.counters[0]).toMatchObject({ id: 'counter-1', siteId: 'demo', number: 1, name: 'Quầy 1', serviceIds: ['svc-a', 'svc-b'], status: 'closed' });
    const site = await admin('GET', '/api/sites/demo');
    expect(site.body.site).toMatchObject({ id: 'demo', timeZone: expect.any(String) });
  });

  it('a kiosk reads its own site only', async () => {
    const k = await pairDevice(h, { kind: 'kiosk' });
    const kapi = api(h.url, k.token);
    expect((await kapi('GET', '/api/services?siteId=demo')).status).toBe(200);
    expect((await kapi('GET', '/api/sites')).body.sites.map((s: { id: string }) => s.id)).toEqual(['demo']);
    const other = await makeSite(h, { services: ['A'], counters: [['A']] });
    expectError(await kapi('GET', `/api/services?siteId=${other.siteId}`), 403, 'wrong_site');
    expectError(await kapi('GET', `/api/queue?siteId=${other.siteId}`), 403, 'wrong_site');
  });

  it('creates a site, a service and a counter; they are listed', async () => {
    const s = await admin('POST', '/api/sites', { name: 'Chi nhánh Phường Bến Thành' });
    expect(s.status).toBe(201);
    expect(s.body.site).toMatchObject({ name: 'Chi nhánh Phường Bến Thành', timeZone: expect.any(String) });
    const siteId = s.body.site.id;
    expect((await admin('GET', '/api/sites')).body.sites.map((x: { id: string }) => x.id)).toContain(siteId);

    const svc = await admin('POST', '/api/services', { siteId, code: 'A', name: { vi: 'Hộ tịch' }, dailyCap: 50 });
    expect(svc.status).toBe(201);
    expect(svc.body.service).toMatchObject({ siteId, code: 'A', name: { vi: 'Hộ tịch', en: 'Hộ tịch' }, active: true, dailyCap: 50 });
    const c = await admin('POST', '/api/counters', { siteId, number: 1, serviceIds: [svc.body.service.id] });
    expect(c.status).toBe(201);
    expect(c.body.counter).toMatchObject({ siteId, number: 1, name: 'Quầy 1', serviceIds: [svc.body.service.id], status: 'closed' });

    expect((await admin('GET', `/api/services?siteId=${siteId}`)).body.services).toHaveLength(1);
    expect((await admin('GET', `/api/counters?siteId=${siteId}`)).body.counters).toHaveLength(1);
    // The same letter in another site is fine.
    expect((await admin('GET', '/api/services?siteId=demo')).body.services.filter((x: { code: string }) => x.code === 'A')).toHaveLength(1);
  });

  it('PATCH changes a service and a counter, and the site settings', async () => {
    const site = await makeSite(h, { services: ['A', 'B'], counters: [['A']] });
    const p = await admin('PATCH', `/api/services/${site.svc.A}`, { name: { vi: 'Hộ tịch mới', en: 'New civil status' }, dailyCap: 7, active: false });
    expect(p.status).toBe(200);
    expect(p.body.service).toMatchObject({ name: { vi: 'Hộ tịch mới', en: 'New civil status' }, dailyCap: 7, active: false });
    const c = await admin('PATCH', `/api/counters/${site.counters[0]}`, { name: 'Quầy Hộ tịch', serviceIds: [site.svc.B, site.svc.A] });
    expect(c.status).toBe(200);
    expect(c.body.counter).toMatchObject({ name: 'Quầy Hộ tịch', serviceIds: [site.svc.B, site.svc.A] });
    const s = await admin('PATCH', `/api/sites/${site.siteId}/settings`, { recallLimit: 2, priorityEnabled: false });
    expect(s.status).toBe(200);
    expect(s.body.site.settings).toMatchObject({ recallLimit: 2, priorityEnabled: false });
    expect((await admin('GET', `/api/sites/${site.siteId}`)).body.site.settings.recallLimit).toBe(2);
  });

  it('refuses invalid, duplicate, unknown and unauthorised configuration, changing nothing', async () => {
    const site = await makeSite(h, { services: ['A'], counters: [['A']] });
    const officer = api(h.url, officerToken);
    const k = await pairDevice(h, { kind: 'kiosk', siteId: site.siteId });
    await expectUnchanged(h, async () => {
      // 400
      expectError(await admin('POST', '/api/sites', {}), 400, 'invalid_input', 'name');
      expectError(await admin('POST', '/api/sites', { name: 'X', timeZone: 'Mars/Olympus' }), 400, 'invalid_input', 'timeZone');
      expectError(await admin('POST', '/api/services', { siteId: site.siteId, code: 'ab', name: { vi: 'X' } }), 400, 'invalid_input', 'code');
      expectError(await admin('POST', '/api/services', { siteId: site.siteId, code: 'Q', name: { vi: '' } }), 400, 'invalid_input', 'name.vi');
      expectError(await admin('POST', '/api/services', { siteId: site.siteId, code: 'Q', name: { vi: 'X' }, dailyCap: 'many' }), 400, 'invalid_input', 'dailyCap');
      expectError(await admin('POST', '/api/services', { siteId: site.siteId, code: 'Q', name: { vi: 'X' }, colour: 'red' }), 400, 'invalid_input', 'colour');
      expectError(await admin('POST', '/api/counters', { siteId: site.siteId, number: 0, serviceIds: [site.svc.A] }), 400, 'invalid_input', 'number');
      expectError(await admin('POST', '/api/counters', { siteId: site.siteId, number: 5, serviceIds: [] }), 400, 'invalid_input', 'serviceIds');
      expectError(await admin('PATCH', `/api/services/${site.svc.A}`, { dailyCap: -1 }), 400, 'invalid_input', 'dailyCap');
      expectError(await admin('PATCH', `/api/sites/${site.siteId}/settings`, { recallLimit: 'three' }), 400, 'invalid_input', 'recallLimit');
      expectError(await admin('GET', '/api/services'), 400, 'invalid_input', 'siteId');
      expectError(await admin('GET', '/api/counters'), 400, 'invalid_input', 'siteId');
      // 409
      expectError(await admin('POST', '/api/services', { siteId: site.siteId, code: 'A', name: { vi: 'Trùng' } }), 409, 'code_taken');
      expectError(await admin('POST', '/api/counters', { siteId: site.siteId, number: 1, serviceIds: [site.svc.A] }), 409, 'number_taken');
      // 404
      expectError(await admin('POST', '/api/services', { siteId: 'nowhere', code: 'Q', name: { vi: 'X' } }), 404, 'site_not_found');
      expectError(await admin('POST', '/api/counters', { siteId: site.siteId, number: 9, serviceIds: ['svc-a'] }), 404, 'service_not_found');
      expectError(await admin('PATCH', '/api/services/no-such-service', { dailyCap: 3 }), 404, 'service_not_found');
      expectError(await admin('PATCH', '/api/counters/no-such-counter', { name: 'X' }), 404, 'counter_not_found');
      expectError(await admin('GET', '/api/sites/no-such-site'), 404, 'site_not_found');
      expectError(await admin('GET', '/api/services?siteId=no-such-site'), 404, 'site_not_found');
      // 403
      expectError(await officer('POST', '/api/sites', { name: 'X' }), 403, 'forbidden');
      expectError(await officer('POST', '/api/services', { siteId: site.siteId, code: 'Q', name: { vi: 'X' } }), 403, 'forbidden');
      expectError(await officer('PATCH', `/api/services/${site.svc.A}`, { dailyCap: 3 }), 403, 'forbidden');
      expectError(await api(h.url, k.token)('POST', '/api/counters', { siteId: site.siteId, number: 9, serviceIds: [site.svc.A] }), 403, 'forbidden');
      expectError(await api(h.url, k.token)('PATCH', `/api/sites/${site.siteId}/settings`, { recallLimit: 1 }), 403, 'forbidden');
      // 401
      expectError(await anon('POST', '/api/sites', { name: 'X' }), 401, 'unauthorized');
      expectError(await anon('GET', '/api/sites'), 401, 'unauthorized');
    }, ['demo', site.siteId]);
  });

  it('answers a 100 KB body with 413 payload_too_large and changes nothing', async () => {
    await expectUnchanged(h, async () => {
      const big = { siteId: 'demo', code: 'Q', name: { vi: 'x'.repeat(100 * 1024) } };
      const r = await admin('POST', '/api/services', big);
      expectError(r, 413, 'payload_too_large');
      const en = await api(h.url, h.adminToken, 'en')('POST', '/api/tickets', { serviceId: 'svc-a', pad: 'y'.repeat(100 * 1024) });
      expectError(en, 413, 'payload_too_large');
      expect(en.body.error.message).toBe('The request body is too large');
    });
  });
});
