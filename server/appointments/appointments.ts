// Booked appointments: slots per service and day (admins), bookings by citizens on the public page,
// cancellation by code and phone number, and the check-in at the kiosk that issues a ticket with
// the slot's time (the core calls it at its slot, ahead of walk-ins, server/domain/policy.ts).
//
// One document of the store port, `appointments` (on files <data>/appointments.json, as in every
// release), written atomically and durably; every change is durable before it is answered. Changes
// pass one queue so that a check-in (which awaits the hub) never interleaves with another change,
// and, across hubs sharing a store (PostgreSQL), the cluster lease `appointments`: each change reads
// the document afresh under it, so a booking made on one hub is checked in once on any other. Reads
// (lists, free slots) answer from memory, refreshed when the store says the document changed. Bookings are kept
// RETENTION_DAYS after their date, then dropped. Names, phone numbers, dates of birth and ID number
// hashes are personal: they live in the vault (server/privacy/vault.ts, record `booking:<code>`)
// and are erased by the retention job or a data subject's request (docs/privacy.md); the file keeps
// the rest of the booking.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_APPOINTMENT_SETTINGS, type Appointment, type AppointmentSettings, type BookingOptions, type DayAvailability, type PrivacyNotice,
  type SlotRule, type TicketPage,
} from '../../common/appointments.js';
import { DomainError } from '../../common/errors.js';
import type { Service, Site, Ticket } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import type { Actor } from '../domain/model.js';
import { aheadInPlan } from '../domain/estimate.js';
import { counterRef } from '../domain/project.js';
import { addDays, localDate } from '../domain/time.js';
import { StoreUnavailable } from '../store/port.js';
import {
  appointmentView, availability, decideBooking, emptyAppointments, type AppointmentsDoc, type StoredBooking,
} from './rules.js';
import { parseAppointment } from './schemas.js';
import { ERASED_TEXT } from '../../common/privacy.js';
import type { PersonalVault } from '../privacy/vault.js';

export const RETENTION_DAYS = 90;

/** The port's document of the bookings (on files: <data>/appointments.json, the layout of every release). */
export const APPOINTMENTS_DOC = 'appointments';
/** How long a change waits for another hub that holds the appointments (then store_unavailable). */
const LOCK_WAIT_MS = 10_000;

export class Appointments {
  private queue: Promise<unknown>;
  /** Days contact data is kept after the appointment's day (set by server/privacy from its policy). */
  contactRetentionDays = 30;
  private purgedOn = '';
  private data_: AppointmentsDoc = emptyAppointments();
  /** Resolves once the bookings are loaded; rejects (the start stops) when the document does not parse. */
  readonly ready: Promise<void>;
  private saving = false;
  private refreshQueued = false;
  private unsubscribe: () => void;

  private constructor(readonly hub: Hub, private readonly log: (m: string) => void) {
    this.ready = this.load().then((legacy) => {
      // Bookings written before the vault kept their name and phone in the file: move them now.
      if (legacy.length) {
        void this.exclusive(async () => {
          const still = this.data_.bookings.filter((b) => legacy.some((l) => l.code === b.code) && !b.erased && b.phone);
          await Promise.all(still.map((b) => this.putPersonal(b)));
          await this.save();
          log(`appointments: moved the contact data of ${still.length} bookings to the vault`);
        }).catch((e) => log(`appointments: cannot move contact data to the vault (${(e as Error).message})`));
      }
    });
    this.queue = this.ready.catch(() => {});
    // Another hub changed the bookings (PostgreSQL), or the store came back: read them again.
    this.unsubscribe = hub.store.subscribe((c) => {
      if (this.saving || this.refreshQueued) return;
      if ((c.kind === 'doc' && c.name === APPOINTMENTS_DOC) || c.kind === 'reconnected') {
        this.refreshQueued = true;
        void this.reread().catch(() => {}).finally(() => { this.refreshQueued = false; });
      }
    });
  }

  /**
   * Open the bookings of a hub's store. The document is read at once; `ready` rejects when it does
   * not parse, and the start stops like it does for the hub's own files (never overwritten).
   */
  static open(hub: Hub, log: (m: string) => void = () => {}): Appointments {
    return new Appointments(hub, log);
  }

