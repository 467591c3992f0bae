// The dispatcher on an injected clock: 24 hours of retries pass in a moment. A real HTTP receiver
// that fails; exponential backoff capped at the maximum; parked with its last error after 24 h; the
// stream waits; a resend resumes it, in order. And the mapping of day entries to public events.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredWebhook } from '../../server/app/config-doc.js';
import { defaultSettings } from '../../server/domain/defaults.js';
import { emptyDay, type DayEvent, type SiteConfig } from '../../server/domain/model.js';
import { applyEvent } from '../../server/domain/apply.js';
import { EventFeed, type LogSource } from '../../server/events/feed.js';
import { eventId, eventPosition, publicEventOf } from '../../server/events/map.js';
import { Dispatcher, type DeliveryState } from '../../server/webhooks/dispatcher.js';
import { signature } from '../../server/webhooks/sign.js';

const DATE = '2026-12-03';
const cfg: SiteConfig = {
  site: { id: 's1', name: 'Điểm 1', timeZone: 'Asia/Ho_Chi_Minh', settings: defaultSettings() },
  services: new Map([['svcA', { id: 'svcA', siteId: 's1', code: 'A', name: { vi: 'Hộ tịch', en: 'Civil status' }, active: true, dailyCap: null, hours: null }]]),
  counters: new Map([['c1', { id: 'c1', siteId: 's1', number: 1, name: 'Quầy 1', serviceIds: ['svcA'] }]]),
};
const T0 = Date.parse('2026-12-03T08:00:00+07:00');
const issued = (i: number): DayEvent => ({ t: 'issued', at: T0 + i, id: `t${i}`, seq: i, number: `A00${i}`, serviceId: 'svcA', priority: null, by: 'device:k' });

function memorySource(entries: DayEvent[]): LogSource & { grow(e: DayEvent): void } {
  const listeners = new Set<(s: string) => void>();
  return {
    async days() { return [DATE]; },
    async read(_s, _d, from) { return { entries: entries.slice(from), sealed: false }; },
    onGrew(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    context: () => ({ cfg, officer: (id) => (id ? { id, username: 'canbo1', name: 'Nguyễn Thị Lan' } : null) }),
    grow(e) { entries.push(e); for (const l of listeners) l('s1'); },
  };
}

let server: Server;
let status = 500;
const got: { id: number; sig: string; ts: string; body: string }[] = [];
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ id: Number(req.headers['luot-event-id']), sig: String(req.headers['luot-signature']), ts: String(req.headers['luot-timestamp']), body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => { server.close(); });

describe('the mapping', () => {
  it('gives each public entry the id of its place in the log, increasing across days', () => {
    expect(eventId('2026-12-03', 7)).toBe(20261203000007);
    expect(eventPosition(20261203000007)).toEqual({ date: '2026-12-03', n: 7 });
    expect(eventId('2026-12-04', 1)).toBeGreaterThan(eventId('2026-12-03', 999_999));
    const day = emptyDay('s1', DATE);
    const ctx = { cfg, officer: () => ({ id: 'u1', username: 'canbo1', name: 'Nguyễn Thị Lan' }) };
    const log: DayEvent[] = [
      issued(1),
      { t: 'counter_opened', at: T0 + 10, counterId: 'c1', officerId: 'u1', officerName: 'Nguyễn Thị Lan' },
      { t: 'called', at: T0 + 20, id: 't1', counterId: 'c1', officerId: 'u1' },
      { t: 'recalled', at: T0 + 30, id: 't1', counterId: 'c1' },
      { t: 'completed', at: T0 + 40, id: 't1', counterId: 'c1', officerId: 'u1' },
      { t: 'rated', at: T0 + 50, id: 't1', ratingId: 'r1', counterId: 'c1', officerId: 'u1', deviceId: 'p', level: 'satisfied', reasons: [], comment: null, dossierCodes: ['000.00.00.H56-261203-0001'], procedureCode: '1.001193', agencyCode: '000.00.00.H56' },
    ];
    const out = log.map((e, i) => { applyEvent(day, e); return publicEventOf(ctx, day, i + 1, e); });
    expect(out.map((e) => e?.type ?? null)).toEqual(['ticket.issued', null, 'ticket.called', 'ticket.called', 'ticket.completed', 'rating.submitted']);
    expect(out[3]!.data.recall).toBe(true);
    expect(out[5]).toMatchObject({
      id: 20261203000006, siteId: 's1', occurredAt: '2026-12-03T08:00:00.050+07:00',
      data: { level: 'satisfied', dossierCodes: ['000.00.00.H56-261203-0001'], procedureCode: '1.001193', agencyCode: '000.00.00.H56', counter: { id: 'c1', number: 1, name: 'Quầy 1' }, officer: { username: 'canbo1' }, ticket: { number: 'A001', status: 'done', serviceCode: 'A' } },
    });
  });
});

