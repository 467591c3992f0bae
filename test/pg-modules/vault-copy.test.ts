// store:copy carries the personal-data vault: a booking made on files keeps its name and phone number
// on PostgreSQL (records in the database, keys in the target's LUOT_KEYS_DIR) and back on files.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import type { Appointment } from '../../common/appointments.js';
import { api, startHub, type HubHandle } from '../helpers/hub.js';
import { createDatabase } from '../helpers/pg.js';
import { storeCopy } from '../cluster/support.js';
import { localSlot, waitPastMidnightIfClose } from '../phone/slots.js';

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'luot-vaultcopy-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function lookup(h: HubHandle, code: string): Promise<Appointment> {
  const r = await api(h.url)<{ appointment: Appointment }>('GET', `/api/appointments/${code}?phone=0912345678`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.appointment;
}

it('files → PostgreSQL → files: the booking keeps its contact data, its keys stay out of the database', async () => {
  await waitPastMidnightIfClose();
  const files = tmp(), keys = tmp(), back = tmp();
  const slot = localSlot(24 * 60);
  let h = await startHub({ dataDir: files });
  const weekday = ((new Date(`${slot.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  expect((await api(h.url, h.adminToken)('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [weekday], times: [slot.time], capacity: 2 })).status).toBe(200);
  const booked = await api(h.url)<{ appointment: Appointment }>('POST', '/api/appointments', { serviceId: 'svc-a', consent: true, ...slot, name: 'Trần Thị Hoa', phone: '0912 345 678' });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const code = booked.body.appointment.code;
  await h.stop();

  const url = await createDatabase(inject('pgAdminUrl'));
  const toPg = await storeCopy('--from', files, '--to', url, '--to-keys', keys, '--quiet');
  expect(toPg.code, toPg.out).toBe(0);
  expect(toPg.out).toMatch(/[1-9]\d* personal-data records/);
  expect(readdirSync(join(keys, 'personal'))).toContain(`${encodeURIComponent(`booking:${code}`)}.key`);
  h = await startHub({ dataDir: tmp(), env: { LUOT_DATABASE_URL: url, LUOT_KEYS_DIR: keys } });
  try {
    expect(await lookup(h, code)).toMatchObject({ code, name: 'Trần Thị Hoa', status: 'booked' });
  } finally { await h.stop(); }

  const toFiles = await storeCopy('--from', url, '--to', back, '--from-keys', keys, '--quiet');
  expect(toFiles.code, toFiles.out).toBe(0);
  h = await startHub({ dataDir: back });
  try {
    expect(await lookup(h, code)).toMatchObject({ code, name: 'Trần Thị Hoa', status: 'booked' });
  } finally { await h.stop(); }
}, 120_000);
