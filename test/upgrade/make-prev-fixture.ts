// How test/fixtures/datadir-v1 was made (kept as a record; run it only against a hub of that
// release): start the hub of the release before format versions (commit 0538ae1) with a temp data
// dir and the demo, issue, call, complete, no-show, transfer and rate tickets over HTTP, book an
// appointment, stop it, and copy the data dir (without the printed PNGs).
//   npx tsx test/upgrade/make-prev-fixture.ts <out dir>
import { cpSync, rmSync } from 'node:fs';
import { api, login, pairDevice, startHub } from '../helpers/hub.js';

const out = process.argv[2];
if (!out) throw new Error('usage: make-prev-fixture.ts <out dir>');
const h = await startHub({ env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
const admin = api(h.url, h.adminToken);
const officer = api(h.url, await login(h, 'canbo1', 'canbo1'));
const kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk', name: 'Kiosk fixture' })).token);
const pad = api(h.url, (await pairDevice(h, { kind: 'pad', name: 'Pad fixture', counterId: 'counter-1' })).token);
const ok = (r: { status: number; body: unknown }, what: string) => { if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`); return r.body as any; };

const c1 = 'counter-1';
const svc = (await admin('GET', '/api/counters?siteId=demo')).body.counters.find((c: any) => c.id === c1).serviceIds as string[];
ok(await officer('POST', `/api/counters/${c1}/open`), 'open');
const issued: string[] = [];
for (let i = 0; i < 6; i++) issued.push(ok(await kiosk('POST', '/api/tickets', { serviceId: svc[i % svc.length] }), 'issue').ticket.id);
// served and rated
for (const level of ['very_satisfied', 'satisfied', 'unsatisfied'] as const) {
  const t = ok(await officer('POST', `/api/counters/${c1}/call-next`), 'call').ticket;
  ok(await officer('POST', `/api/counters/${c1}/complete`, { dossierCode: `HS-${t.number}` }), 'complete');
  ok(await pad('POST', '/api/ratings', level === 'unsatisfied' ? { ticketId: t.id, level, comment: 'Chờ lâu' } : { ticketId: t.id, level }), 'rate');
}
// a no-show, a transfer, one left waiting
ok(await officer('POST', `/api/counters/${c1}/call-next`), 'call');
ok(await officer('POST', `/api/counters/${c1}/no-show`), 'no-show');
const allServices = (await admin('GET', '/api/services?siteId=demo')).body.services as { id: string }[];
ok(await officer('POST', `/api/counters/${c1}/call-next`), 'call');
const other = allServices.find((s) => !svc.includes(s.id)) ?? allServices[1];
ok(await officer('POST', `/api/counters/${c1}/transfer`, { serviceId: other.id }), 'transfer');
// an appointment a few days ahead
const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
ok(await admin('PUT', '/api/appointments/slots', { siteId: 'demo', serviceId: svc[0], dates: [day], times: ['09:00', '09:30'], capacity: 2 }), 'slots');
const appt = ok(await api(h.url)('POST', '/api/appointments', { serviceId: svc[0], date: day, time: '09:00', name: 'Lê Thị Hoa', phone: '0912345678' }), 'book');
ok(await admin('PATCH', '/api/sites/demo/settings', { paperWidthMm: 58 }), 'settings');
await h.stop();
rmSync(out, { recursive: true, force: true });
cpSync(h.dataDir, out, { recursive: true, filter: (p) => !p.includes('/printed') });
h.cleanup();
console.log(JSON.stringify({ out, issued: issued.length, appointment: appt.appointment.code }));
