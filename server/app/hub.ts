// The composition root of the hub: it receives its store and clock, owns the authoritative state of
// every site, and is the one command layer behind HTTP and socket.io. A command is validated,
// decided by the pure core, made durable, and only then acknowledged and broadcast.
import { DomainError } from '../../common/errors.js';
import type { CommandName, Commands, ServerToClientEvents } from '../../common/events.js';
import type { Counter, Device, DevicePrinterSettings, QueueSnapshot, Service, Site, Ticket, User } from '../../common/types.js';
import { applyEvent } from '../domain/apply.js';
import { commit, decideCounter, decideIssue, decideLinkDossier, decideRating, issueBlock, type Ctx } from '../domain/commands.js';
import { Catalogues } from '../procedures/catalogue.js';
import { DEFAULT_TIME_ZONE, DEMO_COUNTERS, DEMO_SERVICES, defaultSettings } from '../domain/defaults.js';
import { counterRuntime, emptyDay, type Actor, type CounterConfig, type DayEvent, type DayState, type SiteConfig } from '../domain/model.js';
import { waitingForCounter } from '../domain/policy.js';
import { counterRef, counterView, publicTicketView, snapshotView, sortedCounters, ticketView, waitingView } from '../domain/project.js';
import { isValidTimeZone, localDate } from '../domain/time.js';
import type { StoreChange, StorePort } from '../store/port.js';
import { asFileStore } from '../store/store.js';
import { emptyConfig, type ConfigDoc, type StoredDevice, type StoredUser } from './config-doc.js';
import type { AuditEntry } from '../store/audit.js';
import { generatePassword, hashPassword, hashToken, newId, newPairingCode, newToken, verifyPassword } from './crypto.js';
import { parse } from './validate.js';
import { simulateHistory, writeHistory } from '../demo/history.js';
import type { MarkableField } from '../../common/privacy.js';
import { FileVault, type PersonalVault } from '../privacy/vault.js';
import { StoreVault } from '../privacy/store-vault.js';
import { join } from 'node:path';
import { openEvent, sealEvent, type StoredEvent } from '../privacy/seal.js';

export type Audience =
  | { site: string } | { staff: string } | { pad: string } | { ticket: string } | { admins: string } | { device: string };

/** What the hub needs of a transport to push changes; realtime/ implements it with rooms. */
export interface Broadcaster {
  emit<E extends keyof ServerToClientEvents>(to: Audience, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void;
  /** Cut every connection of a device, a user, or one session (by its token's hash) at once. */
  disconnect(who: { deviceId?: string; userId?: string; tokenHash?: string }, reason: string): void;
}

export interface HubOptions {
  store: StorePort;
  /** A folder of this hub's own files (voice recordings, the vault) when the store is not files. */
  localDir?: string;
  /** Where personal values live (default: the file vault beside the store, keys in LUOT_KEYS_DIR). */
  vault?: PersonalVault;
  clock?: () => number;
  demo?: boolean;
  /** Weeks of simulated past for the demo site (default 4; 0: none). */
  demoHistoryWeeks?: number;
  adminPassword?: string;
  timeZone?: string;
  userTokenTtlMs?: number;
  pairingCodeTtlMs?: number;
  log?: (msg: string) => void;
  /** What to do when the data dir cannot be written (default: exit 70). */
  onFatal?: (e: unknown) => void;
}

interface SiteRuntime {
  cfg: SiteConfig;
  day: DayState;
  /** The day's entries this hub has decided or absorbed, in log order (the tail may not be durable yet). */
  entries: DayEvent[];
  rolling: Promise<void> | null;
  /** A write failed after the projection moved on (PostgreSQL down): rebuild from the log first. */
  stale: boolean;
  /** Entries let go from the front of `entries` (durable, read back from the store when asked). */
  base: number;
  /** Entries of `day.date` that are durable (the events feed reads no further). */
  durable: number;
  /** Appends of this hub under way (they hand over what other hubs appended themselves). */
  pendingTx?: number;
  /** A lock-free catch-up is reading; another notification meanwhile asks for one more. */
  catching?: boolean;
  catchAgain?: boolean;
}

const NOOP_BROADCASTER: Broadcaster = { emit() {}, disconnect() {} };
/**
 * Events of the current day kept in memory once durable (per site), for the events feed's readers
 * near the head of the log; the rest of the day lives in its log and in the folded DayState.
 */
const KEEP_ENTRIES = 256;
/** The demo kiosk prints to the printer emulator that `npm start` runs beside a demo hub. */
export const DEMO_PRINTER = 'tcp://127.0.0.1:9101';
/** The demo site's officers (one per counter); their passwords are generated at the first start. */
export const DEMO_OFFICERS: { username: string; name: string }[] = [
  { username: 'canbo1', name: 'Nguyễn Thị Lan' },
  { username: 'canbo2', name: 'Trần Văn Minh' },
  { username: 'canbo3', name: 'Lê Hoàng Nam' },
  { username: 'canbo4', name: 'Phạm Thu Hà' },
  { username: 'canbo5', name: 'Võ Minh Tuấn' },
  { username: 'canbo6', name: 'Đặng Thị Mai' },
];
export interface DemoOfficerLogin { username: string; name: string; password: string }

/**
 * The personal-data vault beside a store: on files the file vault in the data dir (keys in
 * LUOT_KEYS_DIR or <data>/keys); on any other store the records in the store and each key a file
 * of LUOT_KEYS_DIR (or <localDir>/keys), never in the database (server/privacy/store-vault.ts).
 */
function vaultFor(store: StorePort, localDir: string, keysDir: string | undefined, log: (m: string) => void): PersonalVault {
  const files = asFileStore(store);
  if (files) return new FileVault(files.dataDir, keysDir);
  if (!keysDir) {
    log(`LUOT_KEYS_DIR chưa đặt: khoá dữ liệu cá nhân ở ${join(localDir, 'keys')}, các hub khác không đọc được / LUOT_KEYS_DIR is not set: the personal-data keys are in ${join(localDir, 'keys')}, which other hubs sharing this database cannot read (docs/privacy.md)`);
  }
  return new StoreVault(store, keysDir ?? join(localDir, 'keys'));
}

export class Hub {
  readonly store: StorePort;
  /** Where this hub keeps files of its own (voice recordings) beside a store that is not files. */
  get localDir(): string { return this.opts.localDir ?? './data'; }
  readonly vault: PersonalVault;
  /** Event fields an admin marked personal (set by server/privacy from its settings). */
  markedPersonal = new Set<MarkableField>();
  readonly clock: () => number;
  private config!: { data: ConfigDoc };
  private audit: AuditEntry[] = [];
  private unsubscribe: (() => void) | null = null;
  private sites = new Map<string, SiteRuntime>();
  /** The sites' procedure catalogues (server/procedures). */
  procedures!: Catalogues;
  /** Today's tickets of every site: ticket id → site id. */
  private ticketSite = new Map<string, string>();
  broadcaster: Broadcaster = NOOP_BROADCASTER;
  /** Tickets whose public page is open now; kept by the realtime edge. */
  readonly watchedTickets = new Set<string>();
  /** Whether a device has a live connection; set by the realtime edge. */
  isOnline: (deviceId: string) => boolean = () => false;
  private log: (m: string) => void;
  private opts: HubOptions;
  /** Printed once on a fresh start: the generated admin password, demo credentials. */
  firstStart: { adminPassword: string | null; officers: DemoOfficerLogin[] } | null = null;
  /** Demo accounts whose fixed password of an older release was replaced at this start (printed once). */
  rotatedDemoLogins: DemoOfficerLogin[] = [];

  private constructor(opts: HubOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.vault = opts.vault ?? vaultFor(opts.store, opts.localDir ?? './data', process.env.LUOT_KEYS_DIR || undefined, opts.log ?? (() => {}));
    // A comment sealed or erased on another hub: the days that refer to it are folded again.
    if (this.vault instanceof StoreVault) this.vault.onChange = (ids) => { void this.refoldAfterErasure(new Set(ids)).catch(() => {}); };
    this.clock = opts.clock ?? Date.now;
    this.log = opts.log ?? (() => {});
  }

  static async create(opts: HubOptions): Promise<Hub> {
    const hub = new Hub(opts);
    await hub.init();
    return hub;
  }

  private async init(): Promise<void> {
    await this.vault.open();
    const stored = await this.store.loadConfig<ConfigDoc>();
    this.config = { data: stored ?? emptyConfig() };
    upgradeConfig(this.config.data);
    this.audit = await this.store.openAudit();
    this.auditSynced = this.audit.length;
    if (!stored) await this.seed();
    else if (this.config.data.demo === undefined) {
      markOldDemo(this.config.data);
      await this.rotateFixedDemoPasswords();
    }
    for (const site of this.config.data.sites) await this.openSite(site.id);
    this.procedures = new Catalogues({
      store: { readCatalogue: (id) => this.store.readDoc(`procedures/${id}`), writeCatalogue: (id, doc) => this.store.writeDoc(`procedures/${id}`, doc) }, clock: this.clock,
      site: (id) => this.config.data.sites.find((s) => s.id === id),
      services: (id) => this.config.data.services.filter((s) => s.siteId === id),
      assertAdmin: (actor, id) => { this.assertAdmin(actor, id); },
      audit: (actor, action, target, detail) => this.appendAudit(actor, action, target, detail),
    });
    await this.procedures.load(this.config.data.sites.map((s) => s.id));
    this.unsubscribe = this.store.subscribe((c) => this.onStoreChange(c));
  }

