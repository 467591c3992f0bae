// Fuzz: thousands of malformed, oversized and wrongly typed payloads (fast-check) at every HTTP route
// and socket event, as every role (no token, kiosk, display, pad, officer, admin, an expired sign-in,
// a revoked kiosk, forged headers). Every answer is a coded 4xx in the contract's shape, without a
// stack or a path; the hub keeps answering; the data dir and the queue are byte for byte unchanged.
// LUOT_FUZZ_RUNS / LUOT_FUZZ_SOCKET_RUNS / LUOT_FUZZ_SEED: more runs, or replay a seed; LUOT_FUZZ_STATS=1
// prints the answers met per route.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../common/errors.js';
import { schemas, type Schemas } from '../../common/schemas.js';
import { ROOT } from '../helpers/hub.js';
import { api, expectUnchanged, type HubHandle } from '../integration/support.js';
import { hubWithExpiredSession, ROLES, roleTokens, type Role, type RoleTokens } from './support.js';

const RUNS = Number(process.env.LUOT_FUZZ_RUNS ?? 4000);
const SOCKET_RUNS = Number(process.env.LUOT_FUZZ_SOCKET_RUNS ?? 2000);
const HANDSHAKE_RUNS = Math.round(SOCKET_RUNS / 6);
const SEED = process.env.LUOT_FUZZ_SEED ? Number(process.env.LUOT_FUZZ_SEED) : undefined;

let h: HubHandle;
let roles: RoleTokens;
const ids = { ticket: '', done: '', rated: '', device: '' };

// ------------------------------------------------------------------ the routes
type Key = keyof Schemas;
interface Spec {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** The schema of the body, and a valid body to mutate. */
  body?: Key;
  seed?: Record<string, unknown>;
  /** Counter commands: the counter id comes from the path. */
  merge?: Record<string, unknown>;
  /** GET: the schema of the query and a valid query to mutate; 'loose' = validated by its route only. */
  query?: Key | 'loose';
  querySeed?: Record<string, string>;
  /** Real ids for the path's parameter (garbage is tried too); none = garbage only (the route ignores its body). */
  realIds?: () => string[];
  /** Only tokens that are not live (sign-out would end a role's session). */
  deadTokensOnly?: boolean;
}

const COUNTER_VERBS: [string, Key][] = [
  ['open', 'counterRef'], ['pause', 'pause'], ['resume', 'counterRef'], ['close', 'counterRef'], ['call-next', 'counterRef'],
  ['call', 'call'], ['recall', 'counterRef'], ['no-show', 'counterRef'], ['transfer', 'transfer'], ['complete', 'complete'],
];

