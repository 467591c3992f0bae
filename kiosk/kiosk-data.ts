// The kiosk's data layer: pairing, the socket snapshot and its updates, and issuing a ticket.
// Components read the fields and call `issue()`; they never touch fetch or the socket.
import type { Appointment, BookingOptions } from '../common/appointments.js';
import { ApiError, HubClient, type Connection } from '../common/client.js';
import type { Priority, QueueSnapshot, Service, SiteSettings, Ticket } from '../common/types.js';
import type { Procedure, ProcedureField } from '../common/procedures.js';
import { SiteClock } from '../common/ui/site-clock.js';
import { REFUSAL_CODES, serviceAvailability, type Availability, type Refusal } from './service-availability.js';

/** Socket event by which the hub will tell a kiosk that its ticket did not print (not yet in events.ts). */
export const PRINT_FAILED_EVENT = 'ticket:print-failed';
export interface PrintFailed { ticketId: string; reason?: string }

export interface ServiceView {
  service: Service;
  waiting: number;
  estimatedWaitSeconds: number;
  availability: Availability;
}

export class KioskData {
  readonly client = new HubClient({ screen: 'kiosk' });
  snapshot: QueueSnapshot | null = null;
  clock = new SiteClock();
  /** Code of a failed pairing from the address, e.g. "pairing_code_invalid". */
  pairError: { code: string; message: string } | null = null;
  private fresh = false;
  private refusals = new Map<string, Refusal>();
  /** The hub's own answer to "does each service issue now?" (GET /api/queue/issue-state). */
  private issueState = new Map<string, string | null>();
  private issueStateTimer: ReturnType<typeof setTimeout> | null = null;
  private issueStateAt = 0;
  /** Whether this kiosk's site takes booked appointments ("Tôi có lịch hẹn"). */
  appointmentsOffered = false;
  /** Fields of the site's procedure catalogue ("Tra cứu thủ tục" shows when there is one). */
  procedureFields: ProcedureField[] = [];
  private listeners = new Set<() => void>();
  private printFailedListeners = new Set<(e: PrintFailed) => void>();

  get connection(): Connection {
    if (!this.client.token && this.client.connection !== 'revoked') return 'unpaired';
    return this.client.connection;
  }
  get settings(): SiteSettings | null { return this.snapshot?.settings ?? null; }
  /** Issuing is possible only while the socket is up and a fresh snapshot came with it. */
  get ready(): boolean { return this.connection === 'online' && this.fresh && this.snapshot !== null; }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private notify(): void { for (const fn of this.listeners) fn(); }

  onPrintFailed(fn: (e: PrintFailed) => void): () => void {
    this.printFailedListeners.add(fn);
    return () => this.printFailedListeners.delete(fn);
  }

