// The admin console's data layer: sign-in, the chosen site's configuration (services, counters,
// devices, accounts, settings), a socket for live changes, and typed calls of the report API.
// Components read its fields and call its methods; they never fetch or emit themselves.
import type { HealthWarning } from '../common/disk.js';
import { ApiError, HubClient, storedLang, toApiError } from '../common/client.js';
import type { Counter, Device, QueueSnapshot, Service, Site, SiteSettings, User } from '../common/types.js';
import type { Appointment, SlotRule } from '../common/appointments.js';

export interface SiteRef { id: string; name: string; timeZone: string }
/** What the demo still holds (GET /api/demo); the console shows a banner while it is present. */
export interface DemoInfo { present: boolean; siteId: string | null; siteName: string | null; accounts: number; devices: number }
export interface ReportRow {
  key: string; label: string; issued: number; served: number; noShow: number; transferred: number; unserved: number;
  waitAvgSeconds: number | null; waitMedianSeconds: number | null; waitP90Seconds: number | null;
  serviceAvgSeconds: number | null; serviceMedianSeconds: number | null; serviceP90Seconds: number | null;
  withinTargetRate: number | null; ratings: { very_satisfied: number; satisfied: number; unsatisfied: number };
  satisfactionRate: number | null; unsatisfiedReasons: { reason: string; count: number }[];
}
export interface Report { siteId: string | null; from: string; to: string; groupBy: string; targetWaitSeconds: number; rows: ReportRow[]; total: ReportRow }
export interface HourPoint { hour: number; issued: number; called: number; served: number; waitAvgSeconds: number | null; waitP90Seconds: number | null }
export type DayPoint = Omit<ReportRow, 'key' | 'label'> & { date: string };
export interface TodayBoard { date: string; targetWaitSeconds: number; total: ReportRow; byService: ReportRow[]; byCounter: ReportRow[]; hourly: HourPoint[] }
export interface AuditVerify {
  ok: boolean; checkedAt: string; files: number; entries: number;
  firstBad: { file: string; line: number | null; message: string } | null;
}
export interface DayDigest {
  date: string; entries: number; digest: string;
  recorded: { entries: number; digest: string; at: string } | null; matches: boolean;
}
export interface AuditDigests {
  siteId: string; siteName: string; timeZone: string; generatedAt: string; days: DayDigest[];
  audit: { entries: number; digest: string };
}
export interface SlotsInput { serviceId: string; weekdays?: number[]; dates?: string[]; times: string[]; capacity: number }
export interface ReportQuery { from: string; to: string; groupBy: string; targetWaitSeconds: number }

const SITE_KEY = 'luot.admin.siteId';

export { toApiError };

export class AdminSession {
  client: HubClient;
  private listeners = new Set<() => void>();
  private activity = new Set<() => void>();
  user: User | null = null;
  sites: SiteRef[] = [];
  demo: DemoInfo | null = null;
  siteId: string | null = null;
  site: Site | null = null;
  services: Service[] = [];
  counters: Counter[] = [];
  devices: Device[] = [];
  users: User[] = [];
  snapshot: QueueSnapshot | null = null;
  private boundSocket: unknown = null;

  constructor(private readonly baseUrl = '') {
    this.client = this.newClient(null);
  }

  private newClient(siteId: string | null): HubClient {
    const c = new HubClient({ screen: 'admin', baseUrl: this.baseUrl, auth: siteId ? { siteId } : {} });
    c.subscribe(() => this.changed());
    return c;
  }

