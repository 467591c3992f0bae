// Durability against the real process: kill -9 during a stream of issues, a restart mid-day, and
// data files that cannot be trusted.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  api, dataDigest, expectError, login, makeSite, pairDevice, startHubExpectingFailure, startTestHub, type HubHandle,
} from './support.js';

const seqOf = (number: string) => Number(number.slice(1));

describe('kill -9 during a stream of issues', () => {
  it('keeps every acknowledged ticket, the device tokens, and numbering without reuse', async () => {
    let h = await startTestHub();
    try {
      const s = await makeSite(h, { services: ['A'], counters: [['A']] });
      const kiosks = await Promise.all([1, 2, 3, 4].map((i) => pairDevice(h, { kind: 'kiosk', siteId: s.siteId, name: `Kiosk ${i}` })));
      const acked: { id: string; number: string }[] = [];
      let failures = 0;
      let killed: Promise<void> | null = null;
      let pending = 0;
      let pendingAtKill = -1;
      const KILL_AFTER = 150;

      // Eight clients issue in a loop; the hub is killed from inside a response handler, so the
      // other clients' requests are in flight at that moment.
      const worker = async (token: string) => {
        const k = api(h.url, token);
        for (;;) {
          try {
            pending++;
            const r = await k('POST', '/api/tickets', { serviceId: s.svc.A }).finally(() => { pending--; });
            if (r.status !== 201) { failures++; continue; }
            acked.push({ id: r.body.ticket.id, number: r.body.ticket.number });
            if (acked.length >= KILL_AFTER && !killed) { pendingAtKill = pending; killed = h.kill(); }
          } catch {
            return; // the connection died with the hub
          }
          if (killed) { await killed; }
        }
      };
      await Promise.all([...kiosks, ...kiosks].map((k) => worker(k.token)));
      expect(failures).toBe(0);
      expect(pendingAtKill).toBeGreaterThan(0); // requests were in flight when the hub died
      expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(new Set(acked.map((t) => t.number)).size).toBe(acked.length);

      h = await h.restart();
      const pub = api(h.url);
      for (const t of acked) {
        const r = await pub('GET', `/api/tickets/${t.id}`);
        expect(r.status, `${t.number} lost`).toBe(200);
        expect(r.body.ticket).toMatchObject({ id: t.id, number: t.number, status: 'waiting' });
      }
      // What the hub remembers: every acknowledged ticket, perhaps a few whose answer the kill cut.
      const admin = api(h.url, h.adminToken);
      const durable = (await admin('GET', `/api/queue?siteId=${s.siteId}`)).body.waiting[0].count as number;
      expect(durable).toBeGreaterThanOrEqual(acked.length);
      const maxAcked = Math.max(...acked.map((t) => seqOf(t.number)));
      expect(maxAcked).toBeLessThanOrEqual(durable);
      // The old device tokens still work, and the numbering goes on from the last durable number.
      const next: number[] = [];
      for (const k of kiosks) {
        const r = await api(h.url, k.token)('POST', '/api/tickets', { serviceId: s.svc.A });
        expect(r.status).toBe(201);
        next.push(seqOf(r.body.ticket.number));
      }
      expect(next).toEqual([durable + 1, durable + 2, durable + 3, durable + 4]);
      expect(Math.min(...next)).toBeGreaterThan(maxAcked);
    } finally {
      await h.stop();
      h.cleanup();
    }
  });
});

