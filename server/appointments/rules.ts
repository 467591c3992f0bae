// The rules of booking, pure (the clock is passed in): which slots a service offers on a date, how
// many are left, and whether a booking may be made: the slot exists and is still ahead, it is not
// full, and the phone number stays within its limits per day and per week.
import type { Appointment, AppointmentSettings, DayAvailability, SlotRule } from '../../common/appointments.js';
import { maskPhone } from '../../common/appointments.js';
import { ERASED_TEXT } from '../../common/privacy.js';
import { DomainError } from '../../common/errors.js';
import type { Service } from '../../common/types.js';
import { addDays, isoLocal, localParts } from '../domain/time.js';

export interface StoredBooking {
  code: string;
  siteId: string;
  serviceId: string;
  date: string;
  time: string;
  /** The slot, epoch ms. */
  slotAt: number;
  /** Personal: kept in the vault (server/privacy), never in appointments.json; ERASED_TEXT once erased. */
  name: string;
  /** National form, 0xxxxxxxxx; shown only masked; '' once erased. Personal, in the vault. */
  phone: string;
  /** Personal, optional (for checking in with the ID card): YYYY-MM-DD, in the vault. */
  birthDate?: string;
  /** Optional ID card number, only as a salted hash (`salt:hex`), in the vault. */
  idHash?: string;
  /** The booking's contact data was erased (retention or a data subject's request). */
  erased?: boolean;
  status: Appointment['status'];
  createdAt: number;
  /** Set before the kiosk's ticket is issued, so that a crash in between is recognised (see check-in). */
  checkInStartedAt?: number;
  checkedInAt?: number;
  checkedInBy?: string;
  ticketId?: string;
  ticketNumber?: string;
  cancelledAt?: number;
  cancelledBy?: 'citizen' | 'staff';
}

export interface AppointmentsDoc {
  version: 1;
  rules: SlotRule[];
  bookings: StoredBooking[];
  /** Per site; missing values take DEFAULT_APPOINTMENT_SETTINGS. */
  settings: Record<string, Partial<AppointmentSettings>>;
}

export const emptyAppointments = (): AppointmentsDoc => ({ version: 1, rules: [], bookings: [], settings: {} });

/** ISO weekday (1 = Monday) of a calendar date. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the date's week. */
export function weekStart(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/** Epoch ms of a site-local date and time ("2026-11-23", "08:30"). */
export function localToEpoch(date: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = hhmm.split(':').map(Number);
  const asUtc = Date.UTC(y!, m! - 1, d!, hh!, mm!);
  let ms = asUtc - localParts(asUtc, timeZone).offsetMinutes * 60_000;
  // Near an offset change the offset at the first guess can differ from the one at the answer.
  ms = asUtc - localParts(ms, timeZone).offsetMinutes * 60_000;
  return ms;
}

/** The slot times and capacity of a service on a date: a date's rule overrides its weekday's. */
export function slotsOn(rules: SlotRule[], service: Service, date: string): { times: string[]; capacity: number } | null {
  if (!service.active) return null;
  if (service.hours?.closedDates.includes(date)) return null;
  const mine = rules.filter((r) => r.serviceId === service.id);
  const rule = mine.find((r) => r.date === date) ?? mine.find((r) => r.weekday === weekdayOf(date));
  if (!rule || rule.times.length === 0) return null;
  return { times: rule.times, capacity: rule.capacity };
}

const active = (b: StoredBooking) => b.status !== 'cancelled';

export function bookedIn(bookings: StoredBooking[], serviceId: string, date: string, time: string): number {
  let n = 0;
  for (const b of bookings) if (active(b) && b.serviceId === serviceId && b.date === date && b.time === time) n++;
  return n;
}

/** Slots still ahead of `now` from `from` for `days` days (never beyond the site's horizon). */
export function availability(doc: AppointmentsDoc, service: Service, timeZone: string, settings: AppointmentSettings, now: number, from?: string, days?: number): DayAvailability[] {
  const today = localParts(now, timeZone).date;
  const last = addDays(today, settings.horizonDays - 1);
  const start = from && from > today ? from : today;
  const out: DayAvailability[] = [];
  for (let i = 0; i < (days ?? settings.horizonDays); i++) {
    const date = addDays(start, i);
    if (date > last) break;
    const s = slotsOn(doc.rules, service, date);
    if (!s) continue;
    const slots = s.times.flatMap((time) => {
      const at = localToEpoch(date, time, timeZone);
      if (at <= now) return [];
      return [{ time, at: isoLocal(at, timeZone), capacity: s.capacity, available: Math.max(0, s.capacity - bookedIn(doc.bookings, service.id, date, time)) }];
    });
    if (slots.length) out.push({ date, weekday: weekdayOf(date), slots });
  }
  return out;
}

/**
 * May this phone book this slot now? Returns the slot's time (epoch ms), or throws the coded
 * refusal: slot_unavailable (not offered, past or beyond the horizon), slot_full, phone_limit_day,
 * phone_limit_week.
 */
export function decideBooking(
  doc: AppointmentsDoc, service: Service, timeZone: string, settings: AppointmentSettings, now: number,
  input: { date: string; time: string; phone: string },
): number {
  const today = localParts(now, timeZone).date;
  if (input.date < today || input.date > addDays(today, settings.horizonDays - 1)) throw new DomainError('slot_unavailable', 'date');
  const s = slotsOn(doc.rules, service, input.date);
  if (!s || !s.times.includes(input.time)) throw new DomainError('slot_unavailable', 'time');
  const slotAt = localToEpoch(input.date, input.time, timeZone);
  if (slotAt <= now) throw new DomainError('slot_unavailable', 'time');
  if (bookedIn(doc.bookings, service.id, input.date, input.time) >= s.capacity) throw new DomainError('slot_full', 'time');
  const mine = doc.bookings.filter((b) => active(b) && b.phone === input.phone && b.siteId === service.siteId);
  if (mine.filter((b) => b.date === input.date).length >= settings.maxPerPhonePerDay) {
    throw new DomainError('phone_limit_day', 'phone', { max: settings.maxPerPhonePerDay, date: input.date.split('-').reverse().join('/') });
  }
  const week = weekStart(input.date);
  if (mine.filter((b) => weekStart(b.date) === week).length >= settings.maxPerPhonePerWeek) {
    throw new DomainError('phone_limit_week', 'phone', { max: settings.maxPerPhonePerWeek });
  }
  return slotAt;
}

export function appointmentView(b: StoredBooking, timeZone: string): Appointment {
  const v: Appointment = {
    code: b.code, siteId: b.siteId, serviceId: b.serviceId, date: b.date, time: b.time, at: isoLocal(b.slotAt, timeZone),
    name: b.name, phoneMasked: b.erased ? ERASED_TEXT : maskPhone(b.phone), status: b.status, createdAt: isoLocal(b.createdAt, timeZone),
  };
  if (b.ticketNumber) v.ticketNumber = b.ticketNumber;
  if (b.checkedInAt !== undefined) v.checkedInAt = isoLocal(b.checkedInAt, timeZone);
  if (b.cancelledAt !== undefined) v.cancelledAt = isoLocal(b.cancelledAt, timeZone);
  return v;
}
