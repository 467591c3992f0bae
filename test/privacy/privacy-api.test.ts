// Personal data over HTTP against the real hub (docs/privacy.md): a citizen books with a name and a
// phone number (only with the consent tick), checks in, is served and leaves a comment; the admin
// looks the person up and erases them; then the name, phone number and comment are in no file of the
// data dir and in no answer, and every hash chain still verifies. A booking checked in with the
// chip ID card's QR leaves no part of the card's text anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../common/appointments.js';
import type { Ticket } from '../../common/types.js';
import { api, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { localSlot, waitPastMidnightIfClose } from '../phone/slots.js';
import { auditVerify, filesContaining } from './support.js';

const NAME = 'Phạm Thị Riêng';
const PHONE = '0977111222';
const COMMENT = 'Chờ lâu quá, mã bí mật QX-7731';
const CARD = '079190001234|281234567|NGUYỄN VĂN THẺ|01021990|Nam|12 Đường Hoa Sứ, Phường 7, Quận Phú Nhuận, TP Hồ Chí Minh|15082021';

describe('personal data', { timeout: 120_000 }, () => {
  let h: HubHandle;
  let admin: ReturnType<typeof api>;
  let kiosk: ReturnType<typeof api>;
  let slot: { date: string; time: string };

  beforeAll(async () => {
    await waitPastMidnightIfClose();
    h = await startHub();
    admin = api(h.url, h.adminToken);
    kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk' })).token);
    slot = localSlot(3);
    const weekday = ((new Date(`${slot.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    expect((await admin('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [weekday], times: [slot.time], capacity: 5 })).status).toBe(200);
  }, 600_000);
  afterAll(async () => { await h?.stop(); h?.cleanup(); });

  it('book, serve, rate with a comment, erase the person: the values are in no file and no answer, the chains verify', async () => {
    const pub = api(h.url);
    const noTick = await pub<{ error: { code: string; field: string } }>('POST', '/api/appointments', { serviceId: 'svc-a', ...slot, name: NAME, phone: PHONE });
    expect(noTick.status).toBe(400);
    expect(noTick.body.error).toMatchObject({ code: 'consent_required', field: 'consent' });
    const booked = await pub<{ appointment: Appointment }>('POST', '/api/appointments', { serviceId: 'svc-a', ...slot, name: NAME, phone: PHONE, consent: true });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const code = booked.body.appointment.code;

    const checkIn = await kiosk<{ ticket: Ticket }>('POST', `/api/appointments/${code}/check-in`);
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(201);
    const officer = api(h.url, await login(h, 'canbo1', h.demo.canbo1));
    expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
    const called = await officer<{ ticket: Ticket }>('POST', '/api/counters/counter-1/call-next');
    expect(called.body.ticket.id).toBe(checkIn.body.ticket.id);
    expect((await officer('POST', '/api/counters/counter-1/complete')).status).toBe(200);
    const pad = api(h.url, (await pairDevice(h, { kind: 'pad', counterId: 'counter-1' })).token);
    const rated = await pad<{ rating: { comment: string } }>('POST', '/api/ratings', { ticketId: called.body.ticket.id, level: 'unsatisfied', comment: COMMENT });
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    expect(rated.body.rating.comment).toBe(COMMENT);

    // Even before erasure the values are not in plain text in any file (the vault is encrypted).
    expect(filesContaining(h.dataDir, [NAME, PHONE, COMMENT])).toEqual([]);

    // The person's items, by phone number and by code; the export has the same.
    const subject = await admin<{ items: { kind: string; id: string; fields: Record<string, string | null> }[] }>('GET', `/api/privacy/subject?phone=${encodeURIComponent('0977 111 222')}`);
    expect(subject.status, JSON.stringify(subject.body)).toBe(200);
    expect(subject.body.items.map((i) => i.kind).sort()).toEqual(['booking_contact', 'rating_comment']);
    expect(subject.body.items.find((i) => i.kind === 'booking_contact')!.fields).toMatchObject({ name: NAME, phone: PHONE });
    expect(subject.body.items.find((i) => i.kind === 'rating_comment')!.fields.comment).toBe(COMMENT);
    const byCode = await admin<{ items: unknown[] }>('GET', `/api/privacy/subject?code=${code}&format=json`);
    expect(byCode.body.items).toEqual(subject.body.items);
    // Only an admin may look.
    expect((await officer('GET', `/api/privacy/subject?phone=${PHONE}`)).status).toBe(403);

    const erased = await admin<{ erased: Record<string, number> }>('POST', '/api/privacy/erase', { phone: PHONE });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.erased).toMatchObject({ booking_contact: 1, rating_comment: 1 });

    // No answer has them any more.
    const answers = [
      await admin('GET', `/api/privacy/subject?phone=${PHONE}`),
      await admin('GET', `/api/privacy/subject?code=${code}`),
      await admin('GET', `/api/appointments?siteId=demo&date=${slot.date}`),
      await admin('GET', `/api/appointments/${code}`),
      await admin('POST', `/api/ratings/${called.body.ticket.id}/notes`, { note: 'đã xem' }),
      await admin('GET', '/api/privacy'),
      await admin('GET', `/api/reports?siteId=demo&from=${slot.date}&to=${slot.date}&groupBy=service`),
      await admin('GET', `/api/public/tickets/${called.body.ticket.id}`),
    ];
    for (const a of answers) {
      expect(a.status, JSON.stringify(a.body)).toBeLessThan(300);
      const text = JSON.stringify(a.body);
      for (const v of [NAME, PHONE, COMMENT, '0977 *** 222']) expect(text).not.toContain(v);
    }
    expect(JSON.stringify(answers[2]!.body)).toContain('(đã xoá / erased)');
    expect(JSON.stringify(answers[4]!.body)).toContain('(đã xoá / erased)');
    expect((answers[0]!.body as { items: unknown[] }).items).toEqual([]);

    // The audit log recorded the look-ups and the erasure with counts, no value.
    const audit = filesContaining(h.dataDir, ['privacy.erase', 'privacy.access']);
    expect(audit.some((x) => x.startsWith('audit.jsonl'))).toBe(true);

    // After a restart too: nothing in any file, every chain intact.
    h = await h.restart();
    admin = api(h.url, h.adminToken);
    expect(filesContaining(h.dataDir, [NAME, PHONE, COMMENT, '0977 111 222'])).toEqual([]);
    const again = await admin('GET', `/api/appointments?siteId=demo&date=${slot.date}`);
    expect(JSON.stringify(again.body)).toContain('(đã xoá / erased)');
    const v = await auditVerify({ dataDir: h.dataDir });
    expect(v.ok, v.out).toBe(true);
    expect(v.out).toContain('OK');
  });

  it('the chip ID card QR checks a booking in and is found nowhere afterwards', async () => {
    kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk' })).token);
    const pub = api(h.url);
    const booked = await pub<{ appointment: Appointment }>('POST', '/api/appointments', { serviceId: 'svc-a', ...slot, name: 'Nguyễn Văn Thẻ', phone: '0909000111', birthDate: '1990-02-01', consent: true });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);

    const unreadable = await kiosk<{ error: { code: string; message: string } }>('POST', '/api/appointments/check-in-card', { card: 'xin chào|không phải thẻ' });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error.code).toBe('card_unreadable');
    const other = CARD.replace('01021990', '02021990');
    const noMatch = await kiosk<{ error: { code: string; message: string } }>('POST', '/api/appointments/check-in-card', { card: other });
    expect(noMatch.status).toBe(404);
    expect(noMatch.body.error.code).toBe('card_no_match');
    expect(JSON.stringify(noMatch.body)).not.toMatch(/079190001234|Hoa Sứ|THẺ/);

    const ok = await kiosk<{ ticket: Ticket; appointment: Appointment }>('POST', '/api/appointments/check-in-card', { card: CARD });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.appointment).toMatchObject({ code: booked.body.appointment.code, status: 'checked_in' });
    expect(ok.body.ticket.number).toMatch(/^A\d{3}$/);
    // again: already checked in (coded), and still no part of the card in the answer
    const twice = await kiosk<{ error: { code: string } }>('POST', '/api/appointments/check-in-card', { card: CARD });
    expect(twice.body.error.code).toBe('appointment_checked_in');

    const parts = ['079190001234', '281234567', 'NGUYỄN VĂN THẺ', 'NGUYEN VAN THE', '01021990', 'Hoa Sứ', '15082021', CARD];
    expect(filesContaining(h.dataDir, parts)).toEqual([]);
    for (const p of parts) expect(h.output()).not.toContain(p);
  });
});
