// Shared by the security suites: hubs with the throttles on (as a centre runs them), one token of
// every role, and a way to wait for a user token to expire.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ADMIN_PASSWORD, api, login, pairDevice, startTestHub, type HubHandle } from '../integration/support.js';
import { ROOT } from '../helpers/hub.js';

export const ROLES = ['none', 'kiosk', 'display', 'pad', 'officer', 'admin', 'expired', 'revoked'] as const;
export type Role = (typeof ROLES)[number];

/** A hub as a centre runs it: every throttle on, with the default figures unless `env` says otherwise. */
export function startSecureHub(env: Record<string, string> = {}, opts: { dataDir?: string } = {}): Promise<HubHandle> {
  return startTestHub({ ...opts, env: { LUOT_RATE_LIMITS: 'on', ...env } });
}

/**
 * A hub whose data dir holds an expired session of `canbo2`: signed in on a hub with 1-second
 * sessions, which is then restarted with the default (12 h). Returns the hub and the expired token.
 */
export async function hubWithExpiredSession(env: Record<string, string> = {}): Promise<{ h: HubHandle; expired: string }> {
  const first = await startSecureHub({ ...env, LUOT_SESSION_SECONDS: '1' });
  const expired = await expiredToken(first, 'canbo2', first.demo.canbo2);
  await first.stop();
  const h = await startSecureHub(env, { dataDir: first.dataDir });
  return { h, expired };
}

export interface RoleTokens {
  tokens: Record<Role, string | undefined>;
  kioskId: string;
  displayId: string;
  padId: string;
  /** The pad's counter, held by the officer `canbo1`. */
  counterId: string;
}

/**
 * One token per role on `h` (the demo site): a kiosk, a display, the pad of counter-1, the officer
 * canbo1, the admin, and a revoked kiosk. `expired` comes from another hub (see expiredToken).
 */
export async function roleTokens(h: HubHandle, expired?: string): Promise<RoleTokens> {
  const [kiosk, display, pad, gone] = await Promise.all([
    pairDevice(h, { kind: 'kiosk', name: 'Kiosk sảnh' }),
    pairDevice(h, { kind: 'display', name: 'Màn hình sảnh' }),
    pairDevice(h, { kind: 'pad', name: 'Máy đánh giá quầy 1', counterId: 'counter-1' }),
    pairDevice(h, { kind: 'kiosk', name: 'Kiosk cũ' }),
  ]);
  const admin = api(h.url, h.adminToken);
  const r = await admin('POST', `/api/devices/${gone.id}/revoke`);
  if (r.status !== 200) throw new Error(`revoke: ${JSON.stringify(r.body)}`);
  const officer = await login(h, 'canbo1', h.demo.canbo1);
  return {
    tokens: { none: undefined, kiosk: kiosk.token, display: display.token, pad: pad.token, officer, admin: h.adminToken, expired, revoked: gone.token },
    kioskId: kiosk.id, displayId: display.id, padId: pad.id, counterId: 'counter-1',
  };
}

/** The admin's password on test hubs. */
export { ADMIN_PASSWORD };

/** Sign in on a hub with a short session, and wait (without a timed assertion) until the token has expired. */
export async function expiredToken(h: HubHandle, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const token = await login(h, username, password);
  for (;;) {
    const r = await api(h.url, token)('GET', '/api/me');
    if (r.status === 401) {
      if (r.body.error.code !== 'token_expired') throw new Error(`expected token_expired, got ${JSON.stringify(r.body)}`);
      return token;
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}

const run = promisify(execFile);

/** `npm run audit:verify -- --data-dir DIR`: its exit code and what it printed. */
export async function auditVerify(dataDir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'audit:verify', '--', '--data-dir', dataDir, '--quiet'], { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: (err.stdout ?? '') + (err.stderr ?? '') };
  }
}