  /** Another hub (or this one) changed the store: catch the projection up, reload the config. */
  private onStoreChange(c: StoreChange): void {
    if (c.kind === 'log') {
      const rt = this.sites.get(c.siteId);
      if (rt && rt.day.date === c.date && c.n > rt.base + rt.entries.length && !rt.stale) void this.catchUp(rt).catch(() => {});
    } else if (c.kind === 'config' && this.store.kind !== 'files') {
      void this.reloadConfig().catch((e) => this.log(`config reload failed: ${(e as Error).message}`));
    } else if (c.kind === 'reconnected') {
      // The database is back: what was missed while it was away is read again, and a site whose
      // write failed (stale) folds its day from the log and resyncs its screens without waiting
      // for the next command.
      void this.reloadConfig().catch(() => {});
      for (const rt of this.sites.values()) {
        if (rt.stale) void this.recover(rt).catch(() => {});
        else void this.catchUp(rt).catch(() => {});
      }
    }
  }

  /** Fold a stale site's day again from the durable log (one rebuild at a time per site). */
  private async recover(rt: SiteRuntime): Promise<void> {
    if (rt.rolling) await rt.rolling;
    if (!rt.stale) return;
    rt.rolling ??= this.rebuild(rt).finally(() => { rt.rolling = null; });
    await rt.rolling;
  }

  /**
   * On a shared store, a token this hub does not know yet may be one another hub has just made (a
   * sign-in, a pairing) before its notification arrived: read the config document once more, then
   * the caller authenticates as usual. On files there is one hub and nothing to read.
   */
  async refreshForToken(token: string | undefined): Promise<void> {
    if (!token || this.store.kind === 'files' || this.knowsToken(token)) return;
    if (this.configReload) { await this.configReload.catch(() => {}); if (this.knowsToken(token)) return; }
    await this.reloadConfig().catch(() => {});
  }

  private knowsToken(token: string): boolean {
    try { this.authenticate(token); return true; } catch (e) { return !(e instanceof DomainError && e.code === 'unauthorized'); }
  }

  /** The same for a ticket issued on another hub a moment ago (its page opened here): catch every site up once. */
  async refreshForTicket(ticketId: string | undefined): Promise<void> {
    if (!ticketId || this.store.kind === 'files' || this.ticketSite.has(ticketId)) return;
    await Promise.all([...this.sites.values()].map((rt) => this.catchUp(rt).catch(() => {})));
  }

  /** Read what other hubs appended to a site's day (through the store's per-site serialization). */
  private async catchUp(rt: SiteRuntime): Promise<void> {
    if (rt.stale || rt.rolling) return;
    if (this.store.kind === 'files') { await this.transact(rt, () => ({ events: [] as DayEvent[], result: null })); return; }
    // Several hubs: read the log's new entries without taking the site's lock (a notification per
    // append on every other hub would otherwise queue behind the writers). An append of this hub
    // under way hands them over itself; one read at a time per site, again if notified meanwhile.
    if (rt.catching) { rt.catchAgain = true; return; }
    rt.catching = true;
    try {
      do {
        rt.catchAgain = false;
        // An append under way: it hands over what it finds; we look again once it is done.
        if ((rt.pendingTx ?? 0) > 0) { rt.catchAgain = true; return; }
        if (rt.stale || rt.rolling) return;
        const date = rt.day.date, known = rt.base + rt.entries.length;
        const more = await this.store.readDay<DayEvent>(rt.cfg.site.id, date, known);
        // Absorb only if nothing moved meanwhile (else the append that moved it has them).
        if ((rt.pendingTx ?? 0) > 0) { rt.catchAgain = true; return; }
        if (!more?.length || rt.day.date !== date || rt.base + rt.entries.length !== known || rt.stale || rt.rolling) continue;
        this.absorb(rt, more);
        const n = known + more.length;
        if (n > rt.durable) {
          rt.durable = n;
          for (const l of this.logListeners) l(rt.cfg.site.id, date, n);
          this.trimEntries(rt);
        }
      } while (rt.catchAgain);
    } finally { rt.catching = false; }
  }

  private configReload: Promise<void> | null = null;
  /** How many entries of `audit` are known to be in the store's order (read back from it). */
  private auditSynced = 0;
  /** Take the config document and the audit log as the store has them now (other hubs wrote). */
  private reloadConfig(): Promise<void> {
    this.configReload ??= (async () => {
      const stored = await this.store.loadConfig<ConfigDoc>();
      if (stored) await this.adoptConfig(stored);
      // In the store's order (several hubs append to one log): what follows the last position read,
      // this hub's own entries among it; those it pushed that are not stored yet stay after them.
      const synced = this.auditSynced;
      const more = await this.store.readAudit(synced);
      const inStore = new Set(more.map((e) => JSON.stringify(e)));
      const pending = this.audit.slice(synced).filter((e) => !inStore.has(JSON.stringify(e)));
      this.audit.length = synced;
      for (const e of more) this.audit.push(e);
      for (const e of pending) this.audit.push(e);
      this.auditSynced = synced + more.length;
    })().finally(() => { this.configReload = null; });
    return this.configReload;
  }

  /** Take a config document the store gave (loaded, or merged with another hub's save). */
  private async adoptConfig(stored: ConfigDoc): Promise<void> {
    upgradeConfig(stored);
    this.config.data = stored;
    for (const site of stored.sites) {
      if (this.sites.has(site.id)) this.refreshSiteConfig(site.id);
      else await this.openSite(site.id);
    }
    this.onDevicesChanged?.();
  }

  private async seed(): Promise<void> {
    const now = this.clock();
    const adminPassword = this.opts.adminPassword ?? generatePassword();
    this.config.data.users.push(await this.newUser({ username: 'admin', password: adminPassword, name: 'Quản trị viên', role: 'admin' }, now));
    let officers: DemoOfficerLogin[] = [];
    if (this.opts.demo) {
      const site: Site = {
        id: 'demo', name: 'Trung tâm Phục vụ hành chính công phường Demo',
        timeZone: this.opts.timeZone ?? DEFAULT_TIME_ZONE,
        settings: defaultSettings({ agencyName: 'UBND PHƯỜNG DEMO', branchName: 'Bộ phận Một cửa' }),
      };
      this.config.data.sites.push(site);
      const byCode = new Map<string, string>();
      for (const s of DEMO_SERVICES) {
        const id = `svc-${s.code.toLowerCase()}`;
        byCode.set(s.code, id);
        this.config.data.services.push({ id, siteId: site.id, code: s.code, name: s.name, active: true, dailyCap: 300, hours: null });
      }
      for (const c of DEMO_COUNTERS) {
        this.config.data.counters.push({ id: `counter-${c.number}`, siteId: site.id, number: c.number, name: `Quầy ${c.number}`, serviceIds: c.codes.map((k) => byCode.get(k)!) });
      }
      const demoDevice = (kind: StoredDevice['kind'], name: string, extra: Partial<StoredDevice> = {}): StoredDevice => ({
        id: newId(), siteId: site.id, kind, name, counterId: null, printer: null, createdAt: new Date(now).toISOString(),
        pairedAt: null, revokedAt: null, tokenHash: null, demo: true, ...extra,
      });
      this.config.data.devices.push(
        demoDevice('kiosk', 'Máy lấy số sảnh (demo)', { printer: DEMO_PRINTER }),
        demoDevice('display', 'Màn hình sảnh (demo)'),
        demoDevice('pad', 'Máy đánh giá quầy 1 (demo)', { counterId: 'counter-1' }),
      );
      // Every demo account gets a generated password, printed once at this start (like the admin's).
      officers = DEMO_OFFICERS.map((o) => ({ ...o, password: generatePassword() }));
      const users = await Promise.all(officers.map((o) => this.newUser({ ...o, role: 'officer', siteIds: [site.id] }, now)));
      for (const u of users) this.config.data.users.push({ ...u, demo: true });
      this.config.data.demo = { siteId: site.id, createdAt: new Date(now).toISOString() };
    }
    await this.saveConfig(null, 'seed', null, { demo: !!this.opts.demo });
    const weeks = this.opts.demoHistoryWeeks ?? 4;
    if (this.opts.demo && weeks > 0) {
      // Four weeks of the demo's past, run through the real core and written as ordinary day logs.
      const t0 = performance.now();
      const siteId = this.config.data.demo!.siteId;
      const cfg = this.siteConfig(siteId);
      const officersByCounter = new Map([...cfg.counters.values()].sort((a, b) => a.number - b.number)
        .map((c, i) => { const u = this.config.data.users.filter((x) => x.demo)[i]; return [c.id, { id: u.id, name: u.name }] as const; }));
      const kiosk = this.config.data.devices.find((x) => x.demo && x.kind === 'kiosk')!;
      const days = simulateHistory({ cfg, officers: officersByCounter, kioskId: kiosk.id, now, weeks });
      const closes: AuditEntry[] = [];
      const r = await writeHistory(this.store, siteId, days, async (date, digest, entries) => {
        closes.push({ t: 'audit', at: this.clock(), actor: 'system', action: 'day.close', target: `site:${siteId}`, detail: { date, digest, entries } });
      });
      for (const e of closes) this.audit.push(e);
      await this.store.appendAudit(closes);
      await this.appendAudit(null, 'demo.history', `site:${siteId}`, { ...r, weeks, ms: Math.round(performance.now() - t0) });
      this.log(`demo: ${r.days} days of history, ${r.tickets} tickets, ${r.events} events in ${Math.round(performance.now() - t0)} ms`);
    }
    this.firstStart = { adminPassword: this.opts.adminPassword ? null : adminPassword, officers };
  }