  /** Read the document from the store (fresh: another hub may have changed it). Returns bookings still carrying contact data. */
  private async load(): Promise<StoredBooking[]> {
    const stored = await this.hub.store.readDoc<AppointmentsDoc>(APPOINTMENTS_DOC);
    const data: AppointmentsDoc = { ...emptyAppointments(), ...(stored ?? {}) };
    // Records another hub wrote may not have reached this hub's vault yet.
    const ids = data.bookings.filter((b) => !b.erased && !this.hub.vault.get(bookingRecordId(b.code))).map((b) => bookingRecordId(b.code));
    if (ids.length && this.hub.vault.refresh) await this.hub.vault.refresh(ids);
    const legacy = resolvePersonal(this.hub.vault, data);
    this.data_ = data;
    return legacy;
  }

  close(): void { this.unsubscribe(); }

  /** Write a booking's personal fields to the vault (durable when it resolves). */
  private putPersonal(b: StoredBooking): Promise<void> {
    const fields: Record<string, string> = { name: b.name, phone: b.phone };
    if (b.birthDate) fields.birthDate = b.birthDate;
    if (b.idHash) fields.idHash = b.idHash;
    return this.hub.vault.put({ id: bookingRecordId(b.code), kind: 'booking_contact', siteId: b.siteId, at: b.slotAt, links: { code: b.code, date: b.date } }, fields).written;
  }

  /** Erase the contact data of bookings (retention or a data subject's request); returns how many. */
  eraseContact(codes: Iterable<string>): Promise<number> {
    const set = new Set(codes);
    return this.exclusive(async () => {
      const hit = this.data_.bookings.filter((b) => set.has(b.code) && (!b.erased || unresolved.has(b)));
      for (const b of hit) eraseInMemory(b, true);
      await this.hub.vault.erase(hit.map((b) => bookingRecordId(b.code)));
      if (hit.length) await this.save();
      return hit.length;
    });
  }

  get data(): AppointmentsDoc { return this.data_; }
  private now(): number { return this.hub.clock(); }

