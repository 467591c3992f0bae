// The ticket page's data layer: its one ticket, live. The socket authenticates with the ticket's id
// (the page's only secret) and gets the ticket on every (re)connect, then its changes; the details
// (service name, counter number, appointment time) come from GET /api/public/tickets/:id, asked
// again on every reconnect and whenever the ticket moves to another service or counter.
import type { TicketPage } from '../common/appointments.js';
import { ApiError, HubClient, type Connection } from '../common/client.js';
import type { CounterRef, Ticket } from '../common/types.js';

export interface CallAlert { ticket: Ticket; counter: CounterRef; recall: boolean }

/** The ticket id in /t/<id>. */
export function ticketIdFromPath(path = location.pathname): string {
  const m = /\/t\/([^/?#]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : '';
}

export class PhoneData {
  readonly client: HubClient;
  page: TicketPage | null = null;
  notFound = false;
  loadError = false;
  /** When the ticket last changed or was confirmed (device clock, ms). */
  updatedAt = 0;
  /** Set when the ticket moved to another service while this page was open. */
  transferredTo: TicketPage['service'] = null;
  private listeners = new Set<() => void>();
  private callListeners = new Set<(a: CallAlert) => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly ticketId: string) {
    this.client = new HubClient({ screen: 'phone', auth: { ticketId } });
    // The page has no token of its own; never send one another screen of this browser stored.
    this.client.token = null;
  }

  get ticket(): Ticket | null { return this.page?.ticket ?? null; }
  get connection(): Connection { return this.client.connection; }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private notify(): void { for (const fn of this.listeners) fn(); }

  /** Called for every call and recall while the page is open. */
  onCall(fn: (a: CallAlert) => void): () => void {
    this.callListeners.add(fn);
    return () => this.callListeners.delete(fn);
  }

  async start(): Promise<void> {
    if (!this.ticketId) { this.notFound = true; this.notify(); return; }
    this.client.subscribe(() => this.notify());
    await this.load();
    if (this.notFound) return;
    const socket = this.client.connect();
    socket.on('connect', () => { void this.load(); });
    socket.on('connect_error', (err) => {
      if ((err as Error & { data?: { code?: string } }).data?.code === 'ticket_not_found') {
        // Another day's ticket (or a hub that lost it): nothing will come back.
        this.notFound = true;
        this.client.disconnect();
        this.notify();
      }
    });
    socket.on('ticket:updated', (e) => this.apply(e.ticket));
    socket.on('ticket:done', (e) => this.apply(e.ticket));
    socket.on('ticket:called', (e) => {
      this.apply(e.ticket, e.counter);
      for (const fn of this.callListeners) fn({ ticket: e.ticket, counter: e.counter, recall: (e.ticket.recalls ?? 0) > 0 });
    });
  }

  /** The ticket and its details over HTTP (first load, and after each reconnect). */
  async load(): Promise<void> {
    if (this.retry) { clearTimeout(this.retry); this.retry = null; }
    try {
      const page = await this.client.api<TicketPage>('GET', `/api/public/tickets/${encodeURIComponent(this.ticketId)}`);
      if (this.page && this.page.service && page.service && this.page.service.id !== page.service.id) this.transferredTo = page.service;
      this.page = page;
      this.loadError = false;
      this.updatedAt = Date.now();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        this.notFound = true;
        this.client.disconnect();
      } else {
        // The hub is away (or restarting): the socket's reconnect will load again; meanwhile retry.
        this.loadError = true;
        this.retry = setTimeout(() => { void this.load(); }, 3000);
      }
    }
    this.notify();
  }

  private apply(ticket: Ticket, counter?: CounterRef): void {
    const page = this.page;
    if (!page || ticket.id !== this.ticketId) return;
    const moved = ticket.serviceId !== page.ticket.serviceId || (ticket.counterId ?? null) !== (page.counter?.id ?? null);
    this.page = { ...page, ticket, counter: counter ?? (ticket.counterId === page.counter?.id ? page.counter : null) };
    this.updatedAt = Date.now();
    this.notify();
    if (moved && !counter) void this.load();
  }

  stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.client.disconnect();
  }
}