  /** An older release gave the demo officers their username as password: replace it (printed once). */
  private async rotateFixedDemoPasswords(): Promise<void> {
    const now = this.clock();
    for (const u of this.config.data.users) {
      if (!u.demo || !(await verifyPassword(u.username, u.passwordHash))) continue;
      const password = generatePassword();
      u.passwordHash = await hashPassword(password);
      u.passwordChangedAt = new Date(now).toISOString();
      this.rotatedDemoLogins.push({ username: u.username, name: u.name, password });
    }
    await this.saveConfig(null, 'demo.mark', this.config.data.demo ? `site:${this.config.data.demo.siteId}` : null, { rotated: this.rotatedDemoLogins.map((o) => o.username) });
  }

  private async newUser(u: { username: string; password: string; name: string; role: 'admin' | 'officer'; siteIds?: string[] }, now: number): Promise<StoredUser> {
    return {
      id: newId(), username: u.username, name: u.name, role: u.role, siteIds: u.siteIds ?? [], active: true,
      passwordHash: await hashPassword(u.password), createdAt: new Date(now).toISOString(),
    };
  }

  // ------------------------------------------------------------------ sites and days
  private siteConfig(siteId: string): SiteConfig {
    const d = this.config.data;
    const site = d.sites.find((s) => s.id === siteId)!;
    return {
      site,
      services: new Map(d.services.filter((s) => s.siteId === siteId).map((s) => [s.id, s])),
      counters: new Map(d.counters.filter((c) => c.siteId === siteId).map((c) => [c.id, c])),
    };
  }

  private async openSite(siteId: string): Promise<void> {
    const cfg = this.siteConfig(siteId);
    const date = localDate(this.clock(), cfg.site.timeZone);
    const entries = await this.store.openDay<DayEvent>(siteId, date);
    const day = emptyDay(siteId, date);
    for (const e of entries) applyEvent(day, openEvent(this.vault, e as StoredEvent));
    for (const id of day.tickets.keys()) this.ticketSite.set(id, siteId);
    this.sites.set(siteId, { cfg, day, entries, rolling: null, stale: false, durable: entries.length, base: 0 });
    this.trimEntries(this.sites.get(siteId)!);
  }

  /** Rebuild a site's projection from the durable log (after a write the store refused). */
  private async rebuild(rt: SiteRuntime): Promise<void> {
    const siteId = rt.cfg.site.id;
    const entries = await this.store.openDay<DayEvent>(siteId, rt.day.date);
    for (const id of rt.day.tickets.keys()) this.ticketSite.delete(id);
    const day = emptyDay(siteId, rt.day.date);
    for (const e of entries) applyEvent(day, openEvent(this.vault, e as StoredEvent));
    for (const id of day.tickets.keys()) this.ticketSite.set(id, siteId);
    rt.day = day;
    rt.entries = entries;
    rt.durable = entries.length;
    rt.base = 0;
    rt.stale = false;
    this.broadcaster.emit({ site: siteId }, 'queue:snapshot', snapshotView(rt.cfg, rt.day, this.clock()));
    this.broadcaster.emit({ staff: siteId }, 'queue:snapshot', snapshotView(rt.cfg, rt.day, this.clock()));
  }

  private refreshSiteConfig(siteId: string): void {
    const rt = this.sites.get(siteId);
    if (rt) rt.cfg = this.siteConfig(siteId);
  }

  /** The site's runtime, rolled over to the site-local day of `now` when midnight has passed. */
  private async site(siteId: string, now: number): Promise<SiteRuntime> {
    const rt = this.sites.get(siteId);
    if (!rt) throw new DomainError('site_not_found', 'siteId');
    if (rt.rolling) await rt.rolling;
    if (rt.stale) await this.recover(rt);
    if (localDate(now, rt.cfg.site.timeZone) !== rt.day.date) {
      rt.rolling ??= this.rollOver(rt).finally(() => { rt.rolling = null; });
      await rt.rolling;
    }
    return rt;
  }

  private async rollOver(rt: SiteRuntime): Promise<void> {
    const siteId = rt.cfg.site.id;
    const date = localDate(this.clock(), rt.cfg.site.timeZone);
    if (date === rt.day.date) return;
    const closing = rt.day.date;
    // The finished day's last hash goes into the audit log too: a later rewrite of the day shows.
    // Once across the cluster: under a lease, and only if no hub recorded it yet.
    await this.store.withLease(`day-close:${siteId}:${closing}`, async () => {
      const head = await this.store.dayHead(siteId, closing);
      if (!head || head.entries === 0) return;
      if (this.store.kind !== 'files') await this.reloadConfig();
      if (this.audit.some((e) => e.action === 'day.close' && e.target === `site:${siteId}` && e.detail.date === closing)) return;
      await this.saveConfig(null, 'day.close', `site:${siteId}`, { date: closing, digest: head.digest, entries: head.entries });
    });
    for (const id of rt.day.tickets.keys()) this.ticketSite.delete(id);
    const entries = await this.store.openDay<DayEvent>(siteId, date);
    rt.entries = entries;
    rt.day = emptyDay(siteId, date);
    rt.durable = entries.length;
    rt.base = 0;
    for (const e of entries) applyEvent(rt.day, openEvent(this.vault, e as StoredEvent));
    for (const id of rt.day.tickets.keys()) this.ticketSite.set(id, siteId);
    this.trimEntries(rt);
    this.log(`site ${siteId}: new day ${date}`);
    this.broadcaster.emit({ site: siteId }, 'queue:snapshot', snapshotView(rt.cfg, rt.day, this.clock()));
    this.broadcaster.emit({ staff: siteId }, 'queue:snapshot', snapshotView(rt.cfg, rt.day, this.clock()));
  }

  /**
   * After personal records were erased: a site whose today's log refers to one of them folds its
   * day again, so that projections show ERASED_TEXT instead of the value they still held.
   */
  async refoldAfterErasure(ids: ReadonlySet<string>): Promise<void> {
    for (const rt of this.sites.values()) {
      // Events already durable may have left memory (KEEP_ENTRIES): the day is read back from its log.
      const date = rt.day.date;
      const early = rt.base > 0 ? ((await this.store.readDay<StoredEvent>(rt.cfg.site.id, date)) ?? []) : [];
      if (rt.day.date !== date) continue;
      const entries = [...early.slice(0, rt.base), ...(rt.entries as StoredEvent[])];
      if (!entries.some((e) => e.sealed && ids.has(e.sealed.ref))) continue;
      const day = emptyDay(rt.cfg.site.id, rt.day.date);
      for (const e of entries) applyEvent(day, openEvent(this.vault, e));
      rt.day = day;
    }
  }

  /**
   * Decide and persist, serialized per site by the store (across hubs on PostgreSQL): the store hands
   * over what other hubs appended since this hub last looked (folded in and broadcast first), then
   * `decide` runs on the caught-up projection, its events are folded in and made durable. Resolves
   * once they are durable; the caller then answers and broadcasts.
   */
  private async transact<D extends { events: DayEvent[] }>(rt: SiteRuntime, decide: () => D): Promise<D> {
    let out: D | undefined;
    const date = rt.day.date;
    const siteId = rt.cfg.site.id;
    rt.pendingTx = (rt.pendingTx ?? 0) + 1;
    try {
      // Personal values go to the vault; the log's line keeps their commitments (server/privacy/seal.ts).
      const pending: Promise<unknown>[] = [];
      const t0 = performance.now();
      const { n } = await this.store.appendDay<DayEvent>(siteId, date, rt.base + rt.entries.length, (missed) => {
        if (missed.length > 0 && rt.day.date === date) this.absorb(rt, missed);
        out = decide();
        const events = out.events;
        if (events.length === 0) return events;
        const stored = events.map((e) => sealEvent(this.vault, siteId, date, e, this.markedPersonal, pending));
        for (const e of stored) rt.entries.push(e);
        commit(rt.day, events);
        for (const e of events) if (e.t === 'issued') this.ticketSite.set(e.id, siteId);
        return stored;
      });
      if (pending.length) await Promise.all(pending);
      this.onStoreWrite(performance.now() - t0);
      if (rt.day.date === date && n > rt.durable) {
        rt.durable = n;
        for (const l of this.logListeners) l(siteId, date, n);
        // The day's state holds what the queue needs; its events are stored and need not stay here.
        this.trimEntries(rt);
      }
    } catch (e) {
      if (e instanceof DomainError) throw e;
      if (this.store.kind === 'files') {
        // Memory is now ahead of the disk: nothing more may be acknowledged. Stop, so that the
        // supervisor restarts the hub from what is durable (docs/operations.md).
        this.fatal(e);
        throw e;
      }
      // PostgreSQL: nothing of this call was written, but the projection may have moved on.
      rt.stale = true;
      throw e;
    } finally {
      rt.pendingTx = (rt.pendingTx ?? 1) - 1;
      // A notification came while this append was under way: read what came after it.
      if (rt.pendingTx === 0 && rt.catchAgain && !rt.catching && this.store.kind !== 'files') void this.catchUp(rt).catch(() => {});
    }
    return out!;
  }

  /** Let go of durable entries, keeping the last KEEP_ENTRIES (in batches, not at every append). */
  private trimEntries(rt: SiteRuntime): void {
    const held = rt.durable - rt.base;
    if (held < 2 * KEEP_ENTRIES + 64) return;
    const drop = held - KEEP_ENTRIES;
    rt.entries.splice(0, drop);
    rt.base += drop;
  }

  /** Fold in entries another hub appended, and tell this hub's screens. */
  private absorb(rt: SiteRuntime, missed: readonly DayEvent[]): void {
    for (const e of missed) rt.entries.push(e);
    const events = missed.map((e) => openEvent(this.vault, e as StoredEvent));
    commit(rt.day, events);
    for (const e of events) if (e.t === 'issued') this.ticketSite.set(e.id, rt.cfg.site.id);
    this.broadcast(rt, events);
    for (const e of events) if (e.t === 'issued') this.onRemoteIssued?.(e.id, rt.cfg, e.by);
  }

