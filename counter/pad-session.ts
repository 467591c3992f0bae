// The rating pad's data layer: pairing from the address, its counter (from the snapshot), the
// current rating request (only the latest one counts) and sending the rating.
import { HubClient, ApiError } from '../common/client.js';
import type { Counter, CounterRef, LocalText, QueueSnapshot, Rating, RatingLevel, Ticket } from '../common/types.js';

export interface RatingRequest { ticket: Ticket; counter: CounterRef; officerName: string | null; until: string }

const COUNTER_KEY = 'luot.pad.counterId';

export class PadSession {
  readonly client: HubClient;
  snapshot: QueueSnapshot | null = null;
  counterId: string | null = localStorage.getItem(COUNTER_KEY);
  request: RatingRequest | null = null;
  /** Hub time at which the current request arrived (for the time-left bar). */
  requestedAt = 0;
  /** Set when the request ended (rated elsewhere, expired or superseded) before the citizen finished. */
  closedTicketId: string | null = null;
  pairError: ApiError | null = null;
  skewMs = 0;
  private listeners = new Set<() => void>();

  constructor(baseUrl = '') {
    this.client = new HubClient({ screen: 'pad', baseUrl });
    this.client.subscribe(() => this.changed());
  }

  subscribe(fn: () => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  private changed(): void { for (const fn of this.listeners) fn(); }
  now(): number { return Date.now() + this.skewMs; }

  get paired(): boolean { return !!this.client.token; }

  get counter(): Counter | null {
    const counters = this.snapshot?.counters ?? [];
    return counters.find((c) => c.id === this.counterId) ?? (counters.length === 1 ? counters[0] : null);
  }
  get unsatisfiedReasons(): LocalText[] { return this.snapshot?.settings.unsatisfiedReasons ?? []; }
  get siteName(): string { return this.snapshot?.siteName ?? ''; }

  /** Pair from `?pair=CODE` when present, then open the socket if the pad has a token. */
  async start(): Promise<void> {
    try {
      await this.client.pairFromAddress();
    } catch (e) {
      this.pairError = e instanceof ApiError ? e : new ApiError(0, 'offline', String(e));
    }
    if (!this.client.token) { this.changed(); return; }
    await this.loadDevice();
    this.connect();
    this.changed();
  }

  /** The pad's counter, when the hub tells a device who it is. */
  private async loadDevice(): Promise<void> {
    try {
      const me = await this.client.api<{ device?: { counterId?: string | null } }>('GET', '/api/me');
      const id = me.device?.counterId;
      if (id) { this.counterId = id; localStorage.setItem(COUNTER_KEY, id); }
    } catch { /* the snapshot or the next request tells it too */ }
  }

  private connect(): void {
    const socket = this.client.connect();
    socket.on('queue:snapshot', (snap) => {
      this.snapshot = structuredClone(snap);
      this.skewMs = Date.parse(snap.serverTime) - Date.now();
      if (!this.counterId && snap.counters.length === 1) this.rememberCounter(snap.counters[0].id);
      this.changed();
    });
    socket.on('counter:changed', ({ counter }) => {
      if (!this.snapshot) return;
      const i = this.snapshot.counters.findIndex((c) => c.id === counter.id);
      if (i >= 0) this.snapshot.counters[i] = counter; else this.snapshot.counters.push(counter);
      this.changed();
    });
    socket.on('settings:changed', ({ settings }) => {
      if (this.snapshot) this.snapshot.settings = settings;
      this.changed();
    });
    socket.on('rating:requested', (req) => {
      this.rememberCounter(req.counter.id);
      this.request = req;
      this.requestedAt = this.now();
      this.closedTicketId = null;
      this.changed();
    });
    socket.on('rating:closed', ({ ticketId }) => {
      if (this.request?.ticket.id === ticketId) this.closedTicketId = ticketId;
      this.changed();
    });
  }

  private rememberCounter(id: string): void {
    this.counterId = id;
    localStorage.setItem(COUNTER_KEY, id);
  }

  /** Forget the request (after thanks, a timeout or a close). */
  clearRequest(): void {
    this.request = null;
    this.closedTicketId = null;
    this.changed();
  }

  async submit(level: RatingLevel, reasons: string[] = [], comment = ''): Promise<Rating> {
    const req = this.request;
    if (!req) throw new ApiError(409, 'rating_window_closed', '');
    const body: Record<string, unknown> = { ticketId: req.ticket.id, level };
    if (reasons.length) body.reasons = reasons;
    if (comment.trim()) body.comment = comment.trim();
    const res = await this.client.api<{ rating: Rating }>('POST', '/api/ratings', body);
    return res.rating;
  }
}
