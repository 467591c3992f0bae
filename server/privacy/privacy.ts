// Personal data under Luật 91/2025/QH15 and NĐ 356/2025 (docs/privacy.md): the retention policy per
// kind and the daily job that erases what expired, the data subject's requests (look up, export,
// erase, by phone number or appointment code), and the register of requests with their age.
//
// <data>/personal/privacy.json keeps the policy, the fields marked personal, the last run and the
// requests: never a personal value. Every run, look-up and erasure is audited with counts only.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { normalizePhone } from '../../common/appointments.js';
import { DomainError } from '../../common/errors.js';
import {
  DEFAULT_RETENTION, MARKABLE_FIELDS, PERSONAL_KINDS, REQUEST_DEADLINE_DAYS,
  type MarkableField, type PersonalKind, type PrivacyOverview, type RetentionPolicy, type RetentionRun, type SubjectItem, type SubjectRequest,
} from '../../common/privacy.js';
import type { Hub } from '../app/hub.js';
import { parseWith } from '../app/validate.js';
import { appointmentsOf, bookingRecordId, type Appointments } from '../appointments/appointments.js';
import type { StoredBooking } from '../appointments/rules.js';
import { DEFAULT_TIME_ZONE } from '../domain/defaults.js';
import type { Actor } from '../domain/model.js';
import { addDays, isoLocal, localDate } from '../domain/time.js';
import { DurableJsonFile } from '../store/json-file.js';
import type { StoredEvent } from './seal.js';

interface StoredRequest { id: string; kind: 'access' | 'erase'; receivedAt: number; closedAt: number | null; outcome: SubjectRequest['outcome'] }
interface PrivacyDoc {
  version: 1;
  policy: RetentionPolicy;
  personalFields: MarkableField[];
  lastRun: RetentionRun | null;
  requests: StoredRequest[];
}

const DAY_MS = 86_400_000;
const days = z.number().int().min(1).max(36_500);
export const privacySchemas = {
  policy: z.strictObject({
    booking_contact: days.optional(), rating_comment: days.optional(), event_field: days.optional(),
    accountAuditYears: z.number().int().min(1).max(100).optional(),
    personalFields: z.array(z.enum(MARKABLE_FIELDS)).max(MARKABLE_FIELDS.length).optional(),
  }),
  subject: z.strictObject({
    phone: z.string().max(20).optional(), code: z.string().trim().regex(/^\d{8}$/).optional(),
    requestId: z.string().max(64).optional(), format: z.enum(['json']).optional(),
  }).refine((q) => !!q.phone !== !!q.code, { path: ['phone'] }),
  request: z.strictObject({ kind: z.enum(['access', 'erase']), receivedAt: z.iso.datetime({ offset: true }).optional() }),
} as const;

export class Privacy {
  private doc: PrivacyDoc = { version: 1, policy: { ...DEFAULT_RETENTION }, personalFields: [], lastRun: null, requests: [] };
  /** The port's document `personal/privacy` (on files: <data>/personal/privacy.json). */
  private file: { read(): Promise<PrivacyDoc | null>; write(d: PrivacyDoc): Promise<void> };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionRun> | null = null;
  readonly appts: Appointments;

  constructor(readonly hub: Hub, private readonly log: (m: string) => void = () => {}) {
    this.file = { read: () => hub.store.readDoc<PrivacyDoc>('personal/privacy'), write: (d) => hub.store.writeDoc('personal/privacy', d) };
    this.appts = appointmentsOf(hub, log);
  }

  async open(): Promise<void> {
    await this.appts.ready;
    const d = await this.file.read();
    if (d) this.doc = { ...this.doc, ...d, policy: { ...DEFAULT_RETENTION, ...d.policy } };
    this.hub.markedPersonal = new Set(this.doc.personalFields);
    this.appts.contactRetentionDays = this.doc.policy.booking_contact;
  }