  /** A ticket issued on another hub was absorbed (printing decides whether it is this hub's job); `by` is the issuer's label (device:<id>…). */
  onRemoteIssued: ((ticketId: string, cfg: SiteConfig, by: string) => void) | null = null;

  /** Told how long each durable append of a day log took, in ms (the metrics). */
  onStoreWrite: (ms: number) => void = () => {};

  /** The open day of each site, read-only (the metrics read them at scrape time). */
  *openDays(): Iterable<{ cfg: SiteConfig; day: Readonly<DayState> }> {
    for (const rt of this.sites.values()) yield { cfg: rt.cfg, day: rt.day };
  }

  openDay(siteId: string): Readonly<DayState> | undefined { return this.sites.get(siteId)?.day; }

  private logListeners = new Set<(siteId: string, date: string, n: number) => void>();
  /** Be told when a site's day log grew to `n` durable entries (the events feed, webhooks). */
  onLogGrew(fn: (siteId: string, date: string, n: number) => void): () => void {
    this.logListeners.add(fn);
    return () => { this.logListeners.delete(fn); };
  }

  /**
   * The durable entries of a site's current day, from position `from` (0-based), or null when `date`
   * is not its current day. The latest KEEP_ENTRIES are in memory; older ones are read from the log.
   */
  async committedEntries(siteId: string, date: string, from: number): Promise<readonly DayEvent[] | null> {
    const rt = this.sites.get(siteId);
    if (!rt || rt.day.date !== date) return null;
    const end = rt.durable;
    const base = rt.base;
    if (from >= base) return rt.entries.slice(from - base, end - base);
    const all = (await this.store.readDay<DayEvent>(siteId, date)) ?? [];
    return all.slice(from, end);
  }

  /**
   * The durable entries from `from` when they are still in memory (a listener of onLogGrew asking
   * for what just grew always gets them); null otherwise, or when `date` is not the current day.
   */
  recentEntries(siteId: string, date: string, from: number): readonly DayEvent[] | null {
    const rt = this.sites.get(siteId);
    if (!rt || rt.day.date !== date || from < rt.base) return null;
    return rt.entries.slice(from - rt.base, rt.durable - rt.base);
  }

  /** How many entries of a site's current day are durable (null when `date` is not its current day). */
  committedCount(siteId: string, date: string): number | null {
    const rt = this.sites.get(siteId);
    return rt && rt.day.date === date ? rt.durable : null;
  }

  /** Persist a configuration change of another module (integrations, webhooks) with its audit entry. */
  commitConfig(actor: Actor | null, action: string, target: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    return this.saveConfig(actor, action, target, detail);
  }

  private fatal(e: unknown): void {
    this.log(`FATAL: cannot write the data dir (${(e as Error).message}); stopping`);
    (this.opts.onFatal ?? (() => process.exit(70)))(e);
  }

  /**
   * Persist a configuration change together with its audit entry: both are durable before the
   * caller answers. The audit log is hash-chained like the day logs (docs/security.md).
   */
  private async saveConfig(actor: Actor | null, action: string, target: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    const entry: AuditEntry = { t: 'audit', at: this.clock(), actor: actorLabel(actor), action, target, detail };
    this.audit.push(entry);
    try {
      // PostgreSQL: merged with what another hub saved meanwhile; the hub goes on from that.
      const stored = await this.store.saveConfig(this.config.data, [entry]);
      if (stored !== this.config.data) await this.adoptConfig(stored);
    } catch (e) {
      if (this.store.kind === 'files') throw e;
      // Nothing was written: take the store's document back so memory matches it.
      this.audit = this.audit.filter((x) => x !== entry);
      await this.reloadConfig().catch(() => {});
      throw e;
    }
  }

  /** Append an entry to the audit log (durable before it resolves), for edges such as security. */
  async appendAudit(actor: Actor | null, action: string, target: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    const entry: AuditEntry = { t: 'audit', at: this.clock(), actor: actorLabel(actor), action, target, detail };
    this.audit.push(entry);
    try {
      await this.store.appendAudit([entry]);
    } catch (e) {
      this.audit = this.audit.filter((x) => x !== entry);
      throw e;
    }
  }

  /** The audit log as recorded so far (oldest first). */
  get auditEntries(): readonly AuditEntry[] { return this.audit; }

  // ------------------------------------------------------------------ authentication
  authenticate(token: string | undefined): Actor {
    if (!token) throw new DomainError('unauthorized');
    const h = hashToken(token);
    const d = this.config.data;
    const session = d.sessions.find((s) => s.tokenHash === h);
    if (session) {
      if (session.expiresAt <= this.clock()) throw new DomainError('token_expired');
      const u = d.users.find((x) => x.id === session.userId && x.active);
      if (!u) throw new DomainError('unauthorized');
      return { kind: 'user', id: u.id, name: u.name, role: u.role, siteIds: u.siteIds };
    }
    const dev = d.devices.find((x) => x.tokenHash === h);
    if (dev && !dev.revokedAt) return { kind: 'device', id: dev.id, deviceKind: dev.kind, siteId: dev.siteId, counterId: dev.counterId, name: dev.name };
    const key = d.integrations.find((x) => x.keyHash === h);
    if (key && !key.revokedAt) return { kind: 'integration', id: key.id, name: key.name, siteIds: key.siteIds, scopes: key.scopes };
    throw new DomainError('unauthorized');
  }

  /** The public ticket page authenticates with the ticket's unguessable id. */
  ticketActor(ticketId: string | undefined): Actor & { kind: 'ticket' } {
    if (!ticketId || !this.ticketSite.has(ticketId)) throw new DomainError('ticket_not_found');
    return { kind: 'ticket', ticketId };
  }

  async login(input: unknown): Promise<{ token: string; user: User }> {
    const { username, password } = parse('login', input);
    const u = this.config.data.users.find((x) => x.username === username && x.active);
    // Hash even for an unknown user, so the answer takes as long either way.
    const ok = await verifyPassword(password, u?.passwordHash ?? 'scrypt$16384$8$1$AAAA$AAAA');
    if (!u || !ok) throw new DomainError('bad_credentials');
    const token = newToken();
    const now = this.clock();
    const d = this.config.data;
    // Expired sessions are kept a week, so that their tokens answer token_expired, not unauthorized.
    d.sessions = d.sessions.filter((s) => s.expiresAt > now - 7 * 24 * 3600_000);
    d.sessions.push({ tokenHash: hashToken(token), userId: u.id, createdAt: now, expiresAt: now + (this.opts.userTokenTtlMs ?? 12 * 3600_000) });
    await this.saveConfig({ kind: 'user', id: u.id, name: u.name, role: u.role, siteIds: u.siteIds }, 'login', `user:${u.id}`);
    return { token, user: publicUser(u) };
  }

  async logout(token: string): Promise<void> {
    const h = hashToken(token);
    const d = this.config.data;
    const s = d.sessions.find((x) => x.tokenHash === h);
    if (!s) return;
    d.sessions = d.sessions.filter((x) => x !== s);
    await this.saveConfig(null, 'logout', `user:${s.userId}`);
    // A socket opened with this token must not go on acting for the user who signed out.
    this.broadcaster.disconnect({ tokenHash: h }, 'logged_out');
  }

  /** Change the signed-in user's password: every other session of the user ends, with its sockets. */
  async changePassword(actor: Actor, token: string, input: unknown): Promise<{ endedSessions: number }> {
    if (actor.kind !== 'user') throw new DomainError('forbidden');
    const { currentPassword, newPassword } = parse('changePassword', input);
    const u = this.config.data.users.find((x) => x.id === actor.id && x.active);
    if (!u) throw new DomainError('unauthorized');
    if (!(await verifyPassword(currentPassword, u.passwordHash))) throw new DomainError('wrong_password', 'currentPassword');
    u.passwordHash = await hashPassword(newPassword);
    const keep = hashToken(token);
    const d = this.config.data;
    const ended = d.sessions.filter((s) => s.userId === u.id && s.tokenHash !== keep);
    d.sessions = d.sessions.filter((s) => !ended.includes(s));
    await this.saveConfig(actor, 'password.change', `user:${u.id}`, { endedSessions: ended.length });
    for (const s of ended) this.broadcaster.disconnect({ tokenHash: s.tokenHash }, 'password_changed');
    return { endedSessions: ended.length };
  }

  me(actor: Actor): { user?: User; device?: Device } {
    if (actor.kind === 'user') return { user: publicUser(this.config.data.users.find((u) => u.id === actor.id)!) };
    if (actor.kind === 'device') return { device: publicDevice(this.config.data.devices.find((x) => x.id === actor.id)!) };
    throw new DomainError('unauthorized');
  }

