// Webhooks through a real hub process and a real HTTP receiver that checks every signature with the
// helper the docs give: pending deliveries survive a kill -9, a receiver that was down gets
// everything when it comes back, in event order per site, and the helpers (Node and Python) refuse a
// wrong signature or an old timestamp.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, makeSite, startTestHub, type HubHandle, type TestSite } from '../integration/support.js';
import { nodeVerifier, pythonVerify, Receiver, type Delivery } from './receiver.js';

let h: HubHandle;
let sites: TestSite[];
let receiver: Receiver;
let secret = '';
let webhookId = '';
const ENV = { LUOT_WEBHOOK_RETRY_BASE_MS: '100', LUOT_WEBHOOK_RETRY_MAX_MS: '400' };

beforeAll(async () => {
  h = await startTestHub({ demo: false, env: ENV });
  sites = await Promise.all([0, 1].map(() => makeSite(h, { services: ['A'], counters: [['A']], officers: 1 })));
  receiver = new Receiver(() => secret, await nodeVerifier());
  await receiver.listen();
});
afterAll(async () => { await receiver?.close(); await h?.stop(); h?.cleanup(); });

/** Distinct events received, per site, in the order they first arrived. */
function arrivals(deliveries: Delivery[], siteId: string): number[] {
  const seen: number[] = [];
  for (const d of deliveries) if (d.event.siteId === siteId && !seen.includes(d.event.id)) seen.push(d.event.id);
  return seen;
}

async function feedIds(siteId: string): Promise<number[]> {
  const r = await api(h.url, h.adminToken)('GET', `/api/events?siteId=${siteId}&limit=1000`);
  return r.body.events.map((e: { id: number }) => e.id);
}

async function issue(site: TestSite, n: number): Promise<void> {
  const staff = api(h.url, site.officers[0]!.token);
  for (let i = 0; i < n; i++) expect((await staff('POST', '/api/tickets', { serviceId: site.svc.A })).status).toBe(201);
}

