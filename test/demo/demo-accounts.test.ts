// The demo's credentials and its removal, against the real hub: generated officer passwords printed
// at the first start (the old fixed ones refused), the banner's data, "remove demo data" leaving a
// clean hub (audited, the hash chains intact), LUOT_DEMO=0 starting empty, and the warning of a hub
// listening beyond loopback while demo accounts exist.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyDataDir } from '../../server/store/verify.js';
import { api, expectError, login, pairDevice, startTestHub, type HubHandle } from '../integration/support.js';

const hubs: HubHandle[] = [];
afterAll(async () => { for (const h of hubs) { await h.stop(); h.cleanup(); } });
const start = async (opts: Parameters<typeof startTestHub>[0] = {}) => { const h = await startTestHub(opts); hubs.push(h); return h; };
const audit = (h: HubHandle) => readFileSync(join(h.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('demo accounts', () => {
  it('prints generated officer passwords once; the fixed canbo1/canbo1 of older releases is refused', async () => {
    const h = await start();
    const out = h.output();
    expect(out).not.toMatch(/CẢNH BÁO|WARNING/);
    expect(Object.keys(h.demo).sort()).toEqual(['canbo1', 'canbo2', 'canbo3', 'canbo4', 'canbo5', 'canbo6']);
    for (const [user, pw] of Object.entries(h.demo)) {
      expect(pw).not.toBe(user);
      expect(pw.length).toBeGreaterThanOrEqual(12);
    }
    expect(new Set(Object.values(h.demo)).size).toBe(6);
    expectError(await api(h.url)('POST', '/api/auth/login', { username: 'canbo1', password: 'canbo1' }), 401, 'bad_credentials');
    expect((await api(h.url)('POST', '/api/auth/login', { username: 'canbo1', password: h.demo.canbo1 })).status).toBe(200);
    // The demo devices pair only with the codes printed at start (8 characters, 15 minutes).
    const codes = [...out.matchAll(/pair=([A-Z0-9]{8})/g)].map((m) => m[1]);
    expect(codes.length).toBe(3);
    expectError(await api(h.url)('POST', '/api/devices/pair', { code: 'AAAAAAAA' }), 409, 'pairing_code_invalid');
    // A second start prints no password again, and new pairing codes.
    const again = await h.restart();
    hubs.push(again);
    expect(again.output()).not.toContain(h.demo.canbo1);
    expect(again.demo.canbo1).toBe(h.demo.canbo1);
    const codes2 = [...again.output().matchAll(/pair=([A-Z0-9]{8})/g)].map((m) => m[1]);
    expect(codes2.some((c) => codes.includes(c))).toBe(false);
  });

  it('a hub listening beyond loopback warns at every start while demo accounts exist', async () => {
    const h = await start({ env: { LUOT_HOST: '0.0.0.0' } });
    expect(h.output()).toMatch(/WARNING: .*demo accounts are present on a hub listening beyond loopback/);
    const again = await h.restart();
    hubs.push(again);
    expect(again.output()).toMatch(/CẢNH BÁO/);
    // (A hub on loopback does not warn: the first test's hubs and the last one's restart.)
  });

  it('LUOT_DEMO=0 on a fresh data dir starts empty, with nothing to remove', async () => {
    const h = await start({ demo: false });
    const admin = api(h.url, h.adminToken);
    expect((await admin('GET', '/api/sites')).body.sites).toEqual([]);
    expect((await admin('GET', '/api/demo')).body.demo).toMatchObject({ present: false, accounts: 0, devices: 0 });
    expect((await admin('GET', '/api/users')).body.users.map((u: { username: string }) => u.username)).toEqual(['admin']);
    expectError(await admin('POST', '/api/demo/remove'), 404, 'not_found');
    expect(h.output()).not.toMatch(/officer:/);
  });
});

describe('remove demo data', () => {
  it('removes the demo site, its accounts, devices, appointments and history, audited, and leaves a clean hub', async () => {
    const h = await start();
    const admin = api(h.url, h.adminToken);
    const anon = api(h.url);
    const officer = api(h.url, await login(h, 'canbo1', h.demo.canbo1));
    expect((await admin('GET', '/api/demo')).body.demo).toMatchObject({ present: true, siteId: 'demo', accounts: 6, devices: 3 });
    // Some of today: a kiosk, a ticket served, an appointment booked; a site of the centre's own.
    const kiosk = await pairDevice(h, { kind: 'kiosk', name: 'Kiosk thử' });
    const ticket = (await api(h.url, kiosk.token)('POST', '/api/tickets', { serviceId: 'svc-a' })).body.ticket;
    expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
    expect((await officer('POST', '/api/counters/counter-1/call-next')).status).toBe(200);
    expect((await officer('POST', '/api/counters/counter-1/complete')).status).toBe(200);
    const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    expect((await admin('PUT', '/api/appointments/slots', { siteId: 'demo', serviceId: 'svc-a', dates: [day], times: ['09:00'], capacity: 1 })).status).toBe(200);
    const booked = await anon('POST', '/api/appointments', { serviceId: 'svc-a', date: day, time: '09:00', name: 'Lê Thị Hoa', phone: '0912345678', consent: true });
    expect(booked.status).toBe(201);
    const own = (await admin('POST', '/api/sites', { name: 'Bộ phận Một cửa phường Bến Thành' })).body.site;
    // Officers may not remove it; an admin of some sites neither.
    expectError(await officer('POST', '/api/demo/remove'), 403, 'forbidden');
    expect(existsSync(join(h.dataDir, 'sites', 'demo'))).toBe(true);

    const r = await admin('POST', '/api/demo/remove');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.removed).toMatchObject({ sites: 1, services: 10, counters: 6, accounts: 6, devices: 4 });
    expect(r.body.demo.present).toBe(false);
    expect((await admin('GET', '/api/sites')).body.sites.map((s: { id: string }) => s.id)).toEqual([own.id]);
    expect((await admin('GET', '/api/users')).body.users.map((u: { username: string }) => u.username)).toEqual(['admin']);
    expect((await admin('GET', '/api/devices')).body.devices).toEqual([]);
    // Signed-in demo officers and demo devices are out at once.
    expectError(await officer('GET', '/api/me'), 401, 'unauthorized');
    expectError(await api(h.url, kiosk.token)('GET', '/api/me'), 401, 'unauthorized');
    expectError(await anon('POST', '/api/auth/login', { username: 'canbo1', password: h.demo.canbo1 }), 401, 'bad_credentials');
    expectError(await anon('GET', `/api/tickets/${ticket.id}`), 404, 'ticket_not_found');
    expectError(await anon('GET', `/api/appointments/${booked.body.appointment.code}?phone=0912345678`), 404, 'appointment_not_found');
    // No file of the demo is left: day logs, report summaries, printed tickets.
    expect(existsSync(join(h.dataDir, 'sites', 'demo'))).toBe(false);
    expect(existsSync(join(h.dataDir, 'reports', 'demo'))).toBe(false);
    expect(existsSync(join(h.dataDir, 'printed'))).toBe(false);
    const appts = JSON.parse(readFileSync(join(h.dataDir, 'appointments.json'), 'utf8'));
    expect(appts.bookings).toEqual([]);
    expect(appts.rules).toEqual([]);
    const entry = audit(h).find((e) => e.action === 'demo.remove');
    expect(entry).toMatchObject({ target: 'site:demo', detail: expect.objectContaining({ accounts: 6, usernames: expect.arrayContaining(['canbo1', 'canbo6']) }) });
    expect(entry.actor).toMatch(/^user:/);
    expectError(await admin('POST', '/api/demo/remove'), 404, 'not_found');
    expect((await verifyDataDir(h.dataDir)).ok).toBe(true);
    // The hub goes on as a fresh one: its own site works, a restart beyond loopback does not warn.
    const svc = await admin('POST', '/api/services', { siteId: own.id, code: 'A', name: { vi: 'Hộ tịch' } });
    expect(svc.status).toBe(201);
    expect((await admin('POST', '/api/tickets', { serviceId: svc.body.service.id })).body.ticket.number).toBe('A001');
    await h.stop();
    const again = await start({ dataDir: h.dataDir, env: { LUOT_HOST: '0.0.0.0' } });
    expect(again.output()).not.toMatch(/CẢNH BÁO|WARNING/);
    expect(readdirSync(join(again.dataDir, 'sites'))).toEqual([own.id]);
  });
});
