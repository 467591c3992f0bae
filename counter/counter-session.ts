// The officer console's data layer: sign-in, the counter he holds, the site's live queue (snapshot
// + events), the counter's waiting list and his own figures. Components read its fields and call
// its methods; they never fetch or emit themselves.
import { ApiError, HubClient, toApiError } from '../common/client.js';
import type { Counter, QueueSnapshot, Service, Ticket, User } from '../common/types.js';

export interface TodayFigures {
  served: number;
  noShow: number;
  avgServiceSeconds: number | null;
  ratings: { very_satisfied: number; satisfied: number; unsatisfied: number };
}
export interface SiteRef { id: string; name: string }
export type Action = 'call-next' | 'recall' | 'no-show' | 'complete' | 'transfer' | 'pause' | 'resume' | 'close' | 'call';

const SITE_KEY = 'luot.counter.siteId';

export { toApiError };

export class CounterSession {
  /** Re-created when the officer changes site: the socket's site is chosen at the handshake. */
  client: HubClient;
  private readonly baseUrl: string;
  private listeners = new Set<() => void>();
  user: User | null = null;
  sites: SiteRef[] = [];
  siteId: string | null = null;
  counters: Counter[] = [];
  services: Service[] = [];
  /** The counter this officer holds (open or paused), null while choosing. */
  counterId: string | null = null;
  snapshot: QueueSnapshot | null = null;
  waiting: Ticket[] = [];
  waitingLoaded = false;
  today: TodayFigures | null = null;
  /** Server clock minus local clock, so waiting times tick from the hub's time. */
  skewMs = 0;
  private waitingSeq = 0;
  private waitingTimer: ReturnType<typeof setTimeout> | null = null;
  private todayTimer: ReturnType<typeof setInterval> | null = null;
  private boundSocket: unknown = null;

  constructor(baseUrl = '') {
    this.baseUrl = baseUrl;
    this.client = this.newClient(null);
  }

  private newClient(siteId: string | null): HubClient {
    const c = new HubClient({ screen: 'counter', baseUrl: this.baseUrl, auth: siteId ? { siteId } : {} });
    c.subscribe(() => this.changed());
    return c;
  }