const SPECS: Spec[] = [
  { method: 'GET', path: '/api/health', query: 'queryNone' },
  { method: 'POST', path: '/api/auth/login', body: 'login', seed: { username: 'admin', password: 'sai' } },
  { method: 'POST', path: '/api/auth/logout', deadTokensOnly: true },
  { method: 'POST', path: '/api/auth/password', body: 'changePassword', seed: { currentPassword: 'canbo1', newPassword: 'mat-khau-moi' } },
  { method: 'GET', path: '/api/me', query: 'queryNone' },
  { method: 'GET', path: '/api/me/today', query: 'queryNone' },
  { method: 'GET', path: '/api/users', query: 'queryNone' },
  { method: 'POST', path: '/api/users', body: 'createUser', seed: { username: 'fuzz', password: 'secret-pw', name: 'Fuzz', role: 'officer' } },
  { method: 'GET', path: '/api/devices', query: 'querySiteOptional', querySeed: { siteId: 'demo' } },
  { method: 'POST', path: '/api/devices', body: 'createDevice', seed: { siteId: 'demo', kind: 'display', name: 'Màn hình' } },
  { method: 'POST', path: '/api/devices/pair', body: 'pair', seed: { code: 'ABCDEFGH' } },
  { method: 'PATCH', path: '/api/devices/:id', body: 'updateDevice', seed: { name: 'Máy lấy số', printerSettings: { printMode: 'text', printerType: 'star' } } },
  { method: 'POST', path: '/api/devices/:id/revoke' },
  { method: 'POST', path: '/api/devices/:id/pairing-code' },
  { method: 'POST', path: '/api/devices/:id/reprint' },
  { method: 'GET', path: '/api/sites', query: 'queryNone' },
  { method: 'POST', path: '/api/sites', body: 'createSite', seed: { name: 'Chi nhánh' } },
  { method: 'GET', path: '/api/sites/:id', query: 'queryNone', realIds: () => ['demo'] },
  { method: 'PATCH', path: '/api/sites/:id/settings', body: 'settings', seed: { displayTicker: 'Xin chào' }, realIds: () => ['demo'] },
  { method: 'GET', path: '/api/services', query: 'querySite', querySeed: { siteId: 'demo' } },
  { method: 'POST', path: '/api/services', body: 'createService', seed: { siteId: 'demo', code: 'Z', name: { vi: 'Thử' } } },
  { method: 'PATCH', path: '/api/services/:id', body: 'updateService', seed: { active: true }, realIds: () => ['svc-a'] },
  { method: 'GET', path: '/api/counters', query: 'querySite', querySeed: { siteId: 'demo' } },
  { method: 'POST', path: '/api/counters', body: 'createCounter', seed: { siteId: 'demo', number: 50, serviceIds: ['svc-a'] } },
  { method: 'PATCH', path: '/api/counters/:id', body: 'updateCounter', seed: { name: 'Quầy' }, realIds: () => ['counter-6'] },
  ...COUNTER_VERBS.map(([verb, key]): Spec => ({
    method: 'POST', path: `/api/counters/:id/${verb}`, body: key, merge: { counterId: 'counter-1' },
    seed: { pause: { reason: 'Họp' }, call: { ticketId: 'x' }, transfer: { serviceId: 'svc-b' }, complete: { dossierCode: 'H15' } }[key as string] ?? { x: 1 },
    realIds: () => ['counter-1'],
  })),
  { method: 'POST', path: '/api/tickets', body: 'issue', seed: { serviceId: 'svc-a', priority: 'elderly' } },
  { method: 'GET', path: '/api/tickets/:id', query: 'queryNone', realIds: () => [ids.ticket] },
  { method: 'GET', path: '/api/queue', query: 'querySite', querySeed: { siteId: 'demo' } },
  { method: 'GET', path: '/api/queue/waiting', query: 'queryCounter', querySeed: { counterId: 'counter-1' } },
  { method: 'GET', path: '/api/queue/issue-state', query: 'querySite', querySeed: { siteId: 'demo' } },
  { method: 'GET', path: '/api/printers', query: 'querySite', querySeed: { siteId: 'demo' } },
  { method: 'POST', path: '/api/ratings', body: 'rating', seed: { ticketId: 'x', level: 'satisfied' } },
  { method: 'POST', path: '/api/ratings/:id/notes', body: 'ratingNote', seed: { note: 'Ghi chú' }, realIds: () => [ids.rated] },
  { method: 'GET', path: '/api/ratings/:id/notes', query: 'queryNone', realIds: () => [ids.rated] },
  { method: 'GET', path: '/api/audit/verify', query: 'queryNone' },
  { method: 'GET', path: '/api/audit/digests', query: 'querySite', querySeed: { siteId: 'demo' } },
  { method: 'GET', path: '/api/reports', query: 'loose' },
  { method: 'GET', path: '/api/reports/series', query: 'loose' },
  { method: 'GET', path: '/api/reports/today', query: 'loose' },
  { method: 'GET', path: '/api/reports/transparency', query: 'loose' },
];