  /**
   * Run a change alone, and make it durable; if the store refuses, memory goes back to the store's
   * state. Alone on this hub (one queue) and across the hubs sharing a store (the cluster lease
   * `appointments`), on the document as it is in the store now.
   */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(() => this.clusterLocked(async () => {
      await this.load();
      this.purge();
      return fn();
    }));
    this.queue = run.catch(() => {});
    return run;
  }

  private async clusterLocked<T>(fn: () => Promise<T>): Promise<T> {
    const until = Date.now() + LOCK_WAIT_MS;
    for (let i = 0; ; i++) {
      const r = await this.hub.store.withLease('appointments', fn);
      if (r.ran) return r.value;
      if (Date.now() > until) throw new StoreUnavailable('the appointments are held by another hub');
      await new Promise((res) => setTimeout(res, Math.min(50, 2 + 4 * i) * (0.5 + Math.random())));
    }
  }

  private async save(): Promise<void> {
    this.saving = true;
    try {
      await this.hub.store.writeDoc(APPOINTMENTS_DOC, withoutPersonal(this.data_));
    } catch (e) {
      this.log(`appointments: cannot write the bookings to ${this.hub.store.where} (${(e as Error).message})`);
      await this.load().catch(() => { this.data_ = emptyAppointments(); });
      throw e;
    } finally {
      this.saving = false;
    }
  }

  /** Drop bookings RETENTION_DAYS after their date (once a day, before a change). */
  private purge(): void {
    const today = new Date(this.now()).toISOString().slice(0, 10);
    if (this.purgedOn === today) return;
    this.purgedOn = today;
    const cutoff = addDays(today, -RETENTION_DAYS);
    const before = this.data_.bookings.length;
    const dropped = this.data_.bookings.filter((b) => b.date < cutoff);
    if (dropped.length) void this.hub.vault.erase(dropped.map((b) => bookingRecordId(b.code))).catch(() => {});
    this.data_.bookings = this.data_.bookings.filter((b) => b.date >= cutoff);
    if (this.data_.bookings.length !== before) this.log(`appointments: dropped ${before - this.data_.bookings.length} bookings older than ${cutoff}`);
  }

  /** Drop every rule, booking and setting of a site (the demo site when it is removed). */
  removeSite(siteId: string): Promise<void> {
    return this.exclusive(async () => {
      const d = this.data_;
      d.rules = d.rules.filter((r) => r.siteId !== siteId);
      d.bookings = d.bookings.filter((b) => b.siteId !== siteId);
      if (d.settings && typeof d.settings === 'object') delete (d.settings as Record<string, unknown>)[siteId];
      await this.save();
    });
  }

  // ------------------------------------------------------------------ configuration
  private service(serviceId: string): Service {
    const s = this.hub.configData.services.find((x) => x.id === serviceId);
    if (!s) throw new DomainError('service_not_found', 'serviceId');
    return s;
  }

  private site(siteId: string): Site {
    const s = this.hub.configData.sites.find((x) => x.id === siteId);
    if (!s) throw new DomainError('site_not_found', 'siteId');
    return s;
  }

  settingsOf(siteId: string): AppointmentSettings {
    return { ...DEFAULT_APPOINTMENT_SETTINGS, ...this.data_.settings[siteId] };
  }

  private view(b: StoredBooking): Appointment {
    return appointmentView(b, this.site(b.siteId).timeZone);
  }

  /** Set the slots of a service for weekdays and/or dates (replacing theirs). Admin of the site. */
  setSlots(actor: Actor, input: unknown): Promise<{ rules: SlotRule[] }> {
    const body = parseAppointment('slots', input);
    const svc = this.service(body.serviceId);
    if (body.siteId && body.siteId !== svc.siteId) throw new DomainError('service_not_found', 'serviceId');
    this.hub.assertAdmin(actor, svc.siteId);
    return this.exclusive(async () => {
      const d = this.data_;
      const keep = (r: SlotRule) => r.serviceId !== svc.id
        || (r.weekday === null || !body.weekdays.includes(r.weekday)) && (r.date === null || !body.dates.includes(r.date));
      const before = d.rules;
      d.rules = d.rules.filter(keep);
      for (const weekday of body.weekdays) {
        if (body.times.length) d.rules.push({ siteId: svc.siteId, serviceId: svc.id, weekday, date: null, times: body.times, capacity: body.capacity });
      }
      // A date keeps an empty rule: no appointments that day, whatever its weekday offers.
      for (const date of body.dates) d.rules.push({ siteId: svc.siteId, serviceId: svc.id, weekday: null, date, times: body.times, capacity: body.capacity });
      try {
        await this.save();
      } catch (e) {
        d.rules = before;
        throw e;
      }
      void this.hub.appendAudit(actor, 'appointments.slots', `service:${svc.id}`, { weekdays: body.weekdays, dates: body.dates, times: body.times, capacity: body.capacity })
        .catch((e) => this.log(`appointments: audit failed: ${(e as Error).message}`));
      return { rules: this.rulesOf(svc.siteId, svc.id) };
    });
  }

  private rulesOf(siteId: string, serviceId?: string): SlotRule[] {
    return this.data_.rules
      .filter((r) => r.siteId === siteId && (!serviceId || r.serviceId === serviceId))
      .sort((a, b) => a.serviceId.localeCompare(b.serviceId) || (a.weekday ?? 8) - (b.weekday ?? 8) || (a.date ?? '').localeCompare(b.date ?? ''));
  }

  listSlots(actor: Actor, query: unknown): { rules: SlotRule[] } {
    const q = parseAppointment('slotsQuery', query);
    this.site(q.siteId);
    this.hub.assertStaff(actor, q.siteId);
    return { rules: this.rulesOf(q.siteId, q.serviceId) };
  }

  getSettings(actor: Actor, query: unknown): { settings: AppointmentSettings } {
    const q = parseAppointment('siteQuery', query);
    this.site(q.siteId);
    this.hub.assertStaff(actor, q.siteId);
    return { settings: this.settingsOf(q.siteId) };
  }

  putSettings(actor: Actor, input: unknown): Promise<{ settings: AppointmentSettings }> {
    const { siteId, ...patch } = parseAppointment('settings', input);
    this.site(siteId);
    this.hub.assertAdmin(actor, siteId);
    return this.exclusive(async () => {
      const before = this.data_.settings[siteId];
      this.data_.settings[siteId] = { ...before, ...patch };
      try { await this.save(); } catch (e) { this.data_.settings[siteId] = before ?? {}; throw e; }
      void this.hub.appendAudit(actor, 'appointments.settings', `site:${siteId}`, patch).catch(() => {});
      return { settings: this.settingsOf(siteId) };
    });
  }

  // ------------------------------------------------------------------ the public side
  /** Sites and the services that take appointments (the booking page's choices). */
  options(): BookingOptions {
    const withRules = new Set(this.data_.rules.filter((r) => r.times.length > 0).map((r) => r.serviceId));
    return {
      sites: this.hub.configData.sites.map((site) => ({
        id: site.id, name: site.name,
        services: this.hub.configData.services
          .filter((s) => s.siteId === site.id && s.active && withRules.has(s.id))
          .sort((a, b) => a.code.localeCompare(b.code))
          .map((s) => ({ id: s.id, code: s.code, name: s.name })),
        notice: this.noticeOf(site),
      })).filter((s) => s.services.length > 0),
    };
  }

  availability(query: unknown): { siteId: string; serviceId: string; days: DayAvailability[] } {
    const q = parseAppointment('availability', query);
    const svc = this.service(q.serviceId);
    if (q.siteId && q.siteId !== svc.siteId) throw new DomainError('service_not_found', 'serviceId');
    const site = this.site(svc.siteId);
    return { siteId: site.id, serviceId: svc.id, days: availability(this.data_, svc, site.timeZone, this.settingsOf(site.id), this.now(), q.from, q.days) };
  }

  /** The notice shown before personal data is asked for at this site (booking page, kiosk). */
  noticeOf(site: Site): PrivacyNotice {
    const contact = this.settingsOf(site.id).privacyContact || [site.settings.agencyName, site.settings.branchName].filter(Boolean).join(' – ');
    return { controller: site.settings.agencyName || site.name, contact, retentionDays: this.contactRetentionDays };
  }

  /** A citizen books a slot: 201 with the code, or a coded refusal (nothing is kept then). */
  book(input: unknown): Promise<Appointment> {
    const body = parseAppointment('book', input);
    const svc = this.service(body.serviceId);
    if (body.siteId && body.siteId !== svc.siteId) throw new DomainError('service_not_found', 'serviceId');
    const site = this.site(svc.siteId);
    if (body.consent !== true) throw new DomainError('consent_required', 'consent');
    return this.exclusive(async () => {
      const now = this.now();
      const slotAt = decideBooking(this.data_, svc, site.timeZone, this.settingsOf(site.id), now, body);
      const b: StoredBooking = {
        code: this.newCode(), siteId: site.id, serviceId: svc.id, date: body.date, time: body.time, slotAt,
        name: body.name, phone: body.phone, status: 'booked', createdAt: now,
      };
      if (body.birthDate) b.birthDate = body.birthDate;
      if (body.idNumber) b.idHash = hashIdNumber(body.idNumber);
      this.data_.bookings.push(b);
      try {
        await this.putPersonal(b);
        await this.save();
      } catch (e) {
        this.data_.bookings = this.data_.bookings.filter((x) => x !== b);
        throw e;
      }
      return this.view(b);
    });
  }

  private newCode(): string {
    const taken = new Set(this.data_.bookings.map((b) => b.code));
    for (;;) {
      const c = String(randomInt(0, 100_000_000)).padStart(8, '0');
      if (!taken.has(c)) return c;
    }
  }

  /** The booking behind a code: the phone number must match (or staff of the site). */
  private find(code: string, phone: string | undefined, actor: Actor | null): StoredBooking {
    const b = this.data_.bookings.find((x) => x.code === code);
    const staff = !!b && !!actor && actor.kind === 'user' && this.hub.canSeeSite(actor, b.siteId);
    if (!b || (!staff && b.phone !== phone)) throw new DomainError('appointment_not_found');
    return b;
  }

  /** By code: from memory, and when memory does not have it, from the store (another hub may have just booked it). */
  async lookup(code: unknown, query: unknown, actor: Actor | null): Promise<Appointment> {
    const c = parseCode(code);
    const q = actor ? { phone: undefined } : parseAppointment('lookup', query);
    try {
      return this.view(this.find(c, q.phone, actor));
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'appointment_not_found') throw e;
      await this.reread();
      return this.view(this.find(c, q.phone, actor));
    }
  }

  private rereading: Promise<void> | null = null;
  /** Read the bookings again from the store, in turn with the changes (concurrent callers share one read). */
  reread(): Promise<void> {
    if (!this.rereading) {
      const p = this.queue.then(() => this.load()).then(() => {}).finally(() => { if (this.rereading === p) this.rereading = null; });
      this.rereading = p;
      this.queue = p.catch(() => {});
    }
    return this.rereading;
  }

  /** Cancel by code and phone number (or by staff of the site). Cancelling twice is harmless. */
  cancel(code: unknown, input: unknown, actor: Actor | null): Promise<Appointment> {
    const c = parseCode(code);
    const body = parseAppointment('cancel', input);
    if (!actor && !body.phone) throw new DomainError('invalid_input', 'phone', { field: 'phone' });
    return this.exclusive(async () => {
      const b = this.find(c, body.phone, actor);
      if (b.status === 'checked_in') throw new DomainError('appointment_checked_in', undefined, { number: b.ticketNumber ?? '' });
      if (b.status === 'cancelled') return this.view(b);
      b.status = 'cancelled';
      b.cancelledAt = this.now();
      b.cancelledBy = actor ? 'staff' : 'citizen';
      try {
        await this.save();
      } catch (e) {
        b.status = 'booked';
        delete b.cancelledAt;
        delete b.cancelledBy;
        throw e;
      }
      return this.view(b);
    });
  }

  /**
   * Check in at the kiosk (or by staff of the site): on the booking's day, once. The ticket is
   * issued with the slot's time, so the core calls it at its slot ahead of walk-ins, or in arrival
   * order when it came late. The booking is marked before the ticket is issued: if the hub stops in
   * between, the next attempt finds the ticket that was issued and does not issue a second one.
   */
  checkIn(actor: Actor, code: unknown): Promise<{ ticket: Ticket; appointment: Appointment }> {
    const c = parseCode(code);
    return this.exclusive(() => this.checkInBooking(actor, this.data_.bookings.find((x) => x.code === c)));
  }

  /**
   * Check in with the chip ID card (CCCD): the kiosk's wedge scanner types the card's QR text
   * `number|old number|name|ddmmyyyy|sex|address|issue date`. It is matched against today's bookings
   * at the kiosk's site (the number against a booking's hashed number, or the name and date of
   * birth) and then forgotten: no part of it is stored, logged, audited or echoed in an error.
   */
  checkInCard(actor: Actor, input: unknown): Promise<{ ticket: Ticket; appointment: Appointment }> {
    const card = parseCard(parseAppointment('card', input).card);
    if (actor.kind !== 'device' || actor.deviceKind !== 'kiosk') {
      if (actor.kind !== 'user') throw new DomainError('forbidden');
    }
    return this.exclusive(() => {
      const siteIds = actor.kind === 'device' ? [actor.siteId] : this.hub.configData.sites.map((s) => s.id).filter((id) => actor.kind === 'user' && this.hub.canSeeSite(actor, id));
      const today = new Map(siteIds.map((id) => [id, localDate(this.now(), this.site(id).timeZone)]));
      const candidates = this.data_.bookings
        .filter((b) => !b.erased && b.status !== 'cancelled' && today.get(b.siteId) === b.date)
        .sort((a, b) => (a.status === 'booked' ? 0 : 1) - (b.status === 'booked' ? 0 : 1) || a.slotAt - b.slotAt);
      const match = candidates.find((b) => (b.idHash ? idMatches(b.idHash, card.number) : false))
        ?? candidates.find((b) => !!b.birthDate && b.birthDate === card.birthDate && foldName(b.name) === card.name);
      if (!match) throw new DomainError('card_no_match');
      return this.checkInBooking(actor, match);
    });
  }

  private async checkInBooking(actor: Actor, b: StoredBooking | undefined): Promise<{ ticket: Ticket; appointment: Appointment }> {
    if (!b) throw new DomainError('appointment_not_found');
    if (actor.kind === 'device') {
      if (actor.deviceKind !== 'kiosk') throw new DomainError('forbidden');
      if (actor.siteId !== b.siteId) throw new DomainError('wrong_site');
    } else if (actor.kind === 'user') {
      if (!this.hub.canSeeSite(actor, b.siteId)) throw new DomainError('wrong_site');
    } else {
      throw new DomainError('forbidden');
    }
    const site = this.site(b.siteId);
    if (b.status === 'cancelled') throw new DomainError('appointment_cancelled');
    if (b.status === 'checked_in') throw new DomainError('appointment_checked_in', undefined, { number: b.ticketNumber ?? '' });
    const today = localDate(this.now(), site.timeZone);
    if (b.date !== today) throw new DomainError('appointment_not_today', undefined, { date: b.date.split('-').reverse().join('/') });
    if (b.checkInStartedAt !== undefined) {
      const issued = this.ticketOfUnfinishedCheckIn(b);
      if (issued) {
        await this.markCheckedIn(b, issued.id, issued.number, b.checkInStartedAt, 'recovered');
        throw new DomainError('appointment_checked_in', undefined, { number: issued.number });
      }
    }
    this.hub.guard?.(actor, 'ticket:issue');
    const started = this.now();
    b.checkInStartedAt = started;
    await this.save();
    let ticket: Ticket;
    try {
      ticket = await this.hub.issue(actor, { serviceId: b.serviceId }, b.slotAt);
    } catch (e) {
      delete b.checkInStartedAt;
      await this.save().catch(() => {});
      throw e;
    }
    await this.markCheckedIn(b, ticket.id, ticket.number, this.now(), actor.kind === 'device' ? `device:${actor.id}` : `user:${actor.id}`);
    return { ticket: this.withPlace(ticket), appointment: this.view(b) };
  }

  private async markCheckedIn(b: StoredBooking, ticketId: string, number: string, at: number, by: string): Promise<void> {
    b.status = 'checked_in';
    b.ticketId = ticketId;
    b.ticketNumber = number;
    b.checkedInAt = at;
    b.checkedInBy = by;
    await this.save();
  }

  /** A ticket issued for this booking by a check-in that did not finish (the hub stopped). */
  private ticketOfUnfinishedCheckIn(b: StoredBooking): { id: string; number: string } | null {
    const day = this.hub.dayOf(b.siteId);
    if (!day || b.checkInStartedAt === undefined) return null;
    const linked = new Set(this.data_.bookings.map((x) => x.ticketId).filter(Boolean));
    for (const t of day.tickets.values()) {
      if (t.appointmentAt === b.slotAt && t.issuedServiceId === b.serviceId && t.issuedAt >= b.checkInStartedAt && !linked.has(t.id)) return { id: t.id, number: t.number };
    }
    return null;
  }

  /**
   * A booked ticket goes ahead at its slot: its people ahead are those called before it, not its
   * place by arrival (which is what the core's ticket view counts).
   */
  private withPlace(ticket: Ticket): Ticket {
    const day = this.hub.dayOf(ticket.siteId);
    const cfg = this.hub.siteConfigOf(ticket.siteId);
    const rec = day?.tickets.get(ticket.id);
    if (!day || !cfg || !rec?.appointmentAt || rec.status !== 'waiting') return ticket;
    return { ...ticket, waitingAhead: aheadInPlan(cfg, day, rec) };
  }

  /** Staff of the site: the bookings of a day (or a range), phone numbers masked. */
  async list(actor: Actor, query: unknown): Promise<{ appointments: Appointment[] }> {
    const q = parseAppointment('list', query);
    const site = this.site(q.siteId);
    this.hub.assertStaff(actor, site.id);
    // Staff's list is read from the store: what every hub booked and checked in until now.
    await this.reread();
    const from = q.from ?? q.date ?? localDate(this.now(), site.timeZone);
    const to = q.to ?? q.date ?? from;
    return {
      appointments: this.data_.bookings
        .filter((b) => b.siteId === site.id && b.date >= from && b.date <= to)
        .sort((a, b) => a.slotAt - b.slotAt || a.createdAt - b.createdAt)
        .map((b) => this.view(b)),
    };
  }

  // ------------------------------------------------------------------ the ticket page
  /** What the public ticket page shows: its own ticket, its service, its counter when called. */
  ticketPage(ticketId: string): TicketPage {
    const ticket = this.withPlace(this.hub.getTicket(ticketId));
    const cfg = this.hub.siteConfigOf(ticket.siteId)!;
    const svc = cfg.services.get(ticket.serviceId);
    const counter = ticket.counterId ? cfg.counters.get(ticket.counterId) : undefined;
    const booking = this.data_.bookings.find((b) => b.ticketId === ticketId);
    return {
      ticket,
      service: svc ? { id: svc.id, code: svc.code, name: svc.name } : null,
      site: { name: cfg.site.name, agencyName: cfg.site.settings.agencyName, branchName: cfg.site.settings.branchName },
      counter: counter ? counterRef(counter) : null,
      appointment: booking ? {
        date: booking.date, time: booking.time,
        late: (booking.checkedInAt ?? 0) > booking.slotAt + cfg.site.settings.ordering.appointmentWindowSeconds * 1000,
      } : null,
    };
  }
}

