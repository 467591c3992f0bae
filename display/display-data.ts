// The lobby display's data layer: pairing, the socket, and the state reduced from snapshot and
// events. Every (re)connect brings a snapshot that replaces the state, so a display converges by
// itself after a network cut or a hub restart. Live calls are passed to `onCall` listeners (voice).
import { ApiError, HubClient, type Connection } from '../common/client.js';
import { SiteClock } from '../common/ui/site-clock.js';
import {
  fromSnapshot, onCalled, onCounterChanged, onSettings, onTicketChanged, onWaiting, type Call, type DisplayState,
} from './display-state.js';

export class DisplayData {
  readonly client = new HubClient({ screen: 'display' });
  state: DisplayState | null = null;
  clock = new SiteClock();
  pairError: { code: string; message: string } | null = null;
  private listeners = new Set<() => void>();
  private callListeners = new Set<(call: Call) => void>();

  get connection(): Connection {
    if (!this.client.token && this.client.connection !== 'revoked') return 'unpaired';
    return this.client.connection;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private notify(): void { for (const fn of this.listeners) fn(); }

  /** Every live call and recall, in the order the hub sent them (not those of a snapshot). */
  onCall(fn: (call: Call) => void): () => void {
    this.callListeners.add(fn);
    return () => this.callListeners.delete(fn);
  }

  private set(next: DisplayState | null) {
    this.state = next;
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
      this.set(fromSnapshot(snap, this.state));
    });
    socket.on('ticket:called', (e) => {
      if (!this.state) return;
      this.set(onCalled(this.state, e));
      const call = this.state.recentCalls[0];
      if (call) for (const fn of this.callListeners) fn(call);
    });
    socket.on('ticket:done', (e) => { if (this.state) this.set(onTicketChanged(this.state, e)); });
    socket.on('ticket:updated', (e) => { if (this.state) this.set(onTicketChanged(this.state, e)); });
    socket.on('counter:changed', (e) => { if (this.state) this.set(onCounterChanged(this.state, e)); });
    socket.on('queue:waiting', (e) => { if (this.state) this.set(onWaiting(this.state, e)); });
    socket.on('settings:changed', (e) => { if (this.state) this.set(onSettings(this.state, e)); });
    this.notify();
  }
}
