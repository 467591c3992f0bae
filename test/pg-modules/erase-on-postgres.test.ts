// Erasure on PostgreSQL (issue 15 on the database store): a citizen books with a name and a phone
// number on a hub whose store is PostgreSQL, is served and leaves a comment; the admin erases the
// person. Then none of the three values is in any row of any table of the database (searched as
// text), nor in any file of the hub's data dir or of LUOT_KEYS_DIR, nor in the answers; and
// `npm run audit:verify -- --database-url …` still passes on every day and the audit log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Appointment } from '../../common/appointments.js';
import type { Ticket } from '../../common/types.js';
import { api, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { createDatabase } from '../helpers/pg.js';
import { localSlot, waitPastMidnightIfClose } from '../phone/slots.js';
import { auditVerify, filesContaining } from '../privacy/support.js';

const NAME = 'Đoàn Thị Xoá';
const PHONE = '0966333444';
const COMMENT = 'Quầy 1 làm nhanh, mã riêng PG-5521';

/** The tables of the database whose rows (as text) hold any of the needles. */
async function tablesContaining(url: string, needles: string[]): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (await c.query<{ t: string }>(`select format('%I.%I', table_schema, table_name) as t from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`)).rows.map((r) => r.t);
    expect(tables.length).toBeGreaterThan(3);
    const hits: string[] = [];
    for (const t of tables) {
      const { rows } = await c.query<{ s: string | null }>(`select string_agg(x::text, E'\\n') as s from ${t} x`);
      const text = rows[0]?.s ?? '';
      for (const n of needles) if (text.includes(n)) hits.push(`${t}: ${n}`);
    }
    return hits;
  } finally {
    await c.end();
  }
}

describe('erasing a person on PostgreSQL', { timeout: 120_000 }, () => {
  let h: HubHandle;
  let url: string;
  let keys: string;

  beforeAll(async () => {
    await waitPastMidnightIfClose();
    url = await createDatabase(inject('pgAdminUrl'));
    keys = mkdtempSync(join(tmpdir(), 'luot-keys-'));
    h = await startHub({ env: { LUOT_DATABASE_URL: url, LUOT_KEYS_DIR: keys } });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    h?.cleanup();
    if (keys) rmSync(keys, { recursive: true, force: true });
  });

  it('leaves the values in no table, no file and no answer, and every chain verifying', async () => {
    const admin = api(h.url, h.adminToken);
    const slot = localSlot(3);
    const weekday = ((new Date(`${slot.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    expect((await admin('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [weekday], times: [slot.time], capacity: 5 })).status).toBe(200);
    const booked = await api(h.url)<{ appointment: Appointment }>('POST', '/api/appointments', { serviceId: 'svc-a', ...slot, name: NAME, phone: PHONE, consent: true });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const code = booked.body.appointment.code;
    const kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk' })).token);
    const checkIn = await kiosk<{ ticket: Ticket }>('POST', `/api/appointments/${code}/check-in`);
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(201);
    const officer = api(h.url, await login(h, 'canbo1', h.demo.canbo1!));
    expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
    const called = await officer<{ ticket: Ticket }>('POST', '/api/counters/counter-1/call-next');
    expect(called.body.ticket.id).toBe(checkIn.body.ticket.id);
    expect((await officer('POST', '/api/counters/counter-1/complete')).status).toBe(200);
    const pad = api(h.url, (await pairDevice(h, { kind: 'pad', counterId: 'counter-1' })).token);
    expect((await pad('POST', '/api/ratings', { ticketId: called.body.ticket.id, level: 'satisfied', comment: COMMENT })).status).toBe(201);

    // Held, readable to the admin, yet only encrypted in the database and its keys outside it.
    const held = await admin<{ items: { kind: string; fields: Record<string, string | null> }[] }>('GET', `/api/privacy/subject?phone=${PHONE}`);
    expect(held.body.items.map((i) => i.kind).sort()).toEqual(['booking_contact', 'rating_comment']);
    expect(held.body.items.find((i) => i.kind === 'rating_comment')!.fields.comment).toBe(COMMENT);
    expect(await tablesContaining(url, [NAME, PHONE, COMMENT])).toEqual([]);
    // The search does see what the rows hold: the ticket's id is in the day log's table.
    expect(await tablesContaining(url, [called.body.ticket.id])).not.toEqual([]);
    const before = await auditVerify({ databaseUrl: url });
    expect(before.ok, before.out).toBe(true);

    const erased = await admin<{ erased: Record<string, number> }>('POST', '/api/privacy/erase', { phone: PHONE });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.erased).toMatchObject({ booking_contact: 1, rating_comment: 1 });

    expect(await tablesContaining(url, [NAME, PHONE, COMMENT])).toEqual([]);
    expect(filesContaining(h.dataDir, [NAME, PHONE, COMMENT])).toEqual([]);
    expect(filesContaining(keys, [NAME, PHONE, COMMENT])).toEqual([]);
    for (const a of [
      await admin('GET', `/api/privacy/subject?phone=${PHONE}`),
      await admin('GET', `/api/appointments?siteId=demo&date=${slot.date}`),
      await admin('GET', `/api/appointments/${code}`),
    ]) {
      expect(a.status, JSON.stringify(a.body)).toBeLessThan(300);
      for (const v of [NAME, PHONE, COMMENT]) expect(JSON.stringify(a.body)).not.toContain(v);
    }
    // The chained day log and the audit log on the database still verify, line by line.
    const after = await auditVerify({ databaseUrl: url });
    expect(after.ok, after.out).toBe(true);
    expect(after.out).toContain('OK');
    expect(after.out).not.toMatch(/FAIL|broken|mismatch/i);
  });
});
