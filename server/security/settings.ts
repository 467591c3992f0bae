// Security settings, from the environment (docs/security.md, "Limits"). Each throttle is set so that
// a real hall never meets it and a script does. `LUOT_RATE_LIMITS=off` turns every throttle off (the
// benchmarks and the functional test suites, which issue hundreds of tickets a second from a kiosk).

export interface SecuritySettings {
  /** Whether the throttles below apply at all. */
  rateLimits: boolean;
  /** How long a user's sign-in lasts. */
  sessionTtlMs: number;
  login: {
    /** Failed sign-ins of one account, within `lockoutMs` of the first, that lock it. */
    maxFailures: number;
    lockoutMs: number;
    /** Failed sign-ins from one address per minute (any accounts). */
    failuresPerIpPerMinute: number;
  };
  /** Failed pairing attempts from one address per minute. */
  pairFailuresPerIpPerMinute: number;
  /** Tickets one kiosk (or one account) may issue: a steady rate and a burst. */
  issue: { perMinute: number; burst: number };
  /** Public ticket page reads (GET /api/tickets/:id and ticket sockets) per address per minute. */
  ticketPagePerIpPerMinute: number;
  /** Events one socket may send: a steady rate and a burst. */
  socketEvents: { perSecond: number; burst: number };
  /** Requests one integration key may make: a steady rate and a burst (never a kiosk's limits). */
  integration: { perMinute: number; burst: number };
}

export const DEFAULT_SECURITY: SecuritySettings = {
  rateLimits: true,
  sessionTtlMs: 12 * 3600_000,
  login: { maxFailures: 5, lockoutMs: 15 * 60_000, failuresPerIpPerMinute: 20 },
  pairFailuresPerIpPerMinute: 10,
  issue: { perMinute: 30, burst: 10 },
  ticketPagePerIpPerMinute: 120,
  socketEvents: { perSecond: 20, burst: 100 },
  integration: { perMinute: 1200, burst: 300 },
};

/** The environment variables, their meaning and default (printed in docs/security.md). */
export const SECURITY_ENV = {
  LUOT_RATE_LIMITS: 'on | off: every throttle below (default on)',
  LUOT_SESSION_SECONDS: 'how long a sign-in lasts (43200 = 12 h)',
  LUOT_LOGIN_MAX_FAILURES: 'failed sign-ins that lock an account (5)',
  LUOT_LOGIN_LOCKOUT_SECONDS: 'how long the lock lasts, and the window the failures count in (900)',
  LUOT_LOGIN_FAILURES_PER_IP: 'failed sign-ins per address per minute (20)',
  LUOT_PAIR_FAILURES_PER_IP: 'failed pairing attempts per address per minute (10)',
  LUOT_ISSUE_PER_MINUTE: 'tickets per kiosk or account per minute (30)',
  LUOT_ISSUE_BURST: 'tickets a kiosk may issue in a burst (10)',
  LUOT_TICKET_PAGE_PER_MINUTE: 'public ticket reads and ticket sockets per address per minute (120)',
  LUOT_SOCKET_EVENTS_PER_SECOND: 'events one socket may send per second (20; burst 100)',
  LUOT_INTEGRATION_PER_MINUTE: 'requests per integration key per minute (1200; burst a quarter of it)',
} as const;

export function loadSecuritySettings(env: Record<string, string | undefined> = process.env, warn: (m: string) => void = () => {}): SecuritySettings {
  const num = (name: keyof typeof SECURITY_ENV, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
      warn(`${name}=${raw} is not a positive number; using ${fallback}`);
      return fallback;
    }
    return n;
  };
  const d = DEFAULT_SECURITY;
  const onOff = (env.LUOT_RATE_LIMITS ?? 'on').trim().toLowerCase();
  return {
    rateLimits: !['off', '0', 'false', 'no'].includes(onOff),
    sessionTtlMs: num('LUOT_SESSION_SECONDS', d.sessionTtlMs / 1000) * 1000,
    login: {
      maxFailures: Math.round(num('LUOT_LOGIN_MAX_FAILURES', d.login.maxFailures)),
      lockoutMs: num('LUOT_LOGIN_LOCKOUT_SECONDS', d.login.lockoutMs / 1000) * 1000,
      failuresPerIpPerMinute: num('LUOT_LOGIN_FAILURES_PER_IP', d.login.failuresPerIpPerMinute),
    },
    pairFailuresPerIpPerMinute: num('LUOT_PAIR_FAILURES_PER_IP', d.pairFailuresPerIpPerMinute),
    issue: { perMinute: num('LUOT_ISSUE_PER_MINUTE', d.issue.perMinute), burst: num('LUOT_ISSUE_BURST', d.issue.burst) },
    ticketPagePerIpPerMinute: num('LUOT_TICKET_PAGE_PER_MINUTE', d.ticketPagePerIpPerMinute),
    socketEvents: { perSecond: num('LUOT_SOCKET_EVENTS_PER_SECOND', d.socketEvents.perSecond), burst: d.socketEvents.burst },
    integration: (() => {
      const perMinute = num('LUOT_INTEGRATION_PER_MINUTE', d.integration.perMinute);
      return { perMinute, burst: Math.max(1, Math.round(perMinute / 4)) };
    })(),
  };
}