function parseCode(code: unknown): string {
  const s = typeof code === 'string' ? code.replace(/\s/g, '') : '';
  if (!/^\d{8}$/.test(s)) throw new DomainError('appointment_not_found');
  return s;
}

const instances = new WeakMap<Hub, Appointments>();

/** The one appointment book of a hub (one writer of its file). */
export function appointmentsOf(hub: Hub, log?: (m: string) => void): Appointments {
  let a = instances.get(hub);
  if (!a) {
    const opened = Appointments.open(hub, log);
    a = opened;
    instances.set(hub, a);
    hub.onDemoRemoved((siteId) => opened.removeSite(siteId));
  }
  return a;
}

export const bookingRecordId = (code: string) => `booking:${code}`;

function eraseInMemory(b: StoredBooking, explicit = false): void {
  if (explicit) unresolved.delete(b);
  b.name = ERASED_TEXT;
  b.phone = '';
  delete b.birthDate;
  delete b.idHash;
  b.erased = true;
}

/** The document as written to appointments.json: no personal field (they are in the vault). */
function withoutPersonal(doc: AppointmentsDoc): AppointmentsDoc {
  return {
    ...doc, bookings: doc.bookings.map((b) => {
      const { name: _n, phone: _p, birthDate: _b, idHash: _i, ...rest } = b;
      if (unresolved.has(b)) delete (rest as { erased?: boolean }).erased;
      return rest as StoredBooking;
    }),
  };
}

