// The hub's security edge: response headers, query checks, throttles (sign-in, pairing, issuing,
// the public ticket page, socket events), session expiry of sockets, and the audit entries of
// lockouts. One instance per hub (`securityOf(hub)`), used by the HTTP app, the socket server and
// the command layer (`hub.guard`), so HTTP and sockets share one budget per kiosk and per address.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Socket } from 'socket.io';
import { DomainError } from '../../common/errors.js';
import type { CommandName } from '../../common/events.js';
import { hashToken } from '../app/crypto.js';
import type { Hub } from '../app/hub.js';
import type { Actor } from '../domain/model.js';
import { errorAnswer, langFromHeader } from '../http/errors.js';
import { ADMIN_PERMISSIONS_POLICY, SECURITY_HEADERS } from './headers.js';
import { AccountLockout, RateLimiter } from './limiter.js';
import { checkQuery } from './queries.js';
import { loadSecuritySettings, type SecuritySettings } from './settings.js';
import { isIntegrationKey } from '../integrations/integrations.js';
import { SharedLockout } from '../cluster/shared-lockout.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySocket = Socket<any, any, any, any>;

/** The longest a timer may wait in Node (about 24.8 days); longer expiries re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function clientIp(addr: string | undefined): string {
  if (!addr) return 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

function rateLimited(retryAfterSeconds: number): DomainError {
  return new DomainError('rate_limited', undefined, { retryAfterSeconds });
}

export class Security {
  private readonly issue: RateLimiter;
  private readonly ticketPage: RateLimiter;
  private readonly loginIp: RateLimiter;
  private readonly pairIp: RateLimiter;
  /** Requests per integration key: a budget of its own, far above a kiosk's (docs/integration.md). */
  private readonly integration: RateLimiter;
  readonly lockout: AccountLockout;
  /** Several hubs (a shared store): the account lock counted in the audit log, on every hub. */
  private readonly shared: SharedLockout | null;

  constructor(readonly hub: Hub, readonly settings: SecuritySettings, private readonly log: (m: string) => void = () => {}) {
    const s = settings;
    this.issue = new RateLimiter(s.issue.perMinute, s.issue.burst);
    this.ticketPage = new RateLimiter(s.ticketPagePerIpPerMinute, s.ticketPagePerIpPerMinute);
    this.loginIp = new RateLimiter(s.login.failuresPerIpPerMinute, s.login.failuresPerIpPerMinute);
    this.pairIp = new RateLimiter(s.pairFailuresPerIpPerMinute, s.pairFailuresPerIpPerMinute);
    this.integration = new RateLimiter(s.integration.perMinute, s.integration.burst, 10_000);
    this.lockout = new AccountLockout(s.login.maxFailures, s.login.lockoutMs);
    this.shared = hub.store.kind !== 'files' && s.rateLimits ? new SharedLockout(hub.store, s.login.maxFailures, s.login.lockoutMs) : null;
    if (s.rateLimits) hub.guard = (actor, name) => this.guardCommand(actor, name);
  }

  private now(): number { return this.hub.clock(); }

  // ------------------------------------------------------------------ the command layer
  /** Before every command, HTTP or socket: a kiosk (or an account) issues at a human pace. */
  guardCommand(actor: Actor, name: CommandName): void {
    if (name !== 'ticket:issue') return;
    // Only those who may issue are counted; a display or a pad is refused by the core (403). An
    // admin is never throttled like a kiosk, and an integration has its own budget (per request).
    const key = (actor.kind === 'device' && actor.deviceKind === 'kiosk') || (actor.kind === 'user' && actor.role !== 'admin') ? actor.id : null;
    if (!key) return;
    const wait = this.issue.take(key, this.now());
    if (wait) throw rateLimited(wait);
  }

  // ------------------------------------------------------------------ HTTP
  /** Headers on every answer; on /api: no caching, query checks, and the throttles of the routes. */
  readonly http: RequestHandler = (req, res, next) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (req.path === '/admin') res.setHeader('Permissions-Policy', ADMIN_PERMISSIONS_POLICY);
    if (!req.path.startsWith('/api/')) { next(); return; }
    res.setHeader('Cache-Control', 'no-store');
    try {
      checkQuery(req.method, req.path, req.query as Record<string, unknown>);
    } catch (e) {
      next(e);
      return;
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    if (isIntegrationKey(token)) { this.integrationGate(req, res, next, token!); return; }
    if (!this.settings.rateLimits) { next(); return; }
    const ip = clientIp(req.socket.remoteAddress);
    if (req.method === 'POST' && req.path === '/api/auth/login') { this.loginGate(req, res, next, ip); return; }
    if (req.method === 'POST' && req.path === '/api/devices/pair') { this.pairGate(req, res, next, ip); return; }
    if (req.method === 'GET' && /^\/api\/tickets\/[^/]+$/.test(req.path)) {
      const wait = this.ticketPage.take(ip, this.now());
      if (wait) { this.refuse(res, next, wait); return; }
    }
    next();
  };

  /**
   * A request with an integration key: its own throttle, and every use in the audit log under the
   * key's label (`integration:<id>`), with the route and the answer's status.
   */
  private integrationGate(req: Request, res: Response, next: NextFunction, token: string): void {
    if (this.settings.rateLimits) {
      const wait = this.integration.take(hashToken(token), this.now());
      if (wait) { this.refuse(res, next, wait); return; }
    }
    let actor: Actor | null = null;
    try { actor = this.hub.authenticate(token); } catch { /* the route answers 401 */ }
    if (actor) {
      const a = actor;
      const route = `${req.method} ${req.path}`;
      this.onOutcome(res, (status) => {
        this.hub.appendAudit(a, 'integration.request', route, { status })
          .catch((e) => this.log(`security: audit of an integration request failed: ${(e as Error).message}`));
      });
    }
    next();
  }

  private refuse(res: Response, next: NextFunction, wait: number): void {
    res.setHeader('Retry-After', String(wait));
    next(rateLimited(wait));
  }

  /** Run `decide` once the answer is known: finished (with its status) or dropped (null). */
  private onOutcome(res: Response, decide: (status: number | null) => void): void {
    let done = false;
    const once = (status: number | null) => { if (!done) { done = true; decide(status); } };
    res.once('finish', () => once(res.statusCode));
    res.once('close', () => once(res.writableFinished ? res.statusCode : null));
  }

  /**
   * Sign-in: at most `failuresPerIpPerMinute` failures per address, and `maxFailures` per account
   * before it is locked for `lockoutMs` (a correct password included). A lock is audited.
   */
  private loginGate(req: Request, res: Response, next: NextFunction, ip: string): void {
    const body = req.body as { username?: unknown; password?: unknown } | undefined;
    // A malformed body is refused by the route (400) and counts for nothing.
    if (!body || typeof body !== 'object' || typeof body.username !== 'string' || typeof body.password !== 'string') { next(); return; }
    const username = body.username.trim().slice(0, 64);
    const now = this.now();
    const ipWait = this.loginIp.take(ip, now);
    if (ipWait) { this.refuse(res, next, ipWait); return; }
    const acctWait = this.lockout.begin(username, now);
    if (acctWait) { this.refuse(res, next, acctWait); return; }
    const go = () => {
      this.onOutcome(res, (status) => {
        if (status === 200) { this.lockout.succeed(username); this.loginIp.refund(ip); return; }
        if (status === 401) { this.loginFailed(username, ip, 'login'); return; }
        this.lockout.abandon(username);
        if (status !== null) this.loginIp.refund(ip);
      });
      next();
    };
    const user = this.shared ? this.hub.configData.users.find((u) => u.username === username) : undefined;
    if (!this.shared || !user) { go(); return; }
    // Several hubs: the failures other hubs counted for this account count here too.
    this.shared.lockedFor(`user:${user.id}`, now).then((wait) => {
      if (wait) { this.lockout.abandon(username); this.refuse(res, next, wait); } else go();
    }, (e) => { this.lockout.abandon(username); next(e); });
  }

  /** A failed password of an account (sign-in or password change): count it, and audit a lock. */
  loginFailed(username: string, ip: string, via: 'login' | 'password'): void {
    const until = this.lockout.fail(username, this.now());
    const user = this.hub.configData.users.find((u) => u.username === username);
    // Several hubs: every failed password of a real account is counted in the shared audit log.
    if (this.shared && user) {
      this.hub.appendAudit(null, 'auth.failed', `user:${user.id}`, { username, ip, via })
        .catch((e) => this.log(`security: audit of a failed sign-in failed: ${(e as Error).message}`));
    }
    if (until === null) return;
    this.log(`security: account ${JSON.stringify(username)} locked until ${new Date(until).toISOString()} after ${this.settings.login.maxFailures} failed ${via === 'login' ? 'sign-ins' : 'password changes'} (last from ${ip})`);
    // Unknown names are locked as well (the answer must not tell them apart) but not audited, so
    // that a script cannot fill the audit log with names it made up.
    if (!user) return;
    this.hub.appendAudit(null, 'auth.lockout', `user:${user.id}`, {
      username, ip, via, failures: this.settings.login.maxFailures, lockedUntil: new Date(until).toISOString(),
    }).catch((e) => this.log(`security: audit of a lockout failed: ${(e as Error).message}`));
  }

  /** For the password change: the same account lock as sign-in. 0, or the seconds it is locked. */
  beginPasswordAttempt(username: string): number {
    return this.settings.rateLimits ? this.lockout.begin(username, this.now()) : 0;
  }

  endPasswordAttempt(username: string, ip: string, outcome: 'ok' | 'wrong' | 'other'): void {
    if (!this.settings.rateLimits) return;
    if (outcome === 'ok') this.lockout.succeed(username);
    else if (outcome === 'wrong') this.loginFailed(username, ip, 'password');
    else this.lockout.abandon(username);
  }

  /** Pairing: failed codes per address (a code is 8 of 32 characters and lives 15 minutes). */
  private pairGate(req: Request, res: Response, next: NextFunction, ip: string): void {
    const body = req.body as { code?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.code !== 'string') { next(); return; }
    const wait = this.pairIp.take(ip, this.now());
    if (wait) { this.refuse(res, next, wait); return; }
    this.onOutcome(res, (status) => { if (status !== null && status !== 409) this.pairIp.refund(ip); });
    next();
  }

  /** For the HTTP error handler: Retry-After on a 429, and express's own 4xx errors as coded ones. */
  httpError(err: unknown, res: Response): unknown {
    if (err instanceof DomainError) {
      const wait = err.params.retryAfterSeconds;
      if (err.code === 'rate_limited' && wait !== undefined && !res.headersSent) res.setHeader('Retry-After', String(wait));
      return err;
    }
    const e = err as { status?: unknown; statusCode?: unknown; type?: unknown } | null;
    const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 0;
    const known = typeof e?.type === 'string' && ['entity.too.large', 'entity.parse.failed', 'encoding.unsupported', 'charset.unsupported'].includes(e.type);
    // e.g. a path that is not valid percent-encoding: the router and the static files answer 400.
    if (!known && status >= 400 && status < 500) {
      if (status === 404) return new DomainError('not_found');
      if (status === 413) return new DomainError('payload_too_large');
      return new DomainError('invalid_input', 'request', { field: 'request' });
    }
    return err;
  }

  // ------------------------------------------------------------------ sockets
  /** Before the handshake's authentication: ticket-page sockets count like ticket-page reads. */
  readonly socketHandshake = (socket: AnySocket, next: (err?: Error) => void): void => {
    const lang = langFromHeader(socket.handshake.headers['accept-language']);
    const refuse = (e: DomainError, extra: Record<string, unknown> = {}) => {
      const a = errorAnswer(e, lang);
      next(Object.assign(new Error(a.body.error.message), { data: { code: a.body.error.code, ...(e.field ? { field: e.field } : {}), ...extra } }));
    };
    const auth = (socket.handshake.auth ?? {}) as { token?: unknown; ticketId?: unknown; siteId?: unknown };
    // The handshake's payload, like any other: known fields of the right type and size.
    for (const [k, v] of Object.entries(auth)) {
      const max = k === 'token' ? 256 : 64;
      if (!['token', 'ticketId', 'siteId'].includes(k) || (v !== undefined && (typeof v !== 'string' || v.length > max))) {
        refuse(new DomainError('invalid_input', k, { field: k }));
        return;
      }
    }
    if (typeof auth.siteId === 'string' && !this.hub.configData.sites.some((s) => s.id === auth.siteId)) {
      refuse(new DomainError('site_not_found', 'siteId'));
      return;
    }
    if (this.settings.rateLimits && auth.ticketId !== undefined && !auth.token) {
      const wait = this.ticketPage.take(clientIp(socket.handshake.address), this.now());
      if (wait) { refuse(rateLimited(wait), { retryAfterSeconds: wait }); return; }
    }
    next();
  };

  /** On an accepted connection: a budget of events, and the end of the user's session. */
  onConnection(socket: AnySocket): void {
    const lang = langFromHeader(socket.handshake.headers['accept-language']);
    if (this.settings.rateLimits) {
      const { perSecond, burst } = this.settings.socketEvents;
      const events = new RateLimiter(perSecond * 60, burst, 1);
      socket.use((packet, next) => {
        const wait = events.take('', this.now());
        if (!wait) { next(); return; }
        const ack = packet[packet.length - 1];
        if (typeof ack === 'function') (ack as (r: unknown) => void)(errorAnswer(rateLimited(wait), lang).body);
        // Dropped: a flood does not reach the handlers.
      });
    }
    const actor = (socket.data as { actor?: Actor } | undefined)?.actor;
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (actor?.kind !== 'user' || typeof token !== 'string') return;
    const hash = hashToken(token);
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      const session = this.hub.configData.sessions.find((s) => s.tokenHash === hash);
      if (!session) { socket.disconnect(true); return; }
      const left = session.expiresAt - this.now();
      if (left <= 0) {
        socket.emit('auth:revoked', { reason: 'token_expired' });
        socket.disconnect(true);
        return;
      }
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      timer.unref();
    };
    arm();
    socket.once('disconnect', () => { if (timer) clearTimeout(timer); });
  }
}

const instances = new WeakMap<Hub, Security>();

/** The one security edge of a hub, made on first use with the settings of the environment. */
export function securityOf(hub: Hub, log?: (m: string) => void): Security {
  let s = instances.get(hub);
  if (!s) {
    s = new Security(hub, loadSecuritySettings(process.env, log), log);
    instances.set(hub, s);
  }
  return s;
}
