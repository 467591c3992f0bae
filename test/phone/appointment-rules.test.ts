// The booking rules with an injected clock, and the whole path through the core: a booking's slot
// becomes the ticket's appointment time at check-in, and the core calls it at its slot ahead of
// walk-ins, or in arrival order when the citizen came late.
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPOINTMENT_SETTINGS, extractAppointmentCode, maskPhone, normalizePhone, type SlotRule } from '../../common/appointments.js';
import { DomainError } from '../../common/errors.js';
import type { Service } from '../../common/types.js';
import { availability, decideBooking, emptyAppointments, localToEpoch, slotsOn, weekStart, type AppointmentsDoc, type StoredBooking } from '../../server/appointments/rules.js';
import { commit, decideCounter, decideIssue } from '../../server/domain/commands.js';
import { defaultSettings } from '../../server/domain/defaults.js';
import { emptyDay, type Actor, type SiteConfig } from '../../server/domain/model.js';

const TZ = 'Asia/Ho_Chi_Minh';
const MON = '2026-11-23';
const at = (date: string, hhmm: string) => localToEpoch(date, hhmm, TZ);
const svc: Service = { id: 'svc-a', siteId: 's1', code: 'A', name: { vi: 'Tư pháp – Hộ tịch' }, active: true, dailyCap: null, hours: null };
const rule = (r: Partial<SlotRule>): SlotRule => ({ siteId: 's1', serviceId: 'svc-a', weekday: null, date: null, times: [], capacity: 1, ...r });
const settings = { ...DEFAULT_APPOINTMENT_SETTINGS, maxPerPhonePerDay: 1, maxPerPhonePerWeek: 2, horizonDays: 14 };

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { if (e instanceof DomainError) return e.code; throw e; }
  return 'no error';
}

function doc(rules: SlotRule[]): AppointmentsDoc { return { ...emptyAppointments(), rules }; }

function booked(d: AppointmentsDoc, date: string, time: string, phone: string, status: StoredBooking['status'] = 'booked'): void {
  d.bookings.push({ code: String(d.bookings.length).padStart(8, '0'), siteId: 's1', serviceId: 'svc-a', date, time, slotAt: at(date, time), name: 'X', phone, status, createdAt: 0 });
}