  subscribe(fn: () => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  /** Called on every ticket or rating event of the site: the live board refreshes its figures. */
  onActivity(fn: () => void): () => void { this.activity.add(fn); return () => this.activity.delete(fn); }
  changed(): void { for (const fn of this.listeners) fn(); }
  private active(): void { for (const fn of this.activity) fn(); }

  api<T>(method: string, path: string, body?: unknown): Promise<T> { return this.client.api<T>(method, path, body); }

  // ---- accounts -------------------------------------------------------------------------------
  async signIn(username: string, password: string): Promise<void> {
    const res = await this.api<{ token: string; user: User }>('POST', '/api/auth/login', { username, password });
    if (res.user.role !== 'admin') {
      this.client.setToken(res.token);
      await this.api('POST', '/api/auth/logout').catch(() => {});
      this.client.setToken(null);
      throw new ApiError(403, 'not_admin', '');
    }
    this.client.setToken(res.token);
    this.user = res.user;
    await this.loadSites();
  }

  async resume(): Promise<boolean> {
    if (!this.client.token) return false;
    try {
      const me = await this.api<{ user?: User }>('GET', '/api/me');
      if (!me.user || me.user.role !== 'admin') { this.client.setToken(null); return false; }
      this.user = me.user;
    } catch (e) {
      if (toApiError(e).status === 401) { this.client.setToken(null); return false; }
      throw e;
    }
    await this.loadSites();
    return true;
  }

  signOut(): void {
    const token = this.client.token;
    if (token) void this.api('POST', '/api/auth/logout').catch(() => {});
    this.client.disconnect();
    this.client.setToken(null);
    this.user = null;
    this.siteId = null;
    this.site = null;
    this.snapshot = null;
    this.changed();
  }

  get signedIn(): boolean { return !!this.user && !!this.client.token; }

  // ---- the site -------------------------------------------------------------------------------
  async loadSites(): Promise<void> {
    const [{ sites }, demo] = await Promise.all([
      this.api<{ sites: SiteRef[] }>('GET', '/api/sites'),
      this.api<{ demo: DemoInfo }>('GET', '/api/demo').catch(() => ({ demo: null })),
    ]);
    this.sites = sites;
    this.demo = demo.demo;
    const stored = localStorage.getItem(SITE_KEY);
    const id = sites.find((s) => s.id === stored)?.id ?? sites[0]?.id ?? null;
    if (id) await this.chooseSite(id);
    this.changed();
  }

  /** Remove the demo site, its accounts, devices and history (POST /api/demo/remove), then start over with what is left. */
  async removeDemo(): Promise<void> {
    await this.api('POST', '/api/demo/remove');
    if (this.siteId === this.demo?.siteId) {
      this.client.disconnect();
      const token = this.client.token;
      this.client = this.newClient(null);
      if (token) this.client.setToken(token);
      this.boundSocket = null;
      this.siteId = null;
      this.site = null;
      this.snapshot = null;
      localStorage.removeItem(SITE_KEY);
    }
    await this.loadSites();
  }

  async createSite(name: string): Promise<void> {
    const { site } = await this.api<{ site: Site }>('POST', '/api/sites', { name });
    await this.loadSites();
    await this.chooseSite(site.id);
  }

  async chooseSite(siteId: string): Promise<void> {
    if (siteId !== this.siteId) {
      // The socket joins its site at the handshake: another site needs another connection.
      const token = this.client.token;
      this.client.disconnect();
      this.client = this.newClient(siteId);
      if (token) this.client.setToken(token);
      this.boundSocket = null;
      this.snapshot = null;
    }
    this.siteId = siteId;
    localStorage.setItem(SITE_KEY, siteId);
    await this.reload();
    this.connect();
  }

  /** Everything of the site from HTTP (after a change, and on a new site). */
  async reload(): Promise<void> {
    const id = this.siteId;
    if (!id) return;
    const q = `siteId=${encodeURIComponent(id)}`;
    const [site, services, counters, devices, users] = await Promise.all([
      this.api<{ site: Site }>('GET', `/api/sites/${encodeURIComponent(id)}`),
      this.api<{ services: Service[] }>('GET', `/api/services?${q}`),
      this.api<{ counters: Counter[] }>('GET', `/api/counters?${q}`),
      this.api<{ devices: Device[] }>('GET', `/api/devices?${q}`),
      this.api<{ users: User[] }>('GET', '/api/users'),
    ]);
    this.site = site.site;
    this.services = services.services;
    this.counters = counters.counters;
    this.devices = devices.devices;
    this.users = users.users;
    this.changed();
  }

  private connect(): void {
    const socket = this.client.connect();
    if (this.boundSocket === socket) return;
    this.boundSocket = socket;
    socket.on('queue:snapshot', (snap) => {
      this.snapshot = structuredClone(snap);
      this.counters = snap.counters;
      this.services = snap.services;
      this.changed();
      this.active();
    });
    socket.on('counter:changed', ({ counter }) => {
      const i = this.counters.findIndex((c) => c.id === counter.id);
      if (i >= 0) this.counters[i] = counter; else this.counters.push(counter);
      if (this.snapshot) {
        const j = this.snapshot.counters.findIndex((c) => c.id === counter.id);
        if (j >= 0) this.snapshot.counters[j] = counter;
      }
      this.counters = [...this.counters];
      this.changed();
    });
    socket.on('queue:waiting', ({ waiting }) => { if (this.snapshot) this.snapshot.waiting = waiting; this.changed(); });
    socket.on('ticket:called', ({ ticket, counter }) => {
      const cur = this.snapshot?.current.find((c) => c.counterId === counter.id);
      if (cur) cur.ticket = ticket;
      this.changed();
      this.active();
    });
    const ended = ({ ticket }: { ticket: { id: string; status: string } }) => {
      for (const c of this.snapshot?.current ?? []) if (c.ticket?.id === ticket.id && ticket.status !== 'called') c.ticket = null;
      this.changed();
      this.active();
    };
    socket.on('ticket:done', ended);
    socket.on('ticket:updated', ended);
    socket.on('ticket:issued', () => this.active());
    socket.on('ticket:rated', () => this.active());
    socket.on('device:changed', ({ device }) => {
      const i = this.devices.findIndex((d) => d.id === device.id);
      if (i >= 0) this.devices[i] = device; else this.devices.push(device);
      this.devices = [...this.devices];
      this.changed();
    });
    socket.on('settings:changed', ({ siteId, settings }) => {
      if (this.site && this.site.id === siteId) this.site = { ...this.site, settings };
      this.changed();
    });
  }

  // ---- configuration --------------------------------------------------------------------------
  async saveService(id: string | null, body: Record<string, unknown>): Promise<Service> {
    const r = id
      ? await this.api<{ service: Service }>('PATCH', `/api/services/${id}`, body)
      : await this.api<{ service: Service }>('POST', '/api/services', { siteId: this.siteId, ...body });
    await this.reload();
    return r.service;
  }

  async saveCounter(id: string | null, body: Record<string, unknown>): Promise<Counter> {
    const r = id
      ? await this.api<{ counter: Counter }>('PATCH', `/api/counters/${id}`, body)
      : await this.api<{ counter: Counter }>('POST', '/api/counters', { siteId: this.siteId, ...body });
    await this.reload();
    return r.counter;
  }

  async createDevice(body: Record<string, unknown>): Promise<{ device: Device; pairingCode: string; pairingExpiresAt: string }> {
    const r = await this.api<{ device: Device; pairingCode: string; pairingExpiresAt: string }>('POST', '/api/devices', { siteId: this.siteId, ...body });
    await this.reload();
    return r;
  }

  async updateDevice(id: string, body: Record<string, unknown>): Promise<Device> {
    const r = await this.api<{ device: Device }>('PATCH', `/api/devices/${id}`, body);
    await this.reload();
    return r.device;
  }

  newPairingCode(id: string): Promise<{ pairingCode: string; pairingExpiresAt: string }> {
    return this.api('POST', `/api/devices/${id}/pairing-code`);
  }

  async revokeDevice(id: string): Promise<void> {
    await this.api('POST', `/api/devices/${id}/revoke`);
    await this.reload();
  }

  async createUser(body: Record<string, unknown>): Promise<void> {
    await this.api('POST', '/api/users', body);
    await this.reload();
  }

  async saveSettings(patch: Partial<SiteSettings>): Promise<void> {
    const { site } = await this.api<{ site: Site }>('PATCH', `/api/sites/${this.siteId}/settings`, patch);
    this.site = site;
    this.changed();
  }

  // ---- audit and appointments ----------------------------------------------------------------
  /** The site's local date today (YYYY-MM-DD), in the site's time zone. */
  siteToday(): string {
    const tz = this.site?.timeZone ?? this.sites.find((x) => x.id === this.siteId)?.timeZone ?? 'Asia/Ho_Chi_Minh';
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }

  auditVerify(): Promise<AuditVerify> { return this.api('GET', '/api/audit/verify'); }
  auditDigests(): Promise<AuditDigests> { return this.api('GET', `/api/audit/digests?siteId=${encodeURIComponent(this.siteId ?? '')}`); }

  async slots(serviceId: string): Promise<SlotRule[]> {
    const q = new URLSearchParams({ siteId: this.siteId ?? '', serviceId });
    return (await this.api<{ rules: SlotRule[] }>('GET', `/api/appointments/slots?${q}`)).rules;
  }
  async setSlots(input: SlotsInput): Promise<SlotRule[]> {
    return (await this.api<{ rules: SlotRule[] }>('PUT', '/api/appointments/slots', { siteId: this.siteId, ...input })).rules;
  }
  async appointments(date: string): Promise<Appointment[]> {
    const q = new URLSearchParams({ siteId: this.siteId ?? '', date });
    return (await this.api<{ appointments: Appointment[] }>('GET', `/api/appointments?${q}`)).appointments;
  }

  // ---- reports --------------------------------------------------------------------------------
  private reportQuery(q: ReportQuery, extra: Record<string, string> = {}): string {
    const p = new URLSearchParams({ from: q.from, to: q.to, groupBy: q.groupBy, targetWaitSeconds: String(q.targetWaitSeconds), lang: storedLang(), ...extra });
    if (q.groupBy !== 'site' && this.siteId) p.set('siteId', this.siteId);
    return p.toString();
  }

  report(q: ReportQuery): Promise<Report> {
    return this.api('GET', `/api/reports?${this.reportQuery(q)}`);
  }

  hourly(q: ReportQuery): Promise<{ days: number; points: HourPoint[] }> {
    return this.api('GET', `/api/reports/series?siteId=${this.siteId}&from=${q.from}&to=${q.to}&kind=hourly&targetWaitSeconds=${q.targetWaitSeconds}`);
  }

  overTime(q: ReportQuery, kind: 'daily' | 'monthly'): Promise<{ points: DayPoint[] }> {
    return this.api('GET', `/api/reports/series?siteId=${this.siteId}&from=${q.from}&to=${q.to}&kind=${kind}&targetWaitSeconds=${q.targetWaitSeconds}`);
  }

  today(targetWaitSeconds: number): Promise<TodayBoard> {
    return this.api('GET', `/api/reports/today?siteId=${this.siteId}&targetWaitSeconds=${targetWaitSeconds}&lang=${storedLang()}`);
  }

  /** The hub's warnings (disk_low…) from the public /api/health. */
  async healthWarnings(): Promise<HealthWarning[]> {
    const r = await fetch(`${this.baseUrl}/api/health`, { cache: 'no-store' });
    return ((await r.json()) as { warnings?: HealthWarning[] }).warnings ?? [];
  }

  /** A site's name and one-stop settings (agency code, dossier pattern, portal URL template). */
  async updateSite(body: { agencyCode?: string | null; dossierPattern?: string | null; procedureUrlTemplate?: string | null }): Promise<void> {
    const { site } = await this.api<{ site: Site }>('PATCH', `/api/sites/${encodeURIComponent(this.siteId ?? '')}`, body);
    this.site = { ...this.site!, ...site };
    this.changed();
  }

  /** Download an export with the token (a plain link would carry no credentials). */
  async download(q: ReportQuery, format: 'csv' | 'csv-vi' | 'xlsx'): Promise<string> {
    const extra: Record<string, string> = format === 'csv-vi' ? { format: 'csv', csv: 'vi' } : { format };
    return this.downloadPath(`/api/reports?${this.reportQuery(q, extra)}`, `bao-cao.${format === 'xlsx' ? 'xlsx' : 'csv'}`);
  }

  /** POST a raw body (a catalogue file) and give back the status and the JSON answer, errors included. */
  async postRaw<T>(path: string, body: ArrayBuffer, type: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST', body, headers: { Authorization: `Bearer ${this.client.token}`, 'Accept-Language': storedLang(), 'Content-Type': type },
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  }

  /** Download any export of the API (its path with the query) under the name the hub gives. */
  async downloadPath(path: string, fallbackName: string): Promise<string> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { Authorization: `Bearer ${this.client.token}`, 'Accept-Language': storedLang() } });
    if (!res.ok) {
      const body = await res.json().catch(() => ({})) as { error?: { code: string; message: string } };
      throw new ApiError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText);
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  }
}