describe('webhooks', () => {
  it('validates subscriptions and shows the secret once', async () => {
    const admin = api(h.url, h.adminToken);
    expectError(await admin('POST', '/api/webhooks', { url: 'ftp://x', siteIds: [sites[0]!.siteId] }), 400, 'invalid_input', 'url');
    expectError(await admin('POST', '/api/webhooks', { url: receiver.url, siteIds: [] }), 400, 'invalid_input', 'siteIds');
    expectError(await admin('POST', '/api/webhooks', { url: receiver.url, siteIds: [sites[0]!.siteId], types: ['ticket.eaten'] }), 400, 'invalid_input', 'types.0');
    expectError(await admin('POST', '/api/webhooks', { url: receiver.url, siteIds: ['nope'] }), 404, 'site_not_found');
    const r = await admin('POST', '/api/webhooks', { url: receiver.url, siteIds: sites.map((s) => s.siteId) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.secret).toMatch(/^whsec_/);
    secret = r.body.secret;
    webhookId = r.body.webhook.id;
    const listed = await admin('GET', '/api/webhooks');
    expect(listed.body.webhooks).toEqual([expect.objectContaining({ id: webhookId, url: receiver.url, types: expect.arrayContaining(['ticket.issued', 'rating.submitted']) })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  it('keeps pending deliveries across a kill -9 and delivers each event, in order per site, after the restart', async () => {
    receiver.failing = true;
    await issue(sites[0]!, 3);
    await issue(sites[1]!, 2);
    await receiver.until(() => receiver.attempts >= 4, 'failed attempts');
    const pending = await api(h.url, h.adminToken)('GET', `/api/webhooks/${webhookId}/deliveries`);
    expect(pending.body.deliveries.length).toBeGreaterThan(0);
    expect(pending.body.deliveries[0]).toMatchObject({ status: 'pending', lastError: 'HTTP 503', lastStatus: 503 });
    await h.kill();
    receiver.failing = false;
    h = await startTestHub({ demo: false, env: ENV, dataDir: h.dataDir, port: h.port });
    const want = await Promise.all(sites.map((s) => feedIds(s.siteId)));
    expect(want.map((w) => w.length)).toEqual([3, 2]);
    await receiver.until(() => sites.every((s, i) => arrivals(receiver.deliveries, s.siteId).length === want[i]!.length), 'every event');
    for (const [i, s] of sites.entries()) expect(arrivals(receiver.deliveries, s.siteId)).toEqual(want[i]);
    expect(receiver.deliveries.every((d) => d.verified)).toBe(true);
    for (const d of receiver.deliveries) {
      expect(d.headers['luot-event-id']).toBe(String(d.event.id));
      expect(d.headers['luot-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    }
  });

  it('delivers everything once a receiver that was down comes back', async () => {
    await receiver.close();
    const before = receiver.deliveries.length;
    await issue(sites[0]!, 2);
    await issue(sites[1]!, 2);
    const admin = api(h.url, h.adminToken);
    // The hub keeps retrying: the deliveries say why it has not arrived.
    for (let i = 0; i < 100; i++) {
      const d = await admin('GET', `/api/webhooks/${webhookId}/deliveries`);
      if (d.body.deliveries.some((x: { lastError: string | null; status: string }) => x.status === 'pending' && x.lastError)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const d = await admin('GET', `/api/webhooks/${webhookId}/deliveries`);
    expect(d.body.deliveries.find((x: { status: string }) => x.status === 'pending')).toMatchObject({ lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(receiver.deliveries.length).toBe(before);
    await receiver.listen();
    const want = await Promise.all(sites.map((s) => feedIds(s.siteId)));
    expect(want.map((w) => w.length)).toEqual([5, 4]);
    await receiver.until(() => sites.every((s, i) => arrivals(receiver.deliveries, s.siteId).length === want[i]!.length), 'every event after the outage');
    for (const [i, s] of sites.entries()) expect(arrivals(receiver.deliveries, s.siteId)).toEqual(want[i]);
    expect(receiver.deliveries.every((x) => x.verified)).toBe(true);
    const after = await admin('GET', `/api/webhooks/${webhookId}/deliveries`);
    const streams = after.body.webhook.streams;
    expect(streams.map((s: { cursor: number }) => s.cursor)).toEqual(want.map((w) => w[w.length - 1]));
    // Resend: once more, at once, with the same event id.
    const one = after.body.deliveries.find((x: { status: string }) => x.status === 'delivered');
    const n = receiver.deliveries.length;
    const re = await admin('POST', `/api/webhooks/${webhookId}/deliveries/${one.id}/resend`);
    expect(re.status, JSON.stringify(re.body)).toBe(200);
    expect(re.body.delivery).toMatchObject({ status: 'delivered', eventId: one.eventId, manual: true });
    expect(receiver.deliveries.slice(n).map((x) => x.event.id)).toEqual([one.eventId]);
    expectError(await admin('POST', `/api/webhooks/${webhookId}/deliveries/nope/resend`), 404, 'not_found');
  });

  it('the helpers of the docs refuse a wrong signature, an altered body and an old timestamp (Node and Python)', async () => {
    const verify = await nodeVerifier();
    const real = receiver.deliveries.slice(0, 3);
    expect(real.length).toBe(3);
    const now = Number(real[0]!.headers['luot-timestamp']);
    const forged = (d: Delivery, s: string) => ({ ...d.headers, 'luot-signature': 'sha256=' + createHmac('sha256', s).update(`${d.headers['luot-timestamp']}.${d.body}`).digest('hex') });
    const cases = [
      ...real.map((d) => ({ secret, headers: d.headers, body: d.body, now, want: true })),
      { secret, headers: forged(real[0]!, 'whsec_wrong'), body: real[0]!.body, now, want: false },
      { secret: 'whsec_wrong', headers: real[0]!.headers, body: real[0]!.body, now, want: false },
      { secret, headers: real[0]!.headers, body: real[0]!.body.replace('"ticket.', '"tickex.'), now, want: false },
      { secret, headers: real[0]!.headers, body: real[0]!.body, now: now + 301, want: false },
      { secret, headers: { ...real[0]!.headers, 'luot-timestamp': String(now - 1000) }, body: real[0]!.body, now, want: false },
      { secret, headers: { ...real[0]!.headers, 'luot-signature': 'sha256=ờ' }, body: real[0]!.body, now, want: false },
      { secret, headers: { 'luot-signature': real[0]!.headers['luot-signature']! }, body: real[0]!.body, now, want: false },
    ];
    expect(cases.map((c) => verify(c.secret, c.headers, c.body, 300, c.now))).toEqual(cases.map((c) => c.want));
    expect(pythonVerify(cases)).toEqual(cases.map((c) => c.want));
  });

  it('stops delivering to a deleted subscription', async () => {
    const admin = api(h.url, h.adminToken);
    expect((await admin('DELETE', `/api/webhooks/${webhookId}`)).status).toBe(200);
    expect((await admin('GET', '/api/webhooks')).body.webhooks).toEqual([]);
    expectError(await admin('GET', `/api/webhooks/${webhookId}/deliveries`), 404, 'not_found');
  });
});