  get signedIn(): boolean { return !!this.client.token && !!this.user; }
  now(): number { return Date.now() + this.skewMs; }
  subscribe(fn: () => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  private changed(): void { for (const fn of this.listeners) fn(); }

  // ---- accounts -------------------------------------------------------------------------------
  async signIn(username: string, password: string): Promise<void> {
    const res = await this.client.api<{ token: string; user: User }>('POST', '/api/auth/login', { username, password });
    this.client.setToken(res.token);
    this.user = res.user;
    await this.loadWorkplace();
  }

  /** On start: resume a stored session; false when the officer must sign in. */
  async resume(): Promise<boolean> {
    if (!this.client.token) return false;
    try {
      const me = await this.client.api<{ user?: User } & Partial<User>>('GET', '/api/me');
      this.user = (me.user ?? me) as User;
    } catch (e) {
      if (toApiError(e).status === 401) { this.client.setToken(null); return false; }
      throw e;
    }
    await this.loadWorkplace();
    return true;
  }

  signOut(): void {
    this.stopTimers();
    this.client.disconnect();
    this.client.setToken(null);
    this.user = null;
    this.counterId = null;
    this.siteId = null;
    this.snapshot = null;
    this.waiting = [];
    this.today = null;
    this.changed();
  }

  // ---- where he works -------------------------------------------------------------------------
  private async loadWorkplace(): Promise<void> {
    const { sites } = await this.client.api<{ sites: SiteRef[] }>('GET', '/api/sites');
    const mine = this.user?.siteIds?.length ? sites.filter((s) => this.user!.siteIds.includes(s.id)) : sites;
    this.sites = mine.length ? mine : sites;
    const stored = localStorage.getItem(SITE_KEY);
    const siteId = this.sites.find((s) => s.id === stored)?.id ?? this.sites[0]?.id ?? null;
    if (siteId) await this.chooseSite(siteId);
    this.changed();
  }

  async chooseSite(siteId: string): Promise<void> {
    if (siteId !== this.siteId) {
      // The socket joins its site at the handshake: a new site needs a new connection.
      this.client.disconnect();
      this.client = this.newClient(siteId);
      this.boundSocket = null;
      this.snapshot = null;
    }
    this.siteId = siteId;
    localStorage.setItem(SITE_KEY, siteId);
    await this.loadCounters();
    const held = this.counters.find((c) => c.officer?.id === this.user?.id && c.status !== 'closed');
    if (held) this.enterCounter(held.id);
    this.changed();
  }

  async loadCounters(): Promise<void> {
    if (!this.siteId) return;
    const q = `siteId=${encodeURIComponent(this.siteId)}`;
    const [c, s] = await Promise.all([
      this.client.api<{ counters: Counter[] }>('GET', `/api/counters?${q}`),
      this.client.api<{ services: Service[] }>('GET', `/api/services?${q}`),
    ]);
    this.counters = [...c.counters].sort((a, b) => a.number - b.number);
    this.services = s.services;
    this.changed();
  }

  /** Take the seat at a counter; 409 counter_held names the officer who holds it. */
  async openCounter(counterId: string): Promise<void> {
    const res = await this.client.api<{ counter: Counter }>('POST', `/api/counters/${counterId}/open`);
    this.replaceCounter(res.counter);
    this.enterCounter(counterId);
  }

  private enterCounter(counterId: string): void {
    this.counterId = counterId;
    this.connect();
    void this.refreshToday();
    this.scheduleWaiting(0);
    this.stopTimers();
    // Ratings reach admins only as events; the officer sees his own within ~20 s.
    this.todayTimer = setInterval(() => void this.refreshToday(), 20_000);
    this.changed();
  }

  private stopTimers(): void {
    if (this.todayTimer) clearInterval(this.todayTimer);
    this.todayTimer = null;
    if (this.waitingTimer) clearTimeout(this.waitingTimer);
    this.waitingTimer = null;
  }

  // ---- derived --------------------------------------------------------------------------------
  get counter(): Counter | null {
    const id = this.counterId;
    if (!id) return null;
    return this.snapshot?.counters.find((c) => c.id === id) ?? this.counters.find((c) => c.id === id) ?? null;
  }
  get current(): Ticket | null {
    const id = this.counterId;
    if (!id) return null;
    const t = this.snapshot?.current.find((c) => c.counterId === id)?.ticket ?? null;
    return t && t.status === 'called' ? t : null;
  }
  service(id: string | undefined): Service | undefined {
    return (this.snapshot?.services ?? this.services).find((s) => s.id === id);
  }
  get allServices(): Service[] { return this.snapshot?.services ?? this.services; }
  /** Waiting counts of the services this counter serves, in the counter's order. */
  get waitingCounts(): { service: Service; count: number }[] {
    const c = this.counter;
    if (!c) return [];
    return c.serviceIds
      .map((id) => ({ service: this.service(id)!, count: this.snapshot?.waiting.find((w) => w.serviceId === id)?.count ?? 0 }))
      .filter((x) => x.service);
  }

  // ---- live queue -----------------------------------------------------------------------------
  private connect(): void {
    const socket = this.client.connect();
    if (this.boundSocket === socket) return;
    this.boundSocket = socket;
    socket.on('queue:snapshot', (snap) => {
      this.snapshot = structuredClone(snap);
      this.skewMs = Date.parse(snap.serverTime) - Date.now();
      // A counter taken from him while away (closed by an admin) sends him back to the choice.
      const c = this.counter;
      if (c && this.user && c.officer?.id !== this.user.id) this.leaveCounter();
      this.scheduleWaiting(0);
      void this.refreshToday();
      this.changed();
    });
    socket.on('ticket:called', ({ ticket, counter }) => {
      this.setCurrent(counter.id, ticket);
      this.scheduleWaiting();
    });
    socket.on('ticket:done', ({ ticket }) => { this.clearTicket(ticket); });
    socket.on('ticket:updated', ({ ticket }) => { this.clearTicket(ticket); this.scheduleWaiting(); });
    socket.on('ticket:issued', () => this.scheduleWaiting());
    socket.on('queue:waiting', ({ waiting }) => {
      if (this.snapshot) this.snapshot.waiting = waiting;
      this.scheduleWaiting();
      this.changed();
    });
    socket.on('counter:changed', ({ counter }) => {
      this.replaceCounter(counter);
      if (counter.id === this.counterId && this.user && counter.officer?.id !== this.user.id) this.leaveCounter();
      this.changed();
    });
    socket.on('settings:changed', ({ settings }) => {
      if (this.snapshot) this.snapshot.settings = settings;
      this.changed();
    });
  }

  private leaveCounter(): void {
    this.counterId = null;
    this.stopTimers();
    void this.loadCounters();
  }

  private replaceCounter(counter: Counter): void {
    const i = this.counters.findIndex((c) => c.id === counter.id);
    if (i >= 0) this.counters[i] = counter; else this.counters.push(counter);
    if (this.snapshot) {
      const j = this.snapshot.counters.findIndex((c) => c.id === counter.id);
      if (j >= 0) this.snapshot.counters[j] = counter; else this.snapshot.counters.push(counter);
    }
  }

  private setCurrent(counterId: string, ticket: Ticket | null): void {
    if (!this.snapshot) return;
    const entry = this.snapshot.current.find((c) => c.counterId === counterId);
    if (entry) entry.ticket = ticket; else this.snapshot.current.push({ counterId, ticket });
    this.changed();
  }

  private clearTicket(ticket: Ticket): void {
    if (!this.snapshot) return;
    for (const c of this.snapshot.current) {
      // Still called: take the newer copy (a dossier code attached here, or by the one-stop system).
      if (c.ticket?.id === ticket.id) c.ticket = ticket.status === 'called' ? ticket : null;
    }
    if (ticket.counterId === this.counterId || ticket.officerId === this.user?.id) void this.refreshToday();
    this.changed();
  }

  /** Coalesce the many events of one change into one fetch of the waiting list. */
  private scheduleWaiting(delayMs = 150): void {
    if (!this.counterId) return;
    if (this.waitingTimer) clearTimeout(this.waitingTimer);
    this.waitingTimer = setTimeout(() => { this.waitingTimer = null; void this.refreshWaiting(); }, delayMs);
  }

  async refreshWaiting(): Promise<void> {
    const id = this.counterId;
    if (!id) return;
    const seq = ++this.waitingSeq;
    try {
      const res = await this.client.api<{ tickets: Ticket[] }>('GET', `/api/queue/waiting?counterId=${encodeURIComponent(id)}`);
      if (seq !== this.waitingSeq) return;
      this.waiting = res.tickets;
      this.waitingLoaded = true;
      this.changed();
    } catch { /* offline: the next snapshot refreshes it */ }
  }

  async refreshToday(): Promise<void> {
    if (!this.user) return;
    try {
      this.today = await this.client.api<TodayFigures>('GET', '/api/me/today');
      this.changed();
    } catch { /* keep the last figures */ }
  }

  // ---- counter work ---------------------------------------------------------------------------
  private path(verb: string): string { return `/api/counters/${this.counterId}/${verb}`; }

  async callNext(): Promise<Ticket | null> {
    const { ticket } = await this.client.api<{ ticket: Ticket | null }>('POST', this.path('call-next'));
    if (ticket) this.setCurrent(this.counterId!, ticket);
    this.scheduleWaiting(0);
    return ticket;
  }
  async call(ticketId: string): Promise<Ticket> {
    const { ticket } = await this.client.api<{ ticket: Ticket }>('POST', this.path('call'), { ticketId });
    this.setCurrent(this.counterId!, ticket);
    this.scheduleWaiting(0);
    return ticket;
  }
  async recall(): Promise<Ticket> {
    const { ticket } = await this.client.api<{ ticket: Ticket }>('POST', this.path('recall'));
    this.setCurrent(this.counterId!, ticket.status === 'called' ? ticket : null);
    return ticket;
  }
  async noShow(): Promise<Ticket> {
    const { ticket } = await this.client.api<{ ticket: Ticket }>('POST', this.path('no-show'));
    this.setCurrent(this.counterId!, null);
    void this.refreshToday();
    return ticket;
  }
  async transfer(serviceId: string): Promise<Ticket> {
    const { ticket } = await this.client.api<{ ticket: Ticket }>('POST', this.path('transfer'), { serviceId });
    this.setCurrent(this.counterId!, null);
    this.scheduleWaiting(0);
    return ticket;
  }
  async complete(dossierCode?: string): Promise<Ticket> {
    const body = dossierCode ? { dossierCode } : {};
    const { ticket } = await this.client.api<{ ticket: Ticket }>('POST', this.path('complete'), body);
    this.setCurrent(this.counterId!, null);
    void this.refreshToday();
    return ticket;
  }
  /** Attach a dossier code (mã hồ sơ) to the ticket being served; the hub checks the site's pattern. */
  async linkDossier(dossierCode: string): Promise<Ticket> {
    const cur = this.current;
    if (!cur) throw Object.assign(new Error('no_current_ticket'), { code: 'no_current_ticket' });
    const { ticket } = await this.client.api<{ ticket: Ticket }>('POST', `/api/tickets/${encodeURIComponent(cur.id)}/dossiers`, { dossierCode });
    if (this.current?.id === ticket.id) this.setCurrent(this.counterId!, ticket);
    return ticket;
  }
  async pause(reason: string): Promise<void> {
    const { counter } = await this.client.api<{ counter: Counter }>('POST', this.path('pause'), { reason });
    this.replaceCounter(counter);
    this.changed();
  }
  async resumeCounter(): Promise<void> {
    const { counter } = await this.client.api<{ counter: Counter }>('POST', this.path('resume'));
    this.replaceCounter(counter);
    this.changed();
  }
  async close(): Promise<void> {
    const { counter } = await this.client.api<{ counter: Counter }>('POST', this.path('close'));
    this.replaceCounter(counter);
    this.leaveCounter();
    this.changed();
  }
}
