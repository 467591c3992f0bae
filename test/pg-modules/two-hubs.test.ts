// Modules above the store port on PostgreSQL, two hubs on one database (a real PostgreSQL from the
// test setup, test/helpers/pg.ts): a booking made on hub A is seen on hub B (its contact data too:
// the vault's records are in the store, its keys in the shared LUOT_KEYS_DIR), the slot's capacity
// holds across hubs, it is checked in once whichever hub the kiosk talks to; reports on either hub
// give the same figures, counting the tickets issued on both.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Appointment } from '../../common/appointments.js';
import type { Ticket } from '../../common/types.js';
import { api, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { createDatabase } from '../helpers/pg.js';
import { localSlot, waitPastMidnightIfClose } from '../phone/slots.js';

describe('appointments and reports on PostgreSQL, two hubs', { timeout: 120_000 }, () => {
  let a: HubHandle, b: HubHandle;
  let keys: string;
  let url: string;
  let soon: { date: string; time: string };

  beforeAll(async () => {
    await waitPastMidnightIfClose();
    url = await createDatabase(inject('pgAdminUrl'));
    keys = mkdtempSync(join(tmpdir(), 'luot-keys-'));
    const env = { LUOT_DATABASE_URL: url, LUOT_KEYS_DIR: keys };
    a = await startHub({ env: { ...env, LUOT_HUB_ID: 'hub-a' } });
    b = await startHub({ env: { ...env, LUOT_HUB_ID: 'hub-b' } });
    soon = localSlot(3);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    a?.cleanup(); b?.cleanup();
    if (keys) rmSync(keys, { recursive: true, force: true });
  });

  it('a booking made on hub A is found, kept within capacity and checked in once across the hubs', async () => {
    const weekday = ((new Date(`${soon.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const slots = await api(a.url, a.adminToken)('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [weekday], times: [soon.time], capacity: 1 });
    expect(slots.status, JSON.stringify(slots.body)).toBe(200);
    const booked = await api(a.url)<{ appointment: Appointment }>('POST', '/api/appointments', { serviceId: 'svc-a', consent: true, ...soon, name: 'Nguyễn Văn An', phone: '0912 345 678' });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const code = booked.body.appointment.code;

    // Hub B sees it, with the name from the vault, by code and phone number.
    const seen = await api(b.url)<{ appointment: Appointment }>('GET', `/api/appointments/${code}?phone=0912345678`);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body.appointment).toMatchObject({ code, name: 'Nguyễn Văn An', status: 'booked', time: soon.time });
    // The slot held one: full on hub B too.
    const full = await api(b.url)<{ error: { code: string } }>('POST', '/api/appointments', { serviceId: 'svc-a', consent: true, ...soon, name: 'Lê Thị Bình', phone: '0987654321' });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('slot_full');

    // Checked in at a kiosk of hub B; a second try at a kiosk of hub A is refused with the number.
    const kioskB = (await pairDevice(b, { kind: 'kiosk' })).token;
    const kioskA = (await pairDevice(a, { kind: 'kiosk' })).token;
    const first = await api(b.url, kioskB)<{ ticket: Ticket; appointment: Appointment }>('POST', `/api/appointments/${code}/check-in`);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.appointment.status).toBe('checked_in');
    const again = await api(a.url, kioskA)<{ error: { code: string; message: string } }>('POST', `/api/appointments/${code}/check-in`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('appointment_checked_in');
    expect(again.body.error.message).toContain(first.body.ticket.number);
    const list = await api(a.url, a.adminToken)<{ appointments: Appointment[] }>('GET', `/api/appointments?siteId=demo&date=${soon.date}`);
    expect(list.body.appointments.map((x) => [x.code, x.status, x.name])).toEqual([[code, 'checked_in', 'Nguyễn Văn An']]);

    // The contact data is in the database only encrypted, its key is a file of LUOT_KEYS_DIR.
    expect(readdirSync(join(keys, 'personal'))).toContain(`${encodeURIComponent(`booking:${code}`)}.key`);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const docs = (await c.query<{ name: string; doc: string }>('select name, doc::text as doc from docs')).rows;
      expect(docs.map((d) => d.name)).toEqual(expect.arrayContaining(['appointments', `personal/records/${encodeURIComponent(`booking:${code}`)}`]));
      const all = docs.map((d) => d.doc).join('\n');
      expect(all).toContain(code);
      expect(all).not.toContain('345678');
      expect(all).not.toContain('Nguyễn Văn An');
    } finally { await c.end(); }
  });

  it('reports on either hub count the tickets issued on both, with the same figures', async () => {
    const kioskA = (await pairDevice(a, { kind: 'kiosk' })).token;
    const kioskB = (await pairDevice(b, { kind: 'kiosk' })).token;
    for (let i = 0; i < 3; i++) {
      expect((await api(a.url, kioskA)('POST', '/api/tickets', { serviceId: 'svc-b' })).status).toBe(201);
      expect((await api(b.url, kioskB)('POST', '/api/tickets', { serviceId: 'svc-c' })).status).toBe(201);
    }
    const today = localSlot(0).date;
    const q = `/api/reports?siteId=demo&from=${today}&to=${today}&groupBy=service`;
    type R = { rows: { key: string; issued: number }[]; total: { issued: number }; generatedAt?: string };
    const [ra, rb] = await Promise.all([api(a.url, a.adminToken)<R>('GET', q), api(b.url, b.adminToken)<R>('GET', q)]);
    expect(ra.status, JSON.stringify(ra.body)).toBe(200);
    expect(rb.status, JSON.stringify(rb.body)).toBe(200);
    // 3 + 3 walk-ins and the checked-in booking (svc-a).
    expect(ra.body.total.issued).toBe(7);
    expect(Object.fromEntries(ra.body.rows.map((r) => [r.key, r.issued]))).toMatchObject({ 'svc-a': 1, 'svc-b': 3, 'svc-c': 3 });
    const { generatedAt: _a, ...fa } = ra.body;
    const { generatedAt: _b, ...fb } = rb.body;
    expect(fb).toEqual(fa);
    const board = await api(b.url, b.adminToken)<{ total: { issued: number } }>('GET', '/api/reports/today?siteId=demo');
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    expect(board.body.total.issued).toBe(7);
    // Neither hub had a reports or appointments fault to log (the worker opened its own connection).
    expect(a.output() + b.output()).not.toMatch(/reports: |appointments: cannot|vault/i);
  });
});