describe('a restart mid-day', () => {
  it('restores the exact queue: order (with priority), called tickets, seats, recall counts, numbering', async () => {
    let h = await startTestHub();
    try {
      const admin = api(h.url, h.adminToken);
      const lanToken = await login(h, 'canbo1', h.demo.canbo1);
      const minhToken = await login(h, 'canbo2', h.demo.canbo2);
      const lan = api(h.url, lanToken);
      const minh = api(h.url, minhToken);
      const kiosk = api(h.url, (await pairDevice(h, { kind: 'kiosk' })).token);
      // One priority call in a row at most, so the counter's streak is part of the order.
      expect((await admin('PATCH', '/api/sites/demo/settings', { ordering: { maxPriorityInRow: 1, maxWaitSeconds: 3600, appointmentWindowSeconds: 600 } })).status).toBe(200);
      const issue = async (serviceId: string, priority?: string) =>
        (await kiosk('POST', '/api/tickets', { serviceId, ...(priority ? { priority } : {}) })).body.ticket as { id: string; number: string };
      const A001 = await issue('svc-a');
      const B001 = await issue('svc-b');
      const A002 = await issue('svc-a', 'elderly');
      const A003 = await issue('svc-a');
      const A004 = await issue('svc-a', 'disability');
      const A005 = await issue('svc-a', 'pregnant');
      expect([A001, B001, A002, A003, A004, A005].map((t) => t.number)).toEqual(['A001', 'B001', 'A002', 'A003', 'A004', 'A005']);

      expect((await lan('POST', '/api/counters/counter-1/open')).status).toBe(200);
      expect((await minh('POST', '/api/counters/counter-2/open')).status).toBe(200);
      expect((await lan('POST', '/api/counters/counter-1/call-next')).body.ticket.number).toBe('A002');
      expect((await minh('POST', '/api/counters/counter-2/call-next')).body.ticket.number).toBe('A004');
      await lan('POST', '/api/counters/counter-1/recall');
      expect((await lan('POST', '/api/counters/counter-1/recall')).body.ticket.recalls).toBe(2);

      const read = async () => ({
        queue: (await admin('GET', '/api/queue?siteId=demo')).body,
        counters: (await admin('GET', '/api/counters?siteId=demo')).body,
        waiting1: (await lan('GET', '/api/queue/waiting?counterId=counter-1')).body,
        a002: (await api(h.url)('GET', `/api/tickets/${A002.id}`)).body,
      });
      const before = await read();
      expect(before.waiting1.tickets.map((t: { number: string }) => t.number)).toEqual(['A005', 'A001', 'B001', 'A003']);

      await h.kill();
      h = await h.restart();
      const lanAfter = api(h.url, lanToken);
      const minhAfter = api(h.url, minhToken);
      const after = await (async () => {
        const a = api(h.url, h.adminToken);
        return {
          queue: (await a('GET', '/api/queue?siteId=demo')).body,
          counters: (await a('GET', '/api/counters?siteId=demo')).body,
          waiting1: (await lanAfter('GET', '/api/queue/waiting?counterId=counter-1')).body,
          a002: (await api(h.url)('GET', `/api/tickets/${A002.id}`)).body,
        };
      })();
      expect(after).toEqual(before);
      expect(after.a002.ticket).toMatchObject({ status: 'called', counterId: 'counter-1', recalls: 2 });
      expect(after.counters.counters[0]).toMatchObject({ id: 'counter-1', status: 'open', officer: { name: 'Nguyễn Thị Lan' }, currentTicketId: A002.id });
      expect(after.counters.counters[1]).toMatchObject({ id: 'counter-2', status: 'open', officer: { name: 'Trần Văn Minh' }, currentTicketId: A004.id });

      // The seat is still Lan's: Minh gets 409 naming her, and Lan works on without opening again.
      const held = await minhAfter('POST', '/api/counters/counter-1/open');
      expectError(held, 409, 'counter_held');
      expect(held.body.error.message).toContain('Nguyễn Thị Lan');
      // Recall count: the limit is 3, two were made before the restart.
      expect((await lanAfter('POST', '/api/counters/counter-1/recall')).body.ticket).toMatchObject({ id: A002.id, status: 'called', recalls: 3 });
      expect((await lanAfter('POST', '/api/counters/counter-1/recall')).body.ticket).toMatchObject({ id: A002.id, status: 'no_show' });
      // The order: after a priority call (A002) a normal ticket must come, then the priority one.
      const order: string[] = [];
      for (;;) {
        const r = await lanAfter('POST', '/api/counters/counter-1/call-next');
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        if (!r.body.ticket) break;
        order.push(r.body.ticket.number);
        expect((await lanAfter('POST', '/api/counters/counter-1/complete')).status).toBe(200);
      }
      expect(order).toEqual(['A001', 'A005', 'B001', 'A003']);
      // Counter 2 still has its called ticket, and the numbering continues.
      expect((await minhAfter('POST', '/api/counters/counter-2/complete')).body.ticket).toMatchObject({ id: A004.id, status: 'done' });
      const k2 = api(h.url, h.adminToken);
      expect((await k2('POST', '/api/tickets', { serviceId: 'svc-a' })).body.ticket.number).toBe('A006');
      expect((await k2('POST', '/api/tickets', { serviceId: 'svc-b' })).body.ticket.number).toBe('B002');
    } finally {
      await h.stop();
      h.cleanup();
    }
  });
});

describe('data files that cannot be trusted', () => {
  it('a garbled config.json or a changed or deleted day-log line stops the start, names the file, and leaves it untouched', async () => {
    let h = await startTestHub();
    const dataDir = h.dataDir;
    try {
      for (let i = 0; i < 4; i++) expect((await api(h.url, h.adminToken)('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
      await h.stop();

      const configPath = join(dataDir, 'config.json');
      const dayDir = join(dataDir, 'sites', 'demo');
      const dayFiles = readdirSync(dayDir).filter((f) => f.endsWith('.jsonl'));
      expect(dayFiles).toHaveLength(1);
      const dayPath = join(dayDir, dayFiles[0]!);
      const goodConfig = readFileSync(configPath);
      const goodDay = readFileSync(dayPath);

      const expectRefusal = async (file: string, bad: Buffer | string) => {
        writeFileSync(file, bad);
        const digest = dataDigest(dataDir);
        const r = await startHubExpectingFailure(dataDir);
        expect(r.code, r.output).not.toBe(0);
        expect(r.code, r.output).not.toBeNull();
        expect(r.output).toContain(file);
        expect(readFileSync(file).equals(Buffer.from(bad))).toBe(true);
        expect(dataDigest(dataDir)).toEqual(digest);
        return r.output;
      };

      // config.json with garbage
      await expectRefusal(configPath, '{"sites":[{"id":"demo", \u0000\u0001 garbage');
      writeFileSync(configPath, goodConfig);

      // a line in the middle of today's log changed (still valid JSON)
      const lines = goodDay.toString('utf8').split('\n');
      const mid = lines.findIndex((l) => l.includes('"number":"A002"'));
      expect(mid).toBeGreaterThan(0);
      expect(mid).toBeLessThan(lines.length - 2);
      const changed = [...lines];
      changed[mid] = changed[mid]!.replace('"number":"A002"', '"number":"A009"');
      const out = await expectRefusal(dayPath, changed.join('\n'));
      expect(out).toMatch(/line \d+/);

      // a line in the middle deleted
      const deleted = lines.filter((_, i) => i !== mid);
      await expectRefusal(dayPath, deleted.join('\n'));

      // With the good files back, the hub starts and remembers everything.
      writeFileSync(dayPath, goodDay);
      h = await startTestHub({ dataDir });
      const q = await api(h.url, h.adminToken)('GET', '/api/queue?siteId=demo');
      expect(q.body.waiting.find((w: { serviceId: string }) => w.serviceId === 'svc-a').count).toBe(4);
      expect((await api(h.url, h.adminToken)('POST', '/api/tickets', { serviceId: 'svc-a' })).body.ticket.number).toBe('A005');
    } finally {
      await h.stop();
      h.cleanup();
    }
  });
});