/** Bookings shown erased because the vault had no record for them, not because they were erased. */
const unresolved = new WeakSet<StoredBooking>();

/**
 * Fill the bookings' personal fields from the vault (ERASED_TEXT where erased). Returns the
 * bookings that still carried them in the file (written before the vault): to be moved.
 */
function resolvePersonal(vault: PersonalVault, doc: AppointmentsDoc): StoredBooking[] {
  const legacy: StoredBooking[] = [];
  for (const b of doc.bookings) {
    if (typeof b.phone === 'string' && b.phone && !b.erased) { legacy.push(b); continue; }
    const rec = vault.get(bookingRecordId(b.code));
    // No record: erased (or, on several hubs, its key not readable here): shown erased, and not
    // written as erased unless an erasure said so (eraseContact).
    if (!rec) { if (!b.erased) unresolved.add(b); eraseInMemory(b); continue; }
    b.name = rec.fields.name ?? ERASED_TEXT;
    b.phone = rec.fields.phone ?? '';
    if (rec.fields.birthDate) b.birthDate = rec.fields.birthDate;
    if (rec.fields.idHash) b.idHash = rec.fields.idHash;
  }
  return legacy;
}

/** An ID card number kept only as `salt:HMAC-SHA256(salt, number)`, itself in the vault (erasable). */
export function hashIdNumber(n: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}:${createHmac('sha256', salt).update(n).digest('hex')}`;
}

function idMatches(stored: string, n: string): boolean {
  const [salt, h] = stored.split(':');
  if (!salt || !h) return false;
  const got = Buffer.from(hashIdNumber(n, salt).split(':')[1]!, 'hex');
  const want = Buffer.from(h, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** Upper case without diacritics and with single spaces: "Nguyễn  Văn An" and "NGUYEN VAN AN" match. */
export function foldName(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'D').toUpperCase().replace(/\s+/g, ' ').trim();
}

/**
 * The fields of a CCCD QR that a match needs. Anything else in the text is not looked at. A text
 * that is not a card's gives card_unreadable, which names no part of it.
 */
export function parseCard(text: string): { number: string; name: string; birthDate: string } {
  const parts = text.trim().split('|');
  const [number, , name, dob] = parts;
  if (parts.length < 4 || !/^\d{12}$/.test(number ?? '') || !name?.trim() || !/^\d{8}$/.test(dob ?? '')) throw new DomainError('card_unreadable');
  const birthDate = `${dob!.slice(4)}-${dob!.slice(2, 4)}-${dob!.slice(0, 2)}`;
  return { number: number!, name: foldName(name), birthDate };
}
