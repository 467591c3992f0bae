// GET /metrics against the real hub: tickets issued, called, served and rated over real HTTP, then
// the exposition parsed by a third-party Prometheus text parser; the counters match what was done.
// Also: off by default, the token, the JSON log lines of request errors and devices, and health.
import parse from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makeSite, pairDevice, startTestHub, connect, type HubHandle, type TestSite } from '../integration/support.js';

const TOKEN = 'metrics-secret-0123456789';
let h: HubHandle;
let s: TestSite;

beforeAll(async () => {
  h = await startTestHub({ env: { LUOT_METRICS: '1', LUOT_METRICS_TOKEN: TOKEN } });
  s = await makeSite(h, { services: ['A', 'B'], counters: [['A', 'B']], officers: 1 });
}, 60_000);
afterAll(async () => { await h?.stop(); h?.cleanup(); });

async function scrape(token = TOKEN) {
  const r = await fetch(`${h.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await r.text();
  const families = parse(text);
  const get = (name: string) => families.find((f) => f.name === name);
  /** The value of a sample whose labels include `labels` (0 when absent). */
  const value = (name: string, labels: Record<string, string> = {}) => {
    const m = get(name)?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
    return m ? Number(m.value ?? m.count) : 0;
  };
  /**
   * One series of a histogram. The parser merges the buckets of every label set of a histogram into
   * one sample, so it is given the lines of the one series asked for, without those labels.
   */
  const histogram = (name: string, labels: Record<string, string>) => {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const lines = text.split('\n').filter((l) => l.startsWith(`# HELP ${name} `) || l.startsWith(`# TYPE ${name} `)
      || (l.startsWith(`${name}_`) && pairs.every((p) => l.includes(p))));
    const one = lines.map((l) => pairs.reduce((x, p) => x.replace(new RegExp(`,?${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), ''), l).replace('{,', '{').replace(/\{\}/, ''));
    const f = parse(one.join('\n') + '\n')[0]!;
    return { type: f.type, ...f.metrics[0]! };
  };
  return { families, get, value, histogram };
}

describe('GET /metrics', () => {
  it('counts what was done over HTTP, by site and service', async () => {
    const kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk', siteId: s.siteId })).token);
    const pad = api(h.url, (await pairDevice(h, { kind: 'pad', siteId: s.siteId, counterId: s.counters[0] })).token);
    const o = api(h.url, s.officers[0]!.token);
    const before = await scrape();
    expect(before.value('luot_tickets_issued_total', { site: s.siteId })).toBe(0);

    const a = [];
    for (let i = 0; i < 3; i++) a.push((await kiosk('POST', '/api/tickets', { serviceId: s.svc.A })).body.ticket);
    const b = (await kiosk('POST', '/api/tickets', { serviceId: s.svc.B })).body.ticket;
    expect(b.id).toBeTruthy();
    expect((await o('POST', `/api/counters/${s.counters[0]}/open`)).status).toBe(200);
    // Serve two A tickets, rating them; recall the second once.
    for (const [i, t] of a.slice(0, 2).entries()) {
      expect((await o('POST', `/api/counters/${s.counters[0]}/call`, { ticketId: t.id })).status).toBe(200);
      if (i === 1) expect((await o('POST', `/api/counters/${s.counters[0]}/recall`)).status).toBe(200);
      expect((await o('POST', `/api/counters/${s.counters[0]}/complete`)).status).toBe(200);
      const r = await pad('POST', '/api/ratings', i === 0 ? { ticketId: t.id, level: 'very_satisfied' } : { ticketId: t.id, level: 'unsatisfied', comment: 'Chờ lâu quá' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const display = await connect(h.url, { token: (await pairDevice(h, { kind: 'display', siteId: s.siteId })).token });

    const m = await scrape();
    const site = s.siteId;
    expect(m.value('luot_tickets_issued_total', { site, service: s.svc.A })).toBe(3);
    expect(m.value('luot_tickets_issued_total', { site, service: s.svc.B })).toBe(1);
    expect(m.value('luot_calls_total', { site, counter: s.counters[0]!, kind: 'call' })).toBe(2);
    expect(m.value('luot_calls_total', { site, counter: s.counters[0]!, kind: 'recall' })).toBe(1);
    expect(m.value('luot_tickets_served_total', { site, service: s.svc.A })).toBe(2);
    expect(m.value('luot_ratings_total', { site, level: 'very_satisfied' })).toBe(1);
    expect(m.value('luot_ratings_total', { site, level: 'unsatisfied' })).toBe(1);
    // Gauges from the projection, at scrape time.
    expect(m.value('luot_tickets_waiting', { site, service: s.svc.A })).toBe(1);
    expect(m.value('luot_tickets_waiting', { site, service: s.svc.B })).toBe(1);
    expect(m.value('luot_tickets_today', { site, service: s.svc.A, status: 'done' })).toBe(2);
    expect(m.value('luot_counters_open', { site })).toBe(1);
    expect(m.value('luot_connections', { kind: 'display' })).toBe(1);
    expect(m.value('luot_devices_online', { kind: 'display' })).toBe(1);
    // The wait histogram: one observation per first call.
    const w = m.histogram('luot_wait_seconds', { site, service: s.svc.A });
    expect(w.type).toBe('HISTOGRAM');
    expect(Number(w.count)).toBe(2);
    expect(Number(w.buckets!['+Inf'])).toBe(2);
    expect(Number(w.buckets!['60'])).toBe(2); // both called within the minute
    expect(Number(m.histogram('luot_service_seconds', { site, service: s.svc.A }).count)).toBe(2);
    expect(Number(m.get('luot_store_write_seconds')!.metrics[0]!.count)).toBeGreaterThan(0);
    expect(m.get('luot_nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    expect(m.value('luot_disk_low')).toBe(0);
    expect(m.value('luot_disk_free_bytes')).toBeGreaterThan(0);
    for (const f of m.families) expect(f.name.startsWith('luot_'), f.name).toBe(true);

    // One JSON line per device state change.
    display.close();
    await expect.poll(() => h.output().includes('"event":"device_offline"')).toBe(true);
    const line = h.output().split('\n').find((l) => l.includes('"event":"device_online"') && l.includes('"kind":"display"'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 30, event: 'device_online', kind: 'display', site });
  });

  it('asks for its token (or an admin session) and logs each request error as one JSON line', async () => {
    expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${h.url}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${h.url}/metrics`, { headers: { Authorization: `Bearer ${s.officers[0]!.token}` } })).status).toBe(403);
    expect((await fetch(`${h.url}/metrics`, { headers: { Authorization: `Bearer ${h.adminToken}` } })).status).toBe(200);
    const errors = (await scrape()).value('luot_http_errors_total', { status: '401' });
    expect(errors).toBeGreaterThanOrEqual(2);
    const lines = h.output().split('\n').filter((l) => l.startsWith('{') && l.includes('"event":"http_error"')).map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.path === '/metrics' && l.status === 401).length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatchObject({ level: 40, method: 'GET' });
    expect(typeof lines[0].time).toBe('string');
  });

  it('health has no warnings on a roomy disk', async () => {
    expect((await api(h.url)('GET', '/api/health')).body).toEqual({ ok: true, store: 'files', hub: expect.any(String) });
  });
});