describe('booking rules', () => {
  it('local slot times in the site zone, also across a summer-time change', () => {
    expect(new Date(at(MON, '08:30')).toISOString()).toBe('2026-11-23T01:30:00.000Z');
    expect(new Date(localToEpoch('2026-03-29', '09:00', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(new Date(localToEpoch('2026-03-28', '09:00', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(weekStart('2026-11-29')).toBe(MON); // Sunday belongs to the week that began on Monday
  });

  it('a date overrides its weekday; a closed date or an inactive service offers nothing', () => {
    const rules = [rule({ weekday: 1, times: ['08:00', '08:30'], capacity: 2 }), rule({ date: '2026-11-30', times: ['09:00'] }), rule({ date: '2026-12-07', times: [] })];
    expect(slotsOn(rules, svc, MON)).toEqual({ times: ['08:00', '08:30'], capacity: 2 });
    expect(slotsOn(rules, svc, '2026-11-30')).toEqual({ times: ['09:00'], capacity: 1 });
    expect(slotsOn(rules, svc, '2026-12-07')).toBeNull();
    expect(slotsOn(rules, svc, '2026-11-24')).toBeNull();
    expect(slotsOn(rules, { ...svc, hours: { sessions: [], weekdays: [1], closedDates: [MON] } }, MON)).toBeNull();
    expect(slotsOn(rules, { ...svc, active: false }, MON)).toBeNull();
  });

  it('offers only slots still ahead, within the horizon, with what is left', () => {
    const d = doc([rule({ weekday: 1, times: ['08:00', '08:30', '09:00'], capacity: 2 })]);
    booked(d, MON, '09:00', '0912345678');
    booked(d, MON, '09:00', '0987654321', 'cancelled');
    const days = availability(d, svc, TZ, settings, at(MON, '08:10'), undefined, 14);
    expect(days.map((x) => x.date)).toEqual([MON, '2026-11-30']); // 2026-12-07 is day 15
    expect(days[0]!.slots.map((s) => [s.time, s.available])).toEqual([['08:30', 2], ['09:00', 1]]);
    expect(days[0]!.slots[0]!.at).toBe('2026-11-23T08:30:00.000+07:00');
  });

  it('refuses a past, unknown or full slot, and a phone number over its limits per day and week', () => {
    const d = doc([rule({ weekday: 1, times: ['08:00', '08:30'], capacity: 1 }), rule({ weekday: 2, times: ['08:00'], capacity: 5 }), rule({ weekday: 3, times: ['08:00'], capacity: 5 })]);
    const now = at(MON, '08:10');
    const book = (date: string, time: string, phone: string) => decideBooking(d, svc, TZ, settings, now, { date, time, phone });
    expect(code(() => book(MON, '08:00', '0912345678'))).toBe('slot_unavailable');
    expect(code(() => book(MON, '08:15', '0912345678'))).toBe('slot_unavailable');
    expect(code(() => book('2026-12-07', '08:00', '0912345678'))).toBe('slot_unavailable');
    expect(book(MON, '08:30', '0912345678')).toBe(at(MON, '08:30'));
    booked(d, MON, '08:30', '0912345678');
    expect(code(() => book(MON, '08:30', '0987654321'))).toBe('slot_full');
    booked(d, '2026-11-24', '08:00', '0987654321');
    expect(code(() => book('2026-11-24', '08:00', '0987654321'))).toBe('phone_limit_day');
    booked(d, '2026-11-25', '08:00', '0987654321');
    // two this week already: Wednesday's second day is refused for the week, next Monday is fine
    d.rules.push(rule({ weekday: 4, times: ['08:00'], capacity: 5 }));
    expect(code(() => book('2026-11-26', '08:00', '0987654321'))).toBe('phone_limit_week');
    expect(book('2026-11-30', '08:00', '0987654321')).toBe(at('2026-11-30', '08:00'));
    // a cancelled booking does not count
    d.bookings.find((b) => b.phone === '0987654321' && b.date === '2026-11-25')!.status = 'cancelled';
    expect(book('2026-11-26', '08:00', '0987654321')).toBe(at('2026-11-26', '08:00'));
  });

  it('phone numbers and codes as people type them', () => {
    expect(normalizePhone('0912 345 678')).toBe('0912345678');
    expect(normalizePhone('+84 912.345.678')).toBe('0912345678');
    expect(normalizePhone('84912345678')).toBe('0912345678');
    expect(normalizePhone('024 3825 1234')).toBe('02438251234');
    expect(normalizePhone('0112345678')).toBeNull();
    expect(normalizePhone('091234567')).toBeNull();
    expect(maskPhone('0912345678')).toBe('0912 *** 678');
    expect(extractAppointmentCode('12345678')).toBe('12345678');
    expect(extractAppointmentCode('http://hub:3000/book?code=87654321')).toBe('87654321');
    expect(extractAppointmentCode('1234')).toBeNull();
  });
});

describe('a booking through the core', () => {
  const cfg: SiteConfig = {
    site: { id: 's1', name: 'Site', timeZone: TZ, settings: defaultSettings({ ordering: { maxPriorityInRow: 3, maxWaitSeconds: 0, appointmentWindowSeconds: 10 * 60 } }) },
    services: new Map([[svc.id, svc]]),
    counters: new Map([['c1', { id: 'c1', siteId: 's1', number: 1, name: 'Quầy 1', serviceIds: [svc.id] }]]),
  };
  const kiosk: Actor = { kind: 'device', id: 'k1', deviceKind: 'kiosk', siteId: 's1', counterId: null, name: 'Kiosk' };
  const officer: Actor = { kind: 'user', id: 'u1', name: 'Lan', role: 'officer', siteIds: ['s1'] };

  function run(checkInAt: string, slot: string) {
    const d = doc([rule({ weekday: 1, times: [slot], capacity: 3 })]);
    const slotAt = decideBooking(d, svc, TZ, settings, at(MON, '07:00'), { date: MON, time: slot, phone: '0912345678' });
    const day = emptyDay('s1', MON);
    let n = 0;
    const ctx = (actor: Actor, now: number) => ({ cfg, day, actor, now, newId: () => `t${++n}` });
    const issue = (now: number, appointmentAt?: number) => {
      const e = decideIssue(ctx(kiosk, now), { serviceId: svc.id, ...(appointmentAt ? { appointmentAt } : {}) });
      commit(day, e.events);
      return day.tickets.get(e.result.ticketId)!.number;
    };
    issue(at(MON, '07:30')); issue(at(MON, '07:40'));
    const booked = issue(at(MON, checkInAt), slotAt);
    issue(at(MON, '08:00'));
    commit(day, decideCounter(ctx(officer, at(MON, '08:00')), 'open', { counterId: 'c1' }).events);
    const order: string[] = [];
    // the counter calls every 10 minutes from 08:00
    for (let i = 0; i < 4; i++) {
      const now = at(MON, '08:00') + i * 10 * 60_000;
      const c = decideCounter(ctx(officer, now), 'call-next', { counterId: 'c1' });
      commit(day, c.events);
      order.push(day.tickets.get(c.result.ticketId!)!.number);
      commit(day, decideCounter(ctx(officer, now + 60_000), 'complete', { counterId: 'c1' }).events);
    }
    return { booked, order };
  }

  it('is called at its slot ahead of walk-ins who came earlier', () => {
    // slot 08:20, checked in at 07:50: from 08:10 (the 10-minute window) it goes first
    const { booked, order } = run('07:50', '08:20');
    expect(booked).toBe('A003');
    expect(order).toEqual(['A001', 'A003', 'A002', 'A004']);
  });

  it('keeps only its place by arrival when it checked in after its slot and window', () => {
    // slot 07:30, checked in at 07:45 (past 07:40): arrival order
    const { order } = run('07:45', '07:30');
    expect(order).toEqual(['A001', 'A002', 'A003', 'A004']);
  });
});
