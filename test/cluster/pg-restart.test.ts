// PostgreSQL stops mid-stream under two hubs: while it is away every command answers a coded 503
// store_unavailable (health too); when it is back, both hubs go on by themselves (no restart): issues
// and calls work again, a call on one hub reaches a display on the other, and every acknowledged
// ticket is in the database once with the numbering unbroken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, pairDevice, type HubHandle } from '../helpers/hub.js';
import { startPostgres, type PgServer } from '../helpers/pg.js';
import { openStore } from '../../server/store/open.js';
import { deviceSocket, startCluster, stopCluster, until } from './support.js';

let server: PgServer;
let url = '';
let hubs: HubHandle[] = [];
beforeAll(async () => {
  // A server of this file's own: the run's shared one must not stop under the other files.
  server = await startPostgres();
  url = await server.createDatabase('luot');
  hubs = await startCluster(2, url);
}, 60_000);
afterAll(async () => { await stopCluster(hubs); await server?.destroy(); });

describe('PostgreSQL restarted mid-stream', () => {
  it('coded 503s while it is away, then everything works again without restarting a hub; nothing acknowledged lost', async () => {
    const [h0, h1] = hubs as [HubHandle, HubHandle];
    const kiosk = await pairDevice(h0, { kind: 'kiosk' });
    const display = await pairDevice(h0, { kind: 'display' });
    const officer = await login(h0, 'canbo1', h0.demo.canbo1!);
    expect((await api(h1.url, officer)('POST', '/api/counters/counter-1/open')).status).toBe(200);
    const acked: string[] = [];
    const refused: unknown[] = [];
    const issue = async (h: HubHandle) => {
      const r = await api(h.url, kiosk.token)<{ ticket: { id: string }; error: { code: string; message: string } }>('POST', '/api/tickets', { serviceId: 'svc-a' });
      if (r.status === 201) acked.push(r.body.ticket.id);
      else refused.push({ status: r.status, code: r.body.error?.code });
      return r;
    };
    for (let i = 0; i < 20; i++) await Promise.all([issue(h0), issue(h1)]);
    expect(refused).toEqual([]);

    const ks = deviceSocket(h1.url, kiosk.token);
    await ks.ready;
    await server.stop();
    // A socket command's ack carries the same coded error.
    const ack = await ks.socket.timeout(10_000).emitWithAck('ticket:issue', { serviceId: 'svc-a' }) as { error?: { code: string } };
    expect(ack.error?.code).toBe('store_unavailable');
    ks.socket.close();
    const away = await Promise.all([issue(h0), issue(h1), issue(h0), issue(h1)]);
    for (const r of away) {
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('store_unavailable');
      expect(r.body.error.message).toMatch(/cơ sở dữ liệu/);
    }
    const call = await api(h1.url, officer)<{ error: { code: string } }>('POST', '/api/counters/counter-1/call-next');
    expect([call.status, call.body.error?.code]).toEqual([503, 'store_unavailable']);
    const health = await api(h0.url)<{ ok: boolean; error: { code: string } }>('GET', '/api/health');
    expect([health.status, health.body.ok, health.body.error.code]).toEqual([503, false, 'store_unavailable']);

    await server.start();
    // Both hubs come back by themselves: issues answer 201 again on each.
    for (const h of hubs) {
      await until(async () => (await issue(h)).status === 201, `hub ${h.url} issues again`, 20_000);
      expect((await api(h.url)('GET', '/api/health')).status).toBe(200);
    }
    for (const r of refused) expect(r).toEqual({ status: 503, code: 'store_unavailable' });
    for (let i = 0; i < 10; i++) await Promise.all([issue(h0), issue(h1)]);

    // A call on hub 1 reaches a display on hub 0 (notifications flow again).
    const d0 = deviceSocket(h0.url, display.token);
    await d0.ready;
    const called = await api(h1.url, officer)<{ ticket: { id: string } }>('POST', '/api/counters/counter-1/call-next');
    expect(called.status).toBe(200);
    await until(() => d0.called.includes(called.body.ticket.id), 'the call reached the display on the other hub');
    d0.socket.close();

    const store = await openStore({ dataDir: h0.dataDir, databaseUrl: url });
    try {
      const days = await store.listDays('demo');
      const issued = ((await store.readDay<{ t: string; id: string; seq: number }>('demo', days[days.length - 1]!)) ?? []).filter((e) => e.t === 'issued');
      for (const id of acked) expect(issued.filter((e) => e.id === id).length).toBe(1);
      expect(issued.map((e) => e.seq)).toEqual(issued.map((_, i) => i + 1));
      // What was refused with 503 was not written (none here was in flight when the server stopped).
      expect(issued.length).toBe(acked.length);
    } finally { await store.close(); }
  }, 90_000);
});
