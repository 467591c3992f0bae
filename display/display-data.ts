// The lobby display's data layer: pairing, the socket, and the state reduced from snapshot and
// events. Every (re)connect brings a snapshot that replaces the state, so a display converges by
// itself after a network cut or a hub restart. Live calls are passed to `onCall` listeners (voice).
// While the site shows its transparency panel, the day's figures are fetched every minute and soon
// after a ticket is done or the settings change (at most every 10 s; the hub caches them 5 s).
import { ApiError, HubClient, type Connection } from '../common/client.js';
import { SiteClock } from '../common/ui/site-clock.js';
import {
  fromSnapshot, onCalled, onCounterChanged, onSettings, onTicketChanged, onWaiting, type Call, type DisplayState,
} from './display-state.js';
import { RefreshSchedule, type Transparency } from './transparency.js';

export class DisplayData {
  readonly client = new HubClient({ screen: 'display' });
  state: DisplayState | null = null;
  clock = new SiteClock();
  pairError: { code: string; message: string } | null = null;
  /** The site's figures for the transparency panel; null until fetched, or when refused. */
  transparency: Transparency | null = null;
  readonly transparencySchedule = new RefreshSchedule(() => void this.fetchTransparency());
  private listeners = new Set<() => void>();
  private callListeners = new Set<(call: Call) => void>();
  private voiceListeners = new Set<(e: { siteId: string; pack: string }) => void>();

  get connection(): Connection {
    if (!this.client.token && this.client.connection !== 'revoked') return 'unpaired';
    return this.client.connection;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private notify(): void { for (const fn of this.listeners) fn(); }

  /** The hub says the clips of the site's voice pack changed (a recording, an import). */
  onVoicePack(fn: (e: { siteId: string; pack: string; clips?: string[] }) => void): () => void {
    this.voiceListeners.add(fn);
    return () => this.voiceListeners.delete(fn);
  }

  /** Every live call and recall, in the order the hub sent them (not those of a snapshot). */
  onCall(fn: (call: Call) => void): () => void {
    this.callListeners.add(fn);
    return () => this.callListeners.delete(fn);
  }

  private set(next: DisplayState | null) {
    this.state = next;
    this.followTransparencySetting();
    this.notify();
  }

  /** Poll the figures while the site's setting asks for the panel; stop (and forget them) when it does not. */
  private followTransparencySetting(): void {
    const show = this.state?.settings.showTransparency === true;
    if (show && !this.transparencySchedule.active) this.transparencySchedule.start();
    if (!show && this.transparencySchedule.active) {
      this.transparencySchedule.stop();
      this.transparency = null;
    }
  }

  /** Apply a change that may alter the figures: ask for them again (a schedule that starts now fetches by itself). */
  private refreshAfter(change: () => void): void {
    const wasActive = this.transparencySchedule.active;
    change();
    if (wasActive) this.transparencySchedule.request();
  }

  private async fetchTransparency(): Promise<void> {
    const siteId = this.state?.siteId;
    if (!siteId) return;
    try {
      const t = await this.client.api<Transparency>('GET', `/api/reports/transparency?siteId=${encodeURIComponent(siteId)}`);
      if (this.state?.siteId !== t.siteId || !this.transparencySchedule.active) return;
      this.transparency = t;
    } catch (e) {
      // Offline: keep the figures while they are of today. Refused (an older hub, another site): none.
      const status = e instanceof ApiError ? e.status : 0;
      if (status === 403 || status === 404 || (this.transparency && this.transparency.date !== this.clock.local().date)) this.transparency = null;
    }
    this.notify();
  }

  async start(): Promise<void> {
    this.client.subscribe(() => this.notify());
    try {
      await this.client.pairFromAddress();
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'offline', String(e));
      this.pairError = { code: err.code, message: err.message };
    }
    if (!this.client.token) { this.notify(); return; }
    const socket = this.client.connect();
    socket.on('queue:snapshot', (snap) => {
      this.clock = new SiteClock({ serverTime: snap.serverTime });
      this.refreshAfter(() => this.set(fromSnapshot(snap, this.state)));
    });
    socket.on('ticket:called', (e) => {
      if (!this.state) return;
      this.set(onCalled(this.state, e));
      const call = this.state.recentCalls[0];
      if (call) for (const fn of this.callListeners) fn(call);
    });
    socket.on('ticket:done', (e) => { if (this.state) this.refreshAfter(() => this.set(onTicketChanged(this.state!, e))); });
    socket.on('ticket:updated', (e) => { if (this.state) this.set(onTicketChanged(this.state, e)); });
    socket.on('counter:changed', (e) => { if (this.state) this.set(onCounterChanged(this.state, e)); });
    socket.on('queue:waiting', (e) => { if (this.state) this.set(onWaiting(this.state, e)); });
    socket.on('settings:changed', (e) => { if (this.state) this.refreshAfter(() => this.set(onSettings(this.state!, e))); });
    socket.on('voice:pack', (e) => { for (const fn of this.voiceListeners) fn(e); });
    this.notify();
  }
}