  // ------------------------------------------------------------------ the queue commands
  /** Run a command of the shared protocol for an actor: the one path for HTTP and socket.io. */
  async run<K extends CommandName>(actor: Actor, name: K, input: unknown): Promise<Commands[K]['result']> {
    this.guard?.(actor, name);
    const now = this.clock();
    switch (name) {
      case 'ticket:issue': {
        const { procedureCode, ...rest } = parse('issue', input);
        let serviceId = rest.serviceId;
        if (procedureCode) {
          // A ticket for a procedure goes to its service (or the one named beside it) and carries its code.
          const siteId = rest.siteId ?? (serviceId ? this.siteOfService(serviceId) : actor.kind === 'device' ? actor.siteId : (actor.kind === 'user' || actor.kind === 'integration') && actor.siteIds.length === 1 ? actor.siteIds[0] : undefined);
          if (!siteId) throw new DomainError('invalid_input', 'siteId', { field: 'siteId' });
          if (actor.kind === 'device' && actor.siteId !== siteId) throw new DomainError('wrong_site');
          this.assertUserOfSite(actor, siteId);
          const r = this.procedures.resolve(siteId, procedureCode);
          serviceId ??= r.serviceId;
        }
        const args = { serviceId: serviceId!, priority: rest.priority, ...(procedureCode ? { procedureCode } : {}) };
        this.assertUserOfSite(actor, this.siteOfService(args.serviceId));
        if (rest.siteId && rest.siteId !== this.siteOfService(args.serviceId)) throw new DomainError('service_not_found', 'serviceId');
        return { ticket: await this.issue(actor, args) } as Commands[K]['result'];
      }
      case 'ticket:link-dossier': {
        const args = parse('linkDossier', input);
        const siteId = this.ticketSite.get(args.ticketId);
        if (!siteId) throw new DomainError('ticket_not_found', 'ticketId');
        this.assertUserOfSite(actor, siteId);
        const rt = await this.site(siteId, now);
        const d = await this.transact(rt, () => decideLinkDossier(this.ctx(rt, actor, now), args));
        this.broadcast(rt, d.events);
        return { ticket: ticketView(rt.cfg, rt.day, rt.day.tickets.get(args.ticketId)!) } as Commands[K]['result'];
      }
      case 'rating:submit': {
        const args = parse('rating', input);
        const siteId = this.ticketSite.get(args.ticketId);
        if (!siteId) throw new DomainError('ticket_not_found', 'ticketId');
        const rt = await this.site(siteId, now);
        const d = await this.transact(rt, () => decideRating(this.ctx(rt, actor, now), args));
        this.broadcast(rt, d.events);
        const e = d.events[0] as Extract<DayEvent, { t: 'rated' }>;
        return {
          rating: {
            id: e.ratingId, ticketId: e.id, siteId, counterId: e.counterId, officerId: e.officerId, level: e.level,
            reasons: e.reasons, comment: e.comment, ratedAt: new Date(e.at).toISOString(),
            dossierCodes: e.dossierCodes ?? [], procedureCode: e.procedureCode ?? null, agencyCode: e.agencyCode ?? null,
          },
        } as Commands[K]['result'];
      }
      default: {
        const cmd = name.slice('counter:'.length) as Parameters<typeof decideCounter>[1];
        const schema = ({ pause: 'pause', call: 'call', transfer: 'transfer', complete: 'complete' } as const)[cmd as 'pause'] ?? 'counterRef';
        const args = parse(schema, input) as { counterId: string };
        const siteId = this.siteOfCounter(args.counterId);
        this.assertUserOfSite(actor, siteId);
        const rt = await this.site(siteId, now);
        const d = await this.transact(rt, () => decideCounter(this.ctx(rt, actor, now), cmd, args));
        this.broadcast(rt, d.events);
        const counterCfg = rt.cfg.counters.get(args.counterId)!;
        if (['open', 'pause', 'resume', 'close'].includes(cmd)) return { counter: counterView(rt.day, counterCfg) } as Commands[K]['result'];
        const t = d.result.ticketId ? rt.day.tickets.get(d.result.ticketId)! : null;
        return { ticket: t ? ticketView(rt.cfg, rt.day, t) : null } as Commands[K]['result'];
      }
    }
  }

  /**
   * Issue a ticket. `appointmentAt` (epoch ms of the booked slot) is set only by the appointment
   * check-in, never from a client's body.
   */
  async issue(actor: Actor, args: { serviceId: string; priority?: Ticket['priority']; procedureCode?: string }, appointmentAt?: number): Promise<Ticket> {
    const now = this.clock();
    const rt = await this.site(this.siteOfService(args.serviceId), now);
    const d = await this.transact(rt, () => decideIssue(this.ctx(rt, actor, now), { ...args, ...(appointmentAt ? { appointmentAt } : {}) }));
    const ticket = ticketView(rt.cfg, rt.day, rt.day.tickets.get(d.result.ticketId)!);
    this.broadcast(rt, d.events);
    this.onIssued?.(actor, ticket, rt.cfg);
    return ticket;
  }

  /** Checked before every command, HTTP or socket; throws to refuse (rate limits: server/security). */
  guard: ((actor: Actor, name: CommandName) => void) | null = null;

  /** Called after every durable issue (printing hooks in here). */
  onIssued: ((actor: Actor, ticket: Ticket, cfg: SiteConfig) => void) | null = null;

  private ctx(rt: SiteRuntime, actor: Actor, now: number): Ctx {
    return { cfg: rt.cfg, day: rt.day, actor, now, newId };
  }

  /** Staff act only at the sites of their account (the core checks officers; this covers site admins too). */
  private assertUserOfSite(actor: Actor, siteId: string): void {
    if (actor.kind === 'user' && !this.canSeeSite(actor, siteId)) throw new DomainError('wrong_site');
  }

  private siteOfService(serviceId: string): string {
    const s = this.config.data.services.find((x) => x.id === serviceId);
    if (!s) throw new DomainError('service_not_found', 'serviceId');
    return s.siteId;
  }

  private siteOfCounter(counterId: string): string {
    const c = this.config.data.counters.find((x) => x.id === counterId);
    if (!c) throw new DomainError('counter_not_found', 'counterId');
    return c.siteId;
  }

  /** Tell each audience what changed; called after the events are durable. */
  private broadcast(rt: SiteRuntime, events: DayEvent[]): void {
    const b = this.broadcaster;
    const siteId = rt.cfg.site.id;
    const { cfg, day } = rt;
    let waitingChanged = false;
    const countersChanged = new Set<string>();
    for (const e of events) {
      const t = 'id' in e && e.t !== 'rated' ? day.tickets.get(e.id) : undefined;
      switch (e.t) {
        case 'issued':
          b.emit({ staff: siteId }, 'ticket:issued', { ticket: ticketView(cfg, day, t!) });
          waitingChanged = true;
          break;
        case 'called':
        case 'recalled': {
          const counter = counterRef(cfg.counters.get(e.counterId)!);
          b.emit({ site: siteId }, 'ticket:called', { ticket: publicTicketView(cfg, day, t!), counter });
          b.emit({ staff: siteId }, 'ticket:called', { ticket: ticketView(cfg, day, t!), counter });
          b.emit({ ticket: t!.id }, 'ticket:called', { ticket: publicTicketView(cfg, day, t!), counter });
          if (e.t === 'called') { waitingChanged = true; countersChanged.add(e.counterId); }
          break;
        }
        case 'completed': {
          b.emit({ site: siteId }, 'ticket:done', { ticket: publicTicketView(cfg, day, t!) });
          b.emit({ staff: siteId }, 'ticket:done', { ticket: ticketView(cfg, day, t!) });
          b.emit({ ticket: t!.id }, 'ticket:done', { ticket: publicTicketView(cfg, day, t!) });
          const officerName = counterRuntime(day, e.counterId).officerName;
          b.emit({ pad: e.counterId }, 'rating:requested', {
            ticket: publicTicketView(cfg, day, t!), counter: counterRef(cfg.counters.get(e.counterId)!), officerName,
            until: new Date(e.at + cfg.site.settings.ratingWindowSeconds * 1000).toISOString(),
          });
          countersChanged.add(e.counterId);
          break;
        }
        case 'no_show':
        case 'transferred':
        case 'cancelled':
          b.emit({ site: siteId }, 'ticket:updated', { ticket: publicTicketView(cfg, day, t!) });
          b.emit({ staff: siteId }, 'ticket:updated', { ticket: ticketView(cfg, day, t!) });
          b.emit({ ticket: t!.id }, 'ticket:updated', { ticket: publicTicketView(cfg, day, t!) });
          if (e.t !== 'cancelled') countersChanged.add(e.counterId);
          waitingChanged = true;
          break;
        case 'dossier_linked':
          // Staff screens only: the public views never carry dossier codes.
          b.emit({ staff: siteId }, 'ticket:updated', { ticket: ticketView(cfg, day, t!) });
          break;
        case 'rated':
          b.emit({ admins: siteId }, 'ticket:rated', { ticketId: e.id, level: e.level });
          b.emit({ pad: e.counterId }, 'rating:closed', { ticketId: e.id });
          b.emit({ ticket: e.id }, 'ticket:updated', { ticket: publicTicketView(cfg, day, day.tickets.get(e.id)!) });
          break;
        case 'counter_opened':
        case 'counter_paused':
        case 'counter_resumed':
        case 'counter_closed':
          countersChanged.add(e.counterId);
          waitingChanged = true; // estimates depend on the open counters
          break;
      }
    }
    for (const id of countersChanged) {
      const counter = counterView(day, cfg.counters.get(id)!);
      b.emit({ site: siteId }, 'counter:changed', { counter });
      b.emit({ staff: siteId }, 'counter:changed', { counter });
      b.emit({ pad: id }, 'counter:changed', { counter });
    }
    if (waitingChanged) {
      const waiting = waitingView(cfg, day);
      b.emit({ site: siteId }, 'queue:waiting', { waiting });
      b.emit({ staff: siteId }, 'queue:waiting', { waiting });
      // Open ticket pages of this site see their place and estimate move.
      for (const id of this.watchedTickets) {
        const t = day.tickets.get(id);
        if (t && t.status === 'waiting') b.emit({ ticket: id }, 'ticket:updated', { ticket: publicTicketView(cfg, day, t) });
      }
    }
  }

  // ------------------------------------------------------------------ reads
  getTicket(ticketId: string): Ticket {
    const siteId = this.ticketSite.get(ticketId);
    if (!siteId) throw new DomainError('ticket_not_found');
    const rt = this.sites.get(siteId)!;
    return publicTicketView(rt.cfg, rt.day, rt.day.tickets.get(ticketId)!);
  }

