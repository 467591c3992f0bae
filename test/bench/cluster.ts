// Several hubs on PostgreSQL (issue 12), on a durable PostgreSQL of the bench's own (fsync on):
//   (e) issue throughput and p99, 100 concurrent callers, on 1 hub and on 3 hubs, beside the floor of
//       the same run: bare `pg` inserts of one row per transaction, 100 concurrent callers, same server
//   (f) a call on hub A reaching 1,000 display sockets spread over 3 hubs, p99, beside 1,000 sockets on
//       one hub; and failover: kill -9 of a hub, until each of its screens (the shared client given the
//       hub list) is on a live hub with a fresh snapshot
import pg from 'pg';
import { io as ioClient, type Socket } from 'socket.io-client';
import { api, login, pairDevice, type HubHandle } from '../helpers/hub.js';
import { startPostgres, type PgServer } from '../helpers/pg.js';
import { startCluster, stopCluster, until } from '../cluster/support.js';
import { HubClient } from '../../common/client.js';
import { httpClient, round, sleep, summarize } from './lib.js';

const SERVICES = ['svc-a', 'svc-b', 'svc-c', 'svc-d', 'svc-e', 'svc-f', 'svc-g', 'svc-h', 'svc-k', 'svc-t'];
const CLIENTS = 100, WARMUP_MS = 1000, DURATION_MS = 8000;

async function uncap(hubs: HubHandle[]): Promise<void> {
  const admin = api(hubs[0]!.url, hubs[0]!.adminToken);
  for (const id of SERVICES) await admin('PATCH', `/api/services/${id}`, { dailyCap: null });
  for (const h of hubs) {
    await until(async () => (await api(h.url, h.adminToken)<{ services: { dailyCap: number | null }[] }>('GET', '/api/services?siteId=demo')).body.services.every((s) => s.dailyCap === null), 'caps lifted everywhere');
  }
}

/** 100 callers in a closed loop for DURATION_MS after a warm-up: ops/s and latency. */
async function closedLoop(op: (caller: number, i: number) => Promise<boolean>): Promise<{ perSecond: number; ok: number; failed: number; p50Ms: number; p99Ms: number }> {
  let ok = 0, failed = 0, counting = false, tStart = 0;
  const lat: number[] = [];
  const t0 = performance.now();
  setTimeout(() => { counting = true; tStart = performance.now(); }, WARMUP_MS);
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    let i = 0;
    while (performance.now() - t0 < WARMUP_MS + DURATION_MS) {
      const t = performance.now();
      const good = await op(c, i++);
      if (!counting) continue;
      lat.push(performance.now() - t);
      if (good) ok++; else failed++;
    }
  }));
  const seconds = (performance.now() - tStart) / 1000;
  const s = summarize(lat);
  return { perSecond: Math.round(ok / seconds), ok, failed, p50Ms: round(s.p50), p99Ms: round(s.p99) };
}

async function floor(server: PgServer) {
  const url = await server.createDatabase('floor');
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  await pool.query('create table rows (site text not null, n bigserial primary key, body jsonb not null)');
  const body = JSON.stringify({ t: 'issued', at: Date.now(), id: 'x'.repeat(21), seq: 1, number: 'A001', serviceId: 'svc-a', priority: null, by: 'device:y' });
  const r = await closedLoop(async () => { await pool.query('insert into rows (site, body) values ($1, $2)', ['demo', body]); return true; });
  await pool.end();
  return r;
}

async function issueOn(hubs: HubHandle[]) {
  await uncap(hubs);
  const kiosks = await Promise.all(Array.from({ length: 10 }, (_, i) => pairDevice(hubs[0]!, { kind: 'kiosk', name: `K${i}` })));
  const reqs = hubs.map((h) => httpClient(h.url, 128));
  return closedLoop(async (c, i) => {
    const r = await reqs[c % reqs.length]!('POST', '/api/tickets', kiosks[c % kiosks.length]!.token, { serviceId: SERVICES[(c + i) % SERVICES.length] });
    return r.status === 201;
  });
}

export async function benchClusterIssue() {
  const server = await startPostgres({ durable: true });
  try {
    const bare = await floor(server);
    const one = await startCluster(1, await server.createDatabase('one'));
    const single = await issueOn(one);
    await stopCluster(one);
    const three = await startCluster(3, await server.createDatabase('three'));
    const triple = await issueOn(three);
    await stopCluster(three);
    return { floor: bare, oneHub: single, threeHubs: triple, threeVsFloor: round(triple.perSecond / bare.perSecond), oneVsFloor: round(single.perSecond / bare.perSecond) };
  } finally { await server.destroy(); }
}

