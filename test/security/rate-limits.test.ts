// The throttles of a hub with the default figures (docs/security.md, "Limits"): a script meets a coded
// 429 with Retry-After and changes nothing; the people of a hall at their own pace never do.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { api, connect, connectRefused, expectError, expectUnchanged, login, pairDevice, type HubHandle, type Res } from '../integration/support.js';
import { startSecureHub } from './support.js';

const hubs: HubHandle[] = [];
afterAll(async () => { for (const h of hubs) { await h.stop(); h.cleanup(); } });

async function hub(env: Record<string, string> = {}): Promise<HubHandle> {
  const h = await startSecureHub(env);
  hubs.push(h);
  return h;
}

function expectLimited(r: Res & { retryAfter?: string | null }, maxSeconds: number): void {
  expectError(r, 429, 'rate_limited');
  const wait = Number(r.retryAfter);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(maxSeconds);
}

/** Like api(), with the Retry-After header. */
function raw(url: string, token?: string) {
  return async (method: string, path: string, body?: unknown): Promise<Res & { retryAfter: string | null }> => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null, retryAfter: r.headers.get('retry-after') };
  };
}

const auditOf = (h: HubHandle) => readFileSync(`${h.dataDir}/audit.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('issuing per kiosk (30 a minute, bursts of 10)', () => {
  it('a kiosk issues a burst of 10; a script on its token is refused after, over HTTP and sockets, and nothing changes', async () => {
    // The burst as by default; the refill slowed to 1 a minute so that the test does not race it.
    const h = await hub({ LUOT_ISSUE_PER_MINUTE: '1' });
    const kiosk = await pairDevice(h, { kind: 'kiosk' });
    const other = await pairDevice(h, { kind: 'kiosk', name: 'Kiosk tầng 2' });
    const k = raw(h.url, kiosk.token);
    for (let i = 0; i < 10; i++) expect((await k('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    const socket = await connect(h.url, { token: kiosk.token });
    await expectUnchanged(h, async () => {
      expectLimited(await k('POST', '/api/tickets', { serviceId: 'svc-a' }), 60);
      expectLimited(await k('POST', '/api/tickets', { serviceId: 'svc-b', priority: 'elderly' }), 60);
      const ack = await socket.command('ticket:issue', { serviceId: 'svc-a' });
      expect(ack.error.code).toBe('rate_limited');
    });
    socket.close();
    // Another kiosk of the hall is not affected.
    expect((await raw(h.url, other.token)('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
  });
});

describe('sign-in', () => {
  it('5 wrong passwords lock the account for 15 minutes, the right one included; the lock is audited; others sign in', async () => {
    const h = await hub();
    const anon = raw(h.url);
    for (let i = 0; i < 5; i++) expectError(await anon('POST', '/api/auth/login', { username: 'canbo2', password: `doan-${i}` }), 401, 'bad_credentials');
    expectLimited(await anon('POST', '/api/auth/login', { username: 'canbo2', password: h.demo.canbo2 }), 900);
    const lock = auditOf(h).filter((e) => e.action === 'auth.lockout');
    expect(lock).toEqual([expect.objectContaining({ actor: 'system', detail: expect.objectContaining({ username: 'canbo2', ip: '127.0.0.1', failures: 5, via: 'login' }) })]);
    expect(JSON.stringify(lock)).not.toContain('doan-');
    // Other officers of the hall, one typo each, are not held up.
    expectError(await anon('POST', '/api/auth/login', { username: 'canbo1', password: 'canbo' }), 401, 'bad_credentials');
    expect((await anon('POST', '/api/auth/login', { username: 'canbo1', password: h.demo.canbo1 })).status).toBe(200);
  });

  it('parallel guesses cannot pass the lock: at most 5 are checked', async () => {
    const h = await hub();
    const anon = raw(h.url);
    const rs = await Promise.all(Array.from({ length: 15 }, (_, i) => anon('POST', '/api/auth/login', { username: 'admin', password: `guess-${i}` })));
    expect(rs.filter((r) => r.status === 401)).toHaveLength(5);
    for (const r of rs.filter((x) => x.status !== 401)) expectLimited(r, 900);
  });

  it('a wrong current password counts toward the same lock', async () => {
    const h = await hub();
    const token = await login(h, 'canbo1', h.demo.canbo1);
    const me = raw(h.url, token);
    for (let i = 0; i < 5; i++) expectError(await me('POST', '/api/auth/password', { currentPassword: `sai-${i}`, newPassword: 'mat-khau-moi' }), 403, 'wrong_password');
    expectLimited(await me('POST', '/api/auth/password', { currentPassword: h.demo.canbo1, newPassword: 'mat-khau-moi' }), 900);
    expectLimited(await raw(h.url)('POST', '/api/auth/login', { username: 'canbo1', password: h.demo.canbo1 }), 900);
    expect(auditOf(h).filter((e) => e.action === 'auth.lockout')[0].detail.via).toBe('password');
  });

  it('one address gets 20 failed sign-ins a minute, whatever the names; made-up names are not audited', async () => {
    const h = await hub();
    const anon = raw(h.url);
    // Made-up names, four tries each (under the account lock), until the address is held back:
    // never before 20 (the budget refills at one every 3 s while the script runs).
    let failures = 0;
    let last: Awaited<ReturnType<typeof anon>>;
    for (;;) {
      last = await anon('POST', '/api/auth/login', { username: `khong-co-${Math.floor(failures / 4)}`, password: 'x' });
      if (last.status !== 401) break;
      expectError(last, 401, 'bad_credentials');
      failures++;
      expect(failures).toBeLessThan(100);
    }
    expect(failures).toBeGreaterThanOrEqual(20);
    expectLimited(last, 60);
    expectLimited(await anon('POST', '/api/auth/login', { username: 'canbo1', password: h.demo.canbo1 }), 60);
    expect(auditOf(h).filter((e) => e.action === 'auth.lockout')).toEqual([]);
    // Malformed bodies are refused by validation and do not count.
    const h2 = await hub();
    for (let i = 0; i < 30; i++) expectError(await raw(h2.url)('POST', '/api/auth/login', { username: 'admin' }), 400, 'invalid_input', 'password');
    expect((await raw(h2.url)('POST', '/api/auth/login', { username: 'canbo1', password: h2.demo.canbo1 })).status).toBe(200);
  });
});

describe('pairing, the public ticket page and socket events', () => {
  it('10 wrong pairing codes a minute per address; a right code then waits too', async () => {
    const h = await hub();
    const created = await api(h.url, h.adminToken)('POST', '/api/devices', { siteId: 'demo', kind: 'display', name: 'Màn hình' });
    const anon = raw(h.url);
    let failures = 0;
    for (;;) {
      const r = await anon('POST', '/api/devices/pair', { code: `WRONG${String(failures).padStart(3, '2')}` });
      if (r.status === 429) break;
      expectError(r, 409, 'pairing_code_invalid', 'code');
      expect(++failures).toBeLessThan(100);
    }
    expect(failures).toBeGreaterThanOrEqual(10);
    await expectUnchanged(h, async () => {
      expectLimited(await anon('POST', '/api/devices/pair', { code: created.body.pairingCode }), 6);
    });
  });

  it('120 ticket-page reads and sockets a minute per address; a hall\'s phones stay under it', async () => {
    const h = await hub();
    const kiosk = await pairDevice(h, { kind: 'kiosk' });
    const tickets: string[] = [];
    for (let i = 0; i < 10; i++) tickets.push((await api(h.url, kiosk.token)('POST', '/api/tickets', { serviceId: 'svc-a' })).body.ticket.id);
    const anon = raw(h.url);
    // Ten phones open their page: a read and a socket each, then reconnect once more.
    for (const id of tickets) {
      expect((await anon('GET', `/api/tickets/${id}`)).status).toBe(200);
      (await connect(h.url, { ticketId: id })).close();
      (await connect(h.url, { ticketId: id })).close();
    }
    // A script walking ticket ids meets the limit: never before 120 (30 used so far), soon after
    // (the budget refills at 2 a second while it walks).
    let seen = 30;
    let last: Awaited<ReturnType<typeof anon>>;
    for (;; seen++) {
      last = await anon('GET', `/api/tickets/khong-co-${seen}`);
      if (last.status !== 404) break;
      expect(seen).toBeLessThan(1000);
    }
    expect(seen).toBeGreaterThanOrEqual(120);
    expectLimited(last, 1);
    // Sockets of the ticket page share the budget: a burst of them is refused with the code.
    const burst = await Promise.allSettled(Array.from({ length: 20 }, () => connectRefused(h.url, { ticketId: tickets[0] })));
    const refused = burst.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.data.code).toBe('rate_limited');
    // Staff screens and kiosks are not behind this limit.
    expect((await api(h.url, kiosk.token)('GET', '/api/queue?siteId=demo')).status).toBe(200);
    (await connect(h.url, { token: kiosk.token })).close();
  });

  it('a socket that floods events gets rate_limited acks, and the hub keeps answering', async () => {
    const h = await hub();
    const display = await pairDevice(h, { kind: 'display' });
    const s = await connect(h.url, { token: display.token });
    const acks = await Promise.all(Array.from({ length: 300 }, () => s.command('ticket:issue', { serviceId: 'svc-a' })));
    const codes = acks.map((a) => a.error?.code);
    expect(new Set(codes)).toEqual(new Set(['forbidden', 'rate_limited']));
    expect(codes.filter((c) => c === 'forbidden').length).toBeGreaterThanOrEqual(100);
    s.close();
    expect((await api(h.url)('GET', '/api/health')).body).toEqual({ ok: true, store: 'files', hub: expect.any(String) });
  });
});

describe('LUOT_RATE_LIMITS=off', () => {
  it('turns every throttle off (benchmarks)', async () => {
    const h = await hub({ LUOT_RATE_LIMITS: 'off' });
    const kiosk = await pairDevice(h, { kind: 'kiosk' });
    const rs = await Promise.all(Array.from({ length: 50 }, () => api(h.url, kiosk.token)('POST', '/api/tickets', { serviceId: 'svc-a' })));
    expect(rs.every((r) => r.status === 201)).toBe(true);
    for (let i = 0; i < 8; i++) expectError(await api(h.url)('POST', '/api/auth/login', { username: 'canbo1', password: 'x' }), 401, 'bad_credentials');
    expect((await api(h.url)('POST', '/api/auth/login', { username: 'canbo1', password: h.demo.canbo1 })).status).toBe(200);
  });
});