  /** The daily job: checks every `everyMs` whether today's run is due (the hub's clock decides). */
  startDaily(everyMs = 3600_000): void {
    // Several hubs: once across the cluster (the lease), and on the document as the store has it now
    // (another hub may have run today's already).
    const tick = () => {
      void this.hub.store.withLease('privacy:retention', async () => {
        if (this.hub.store.kind !== 'files') { const d = await this.file.read(); if (d) this.doc = { ...this.doc, ...d, policy: { ...DEFAULT_RETENTION, ...d.policy } }; }
        return this.runIfDue();
      }).catch((e) => this.log(`privacy: retention run failed (${(e as Error).message})`));
    };
    tick();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  stop(): void { if (this.timer) clearInterval(this.timer); this.timer = null; }

  private tz(siteId: string | null): string {
    return this.hub.configData.sites.find((s) => s.id === siteId)?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  async runIfDue(): Promise<RetentionRun | null> {
    const today = localDate(this.hub.clock(), DEFAULT_TIME_ZONE);
    if (this.doc.lastRun && localDate(Date.parse(this.doc.lastRun.at), DEFAULT_TIME_ZONE) === today) return null;
    return this.runRetention(null);
  }

  /**
   * Erase every personal record whose retention has passed: a record expires the day after its
   * reference day (the appointment's day, the rating's day; site-local) plus the kind's period.
   */
  runRetention(actor: Actor | null): Promise<RetentionRun> {
    this.running ??= this.retention(actor).finally(() => { this.running = null; });
    return this.running;
  }

  private async retention(actor: Actor | null): Promise<RetentionRun> {
    const now = this.hub.clock();
    const expired: { id: string; kind: PersonalKind; code?: string }[] = [];
    for (const r of this.hub.vault.records()) {
      const tz = this.tz(r.siteId);
      if (localDate(now, tz) > addDays(localDate(r.at, tz), this.doc.policy[r.kind])) expired.push({ id: r.id, kind: r.kind, code: r.links.code });
    }
    const erased = await this.eraseRecords(expired);
    const run: RetentionRun = { at: new Date(now).toISOString(), erased, by: actor ? 'admin' : 'daily' };
    this.doc.lastRun = run;
    await this.file.write(this.doc);
    await this.hub.appendAudit(actor, 'privacy.retention', null, { erased, policy: { ...this.doc.policy } });
    if (expired.length) this.log(`privacy: retention erased ${expired.length} personal records`);
    return run;
  }

  private async eraseRecords(list: { id: string; kind: PersonalKind; code?: string }[]): Promise<Partial<Record<PersonalKind, number>>> {
    const counts: Partial<Record<PersonalKind, number>> = {};
    const codes = list.filter((x) => x.kind === 'booking_contact' && x.code).map((x) => x.code!);
    const others = list.filter((x) => x.kind !== 'booking_contact');
    if (codes.length) counts.booking_contact = await this.appts.eraseContact(codes);
    // A booking record without its booking (dropped already) is erased directly.
    const strays = list.filter((x) => x.kind === 'booking_contact' && this.hub.vault.get(x.id));
    await this.hub.vault.erase(strays.map((x) => x.id));
    if (strays.length) counts.booking_contact = (counts.booking_contact ?? 0) + strays.length;
    for (const x of others) counts[x.kind] = (counts[x.kind] ?? 0) + 1;
    await this.hub.vault.erase(others.map((x) => x.id));
    await this.hub.refoldAfterErasure(new Set(list.map((x) => x.id)));
    return counts;
  }

  // ------------------------------------------------------------------ the console
  private assertAdmin(actor: Actor): void { this.hub.assertAdmin(actor); }

  overview(actor: Actor): PrivacyOverview {
    this.assertAdmin(actor);
    const held: Partial<Record<PersonalKind, number>> = {};
    for (const r of this.hub.vault.records()) held[r.kind] = (held[r.kind] ?? 0) + 1;
    const now = this.hub.clock();
    return {
      policy: { ...this.doc.policy }, personalFields: [...this.doc.personalFields], lastRun: this.doc.lastRun,
      requests: [...this.doc.requests].sort((a, b) => Number(a.closedAt !== null) - Number(b.closedAt !== null) || b.receivedAt - a.receivedAt).slice(0, 100).map((r) => this.requestView(r, now)),
      deadlineDays: REQUEST_DEADLINE_DAYS, held,
    };
  }

  private requestView(r: StoredRequest, now: number): SubjectRequest {
    return {
      id: r.id, kind: r.kind, receivedAt: new Date(r.receivedAt).toISOString(), closedAt: r.closedAt === null ? null : new Date(r.closedAt).toISOString(),
      outcome: r.outcome, ageDays: Math.floor(((r.closedAt ?? now) - r.receivedAt) / DAY_MS), dueAt: new Date(r.receivedAt + REQUEST_DEADLINE_DAYS * DAY_MS).toISOString(),
    };
  }

  async setPolicy(actor: Actor, input: unknown): Promise<PrivacyOverview> {
    this.assertAdmin(actor);
    const { personalFields, ...policy } = parseWith(privacySchemas.policy, input);
    this.doc.policy = { ...this.doc.policy, ...policy };
    if (personalFields) this.doc.personalFields = [...new Set(personalFields)];
    this.hub.markedPersonal = new Set(this.doc.personalFields);
    this.appts.contactRetentionDays = this.doc.policy.booking_contact;
    await this.file.write(this.doc);
    await this.hub.appendAudit(actor, 'privacy.policy', null, { ...this.doc.policy, personalFields: this.doc.personalFields });
    return this.overview(actor);
  }

  /** Register a request received (by letter, at the desk): it is open until answered. */
  async openRequest(actor: Actor, input: unknown): Promise<SubjectRequest> {
    this.assertAdmin(actor);
    const b = parseWith(privacySchemas.request, input);
    const now = this.hub.clock();
    const r: StoredRequest = { id: randomUUID(), kind: b.kind, receivedAt: b.receivedAt ? Date.parse(b.receivedAt) : now, closedAt: null, outcome: null };
    this.doc.requests.push(r);
    await this.file.write(this.doc);
    await this.hub.appendAudit(actor, 'privacy.request.open', `request:${r.id}`, { kind: r.kind, receivedAt: new Date(r.receivedAt).toISOString() });
    return this.requestView(r, now);
  }

  private async closeRequest(actor: Actor, requestId: string | undefined, kind: 'access' | 'erase', outcome: NonNullable<SubjectRequest['outcome']>): Promise<void> {
    const now = this.hub.clock();
    let r = requestId ? this.doc.requests.find((x) => x.id === requestId) : undefined;
    if (requestId && !r) throw new DomainError('request_not_found', 'requestId');
    // A request answered at once (the person at the desk) is registered and closed in one go.
    if (!r) { r = { id: randomUUID(), kind, receivedAt: now, closedAt: null, outcome: null }; this.doc.requests.push(r); }
    if (r.closedAt === null || kind === 'erase') { r.closedAt = now; r.outcome = { ...r.outcome, ...outcome }; }
    await this.file.write(this.doc);
    await this.hub.appendAudit(actor, `privacy.${kind}`, `request:${r.id}`, {
      ...outcome, receivedAt: new Date(r.receivedAt).toISOString(), handledSeconds: Math.round((now - r.receivedAt) / 1000),
    });
  }

  // ------------------------------------------------------------------ data subject requests
  /** The bookings of a phone number or a code (erased ones do not match a phone number). */
  private bookingsOf(q: { phone?: string; code?: string }): StoredBooking[] {
    if (q.code) return this.appts.data.bookings.filter((b) => b.code === q.code);
    const phone = normalizePhone(q.phone ?? '');
    if (!phone) throw new DomainError('invalid_input', 'phone', { field: 'phone' });
    return this.appts.data.bookings.filter((b) => !b.erased && b.phone === phone);
  }

  private async collect(q: { phone?: string; code?: string }): Promise<{ items: SubjectItem[]; ids: { id: string; kind: PersonalKind; code?: string }[] }> {
    const items: SubjectItem[] = [];
    const ids: { id: string; kind: PersonalKind; code?: string }[] = [];
    const bookings = this.bookingsOf(q);
    for (const b of bookings) {
      const tz = this.tz(b.siteId);
      const svc = this.hub.configData.services.find((s) => s.id === b.serviceId);
      const fields: Record<string, string | null> = {
        name: b.name, phone: b.erased ? null : b.phone, site: this.hub.configData.sites.find((s) => s.id === b.siteId)?.name ?? b.siteId,
        service: svc?.name.vi ?? b.serviceId, date: b.date, time: b.time, status: b.status, ticketNumber: b.ticketNumber ?? null,
      };
      if (b.birthDate) fields.birthDate = b.birthDate;
      if (b.idHash) fields.idNumber = '(chỉ lưu dạng băm / kept only hashed)';
      items.push({ kind: 'booking_contact', id: b.code, at: isoLocal(b.createdAt, tz), fields });
      if (!b.erased) ids.push({ id: bookingRecordId(b.code), kind: 'booking_contact', code: b.code });
    }
    const tickets = new Map(bookings.filter((b) => b.ticketId).map((b) => [b.ticketId!, b]));
    for (const r of this.hub.vault.records()) {
      if (!r.links.ticketId || !tickets.has(r.links.ticketId)) continue;
      items.push({ kind: r.kind, id: r.id, at: isoLocal(r.at, this.tz(r.siteId)), fields: { ...r.fields, ticketNumber: tickets.get(r.links.ticketId)!.ticketNumber ?? null } });
      ids.push({ id: r.id, kind: r.kind });
    }
    // Comments written in the chain before the vault (legacy): shown, not erasable (docs/privacy.md).
    for (const [ticketId, b] of tickets) {
      const events = await this.hub.store.readDay<StoredEvent>(b.siteId, b.date).catch(() => null);
      for (const e of events ?? []) {
        if (e.t === 'rated' && e.id === ticketId && !e.sealed && typeof e.comment === 'string' && e.comment) {
          items.push({ kind: 'rating_comment_legacy', id: `rating:${e.ratingId}`, at: isoLocal(e.at, this.tz(b.siteId)), fields: { comment: e.comment, erasable: 'no' } });
        }
      }
    }
    return { items, ids };
  }

  async subject(actor: Actor, query: unknown): Promise<{ items: SubjectItem[] }> {
    this.assertAdmin(actor);
    const q = parseWith(privacySchemas.subject, query);
    const { items } = await this.collect(q);
    await this.closeRequest(actor, q.requestId, 'access', { items: items.length });
    return { items };
  }

  async erase(actor: Actor, input: unknown): Promise<{ erased: Partial<Record<PersonalKind, number>>; kept: { rating_comment_legacy: number } }> {
    this.assertAdmin(actor);
    const q = parseWith(privacySchemas.subject, input);
    const { items, ids } = await this.collect(q);
    const erased = await this.eraseRecords(ids);
    for (const k of PERSONAL_KINDS) erased[k] ??= 0;
    const kept = { rating_comment_legacy: items.filter((i) => i.kind === 'rating_comment_legacy').length };
    await this.closeRequest(actor, q.requestId, 'erase', { erased });
    return { erased, kept };
  }
}

const instances = new WeakMap<Hub, Privacy>();
export function privacyOf(hub: Hub, log?: (m: string) => void): Privacy {
  let p = instances.get(hub);
  if (!p) { p = new Privacy(hub, log); instances.set(hub, p); }
  return p;
}