  async start(): Promise<void> {
    this.client.subscribe(() => {
      // A snapshot belongs to the connection it came with: after a drop, wait for the next one.
      if (this.client.connection !== 'online') this.fresh = false;
      this.notify();
    });
    try {
      await this.client.pairFromAddress();
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'offline', String(e));
      this.pairError = { code: err.code, message: err.message };
    }
    if (!this.client.token) { this.notify(); return; }
    const socket = this.client.connect();
    socket.on('queue:snapshot', (snap) => {
      this.snapshot = snap;
      this.fresh = true;
      this.clock = new SiteClock({ serverTime: snap.serverTime });
      this.notify();
      this.refreshIssueState(0);
      void this.refreshAppointments();
      void this.refreshProcedureFields();
    });
    socket.on('queue:waiting', (e) => {
      if (this.snapshot) { this.snapshot = { ...this.snapshot, waiting: e.waiting }; this.notify(); }
      this.refreshIssueState(2_000);
    });
    // Hours open and close with the clock: ask again every half minute.
    setInterval(() => this.refreshIssueState(0), 30_000);
    // Slots are set by admins at any time: ask again every minute whether the site takes bookings.
    setInterval(() => { void this.refreshAppointments(); }, 60_000);
    socket.on('settings:changed', (e) => {
      if (this.snapshot && e.siteId === this.snapshot.siteId) { this.snapshot = { ...this.snapshot, settings: e.settings }; this.notify(); }
    });
    // Hook: the hub does not send this yet; when it does, the ticket screen switches to "remember your number".
    (socket as unknown as { on(ev: string, fn: (e: PrintFailed) => void): void }).on(PRINT_FAILED_EVENT, (e) => {
      for (const fn of this.printFailedListeners) fn(e);
    });
    this.notify();
  }

  /** Fetch the hub's issue state after `delayMs` (coalescing bursts of queue changes). */
  private refreshIssueState(delayMs: number): void {
    if (this.issueStateTimer) return;
    const wait = Math.max(delayMs, this.issueStateAt + 1_000 - Date.now(), 0);
    this.issueStateTimer = setTimeout(async () => {
      this.issueStateTimer = null;
      const siteId = this.snapshot?.siteId;
      if (!siteId || this.client.connection !== 'online') return;
      this.issueStateAt = Date.now();
      try {
        const res = await this.client.api<{ services: Record<string, string | null> }>('GET', `/api/queue/issue-state?siteId=${encodeURIComponent(siteId)}`);
        this.issueState = new Map(Object.entries(res.services ?? {}));
        // The hub's fresh answer supersedes the refusals this kiosk remembered.
        this.refusals.clear();
        this.notify();
      } catch {
        // Older hubs or a dropped link: the kiosk falls back to the snapshot's hours.
      }
    }, wait);
  }

  /** The site's services in letter order, with waiting counts and whether each issues now. */
  services(nowMs = Date.now()): ServiceView[] {
    const snap = this.snapshot;
    if (!snap) return [];
    const local = this.clock.local(nowMs);
    const hubNow = this.clock.nowMs(nowMs);
    const waiting = new Map(snap.waiting.map((w) => [w.serviceId, w]));
    return snap.services
      .slice()
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((service) => ({
        service,
        waiting: waiting.get(service.id)?.count ?? 0,
        estimatedWaitSeconds: waiting.get(service.id)?.estimatedWaitSeconds ?? 0,
        availability: serviceAvailability(service, local, this.refusals.get(service.id), hubNow,
          this.issueState.has(service.id) ? this.issueState.get(service.id) : undefined),
      }));
  }

  private async refreshProcedureFields(): Promise<void> {
    const siteId = this.snapshot?.siteId;
    if (!siteId) return;
    try {
      const res = await this.client.api<{ fields: ProcedureField[] }>('GET', `/api/procedures/fields?siteId=${encodeURIComponent(siteId)}`);
      this.procedureFields = res.fields ?? [];
      this.notify();
    } catch {
      // keep what was known
    }
  }

  /** The site's procedures matching a query (accents and case ignored) and/or of one field. */
  async searchProcedures(q: string, field: string): Promise<Procedure[]> {
    const siteId = this.snapshot?.siteId;
    if (!siteId) return [];
    const qs = new URLSearchParams({ siteId });
    if (q.trim()) qs.set('q', q.trim());
    if (field) qs.set('field', field);
    const res = await this.client.api<{ procedures: Procedure[] }>('GET', `/api/procedures?${qs}`);
    return res.procedures ?? [];
  }

  private async refreshAppointments(): Promise<void> {
    const siteId = this.snapshot?.siteId;
    if (!siteId || this.client.connection !== 'online') return;
    try {
      const res = await this.client.api<BookingOptions>('GET', '/api/appointments/options');
      const offered = res.sites.some((s) => s.id === siteId);
      if (offered !== this.appointmentsOffered) { this.appointmentsOffered = offered; this.notify(); }
    } catch {
      // keep what was known
    }
  }

  /**
   * Check in a booked appointment by its code: the hub issues the ticket for the slot (HTTP 201),
   * or refuses with a code (not found, cancelled, already checked in, another day).
   */
  async checkIn(code: string): Promise<{ ticket: Ticket; appointment: Appointment }> {
    return this.checkInWith(`/api/appointments/${encodeURIComponent(code)}/check-in`, undefined);
  }

  /** Check in with the chip ID card's QR text (matched by the hub, kept by neither). */
  async checkInCard(card: string): Promise<{ ticket: Ticket; appointment: Appointment }> {
    return this.checkInWith('/api/appointments/check-in-card', { card });
  }

  private async checkInWith(path: string, body: unknown): Promise<{ ticket: Ticket; appointment: Appointment }> {
    if (!this.ready) throw new ApiError(0, 'offline', 'offline');
    try {
      const res = await this.client.api<{ ticket: Ticket; appointment: Appointment }>('POST', path, body);
      if (!res?.ticket?.number) throw new ApiError(0, 'bad_response', 'no ticket in the answer');
      return res;
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError(0, 'offline', String(e));
    }
  }

  /**
   * Issue a ticket. Resolves only with the ticket the hub created (HTTP 201); a refusal (409) is
   * remembered for the service so that its button shows why, and rethrown.
   */
  async issue(serviceId: string, priority: Priority | null, procedureCode?: string): Promise<Ticket> {
    if (!this.ready) throw new ApiError(0, 'offline', 'offline');
    try {
      const body: Record<string, unknown> = priority ? { serviceId, priority } : { serviceId };
      if (procedureCode) body.procedureCode = procedureCode;
      const res = await this.client.api<{ ticket: Ticket }>('POST', '/api/tickets', body);
      if (!res?.ticket?.number) throw new ApiError(0, 'bad_response', 'no ticket in the answer');
      return res.ticket;
    } catch (e) {
      if (e instanceof ApiError && (REFUSAL_CODES as readonly string[]).includes(e.code)) {
        this.refusals.set(serviceId, { code: e.code, date: this.clock.local().date, untilMs: this.clock.nowMs() + 60_000 });
        this.notify();
        this.refreshIssueState(0);
      }
      if (e instanceof ApiError) throw e;
      throw new ApiError(0, 'offline', String(e));
    }
  }
}