  /** The site an actor belongs to, for socket rooms and default queries. */
  actorSite(actor: Actor): string | null {
    if (actor.kind === 'device') return actor.siteId;
    if (actor.kind === 'ticket') return this.ticketSite.get(actor.ticketId) ?? null;
    if (actor.kind === 'user') return actor.siteIds[0] ?? this.config.data.sites[0]?.id ?? null;
    return null;
  }

  canSeeSite(actor: Actor, siteId: string): boolean {
    // An account with no sites serves every site; an admin of some sites is confined to them too.
    if (actor.kind === 'user') return actor.siteIds.length === 0 || actor.siteIds.includes(siteId);
    if (actor.kind === 'device') return actor.siteId === siteId;
    if (actor.kind === 'integration') return actor.siteIds.includes(siteId);
    return false;
  }

  async snapshot(actor: Actor, siteId: string): Promise<QueueSnapshot> {
    const rt = await this.site(siteId, this.clock());
    const counterId = actor.kind === 'device' && actor.deviceKind === 'pad' ? actor.counterId ?? undefined : undefined;
    return snapshotView(rt.cfg, rt.day, this.clock(), { counterId });
  }


  /** The rating a pad should offer now (its counter's last completed ticket, unrated, in the window). */
  pendingRating(counterId: string): Parameters<ServerToClientEvents['rating:requested']>[0] | null {
    const siteId = this.config.data.counters.find((c) => c.id === counterId)?.siteId;
    const rt = siteId ? this.sites.get(siteId) : undefined;
    if (!rt) return null;
    const rc = counterRuntime(rt.day, counterId);
    const t = rc.lastCompletedTicketId ? rt.day.tickets.get(rc.lastCompletedTicketId) : undefined;
    if (!t || t.rating || t.doneAt === undefined) return null;
    const until = t.doneAt + rt.cfg.site.settings.ratingWindowSeconds * 1000;
    if (until <= this.clock()) return null;
    return {
      ticket: publicTicketView(rt.cfg, rt.day, t), counter: counterRef(rt.cfg.counters.get(counterId)!),
      officerName: rc.officerName, until: new Date(until).toISOString(),
    };
  }

  async queue(actor: Actor, siteId: string): Promise<{ waiting: { serviceId: string; count: number; estimatedWaitSeconds: number }[]; counters: { counterId: string; ticket: Ticket | null }[] }> {
    const snap = await this.snapshot(actor, siteId);
    return { waiting: snap.waiting, counters: snap.current };
  }

  /** Waiting tickets a counter would call, in its order (officer console). */
  async waitingFor(actor: Actor, counterId: string): Promise<Ticket[]> {
    const siteId = this.siteOfCounter(counterId);
    this.assertStaff(actor, siteId);
    const rt = await this.site(siteId, this.clock());
    const c = rt.cfg.counters.get(counterId)!;
    return waitingForCounter(rt.day, c.serviceIds).map((t) => ticketView(rt.cfg, rt.day, t));
  }

  /** Today's figures of the signed-in officer. */
  async officerToday(actor: Actor): Promise<{ served: number; noShow: number; avgServiceSeconds: number | null; ratings: Record<'very_satisfied' | 'satisfied' | 'unsatisfied', number> }> {
    if (actor.kind !== 'user') throw new DomainError('forbidden');
    let served = 0, noShow = 0, total = 0;
    const ratings = { very_satisfied: 0, satisfied: 0, unsatisfied: 0 };
    for (const siteId of this.sites.keys()) {
      const rt = await this.site(siteId, this.clock());
      for (const t of rt.day.tickets.values()) {
        if (t.officerId !== actor.id) continue;
        if (t.status === 'done') { served++; if (t.calledAt !== undefined && t.doneAt !== undefined) total += (t.doneAt - t.calledAt) / 1000; }
        if (t.status === 'no_show') noShow++;
        if (t.rating) ratings[t.rating.level]++;
      }
    }
    return { served, noShow, avgServiceSeconds: served ? Math.round(total / served) : null, ratings };
  }

  /** Why each service cannot issue right now (kiosk buttons). */
  async issueState(siteId: string): Promise<Record<string, string | null>> {
    const now = this.clock();
    const rt = await this.site(siteId, now);
    const out: Record<string, string | null> = {};
    for (const s of rt.cfg.services.values()) out[s.id] = issueBlock(rt.cfg, rt.day, s.id, now);
    return out;
  }

  // ------------------------------------------------------------------ configuration (admin)
  assertAdmin(actor: Actor, siteId?: string): void {
    if (actor.kind !== 'user' || actor.role !== 'admin') throw new DomainError('forbidden');
    if (siteId && actor.siteIds.length > 0 && !actor.siteIds.includes(siteId)) throw new DomainError('wrong_site');
  }

  assertStaff(actor: Actor, siteId: string): void {
    if (actor.kind !== 'user') throw new DomainError('forbidden');
    if (!this.canSeeSite(actor, siteId)) throw new DomainError('wrong_site');
  }

  private requireSite(siteId: string): Site {
    const s = this.config.data.sites.find((x) => x.id === siteId);
    if (!s) throw new DomainError('site_not_found', 'siteId');
    return s;
  }

  listSites(actor: Actor): { id: string; name: string; timeZone: string }[] {
    return this.config.data.sites.filter((s) => this.canSeeSite(actor, s.id)).map((s) => ({ id: s.id, name: s.name, timeZone: s.timeZone }));
  }

  getSite(actor: Actor, siteId: string): Site {
    const s = this.requireSite(siteId);
    if (!this.canSeeSite(actor, siteId)) throw new DomainError('wrong_site');
    return s;
  }

  async createSite(actor: Actor, input: unknown): Promise<Site> {
    this.assertAdmin(actor);
    const body = parse('createSite', input);
    const timeZone = body.timeZone ?? this.opts.timeZone ?? DEFAULT_TIME_ZONE;
    if (!isValidTimeZone(timeZone)) throw new DomainError('invalid_input', 'timeZone', { field: 'timeZone' });
    const site: Site = { id: newId(), name: body.name, timeZone, settings: defaultSettings({ agencyName: body.name }) };
    this.config.data.sites.push(site);
    await this.saveConfig(actor, 'site.create', `site:${site.id}`, { name: site.name, timeZone });
    await this.openSite(site.id);
    return site;
  }

  /** Name and one-stop link settings of a site: agency code, dossier code pattern, portal URL template. */
  async updateSite(actor: Actor, siteId: string, input: unknown): Promise<Site> {
    this.assertAdmin(actor, siteId);
    const site = this.requireSite(siteId);
    const patch = parse('updateSite', input);
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (site as unknown as Record<string, unknown>)[k] = v === '' ? null : v;
    await this.saveConfig(actor, 'site.update', `site:${siteId}`, patch);
    this.refreshSiteConfig(siteId);
    return site;
  }

  async updateSettings(actor: Actor, siteId: string, input: unknown): Promise<Site> {
    this.assertAdmin(actor, siteId);
    const site = this.requireSite(siteId);
    const patch = parse('settings', input);
    site.settings = { ...site.settings, ...patch } as Site['settings'];
    await this.saveConfig(actor, 'settings.update', `site:${siteId}`, patch);
    this.refreshSiteConfig(siteId);
    this.broadcaster.emit({ site: siteId }, 'settings:changed', { siteId, settings: site.settings });
    this.broadcaster.emit({ staff: siteId }, 'settings:changed', { siteId, settings: site.settings });
    // Pads sit in their counter's room only; they need the reasons and the rating window too.
    for (const id of this.sites.get(siteId)?.cfg.counters.keys() ?? []) {
      this.broadcaster.emit({ pad: id }, 'settings:changed', { siteId, settings: site.settings });
    }
    return site;
  }

  listServices(actor: Actor, siteId: string): Service[] {
    this.requireSite(siteId);
    if (!this.canSeeSite(actor, siteId)) throw new DomainError('wrong_site');
    return this.config.data.services.filter((s) => s.siteId === siteId).sort((a, b) => a.code.localeCompare(b.code));
  }

  async createService(actor: Actor, input: unknown): Promise<Service> {
    const body = parse('createService', input);
    this.assertAdmin(actor, body.siteId);
    this.requireSite(body.siteId);
    if (this.config.data.services.some((s) => s.siteId === body.siteId && s.code === body.code)) throw new DomainError('code_taken', 'code', { code: body.code });
    const service: Service = {
      id: newId(), siteId: body.siteId, code: body.code, name: { vi: body.name.vi, en: body.name.en ?? body.name.vi },
      active: body.active ?? true, dailyCap: body.dailyCap ?? null, hours: body.hours ?? null,
    };
    this.config.data.services.push(service);
    await this.configChanged(body.siteId, actor, 'service.create', `service:${service.id}`, body);
    return service;
  }

  async updateService(actor: Actor, serviceId: string, input: unknown): Promise<Service> {
    const s = this.config.data.services.find((x) => x.id === serviceId);
    if (!s) throw new DomainError('service_not_found');
    this.assertAdmin(actor, s.siteId);
    const body = parse('updateService', input);
    if (body.name) s.name = { vi: body.name.vi, en: body.name.en ?? body.name.vi };
    if (body.dailyCap !== undefined) s.dailyCap = body.dailyCap;
    if (body.hours !== undefined) s.hours = body.hours;
    if (body.active !== undefined) s.active = body.active;
    await this.configChanged(s.siteId, actor, 'service.update', `service:${s.id}`, body);
    return s;
  }

  listCounters(actor: Actor, siteId: string): Counter[] {
    this.requireSite(siteId);
    if (!this.canSeeSite(actor, siteId)) throw new DomainError('wrong_site');
    const rt = this.sites.get(siteId)!;
    return sortedCounters(rt.cfg).map((c) => counterView(rt.day, c));
  }

