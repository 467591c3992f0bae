// Choosing the store: files by default (health says so), the hub addresses ride along with a pairing,
// and a hub pointed at a database it cannot reach says why (vi + en), without the password, and exits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/net.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, startHub, startHubExpectingFailure, type HubHandle } from '../helpers/hub.js';

let hub: HubHandle;
beforeAll(async () => {
  hub = await startHub({ env: { LUOT_HUB_URLS: 'http://10.0.0.5:3000, http://10.0.0.6:3000/', LUOT_HUB_ID: 'hub-a' } });
}, 60_000);
afterAll(async () => { await hub?.stop(); hub?.cleanup(); });

/** A port nothing listens on. */
describe('the store a hub runs on', () => {
  it('is the files by default, and health names it and this hub', async () => {
    expect((await api(hub.url)('GET', '/api/health')).body).toEqual({ ok: true, store: 'files', hub: 'hub-a' });
    expect(hub.output()).toMatch(/Lượt is running on port \d+ \(data: .*luot-test-.*, hub hub-a/);
  });

  it('gives a paired screen the hub addresses it may reconnect to', async () => {
    const admin = api(hub.url, hub.adminToken);
    const created = await admin<{ pairingCode: string }>('POST', '/api/devices', { siteId: 'demo', kind: 'display', name: 'Màn hình 2' });
    const paired = await api(hub.url)<{ token: string; hubUrls: string[] }>('POST', '/api/devices/pair', { code: created.body.pairingCode });
    expect(paired.status).toBe(200);
    expect(paired.body.hubUrls).toEqual(['http://10.0.0.5:3000', 'http://10.0.0.6:3000']);
  });

  it('an unreachable database: the hub says why in Vietnamese and English, hides the password, exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luot-nodb-'));
    try {
      const port = await closedPort();
      const r = await startHubExpectingFailure(dir, { LUOT_DATABASE_URL: `postgres://luot:s3cret-pw@127.0.0.1:${port}/luot` });
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBeNull();
      expect(r.output).toContain('Không khởi động được / cannot start');
      expect(r.output).toMatch(/Không kết nối được cơ sở dữ liệu .*Cannot reach the database/);
      expect(r.output).toContain(`@127.0.0.1:${port}/luot`);
      expect(r.output).not.toContain('s3cret-pw');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
