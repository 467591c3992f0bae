// Booked appointments (lịch hẹn): the shapes the hub answers with, and the phone number rules the
// booking page and the hub share. No zod here (the booking page stays small); the hub validates with
// server/appointments/schemas.ts.
import type { LocalText, Ticket } from './types.js';

export type AppointmentStatus = 'booked' | 'checked_in' | 'cancelled';

/** A booking as the citizen, the kiosk and staff see it: the phone number only masked. */
export interface Appointment {
  code: string;
  siteId: string;
  serviceId: string;
  /** Site-local date and time of the slot. */
  date: string;
  time: string;
  /** The slot as ISO 8601 with the site's offset. */
  at: string;
  name: string;
  phoneMasked: string;
  status: AppointmentStatus;
  createdAt: string;
  ticketNumber?: string;
  checkedInAt?: string;
  cancelledAt?: string;
}

/** Slots of a service on a weekday (1 = Monday) or on one date (which overrides its weekday). */
export interface SlotRule {
  siteId: string;
  serviceId: string;
  weekday: number | null;
  date: string | null;
  times: string[];
  capacity: number;
}

export interface AppointmentSettings {
  /** Active bookings one phone number may hold for one day, and for one week (Monday-Sunday). */
  maxPerPhonePerDay: number;
  maxPerPhonePerWeek: number;
  /** How many days ahead slots are offered (today counts as day 1). */
  horizonDays: number;
  /** Who answers questions on personal data (phone, e-mail, desk), shown in the notice. */
  privacyContact: string;
}

export const DEFAULT_APPOINTMENT_SETTINGS: AppointmentSettings = { maxPerPhonePerDay: 2, maxPerPhonePerWeek: 4, horizonDays: 14, privacyContact: '' };

export interface SlotView { time: string; at: string; capacity: number; available: number }
export interface DayAvailability { date: string; weekday: number; slots: SlotView[] }

/** What the notice before collection names (per site): the controller, the contact, how long contact data is kept. */
export interface PrivacyNotice { controller: string; contact: string; retentionDays: number }

/** What the booking page offers: sites and the services that have slots. */
export interface BookingOptions {
  sites: { id: string; name: string; services: { id: string; code: string; name: LocalText }[]; notice: PrivacyNotice }[];
}

/** The public ticket page: its own ticket and just enough to show it (no other ticket of the queue). */
export interface TicketPage {
  ticket: Ticket;
  service: { id: string; code: string; name: LocalText } | null;
  site: { name: string; agencyName: string; branchName: string };
  counter: { id: string; number: number; name: string } | null;
  /** A booked slot; `late` when checked in after the slot and its window (then called by arrival). */
  appointment: { date: string; time: string; late: boolean } | null;
}

/** Codes are 8 digits: easy on a kiosk's number pad, read aloud, or typed by a QR scanner. */
export const APPOINTMENT_CODE_LENGTH = 8;

/** "1234 5678" */
export function formatAppointmentCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/**
 * The code inside what a keyboard-wedge scanner typed, or a person: the last run of 8 digits
 * (the QR holds the bare code; a link to the booking ending in the code works too).
 */
export function extractAppointmentCode(typed: string): string | null {
  const runs = typed.match(/\d{8,}/g);
  const last = runs?.[runs.length - 1];
  return last ? last.slice(-8) : null;
}

/**
 * A Vietnamese phone number in its national form (0xxxxxxxxx), or null: spaces, dots and dashes
 * are ignored, +84 / 84 becomes 0. Mobile numbers have 10 digits; landlines (02x) 11.
 */
export function normalizePhone(input: string): string | null {
  let s = input.replace(/[\s.\-()]/g, '');
  if (s.startsWith('+84')) s = '0' + s.slice(3);
  else if (/^84\d{9,10}$/.test(s)) s = '0' + s.slice(2);
  if (/^0[35789]\d{8}$/.test(s)) return s;
  if (/^02\d{9}$/.test(s)) return s;
  return null;
}

/** "0912 *** 678": the start and the end, enough for the owner to recognise it. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 4)} ${'*'.repeat(Math.max(3, phone.length - 7))} ${phone.slice(-3)}`;
}