  async createCounter(actor: Actor, input: unknown): Promise<Counter> {
    const body = parse('createCounter', input);
    this.assertAdmin(actor, body.siteId);
    this.requireSite(body.siteId);
    if (this.config.data.counters.some((c) => c.siteId === body.siteId && c.number === body.number)) throw new DomainError('number_taken', 'number', { number: body.number });
    this.assertServicesOfSite(body.siteId, body.serviceIds);
    const c: CounterConfig = { id: newId(), siteId: body.siteId, number: body.number, name: body.name || `Quầy ${body.number}`, serviceIds: [...new Set(body.serviceIds)] };
    this.config.data.counters.push(c);
    await this.configChanged(body.siteId, actor, 'counter.create', `counter:${c.id}`, body);
    return counterView(this.sites.get(body.siteId)!.day, c);
  }

  async updateCounter(actor: Actor, counterId: string, input: unknown): Promise<Counter> {
    const c = this.config.data.counters.find((x) => x.id === counterId);
    if (!c) throw new DomainError('counter_not_found');
    this.assertAdmin(actor, c.siteId);
    const body = parse('updateCounter', input);
    if (body.serviceIds) { this.assertServicesOfSite(c.siteId, body.serviceIds); c.serviceIds = [...new Set(body.serviceIds)]; }
    if (body.name !== undefined) c.name = body.name || `Quầy ${c.number}`;
    await this.configChanged(c.siteId, actor, 'counter.update', `counter:${c.id}`, body);
    return counterView(this.sites.get(c.siteId)!.day, c);
  }

  private assertServicesOfSite(siteId: string, serviceIds: string[]): void {
    for (const id of serviceIds) {
      if (!this.config.data.services.some((s) => s.id === id && s.siteId === siteId)) throw new DomainError('service_not_found', 'serviceIds', { field: 'serviceIds' });
    }
  }

  /** After a config change: persist, rebuild the site's view, and resync its screens. */
  private async configChanged(siteId: string, actor: Actor, action: string, target: string, detail: Record<string, unknown>): Promise<void> {
    await this.saveConfig(actor, action, target, detail);
    this.refreshSiteConfig(siteId);
    const rt = this.sites.get(siteId)!;
    const now = this.clock();
    this.broadcaster.emit({ site: siteId }, 'queue:snapshot', snapshotView(rt.cfg, rt.day, now));
    this.broadcaster.emit({ staff: siteId }, 'queue:snapshot', snapshotView(rt.cfg, rt.day, now));
    for (const id of rt.cfg.counters.keys()) {
      this.broadcaster.emit({ pad: id }, 'queue:snapshot', snapshotView(rt.cfg, rt.day, now, { counterId: id }));
    }
  }

