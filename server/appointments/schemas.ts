// Validation of every appointment input (bodies and queries); the error names the first bad field.
import { z } from 'zod';
import { parseWith } from '../app/validate.js';
import { DomainError } from '../../common/errors.js';
import { APPOINTMENT_CODE_LENGTH, normalizePhone } from '../../common/appointments.js';

const id = z.string().min(1).max(64);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));
const phone = z.string().max(20).transform((s, ctx) => {
  const p = normalizePhone(s);
  if (!p) { ctx.addIssue({ code: 'custom', message: 'phone' }); return z.NEVER; }
  return p;
});
export const code = z.string().trim().regex(new RegExp(`^\\d{${APPOINTMENT_CODE_LENGTH}}$`));

export const appointmentSchemas = {
  slots: z.strictObject({
    siteId: id.optional(),
    serviceId: id,
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    dates: z.array(date).max(366).default([]),
    times: z.array(hhmm).max(96).transform((ts) => [...new Set(ts)].sort()),
    capacity: z.number().int().min(1).max(100),
  }).refine((b) => b.weekdays.length + b.dates.length > 0, { path: ['weekdays'] }),
  settings: z.strictObject({
    siteId: id,
    maxPerPhonePerDay: z.number().int().min(1).max(20).optional(),
    maxPerPhonePerWeek: z.number().int().min(1).max(50).optional(),
    horizonDays: z.number().int().min(1).max(90).optional(),
    privacyContact: z.string().trim().max(200).optional(),
  }),
  book: z.strictObject({
    siteId: id.optional(),
    serviceId: id,
    date,
    time: hhmm,
    name: z.string().trim().min(2).max(80),
    phone,
    /** The explicit tick under the notice (docs/privacy.md); without it: 400 consent_required. */
    consent: z.boolean().optional(),
    /** Optional, to check in with the chip ID card's QR: date of birth, and/or the card's number (kept only hashed). */
    birthDate: date.optional(),
    idNumber: z.string().regex(/^\d{12}$/).optional(),
  }),
  card: z.strictObject({ card: z.string().min(1).max(600) }),
  cancel: z.strictObject({ phone: phone.optional() }),
  lookup: z.strictObject({ phone }),
  availability: z.strictObject({ siteId: id.optional(), serviceId: id, from: date.optional(), days: z.coerce.number().int().min(1).max(90).optional() }),
  list: z.strictObject({ siteId: id, date: date.optional(), from: date.optional(), to: date.optional() }),
  slotsQuery: z.strictObject({ siteId: id, serviceId: id.optional() }),
  siteQuery: z.strictObject({ siteId: id }),
  none: z.strictObject({}),
} as const;

type S = typeof appointmentSchemas;

/** Validate `input` against a schema; a refusal names the first bad field and changes nothing. */
export function parseAppointment<K extends keyof S>(key: K, input: unknown): z.infer<S[K]> {
  return parseWith(appointmentSchemas[key], input) as z.infer<S[K]>;
}
