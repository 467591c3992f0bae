// The sign-in lock holds across hubs: wrong passwords for one account spread over two hubs lock it
// on both after the limit (5), the right password included; an account not guessed at signs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type HubHandle } from '../helpers/hub.js';
import { openStore } from '../../server/store/open.js';
import { freshDatabase, startCluster, stopCluster, until } from './support.js';

let hubs: HubHandle[] = [];
let url = '';
beforeAll(async () => { url = await freshDatabase(); hubs = await startCluster(2, url, { env: { LUOT_RATE_LIMITS: 'on' } }); }, 60_000);
afterAll(async () => { await stopCluster(hubs); });

describe('sign-in lock across hubs', () => {
  it('5 wrong passwords over two hubs lock the account on both', async () => {
    const [h0, h1] = hubs as [HubHandle, HubHandle];
    const store = await openStore({ dataDir: h0.dataDir, databaseUrl: url });
    const failures = async () => (await store.readAudit(0)).filter((e) => e.action === 'auth.failed').length;
    try {
      for (let i = 0; i < 5; i++) {
        const r = await api([h0, h1][i % 2]!.url)<{ error: { code: string } }>('POST', '/api/auth/login', { username: 'canbo1', password: `wrong-${i}` });
        expect([r.status, r.body.error.code]).toEqual([401, 'bad_credentials']);
        // Each failure is in the shared log before the next guess (on the other hub).
        await until(async () => (await failures()) === i + 1, `failure ${i + 1} recorded`);
      }
    } finally { await store.close(); }
    for (const h of hubs) {
      const r = await api(h.url)<{ error: { code: string } }>('POST', '/api/auth/login', { username: 'canbo1', password: h0.demo.canbo1 });
      expect([r.status, r.body.error.code]).toEqual([429, 'rate_limited']);
    }
    const other = await api(h1.url)('POST', '/api/auth/login', { username: 'canbo2', password: h0.demo.canbo2 });
    expect(other.status).toBe(200);
  }, 60_000);
});
