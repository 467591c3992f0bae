// Appointments over HTTP against the real hub: slots set by an admin, bookings within capacity and
// the per-phone limits (coded 409s in both languages), look-up and cancel by code and phone number,
// the kiosk's check-in (once, on the day, at its own site) that issues a ticket called ahead of
// walk-ins, the ticket page's details, and everything still there after a restart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, TicketPage } from '../../common/appointments.js';
import type { Ticket } from '../../common/types.js';
import { api, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { localSlot, nextWeekDates, waitPastMidnightIfClose } from './slots.js';

describe('appointments API', { timeout: 120_000 }, () => {
  let h: HubHandle;
  let admin: ReturnType<typeof api>;
  const pub = () => api(h.url);
  let kiosk: string;
  let soon: { date: string; time: string };
  let tomorrow: string;

  beforeAll(async () => {
    await waitPastMidnightIfClose();
    h = await startHub();
    admin = api(h.url, h.adminToken);
    kiosk = (await pairDevice(h, { kind: 'kiosk' })).token;
    soon = localSlot(2);
    tomorrow = localSlot(24 * 60).date;
  }, 600_000);
  afterAll(async () => { await h?.stop(); h?.cleanup(); });

  it('admins set slots per service and day; the public sees future slots with what is left', async () => {
    const weekday = ((new Date(`${soon.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const r = await admin<{ rules: unknown[] }>('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [weekday], times: ['00:00', soon.time, '23:59'], capacity: 2 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rules).toEqual([{ siteId: 'demo', serviceId: 'svc-a', weekday, date: null, times: ['00:00', soon.time, '23:59'].sort(), capacity: 2 }]);
    // a date rule overrides its weekday: tomorrow has two slots of capacity 1
    expect((await admin('PUT', '/api/appointments/slots', { serviceId: 'svc-a', dates: [tomorrow], times: ['09:00', '09:30'], capacity: 1 })).status).toBe(200);
    expect((await admin('PUT', '/api/appointments/slots', { serviceId: 'svc-c', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['10:00'], capacity: 5 })).status).toBe(200);

    expect((await pub()('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [1], times: ['08:00'], capacity: 1 })).status).toBe(401);
    const officer = await login(h, 'canbo1', h.demo.canbo1);
    expect((await api(h.url, officer)('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [1], times: ['08:00'], capacity: 1 })).status).toBe(403);
    const bad = await admin('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [1], times: ['8h'], capacity: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', field: 'times.0' });

    const opts = await pub()<{ sites: { id: string; services: { code: string }[] }[] }>('GET', '/api/appointments/options');
    expect(opts.body.sites.map((s) => [s.id, s.services.map((x) => x.code)])).toEqual([['demo', ['A', 'C']]]);
    const av = await pub()<{ days: { date: string; slots: { time: string; available: number }[] }[] }>('GET', '/api/appointments/availability?serviceId=svc-a&days=2');
    expect(av.status).toBe(200);
    const today = av.body.days.find((d) => d.date === soon.date)!;
    // 00:00 is past; the slot two minutes ahead and 23:59 are offered
    expect(today.slots.map((s) => s.time)).toEqual(soon.time === '23:59' ? ['23:59'] : [soon.time, '23:59']);
    expect(today.slots[0]!.available).toBe(2);
    expect(av.body.days.find((d) => d.date === tomorrow)?.slots.map((s) => s.time)).toEqual(['09:00', '09:30']);
  });

  it('books within capacity and the per-phone limits; refusals are coded, in both languages, and keep nothing', async () => {
    const book = (body: object, lang = 'vi') => api(h.url, undefined, lang)<{ appointment: Appointment; error: { code: string; message: string; field?: string } }>('POST', '/api/appointments', { serviceId: 'svc-a', consent: true, ...body });
    const a1 = await book({ ...soon, name: 'Nguyễn Văn An', phone: '0912 345 678' });
    expect(a1.status, JSON.stringify(a1.body)).toBe(201);
    expect(a1.body.appointment).toMatchObject({ siteId: 'demo', serviceId: 'svc-a', date: soon.date, time: soon.time, name: 'Nguyễn Văn An', phoneMasked: '0912 *** 678', status: 'booked' });
    expect(a1.body.appointment.code).toMatch(/^\d{8}$/);
    expect(JSON.stringify(a1.body)).not.toContain('345678');

    expect((await book({ ...soon, name: 'Nguyễn Văn An', phone: '12345' })).body.error).toMatchObject({ code: 'invalid_input', field: 'phone' });
    expect((await book({ ...soon, name: 'A', phone: '0912345678' })).body.error).toMatchObject({ code: 'invalid_input', field: 'name' });
    expect((await book({ date: soon.date, time: '07:07', name: 'Lê Thị Bình', phone: '0987654321' })).body.error.code).toBe('slot_unavailable');
    expect((await book({ date: soon.date, time: '00:00', name: 'Lê Thị Bình', phone: '0987654321' })).body.error.code).toBe('slot_unavailable');
    expect((await book({ serviceId: 'svc-b', ...soon, name: 'Lê Thị Bình', phone: '0987654321' })).body.error.code).toBe('slot_unavailable');

    // capacity 2: a second citizen fits, a third does not
    expect((await book({ ...soon, name: 'Lê Thị Bình', phone: '+84 987 654 321' })).status).toBe(201);
    const full = await book({ ...soon, name: 'Trần Văn Cường', phone: '0901234567' }, 'en');
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({ code: 'slot_full', message: 'This time slot is fully booked; please choose another time' });
    expect((await book({ ...soon, name: 'Trần Văn Cường', phone: '0901234567' })).body.error.message).toBe('Khung giờ này đã đủ người đặt, vui lòng chọn giờ khác');

    // per phone number: at most 1 a day and 2 a week at this site (set by the admin)
    expect((await admin('PUT', '/api/appointments/settings', { siteId: 'demo', maxPerPhonePerDay: 1, maxPerPhonePerWeek: 2 })).status).toBe(200);
    const day = await book({ date: soon.date, time: '23:59', name: 'Nguyễn Văn An', phone: '0912345678' });
    expect(day.status).toBe(409);
    expect(day.body.error.code).toBe('phone_limit_day');
    expect(day.body.error.message).toContain('đã đặt đủ 1 lịch hẹn');
    expect((await book({ date: tomorrow, time: '09:00', name: 'Nguyễn Văn An', phone: '0912345678' })).status).toBe(201);
    expect((await book({ date: tomorrow, time: '09:30', name: 'Nguyễn Văn An', phone: '0912345678' })).body.error.code).toBe('phone_limit_day');
    // three days of next week: the third is one too many for the week
    const [mon, tue, wed] = nextWeekDates();
    expect((await admin('PUT', '/api/appointments/slots', { serviceId: 'svc-c', dates: [mon, tue, wed], times: ['08:00'], capacity: 3 })).status).toBe(200);
    const phone = '0356 111 222';
    expect((await book({ serviceId: 'svc-c', date: mon, time: '08:00', name: 'Phạm Thị Dung', phone })).status).toBe(201);
    expect((await book({ serviceId: 'svc-c', date: tue, time: '08:00', name: 'Phạm Thị Dung', phone })).status).toBe(201);
    const week = await book({ serviceId: 'svc-c', date: wed, time: '08:00', name: 'Phạm Thị Dung', phone }, 'en');
    expect(week.status).toBe(409);
    expect(week.body.error).toMatchObject({ code: 'phone_limit_week', message: 'This phone number already has 2 appointments this week' });

    const list = await admin<{ appointments: Appointment[] }>('GET', `/api/appointments?siteId=demo&date=${soon.date}`);
    expect(list.body.appointments.map((a) => [a.time, a.name, a.phoneMasked])).toEqual([[soon.time, 'Nguyễn Văn An', '0912 *** 678'], [soon.time, 'Lê Thị Bình', '0987 *** 321']]);
    // stored durably; the names and numbers are in the personal-data vault, not in the file (docs/privacy.md)
    const file = JSON.parse(readFileSync(join(h.dataDir, 'appointments.json'), 'utf8')) as { bookings: { code: string; phone?: string; name?: string }[] };
    expect(file.bookings).toHaveLength(5);
    expect(file.bookings.every((b) => b.phone === undefined && b.name === undefined)).toBe(true);
  });

  it('looks up and cancels by code with the phone number; a cancelled slot is free again', async () => {
    const mine = (await admin<{ appointments: Appointment[] }>('GET', `/api/appointments?siteId=demo&date=${soon.date}`)).body.appointments;
    const binh = mine.find((a) => a.name === 'Lê Thị Bình')!;
    expect((await pub()('GET', `/api/appointments/${binh.code}?phone=0912345678`)).status).toBe(404);
    const seen = await pub()<{ appointment: Appointment }>('GET', `/api/appointments/${binh.code}?phone=0987654321`);
    expect(seen.body.appointment).toMatchObject({ code: binh.code, status: 'booked', phoneMasked: '0987 *** 321' });
    expect((await pub()('POST', `/api/appointments/${binh.code}/cancel`, {})).status).toBe(400);
    expect((await pub()('POST', `/api/appointments/${binh.code}/cancel`, { phone: '0900000000' })).status).toBe(404);
    expect((await pub()('POST', '/api/appointments/12/cancel', { phone: '0987654321' })).status).toBe(404);
    const c = await pub()<{ appointment: Appointment }>('POST', `/api/appointments/${binh.code}/cancel`, { phone: '0987 654 321' });
    expect(c.status).toBe(200);
    expect(c.body.appointment.status).toBe('cancelled');
    expect((await pub()('POST', `/api/appointments/${binh.code}/cancel`, { phone: '0987654321' })).status).toBe(200);
    // the slot has room again
    const r = await pub()('POST', '/api/appointments', { serviceId: 'svc-a', ...soon, name: 'Trần Văn Cường', phone: '0901234567', consent: true });
    expect(r.status).toBe(201);
    // a cancelled booking does not check in
    const k = await api(h.url, kiosk)('POST', `/api/appointments/${binh.code}/check-in`);
    expect(k.status).toBe(409);
    expect(k.body.error.code).toBe('appointment_cancelled');
  });

  it('checks in once at a kiosk of its site, on its day; the ticket is called ahead of walk-ins', async () => {
    const list = (await admin<{ appointments: Appointment[] }>('GET', `/api/appointments?siteId=demo&from=${soon.date}&to=${tomorrow}`)).body.appointments;
    const an = list.find((a) => a.name === 'Nguyễn Văn An' && a.date === soon.date)!;
    const later = list.find((a) => a.date === tomorrow)!;

    // walk-ins already waiting for A
    const walkIns: Ticket[] = [];
    for (let i = 0; i < 3; i++) walkIns.push((await api(h.url, kiosk)<{ ticket: Ticket }>('POST', '/api/tickets', { serviceId: 'svc-a' })).body.ticket);

    const display = await pairDevice(h, { kind: 'display' });
    expect((await api(h.url, display.token)('POST', `/api/appointments/${an.code}/check-in`)).status).toBe(403);
    expect((await pub()('POST', `/api/appointments/${an.code}/check-in`)).status).toBe(401);
    const other = await admin<{ site: { id: string } }>('POST', '/api/sites', { name: 'Chi nhánh số 2' });
    const otherKiosk = await pairDevice(h, { kind: 'kiosk', siteId: other.body.site.id });
    expect((await api(h.url, otherKiosk.token)('POST', `/api/appointments/${an.code}/check-in`)).body.error.code).toBe('wrong_site');
    const notToday = await api(h.url, kiosk, 'en')('POST', `/api/appointments/${later.code}/check-in`);
    expect(notToday.status).toBe(409);
    expect(notToday.body.error.code).toBe('appointment_not_today');

    const ci = await api(h.url, kiosk)<{ ticket: Ticket; appointment: Appointment }>('POST', `/api/appointments/${an.code}/check-in`);
    expect(ci.status, JSON.stringify(ci.body)).toBe(201);
    expect(ci.body.ticket).toMatchObject({ serviceId: 'svc-a', status: 'waiting', number: 'A004' });
    expect(ci.body.appointment).toMatchObject({ status: 'checked_in', ticketNumber: 'A004' });
    const again = await api(h.url, kiosk)('POST', `/api/appointments/${an.code}/check-in`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'appointment_checked_in', message: 'Lịch hẹn này đã được nhận số A004' });
    expect((await pub()('POST', `/api/appointments/${an.code}/cancel`, { phone: '0912345678' })).body.error.code).toBe('appointment_checked_in');

    // the slot is two minutes ahead, inside the 10-minute window: called before the walk-ins
    const officer = await login(h, 'canbo1', h.demo.canbo1);
    const o = api(h.url, officer);
    expect((await o('POST', '/api/counters/counter-1/open')).status).toBe(200);
    const first = await o<{ ticket: Ticket }>('POST', '/api/counters/counter-1/call-next');
    expect(first.body.ticket.number).toBe('A004');

    const page = await pub()<TicketPage>('GET', `/api/public/tickets/${ci.body.ticket.id}`);
    expect(page.body).toMatchObject({
      ticket: { number: 'A004', status: 'called' }, service: { code: 'A', name: { vi: 'Tư pháp – Hộ tịch' } },
      counter: { number: 1 }, appointment: { date: soon.date, time: soon.time }, site: { branchName: 'Bộ phận Một cửa' },
    });
    expect(page.body.ticket).not.toHaveProperty('officerId');
    const walk = await pub()<TicketPage>('GET', `/api/public/tickets/${walkIns[0]!.id}`);
    expect(walk.body).toMatchObject({ ticket: { number: 'A001', status: 'waiting', waitingAhead: 0 }, counter: null, appointment: null });
    expect((await pub()('GET', '/api/public/tickets/nope')).status).toBe(404);
  });

  it('keeps bookings, cancellations and check-ins across a restart', async () => {
    h = await h.restart();
    admin = api(h.url, h.adminToken);
    const list = (await admin<{ appointments: Appointment[] }>('GET', `/api/appointments?siteId=demo&date=${soon.date}`)).body.appointments;
    expect(list.map((a) => [a.name, a.status])).toEqual([
      ['Nguyễn Văn An', 'checked_in'], ['Lê Thị Bình', 'cancelled'], ['Trần Văn Cường', 'booked'],
    ]);
    const an = list[0]!;
    expect((await api(h.url, kiosk)('POST', `/api/appointments/${an.code}/check-in`)).body.error.code).toBe('appointment_checked_in');
  });
});