describe('the dispatcher on an injected clock', () => {
  it('backs off exponentially for 24 h, parks with the last error, and resumes in order on resend', async () => {
    let now = T0;
    const source = memorySource([issued(1), issued(2)]);
    const feed = new EventFeed(source);
    let saved: DeliveryState | null = null;
    const hook: StoredWebhook = { id: 'w1', url, siteIds: ['s1'], types: [], secret: 'whsec_test', createdAt: '', createdBy: '', startAfter: { s1: 0 } };
    const d = new Dispatcher({
      feed, webhooks: () => [hook], clock: () => now,
      store: { load: async () => saved, save: async (s) => { saved = structuredClone(s); } },
      retry: { baseMs: 1_000, maxMs: 3_600_000, forMs: 24 * 3_600_000 },
    });
    await d.load();
    status = 500;
    const attemptsAt: number[] = [];
    for (let i = 0; i < 200; i++) {
      const before = got.length;
      await d.tick();
      if (got.length > before) attemptsAt.push(now);
      const head = d.deliveries('w1')[0]!;
      if (head.status === 'parked') break;
      now = head.nextAttemptAt!;
    }
    const head = d.deliveries('w1')[0]!;
    expect(head).toMatchObject({ status: 'parked', eventId: eventId(DATE, 1), lastError: 'HTTP 500', lastStatus: 500 });
    // Waits double from 1 s up to the 1 h cap; the last attempt is at least 24 h after the first.
    const gaps = attemptsAt.slice(1).map((t, i) => t - attemptsAt[i]!);
    expect(gaps.slice(0, 5)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(Math.max(...gaps)).toBe(3_600_000);
    expect(attemptsAt[attemptsAt.length - 1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(head.attempts).toBe(attemptsAt.length);
    // Only the head was tried: the next event waits behind it, in order.
    expect(new Set(got.map((g) => g.id))).toEqual(new Set([eventId(DATE, 1)]));
    // Parked state is durable: a new dispatcher on the saved state stays parked.
    const d2 = new Dispatcher({ feed, webhooks: () => [hook], clock: () => now, store: { load: async () => saved, save: async (s) => { saved = structuredClone(s); } } });
    await d2.load();
    now += 7 * 24 * 3_600_000;
    const n = got.length;
    await d2.tick();
    expect(got.length).toBe(n);
    expect(d2.streamsOf(hook)).toEqual([{ siteId: 's1', cursor: 0, state: 'parked', lastError: 'HTTP 500' }]);
    // The receiver is fixed; a resend delivers the parked one, then the rest follow in order.
    status = 204;
    source.grow(issued(3));
    await d2.resend(hook, head.id);
    await d2.tick();
    await d2.tick();
    expect(got.slice(n).map((g) => g.id)).toEqual([1, 2, 3].map((i) => eventId(DATE, i)));
    for (const g of got) expect(g.sig).toBe(signature('whsec_test', Number(g.ts), g.body));
    expect(d2.streamsOf(hook)).toEqual([{ siteId: 's1', cursor: eventId(DATE, 3), state: 'ok', lastError: null }]);
    await d2.close();
    await d.close();
    feed.close();
  });
});
