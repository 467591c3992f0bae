// The data layer every screen uses: pairing from the address, the stored token, typed HTTP calls,
// and a socket that delivers a snapshot on every (re)connect and then changes.
// Components never call fetch or socket.emit themselves; they read `state` and call methods here.
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, CommandName, Commands, ServerToClientEvents } from './events.js';
import type { Lang, QueueSnapshot } from './types.js';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Connection = 'connecting' | 'online' | 'offline' | 'unpaired' | 'revoked';

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string) { super(message); }
}

/** Anything a call threw, as an ApiError: the hub's own answer, or `offline` for a network failure. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'offline', String((e as Error)?.message ?? e));
}

const tokenKey = (screen: string) => `luot.token.${screen}`;
/** Several hubs without a proxy: the hub addresses given at pairing (LUOT_HUB_URLS). */
const hubsKey = (screen: string) => `luot.hubs.${screen}`;
const LANG_KEY = 'luot.lang';

export function storedLang(): Lang {
  return (localStorage.getItem(LANG_KEY) as Lang | null) ?? 'vi';
}
export function storeLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
}

export interface HubClientOptions {
  /** Key under which the token is kept, e.g. "kiosk", "display", "pad", "counter". */
  screen: string;
  /** Handshake auth for public pages that have no token, e.g. { ticketId }. */
  auth?: Record<string, string>;
  baseUrl?: string;
}

export class HubClient {
  readonly screen: string;
  readonly baseUrl: string;
  token: string | null;
  socket: HubSocket | null = null;
  connection: Connection = 'connecting';
  snapshot: QueueSnapshot | null = null;
  private listeners = new Set<() => void>();
  private extraAuth: Record<string, string>;
  /** Hubs to move to when this one goes away (from the pairing answer); empty behind a proxy. */
  hubs: string[] = [];
  /** The hub used now: -1 the page's own (baseUrl), else an index in `hubs`. */
  private hubIndex = -1;

  constructor(opts: HubClientOptions) {
    this.screen = opts.screen;
    this.baseUrl = opts.baseUrl ?? '';
    this.extraAuth = opts.auth ?? {};
    this.token = localStorage.getItem(tokenKey(this.screen));
    try { this.hubs = JSON.parse(localStorage.getItem(hubsKey(this.screen)) ?? '[]') as string[]; } catch { this.hubs = []; }
  }

  /** Where HTTP calls and the socket go now. */
  get hubBase(): string { return this.hubIndex < 0 ? this.baseUrl : this.hubs[this.hubIndex]!; }

  /** Move on to the next listed hub (the socket reconnects there and gets a fresh snapshot). */
  private nextHub(): void {
    if (this.hubs.length === 0) return;
    this.hubIndex = (this.hubIndex + 1) % this.hubs.length;
    const m = this.socket?.io as unknown as { uri: string } | undefined;
    if (m) m.uri = this.hubBase || location.origin;
  }

  /** Re-render hook: called after every change of connection or snapshot. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  notify(): void { for (const fn of this.listeners) fn(); }

  setToken(token: string | null): void {
    this.token = token;
    if (token) localStorage.setItem(tokenKey(this.screen), token);
    else localStorage.removeItem(tokenKey(this.screen));
  }

  /**
   * Pair a device from `?pair=CODE` in the address, keep the token, and drop the code from the
   * address bar. Returns true when a code was present and accepted.
   */
  async pairFromAddress(): Promise<boolean> {
    const url = new URL(location.href);
    const code = url.searchParams.get('pair');
    if (!code) return false;
    url.searchParams.delete('pair');
    history.replaceState(null, '', url.pathname + (url.search ? url.search : '') + url.hash);
    const res = await this.api<{ token: string; hubUrls?: string[] }>('POST', '/api/devices/pair', { code });
    this.setToken(res.token);
    this.hubs = res.hubUrls ?? [];
    if (this.hubs.length) localStorage.setItem(hubsKey(this.screen), JSON.stringify(this.hubs));
    else localStorage.removeItem(hubsKey(this.screen));
    return true;
  }

  async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'Accept-Language': storedLang() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(this.hubBase + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      // The hub is gone: the next call goes to the next listed hub (a read is tried there at once;
      // a write is not repeated, it may have been done).
      if (this.hubs.length === 0) throw e;
      this.nextHub();
      if (method !== 'GET') throw e;
      res = await fetch(this.hubBase + path, { method, headers });
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    if (!res.ok) {
      const err = json?.error ?? { code: 'http_' + res.status, message: res.statusText };
      if (res.status === 401 && this.token && path !== '/api/auth/login') this.onAuthLost(err.code);
      throw new ApiError(res.status, err.code, err.message);
    }
    return json as T;
  }

  /** Run a command over the socket (same rules as HTTP); rejects with ApiError. */
  command<K extends CommandName>(name: K, args: Commands[K]['args'], timeoutMs = 8000): Promise<Commands[K]['result']> {
    return new Promise((resolve, reject) => {
      const s = this.socket;
      if (!s || !s.connected) return reject(new ApiError(0, 'offline', 'offline'));
      const emit = s.timeout(timeoutMs).emit as unknown as (n: string, a: unknown, cb: (err: unknown, res: Ack<Commands[K]['result']>) => void) => void;
      emit.call(s.timeout(timeoutMs), name, args, (err, res) => {
        if (err) return reject(new ApiError(0, 'timeout', 'timeout'));
        if ('error' in res) return reject(new ApiError(400, res.error.code, res.error.message));
        resolve(res.data);
      });
    });
  }

  /** Open the socket. Every (re)connect brings a fresh `queue:snapshot`. */
  connect(): HubSocket {
    if (this.socket) return this.socket;
    const auth = { ...this.extraAuth, ...(this.token ? { token: this.token } : {}) };
    const socket: HubSocket = io(this.hubBase || undefined, {
      auth,
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
    });
    this.socket = socket;
    socket.on('connect', () => { this.connection = 'online'; this.notify(); });
    // Several hubs: each reconnection attempt goes to the next listed hub (the snapshot resyncs).
    socket.io.on('reconnect_attempt', () => this.nextHub());
    socket.on('disconnect', (reason) => {
      this.connection = 'offline';
      this.notify();
      // A hub that shuts down cleanly closes every socket itself ("io server disconnect"), and
      // socket.io does not reconnect after that on its own: keep trying, so that a screen comes
      // back by itself when the hub restarts. (A revoked token drops this.socket first.)
      if (reason === 'io server disconnect') {
        setTimeout(() => { if (this.socket === socket && !socket.connected) { this.nextHub(); socket.connect(); } }, 1000);
      }
    });
    socket.on('connect_error', (err) => {
      const code = (err as Error & { data?: { code?: string } }).data?.code;
      if (code === 'unauthorized' || code === 'token_expired' || code === 'forbidden') this.onAuthLost(code);
      else { this.connection = 'offline'; this.notify(); }
    });
    socket.on('queue:snapshot', (snap) => { this.snapshot = snap; this.notify(); });
    socket.on('auth:revoked', (e) => this.onAuthLost(e.reason));
    return socket;
  }

  private onAuthLost(_code: string): void {
    this.setToken(null);
    this.connection = this.screen === 'counter' ? 'unpaired' : 'revoked';
    this.socket?.disconnect();
    this.socket = null;
    this.notify();
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
  }
}
