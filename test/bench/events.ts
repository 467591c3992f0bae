// (w) Events out: tickets issued at a steady 200/s for 10 s while a webhook (to a receiver on
// loopback) and a long-polling feed reader take every event. Figures: how long after its 201 an
// issue reaches the receiver and the feed reader (p50/p99), whether each event arrived (once, in
// order), and the issue latency meanwhile.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, pairDevice, startHub } from '../helpers/hub.js';
import { httpClient, round, sleep, summarize } from './lib.js';

export async function benchEvents() {
  const h = await startHub();
  const admin = api(h.url, h.adminToken);
  const { body } = await admin<{ services: { id: string }[] }>('GET', '/api/services?siteId=demo');
  for (const s of body.services) await admin('PATCH', `/api/services/${s.id}`, { dailyCap: null });
  const kiosk = await pairDevice(h, { kind: 'kiosk' });
  const hooked = new Map<string, number>();
  const hookOrder: number[] = [];
  let hookDup = 0;
  const server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += c; });
    req.on('end', () => {
      const e = JSON.parse(b) as { id: number; type: string; data: { ticket: { id: string } } };
      if (hookOrder.includes(e.id)) hookDup++; else hookOrder.push(e.id);
      if (e.type === 'ticket.issued' && !hooked.has(e.data.ticket.id)) hooked.set(e.data.ticket.id, performance.now());
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  await admin('POST', '/api/webhooks', { url, siteIds: ['demo'] });
  // The feed reader: long-polls from now on.
  const polled = new Map<string, number>();
  let cursor = (await admin<{ next: number }>('GET', '/api/events?siteId=demo')).body.next;
  let reading = true;
  const reader = (async () => {
    const req = httpClient(h.url, 4);
    while (reading) {
      const r = await req('GET', `/api/events?siteId=demo&after=${cursor}&wait=2&limit=1000`, h.adminToken);
      const b = JSON.parse(r.body) as { events: { type: string; data: { ticket: { id: string } } }[]; next: number };
      const now = performance.now();
      for (const e of b.events) if (e.type === 'ticket.issued') polled.set(e.data.ticket.id, now);
      cursor = b.next;
    }
  })();
  const req = httpClient(h.url, 256);
  const RATE = 200, DURATION_S = 10;
  const acked = new Map<string, number>();
  const lat: number[] = [];
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < RATE * DURATION_S; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(req('POST', '/api/tickets', kiosk.token, { serviceId: 'svc-a' }).then((r) => {
      if (r.status !== 201) return;
      const now = performance.now();
      lat.push(now - due);
      acked.set((JSON.parse(r.body) as { ticket: { id: string } }).ticket.id, now);
    }));
  }
  await Promise.all(pending);
  const deadline = performance.now() + 30_000;
  while ((hooked.size < acked.size || polled.size < acked.size) && performance.now() < deadline) await sleep(50);
  reading = false;
  await reader;
  const lag = (m: Map<string, number>) => summarize([...acked].filter(([id]) => m.has(id)).map(([id, at]) => Math.max(0, m.get(id)! - at)));
  const wh = lag(hooked), fd = lag(polled), is = summarize(lat);
  server.close();
  await h.stop();
  h.cleanup();
  return {
    ratePerSecond: RATE, seconds: DURATION_S, tickets: acked.size,
    webhook: { delivered: hooked.size, duplicates: hookDup, inOrder: hookOrder.every((x, i) => i === 0 || x > hookOrder[i - 1]!), lagP50Ms: round(wh.p50), lagP99Ms: round(wh.p99), lagMaxMs: round(wh.max) },
    feed: { received: polled.size, lagP50Ms: round(fd.p50), lagP99Ms: round(fd.p99), lagMaxMs: round(fd.max) },
    issue: { p50Ms: round(is.p50), p99Ms: round(is.p99) },
  };
}