async function connectDisplays(urls: string[], n: number, token: string, onCalled: (i: number) => void): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => {
      const k = i + j;
      const s = ioClient(urls[k % urls.length]!, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      s.on('ticket:called', () => onCalled(k));
      sockets.push(s);
      return new Promise<void>((res, rej) => { s.once('queue:snapshot', () => res()); s.once('connect_error', rej); });
    }));
  }
  return sockets;
}

/** A call on hubs[0] reaching N display sockets spread over `hubs`: per-delivery latency. */
async function fanout(hubs: HubHandle[], N = 1000, CALLS = 30) {
  const h = hubs[0]!;
  const display = await pairDevice(h, { kind: 'display' });
  const kiosk = await pairDevice(h, { kind: 'kiosk' });
  const officer = await login(h, 'canbo1', h.demo.canbo1!);
  const req = httpClient(h.url, 16);
  let received = 0, tSend = 0;
  const lat: number[] = [];
  const per = new Array<number>(N).fill(0);
  const sockets = await connectDisplays(hubs.map((x) => x.url), N, display.token, (i) => { received++; per[i]!++; lat.push(performance.now() - tSend); });
  await req('POST', '/api/counters/counter-1/open', officer);
  for (let i = 0; i < CALLS; i++) await req('POST', '/api/tickets', kiosk.token, { serviceId: 'svc-a' });
  for (let i = 0; i < CALLS; i++) {
    if (i > 0) await req('POST', '/api/counters/counter-1/complete', officer);
    await sleep(50);
    received = 0; tSend = performance.now();
    const r = await req('POST', '/api/counters/counter-1/call-next', officer);
    if (r.status !== 200) throw new Error(r.body);
    const t = performance.now();
    while (received < N && performance.now() - t < 5000) await sleep(2);
  }
  for (const s of sockets) s.disconnect();
  const s = summarize(lat);
  return { sockets: N, hubs: hubs.length, calls: CALLS, everyDisplayGotEveryCall: per.every((c) => c === CALLS), p50Ms: round(s.p50), p99Ms: round(s.p99) };
}

/** Screens on hubs[0] (the shared client with the hub list): kill -9, until each is on a live hub with a fresh snapshot. */
async function failover(hubs: HubHandle[], N = 200) {
  const mem = new Map<string, string>();
  (globalThis as Record<string, unknown>).localStorage ??= { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => { mem.set(k, v); }, removeItem: (k: string) => { mem.delete(k); } };
  (globalThis as Record<string, unknown>).location ??= { origin: 'http://127.0.0.1', href: 'http://127.0.0.1/display' };
  const display = await pairDevice(hubs[0]!, { kind: 'display' });
  const clients = Array.from({ length: N }, () => {
    const c = new HubClient({ screen: 'display', baseUrl: hubs[0]!.url });
    c.token = display.token;
    c.hubs = hubs.map((h) => h.url);
    c.connect();
    return c;
  });
  await until(() => clients.every((c) => c.connection === 'online' && c.snapshot !== null), 'screens online', 30_000);
  const before = clients.map((c) => c.snapshot);
  const back = new Array<number>(N).fill(NaN);
  const t0 = performance.now();
  await hubs[0]!.kill();
  await until(() => {
    const now = performance.now() - t0;
    clients.forEach((c, i) => { if (Number.isNaN(back[i]!) && c.connection === 'online' && c.hubBase !== hubs[0]!.url && c.snapshot !== before[i]) back[i] = now; });
    return back.every((x) => !Number.isNaN(x));
  }, 'every screen back', 30_000);
  for (const c of clients) c.disconnect();
  const s = summarize(back);
  return { screens: N, backP50Ms: round(s.p50, 0), backMaxMs: round(s.max, 0) };
}

export async function benchClusterFanout() {
  const server = await startPostgres({ durable: true });
  try {
    const one = await startCluster(1, await server.createDatabase('one'));
    const single = await fanout(one);
    await stopCluster(one);
    const three = await startCluster(3, await server.createDatabase('three'));
    const spread = await fanout(three);
    const fail = await failover(three);
    await stopCluster(three);
    return { oneHub: single, threeHubs: spread, ratioP99: round(spread.p99Ms / single.p99Ms), failover: fail };
  } finally { await server.destroy(); }
}