/** Routes in the sources that the table above does not know: fuzzed with garbage, held to "no 5xx". */
function discoveredRoutes(): Spec[] {
  const files = [...readdirSync(join(ROOT, 'server/http')).map((f) => join('server/http', f)), 'server/server.ts'].filter((f) => f.endsWith('.ts'));
  const known = new Set(SPECS.map((s) => `${s.method} ${s.path.replace(/:\w+/g, ':p')}`));
  const out: Spec[] = [];
  for (const f of files) {
    const text = readFileSync(join(ROOT, f), 'utf8');
    for (const m of text.matchAll(/app\.(get|post|patch|put|delete)\(\s*['"`]([^'"`$]+)['"`]/g)) {
      const method = m[1]!.toUpperCase() as Spec['method'];
      const key = `${method} ${m[2]!.replace(/:\w+/g, ':p')}`;
      if (m[2]!.startsWith('/api/') && !known.has(key)) { known.add(key); out.push({ method, path: m[2]!, deadTokensOnly: method !== 'GET' }); }
    }
  }
  return out;
}

// ------------------------------------------------------------------ payloads
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'counterId', 'siteId', 'role', 'admin', 'officerId', 'level', ''];
const huge = fc.integer({ min: 2_000, max: 9_000 }).map((n) => 'Ư'.repeat(n)); // 2 bytes each: some pass 16 KB
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constantFrom(-1, 0, 1e308, -0, 2 ** 53 + 1, '', ' ', '\u0000', 'null', '[]', '{}', '<script>alert(1)</script>', "'; DROP TABLE users; --", '../../config.json'),
  huge,
);
const deep = fc.integer({ min: 50, max: 2_000 }).map((n) => { let v: unknown = 1; for (let i = 0; i < n; i++) v = { a: v }; return v; });

function sent(v: unknown): unknown {
  const s = JSON.stringify(v);
  return s === undefined ? undefined : JSON.parse(s);
}

function isValidBody(spec: Spec, body: unknown): boolean {
  const v = sent(body);
  // express.json is strict: only an object or an array is a body at all.
  if (v === null || typeof v !== 'object') return false;
  if (!spec.body) return true;
  if (spec.merge) {
    if (Array.isArray(v)) return false;
    return schemas[spec.body].safeParse({ ...(v as object), ...spec.merge }).success;
  }
  return schemas[spec.body].safeParse(v).success;
}

function bodyArb(spec: Spec): fc.Arbitrary<unknown> {
  const seed = spec.seed ?? { x: 1 };
  const keys = Object.keys(seed);
  // Mostly near misses (a valid body with one thing wrong), so that the checks behind the first are reached.
  return fc.oneof(
    { weight: 1, arbitrary: anyValue },
    { weight: 1, arbitrary: deep },
    { weight: 3, arbitrary: fc.record({ k: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...NASTY_KEYS)), v: anyValue }).map(({ k, v }) => ({ ...seed, [k]: v })) },
    { weight: 4, arbitrary: fc.record({ k: fc.constantFrom(...keys), v: anyValue }).map(({ k, v }) => ({ ...seed, [k]: v })) },
    { weight: 2, arbitrary: fc.constantFrom(...keys).map((k) => { const c: Record<string, unknown> = { ...seed }; delete c[k]; return c; }) },
    { weight: 1, arbitrary: fc.array(fc.constant(seed), { minLength: 1, maxLength: 3 }) },
  ).filter((b) => !isValidBody(spec, b));
}

/** Bodies that are not JSON at all, or not what they claim to be. */
const rawBody = fc.oneof(
  // (An empty body is no body: "no arguments", which a counter command may take.)
  fc.string({ minLength: 1, maxLength: 60 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }).map((text) => ({ text, headers: {} })),
  fc.constantFrom('{"a":', '{"serviceId":"svc-a",}', '\uFEFF{"x":1', "{'a':1}", '[1,2', '\u0000\u0001', 'a=1&b=2').map((text) => ({ text, headers: {} })),
  fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown').map((enc) => ({ text: '{"note":"x"}', headers: { 'Content-Encoding': enc } })),
  fc.constantFrom('application/json; charset=utf-16', 'application/json; charset=x-klingon').map((ct) => ({ text: '{"a":1}', headers: { 'Content-Type': ct } })),
  fc.integer({ min: 17_000, max: 60_000 }).map((n) => ({ text: `{"note":"${'x'.repeat(n)}"}`, headers: {} })),
);

const garbageId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('%', '%E0%A4%A', '..', '..%2F..%2Fconfig.json', '%00', 'a'.repeat(5_000), encodeURIComponent('Quầy 1'), '%3Cscript%3E', 'null', 'undefined', '-1'),
);

function queryArb(spec: Spec): fc.Arbitrary<string> {
  const enc = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const strVal = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '%zz', 'x'.repeat(300), 'demo\u0000'));
  const seedPairs = Object.entries(spec.querySeed ?? {});
  const garbage = fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), strVal), { minLength: 1, maxLength: 5 }).map(enc);
  if (spec.query === 'loose') return garbage.filter((q) => !/(^|&)from=/.test(q));
  const schema = schemas[spec.query as Key];
  const variants: fc.Arbitrary<[string, string][]>[] = [
    fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), strVal).filter(([k]) => !(k in (spec.querySeed ?? {}))).map((p) => [...seedPairs, p]),
    fc.constant([...seedPairs, ...Array.from({ length: 17 }, (_, i): [string, string] => [`p${i}`, '1'])]),
  ];
  if (seedPairs.length) {
    variants.push(strVal.map((v) => [[seedPairs[0]![0], v]] as [string, string][]).filter(([[k, v]]) => !schema.safeParse({ [k]: v }).success));
    variants.push(fc.constant([...seedPairs, ...seedPairs])); // the same key twice: an array
  }
  return fc.oneof(...variants).map(enc);
}

// ------------------------------------------------------------------ the answers
const LEAKS = [/\bat \S+ \(/, /\.ts:\d+/, /node_modules/, /\/tmp\//, /\/work\//, /Error:/, /ENOENT|EACCES/];

function checkAnswer(what: string, status: number, body: unknown, headers: Headers, mustRefuse: boolean): void {
  expect(status, `${what} → ${status} ${JSON.stringify(body)?.slice(0, 300)}`).toBeLessThan(500);
  if (mustRefuse) expect(status, what).toBeGreaterThanOrEqual(400);
  if (status < 400) return;
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  expect(typeof err?.code, `${what}: ${JSON.stringify(body)}`).toBe('string');
  expect(ERROR_STATUS[err!.code as keyof typeof ERROR_STATUS], `${what}: code ${String(err!.code)} for ${status}`).toBe(status);
  expect(typeof err!.message === 'string' && err!.message.length > 0, what).toBe(true);
  const text = JSON.stringify(body);
  for (const re of LEAKS) expect(text, `${what} leaks ${re}`).not.toMatch(re);
  if (status === 429) expect(headers.get('retry-after'), what).toMatch(/^\d+$/);
}

// ------------------------------------------------------------------ setup
beforeAll(async () => {
  // Throttles on; the issuing, ticket-page and socket budgets raised so that the fuzz reaches validation.
  const started = await hubWithExpiredSession({ LUOT_ISSUE_BURST: '100000', LUOT_TICKET_PAGE_PER_MINUTE: '100000', LUOT_SOCKET_EVENTS_PER_SECOND: '100000' });
  h = started.h;
  roles = await roleTokens(h, started.expired);
  const admin = api(h.url, h.adminToken);
  const officer = api(h.url, roles.tokens.officer);
  expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
  for (const s of ['svc-a', 'svc-a', 'svc-b']) ids.ticket = (await admin('POST', '/api/tickets', { serviceId: s })).body.ticket.id;
  await officer('POST', '/api/counters/counter-1/call-next');
  ids.rated = (await officer('POST', '/api/counters/counter-1/complete')).body.ticket.id;
  expect((await api(h.url, roles.tokens.pad)('POST', '/api/ratings', { ticketId: ids.rated, level: 'satisfied' })).status).toBe(201);
  await officer('POST', '/api/counters/counter-1/call-next'); // one in service: the counter commands reach their checks
  ids.device = roles.kioskId;
}, 90_000);

afterAll(async () => { await h?.stop(); h?.cleanup(); });

type AuthChoice = Role | 'forged';
const forgedAuth = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'bearer x', `Bearer ${'A'.repeat(8_000)}`, 'Bearer null', 'Bearer undefined'),
);

function authHeader(role: AuthChoice, forged: string): Record<string, string> {
  if (role === 'forged') return { Authorization: forged };
  const token = roles.tokens[role];
  return token ? { Authorization: `Bearer ${token}` } : {};
}

describe('fuzz over HTTP', () => {
  it(`${RUNS} malformed requests at every route as every role: coded 4xx, nothing changed`, { timeout: 240_000 }, async () => {
    const specs = [...SPECS, ...discoveredRoutes()];
    const known = new Set(SPECS);
    const request = fc.constantFrom(...specs).chain((spec) => fc.record({
      spec: fc.constant(spec),
      role: spec.deadTokensOnly ? fc.constantFrom<AuthChoice>('none', 'expired', 'revoked', 'forged') : fc.constantFrom<AuthChoice>(...ROLES, 'forged'),
      forged: forgedAuth,
      id: spec.realIds ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...spec.realIds().map(encodeURIComponent)) }, { weight: 1, arbitrary: garbageId }) : garbageId,
      payload: spec.method === 'GET'
        ? (spec.query ? queryArb(spec) : fc.string({ maxLength: 20 })).map((q) => ({ kind: 'query' as const, q }))
        : fc.oneof(
          { weight: 4, arbitrary: bodyArb(spec).map((b) => ({ kind: 'json' as const, b })) },
          { weight: 1, arbitrary: rawBody.map((r) => ({ kind: 'raw' as const, r })) },
        ),
    }));
    let n = 0;
    const statuses = new Map<number, number>();
    const codes = new Map<string, number>();
    await expectUnchanged(h, async () => {
      await fc.assert(fc.asyncProperty(request, async ({ spec, role, forged, id, payload }) => {
        const path = spec.path.replace(/:\w+/, id);
        const headers: Record<string, string> = { 'Accept-Language': n % 2 ? 'en' : 'vi', ...authHeader(role, forged) };
        let url = h.url + path;
        let body: string | undefined;
        if (payload.kind === 'query') url += `?${payload.q}`;
        else if (payload.kind === 'json') { body = JSON.stringify(payload.b); headers['Content-Type'] = 'application/json'; }
        else { body = payload.r.text; Object.assign(headers, { 'Content-Type': 'application/json' }, payload.r.headers); }
        const r = await fetch(url, { method: spec.method, headers, body });
        const text = await r.text();
        let parsed: unknown = null;
        try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
        n++;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        const code = `${spec.method} ${spec.path} ${(parsed as { error?: { code?: string } } | null)?.error?.code ?? r.status}`;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        checkAnswer(`${spec.method} ${path.slice(0, 80)} as ${role} with ${(body ?? url).slice(0, 120)}`, r.status, parsed, r.headers, known.has(spec));
      }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    });
    if (process.env.LUOT_FUZZ_STATS) console.log(JSON.stringify([...statuses]), JSON.stringify([...codes]));
    expect(n).toBeGreaterThanOrEqual(RUNS);
    // Every kind of refusal was met, not only one.
    for (const s of [400, 401, 403, 404, 413]) expect(statuses.get(s) ?? 0, `answers ${JSON.stringify([...statuses])}`).toBeGreaterThan(0);
    expect((await api(h.url)('GET', '/api/health')).body).toEqual({ ok: true, store: 'files', hub: expect.any(String) });
    expect(h.output()).not.toMatch(/internal error/);
  });
});

// ------------------------------------------------------------------ sockets
const COMMANDS: [string, Key][] = [
  ['ticket:issue', 'issue'], ['rating:submit', 'rating'], ['counter:open', 'counterRef'], ['counter:pause', 'pause'],
  ['counter:resume', 'counterRef'], ['counter:close', 'counterRef'], ['counter:call-next', 'counterRef'], ['counter:call', 'call'],
  ['counter:recall', 'counterRef'], ['counter:no-show', 'counterRef'], ['counter:transfer', 'transfer'], ['counter:complete', 'complete'],
];
type SocketRole = 'kiosk' | 'display' | 'pad' | 'officer' | 'admin' | 'ticket';
const SOCKET_ROLES: SocketRole[] = ['kiosk', 'display', 'pad', 'officer', 'admin', 'ticket'];

function open(auth: Record<string, unknown>): Promise<Socket> {
  const s = ioClient(h.url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => { s.close(); reject(e); });
  });
}

describe('fuzz over socket.io', () => {
  const sockets = new Map<SocketRole, Socket>();
  const socketOf = async (role: SocketRole): Promise<Socket> => {
    const s = sockets.get(role);
    if (s?.connected) return s;
    const fresh = await open(role === 'ticket' ? { ticketId: ids.ticket } : { token: roles.tokens[role] });
    sockets.set(role, fresh);
    return fresh;
  };
  afterAll(() => { for (const s of sockets.values()) s.close(); });

  it(`${SOCKET_RUNS} malformed commands and events from every connected role: coded acks, nothing changed`, { timeout: 240_000 }, async () => {
    const packet = fc.record({
      role: fc.constantFrom(...SOCKET_ROLES),
      cmd: fc.constantFrom(...COMMANDS),
      shape: fc.constantFrom('args+ack', 'args+ack', 'args+ack', 'ack-only', 'extra-args', 'no-ack', 'other-event'),
      other: fc.oneof(fc.constantFrom('queue:sync', 'ticket:issued', 'auth:revoked', 'queue:snapshot'), fc.string({ minLength: 1, maxLength: 20 })),
    }).chain((p) => fc.record({
      p: fc.constant(p),
      args: fc.oneof(anyValue, deep, fc.constant(Buffer.from([0, 1, 2, 255])), bodyArb({ method: 'POST', path: '', body: p.cmd[1], seed: { counterId: 'counter-1', serviceId: 'svc-a', ticketId: ids.rated, level: 'satisfied', reason: 'x' } }))
        .filter((a) => !schemas[p.cmd[1]].safeParse(a instanceof Buffer ? a : sent(a) ?? {}).success),
    }));
    const reserved = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
    let acked = 0;
    await expectUnchanged(h, async () => {
      await fc.assert(fc.asyncProperty(packet, async ({ p, args }) => {
        const s = await socketOf(p.role);
        const what = `${p.cmd[0]} as ${p.role} (${p.shape}) with ${String(JSON.stringify(args)).slice(0, 120)}`;
        const big = (JSON.stringify(args) ?? '').length > 60_000;
        if (p.shape === 'other-event') { if (!reserved.has(p.other)) s.emit(p.other, args); return; }
        if (p.shape === 'no-ack') { s.emit(p.cmd[0], args); return; }
        if (p.shape === 'extra-args') { s.emit(p.cmd[0], args, args, () => {}); return; }
        if (big) { s.emit(p.cmd[0], args); return; }
        const ack = (await (p.shape === 'ack-only' ? s.timeout(10_000).emitWithAck(p.cmd[0]) : s.timeout(10_000).emitWithAck(p.cmd[0], args))) as { data?: unknown; error?: { code: string; message: string } };
        acked++;
        expect(ack.data, what).toBeUndefined();
        const status = ERROR_STATUS[ack.error?.code as keyof typeof ERROR_STATUS];
        expect(status, `${what} → ${JSON.stringify(ack)}`).toBeGreaterThanOrEqual(400);
        expect(status, what).toBeLessThan(500);
        expect(ack.error!.message.length, what).toBeGreaterThan(0);
        for (const re of LEAKS) expect(JSON.stringify(ack), what).not.toMatch(re);
      }), { numRuns: SOCKET_RUNS, seed: SEED, endOnFailure: true });
      // Let the fire-and-forget events land before the data dir is compared.
      for (const s of sockets.values()) if (s.connected) await s.timeout(10_000).emitWithAck('ticket:issue', {}).catch(() => {});
    });
    expect(acked).toBeGreaterThan(SOCKET_RUNS / 3);
    expect((await api(h.url)('GET', '/api/health')).body).toEqual({ ok: true, store: 'files', hub: expect.any(String) });
    expect(h.output()).not.toMatch(/internal error/);
  });

  it(`${HANDSHAKE_RUNS} malformed handshakes: refused with a code, nothing changed`, { timeout: 120_000 }, async () => {
    const live = () => [roles.tokens.admin!, roles.tokens.kiosk!, roles.tokens.officer!];
    const auth = fc.oneof(
      fc.dictionary(fc.constantFrom('token', 'ticketId', 'siteId', 'lang', 'x'), anyValue, { minKeys: 1, maxKeys: 3 }),
      fc.record({ token: fc.constantFrom(...live()), siteId: fc.oneof(anyValue, fc.string({ minLength: 1, maxLength: 10 })) }),
      fc.record({ token: fc.constantFrom(...live()), extra: anyValue }),
      fc.record({ ticketId: fc.oneof(anyValue, fc.constant([ids.ticket]), fc.constant(`${ids.ticket}x`)) }),
      fc.record({ token: fc.oneof(anyValue, fc.constantFrom(roles.tokens.revoked!, roles.tokens.expired!)) }),
    ).filter((a) => !('siteId' in a && (a as { siteId?: unknown }).siteId === 'demo' && Object.keys(a).length === 2));
    const seen = new Set<string>();
    await expectUnchanged(h, async () => {
      await fc.assert(fc.asyncProperty(auth, async (a) => {
        const code = await open(a as Record<string, unknown>).then((s) => { s.close(); return 'accepted'; }, (e: { data?: { code?: string } }) => e.data?.code ?? 'none');
        seen.add(code);
        const status = ERROR_STATUS[code as keyof typeof ERROR_STATUS];
        expect(status, `${JSON.stringify(a).slice(0, 200)} → ${code}`).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      }), { numRuns: HANDSHAKE_RUNS, seed: SEED, endOnFailure: true });
    });
    expect([...seen].sort()).toEqual(expect.arrayContaining(['invalid_input', 'unauthorized']));
    expect((await api(h.url)('GET', '/api/health')).body).toEqual({ ok: true, store: 'files', hub: expect.any(String) });
  });
});