  // ------------------------------------------------------------------ devices
  async createDevice(actor: Actor, input: unknown): Promise<{ device: Device; pairingCode: string; pairingExpiresAt: string }> {
    const body = parse('createDevice', input);
    this.assertAdmin(actor, body.siteId);
    this.requireSite(body.siteId);
    if (body.kind === 'pad') {
      if (!body.counterId) throw new DomainError('invalid_input', 'counterId', { field: 'counterId' });
    }
    if (body.counterId) {
      const c = this.config.data.counters.find((x) => x.id === body.counterId);
      if (!c || c.siteId !== body.siteId) throw new DomainError('counter_not_found', 'counterId');
    }
    if (body.printer && body.kind !== 'kiosk') throw new DomainError('invalid_input', 'printer', { field: 'printer' });
    const printerSettings = cleanPrinterSettings(body.printerSettings);
    if (printerSettings && body.kind !== 'kiosk') throw new DomainError('invalid_input', 'printerSettings', { field: 'printerSettings' });
    const now = this.clock();
    const device: StoredDevice = {
      id: newId(), siteId: body.siteId, kind: body.kind, name: body.name, counterId: body.kind === 'pad' ? body.counterId! : null,
      printer: body.printer ?? null, ...(printerSettings ? { printerSettings } : {}),
      createdAt: new Date(now).toISOString(), pairedAt: null, revokedAt: null, tokenHash: null,
    };
    this.config.data.devices.push(device);
    const { code, expiresAt } = this.addPairingCode(device.id, now);
    await this.saveConfig(actor, 'device.create', `device:${device.id}`, { kind: device.kind, name: device.name, counterId: device.counterId, printer: device.printer, ...(printerSettings ? { printerSettings } : {}) });
    this.onDevicesChanged?.();
    return { device: publicDevice(device), pairingCode: code, pairingExpiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Rename a device, or change a kiosk's printer: its address and its own print settings (each one
   * absent falls back to the site's; `printerSettings: null` clears them all). Audited.
   */
  async updateDevice(actor: Actor, deviceId: string, input: unknown): Promise<{ device: Device }> {
    const body = parse('updateDevice', input);
    const dev = this.config.data.devices.find((x) => x.id === deviceId);
    if (!dev) throw new DomainError('device_not_found');
    this.assertAdmin(actor, dev.siteId);
    if (dev.revokedAt) throw new DomainError('conflict');
    if (body.printer && dev.kind !== 'kiosk') throw new DomainError('invalid_input', 'printer', { field: 'printer' });
    const printerSettings = cleanPrinterSettings(body.printerSettings);
    if (printerSettings && dev.kind !== 'kiosk') throw new DomainError('invalid_input', 'printerSettings', { field: 'printerSettings' });
    const changed: Record<string, unknown> = {};
    if (body.name !== undefined && body.name !== dev.name) { dev.name = body.name; changed.name = body.name; }
    if (body.printer !== undefined && body.printer !== dev.printer) { dev.printer = body.printer; changed.printer = body.printer; }
    if (body.printerSettings !== undefined) {
      if (printerSettings) dev.printerSettings = printerSettings; else delete dev.printerSettings;
      changed.printerSettings = printerSettings;
    }
    if (Object.keys(changed).length) {
      await this.saveConfig(actor, 'device.update', `device:${dev.id}`, changed);
      this.onDevicesChanged?.();
      this.deviceChanged(dev.id);
    }
    return { device: this.deviceView(dev) };
  }

  /** A fresh pairing code for an existing device (re-pairing a replaced tablet). */
  async newPairingCode(actor: Actor, deviceId: string): Promise<{ pairingCode: string; pairingExpiresAt: string }> {
    const dev = this.config.data.devices.find((x) => x.id === deviceId);
    if (!dev) throw new DomainError('device_not_found');
    this.assertAdmin(actor, dev.siteId);
    if (dev.revokedAt) throw new DomainError('conflict');
    const { code, expiresAt } = this.addPairingCode(dev.id, this.clock());
    await this.saveConfig(actor, 'device.pairing_code', `device:${dev.id}`);
    return { pairingCode: code, pairingExpiresAt: new Date(expiresAt).toISOString() };
  }

  private addPairingCode(deviceId: string, now: number): { code: string; expiresAt: number } {
    const code = newPairingCode();
    const expiresAt = now + (this.opts.pairingCodeTtlMs ?? 15 * 60_000);
    const d = this.config.data;
    d.pairingCodes = d.pairingCodes.filter((p) => p.expiresAt > now && p.deviceId !== deviceId);
    d.pairingCodes.push({ codeHash: hashToken(code), deviceId, expiresAt });
    return { code, expiresAt };
  }

  async pair(input: unknown): Promise<{ token: string; device: Device }> {
    const { code } = parse('pair', input);
    const now = this.clock();
    const d = this.config.data;
    const h = hashToken(code.toUpperCase());
    const p = d.pairingCodes.find((x) => x.codeHash === h);
    if (!p || p.expiresAt <= now) throw new DomainError('pairing_code_invalid', 'code');
    const dev = d.devices.find((x) => x.id === p.deviceId);
    if (!dev || dev.revokedAt) throw new DomainError('pairing_code_invalid', 'code');
    const token = newToken();
    // A new pairing replaces the device's previous token, and the code is spent.
    if (dev.tokenHash) this.broadcaster.disconnect({ deviceId: dev.id }, 'repaired');
    dev.tokenHash = hashToken(token);
    dev.pairedAt = new Date(now).toISOString();
    d.pairingCodes = d.pairingCodes.filter((x) => x !== p);
    await this.saveConfig(null, 'device.pair', `device:${dev.id}`);
    return { token, device: publicDevice(dev) };
  }

  /** Fresh pairing codes for the demo devices not yet paired (printed at start so a newcomer can try every screen). */
  async demoPairingCodes(): Promise<{ kind: string; name: string; code: string }[]> {
    const out: { kind: string; name: string; code: string }[] = [];
    const now = this.clock();
    for (const d of this.config.data.devices) {
      if (!d.demo || d.pairedAt || d.revokedAt) continue;
      out.push({ kind: d.kind, name: d.name, code: this.addPairingCode(d.id, now).code });
    }
    if (out.length) await this.saveConfig(null, 'device.pairing_code', 'demo', { devices: out.length });
    return out;
  }

  listDevices(actor: Actor, siteId?: string): Device[] {
    this.assertAdmin(actor, siteId);
    return this.config.data.devices.filter((x) => (!siteId || x.siteId === siteId) && this.canSeeSite(actor, x.siteId)).map((d) => this.deviceView(d));
  }

  async revokeDevice(actor: Actor, deviceId: string): Promise<Device> {
    const dev = this.config.data.devices.find((x) => x.id === deviceId);
    if (!dev) throw new DomainError('device_not_found');
    this.assertAdmin(actor, dev.siteId);
    if (!dev.revokedAt) {
      dev.revokedAt = new Date(this.clock()).toISOString();
      dev.tokenHash = null;
      this.config.data.pairingCodes = this.config.data.pairingCodes.filter((p) => p.deviceId !== dev.id);
      await this.saveConfig(actor, 'device.revoke', `device:${dev.id}`);
      this.onDevicesChanged?.();
      this.broadcaster.disconnect({ deviceId: dev.id }, 'revoked');
      this.deviceChanged(dev.id);
    }
    return this.deviceView(dev);
  }

  /** A device as admins see it, with its live state. */
  deviceView(d: StoredDevice): Device {
    const v: Device = { ...publicDevice(d), online: this.isOnline(d.id) };
    if (d.kind === 'kiosk' && d.printer) v.printerStatus = this.printerStatus(d.id);
    return v;
  }

  /** The health of a kiosk's printer; set by the printing edge. */
  printerStatus: (deviceId: string) => Device['printerStatus'] = () => null;
  /** Called after devices were created, re-paired or revoked (the printing edge re-registers). */
  onDevicesChanged: (() => void) | null = null;

  /** Every device, for edges that keep per-device state (printing). */
  get devices(): readonly StoredDevice[] { return this.config.data.devices; }

  /** Tell the site's admins that a device changed (online, offline, revoked, printer state). */
  deviceChanged(deviceId: string): void {
    const d = this.device(deviceId);
    if (d) this.broadcaster.emit({ admins: d.siteId }, 'device:changed', { device: this.deviceView(d) });
  }

  device(deviceId: string): StoredDevice | undefined {
    return this.config.data.devices.find((x) => x.id === deviceId);
  }

  // ------------------------------------------------------------------ the demo
  /** Whether the demo made by the first start is still there, and what it holds (the admin's banner). */
  demoInfo(): { present: boolean; siteId: string | null; siteName: string | null; accounts: number; devices: number } {
    const d = this.config.data;
    const siteId = d.demo?.siteId ?? null;
    const site = siteId ? d.sites.find((s) => s.id === siteId) : undefined;
    const accounts = d.users.filter((u) => u.demo).length;
    const devices = d.devices.filter((x) => x.demo || (siteId !== null && x.siteId === siteId)).length;
    return { present: !!site || accounts > 0, siteId: site ? siteId : null, siteName: site?.name ?? null, accounts, devices };
  }

  private demoRemovedListeners = new Set<(siteId: string) => Promise<void> | void>();
  /** Be told when the demo site is removed, to drop what a module keeps of it (appointments). */
  onDemoRemoved(fn: (siteId: string) => Promise<void> | void): () => void {
    this.demoRemovedListeners.add(fn);
    return () => { this.demoRemovedListeners.delete(fn); };
  }

  /**
   * Remove the demo: its site with services, counters, devices, accounts (and their sessions), its
   * day logs, report summaries, the printed PNGs of the demo printer, and what other modules keep of
   * it (appointments). The hub is left as a fresh one without demo; the audit log records it.
   * Only an admin of every site may do it.
   */
  async removeDemo(actor: Actor): Promise<{ removed: { sites: number; services: number; counters: number; accounts: number; devices: number; days: number } }> {
    this.assertAdmin(actor);
    if (actor.kind !== 'user' || actor.siteIds.length > 0) throw new DomainError('forbidden');
    const info = this.demoInfo();
    if (!info.present) throw new DomainError('not_found');
    const d = this.config.data;
    const siteId = info.siteId;
    const me = d.users.find((u) => u.id === actor.id);
    if (me?.demo) throw new DomainError('conflict');
    const users = d.users.filter((u) => u.demo);
    const userIds = new Set(users.map((u) => u.id));
    const devices = d.devices.filter((x) => x.demo || (siteId !== null && x.siteId === siteId));
    const deviceIds = new Set(devices.map((x) => x.id));
    const services = siteId ? d.services.filter((x) => x.siteId === siteId).length : 0;
    const counters = siteId ? d.counters.filter((x) => x.siteId === siteId).length : 0;
    const days = siteId ? (await this.store.listDays(siteId)).length : 0;
    // Close the site's open day first, so that nothing writes to the files being removed.
    const rt = siteId ? this.sites.get(siteId) : undefined;
    if (rt) {
      if (rt.rolling) await rt.rolling;
      await this.store.closeDay(siteId!);
      for (const id of rt.day.tickets.keys()) this.ticketSite.delete(id);
      this.sites.delete(siteId!);
    }
    if (siteId) {
      d.sites = d.sites.filter((x) => x.id !== siteId);
      d.services = d.services.filter((x) => x.siteId !== siteId);
      d.counters = d.counters.filter((x) => x.siteId !== siteId);
      for (const k of d.integrations) k.siteIds = k.siteIds.filter((x) => x !== siteId);
      for (const w of d.webhooks) w.siteIds = w.siteIds.filter((x) => x !== siteId);
    }
    for (const u of d.users) if (!userIds.has(u.id) && siteId) u.siteIds = u.siteIds.filter((x) => x !== siteId);
    const endedSessions = d.sessions.filter((s) => userIds.has(s.userId));
    d.users = d.users.filter((u) => !userIds.has(u.id));
    d.sessions = d.sessions.filter((s) => !userIds.has(s.userId));
    d.devices = d.devices.filter((x) => !deviceIds.has(x.id));
    d.pairingCodes = d.pairingCodes.filter((p) => !deviceIds.has(p.deviceId));
    d.demo = null;
    const removed = { sites: siteId ? 1 : 0, services, counters, accounts: users.length, devices: devices.length, days };
    await this.saveConfig(actor, 'demo.remove', siteId ? `site:${siteId}` : null, { ...removed, usernames: users.map((u) => u.username) });
    for (const s of endedSessions) this.broadcaster.disconnect({ tokenHash: s.tokenHash }, 'revoked');
    for (const id of deviceIds) this.broadcaster.disconnect({ deviceId: id }, 'revoked');
    this.onDevicesChanged?.();
    if (siteId) {
      for (const fn of this.demoRemovedListeners) await fn(siteId);
      await this.store.removeSite(siteId);
    }
    this.log(`demo removed (${JSON.stringify(removed)})`);
    return { removed };
  }

  // ------------------------------------------------------------------ users
  async createUser(actor: Actor, input: unknown): Promise<User> {
    this.assertAdmin(actor);
    const body = parse('createUser', input);
    if (this.config.data.users.some((u) => u.username === body.username)) throw new DomainError('username_taken', 'username');
    for (const s of body.siteIds ?? []) this.requireSite(s);
    // An admin of some sites creates accounts of those sites only, never one of every site.
    if (actor.kind === 'user' && actor.siteIds.length > 0) {
      const wanted = body.siteIds ?? [];
      if (wanted.length === 0 || wanted.some((s) => !actor.siteIds.includes(s))) throw new DomainError('wrong_site');
    }
    const u = await this.newUser(body, this.clock());
    this.config.data.users.push(u);
    await this.saveConfig(actor, 'user.create', `user:${u.id}`, { username: u.username, name: u.name, role: u.role, siteIds: u.siteIds });
    return publicUser(u);
  }

  listUsers(actor: Actor): User[] {
    this.assertAdmin(actor);
    return this.config.data.users.map(publicUser);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.store.close();
  }

  /** Read access for reports and audits. */
  get configData(): ConfigDoc { return this.config.data; }
  dayOf(siteId: string): DayState | undefined { return this.sites.get(siteId)?.day; }
  siteConfigOf(siteId: string): SiteConfig | undefined { return this.sites.get(siteId)?.cfg; }
}

/** Documents written before the one-stop link have no integrations or webhooks yet. */
function upgradeConfig(d: ConfigDoc): void {
  d.integrations ??= [];
  d.webhooks ??= [];
}

/**
 * A data dir seeded before the demo was marked (format 1) has the site `demo`, demo devices and the
 * officers canbo1/canbo2 of that site: mark them, so that the banner and "remove demo data" see them.
 */
export function markOldDemo(d: ConfigDoc): void {
  if (d.demo !== undefined) return;
  const site = d.sites.find((s) => s.id === 'demo');
  if (!site || !d.devices.some((x) => x.demo)) { d.demo = null; return; }
  d.demo = { siteId: site.id, createdAt: d.users.find((u) => u.username === 'admin')?.createdAt ?? new Date(0).toISOString() };
  for (const u of d.users) {
    if (u.role === 'officer' && u.siteIds.length === 1 && u.siteIds[0] === site.id && /^canbo[12]$/.test(u.username)) u.demo = true;
  }
}

export function publicUser(u: StoredUser): User {
  return { id: u.id, username: u.username, name: u.name, role: u.role, siteIds: u.siteIds, active: u.active };
}

/** A kiosk printer's own settings as kept: only the ones set; none at all is null (the site's settings). */
function cleanPrinterSettings(p: DevicePrinterSettings | null | undefined): DevicePrinterSettings | null {
  if (!p) return null;
  const out: DevicePrinterSettings = {};
  if (p.paperWidthMm !== undefined) out.paperWidthMm = p.paperWidthMm;
  if (p.printMode !== undefined) out.printMode = p.printMode;
  if (p.printerType !== undefined) out.printerType = p.printerType;
  if (p.textCodePage !== undefined) out.textCodePage = p.textCodePage;
  return Object.keys(out).length ? out : null;
}

export function publicDevice(d: StoredDevice): Device {
  const { tokenHash: _t, ...rest } = d;
  return rest;
}

function actorLabel(actor: Actor | null): string {
  if (!actor) return 'system';
  switch (actor.kind) {
    case 'user': return `user:${actor.id}`;
    case 'device': return `device:${actor.id}`;
    case 'integration': return `integration:${actor.id}`;
    case 'ticket': return 'public';
    case 'system': return 'system';
  }
}
