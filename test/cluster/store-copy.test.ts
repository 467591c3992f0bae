// store:copy: a centre's whole data set (a week of demo history, today's tickets, audit, documents)
// copied files → PostgreSQL → files (files → files without a database) gives the same reports and
// chains that verify; a target that holds data is refused unless --force.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, pairDevice, runScript, startHub, type HubHandle } from '../helpers/hub.js';
import { freshDatabase, storeCopy } from './support.js';

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'luot-copy-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const HISTORY = { LUOT_DEMO_HISTORY_WEEKS: '1' };

/** Every report an admin reads of the demo site over the history and today, by service and by officer. */
async function reportsOf(h: HubHandle): Promise<unknown[]> {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
  const from = new Date(Date.now() - 10 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
  const admin = api(h.url, h.adminToken);
  const out: unknown[] = [];
  for (const groupBy of ['service', 'officer', 'day']) {
    const r = await admin<Record<string, unknown>>('GET', `/api/reports?siteId=demo&from=${from}&to=${today}&groupBy=${groupBy}`);
    expect(r.status).toBe(200);
    const { generatedAt: _g, ...rest } = r.body;
    out.push(rest);
  }
  return out;
}

export async function seedFilesHub(): Promise<{ dir: string; reports: unknown[] }> {
  const dir = tmp();
  const h = await startHub({ dataDir: dir, env: HISTORY });
  const kiosk = await pairDevice(h, { kind: 'kiosk' });
  for (const serviceId of ['svc-a', 'svc-b', 'svc-a']) {
    expect((await api(h.url, kiosk.token)('POST', '/api/tickets', { serviceId })).status).toBe(201);
  }
  const reports = await reportsOf(h);
  await h.stop();
  return { dir, reports };
}

describe('store:copy', () => {
  let seeded: { dir: string; reports: unknown[] };
  beforeAll(async () => { seeded = await seedFilesHub(); }, 60_000);

  it('files → files: copied and verified; a non-empty target refused without --force', async () => {
    const to = tmp();
    const r = await storeCopy('--from', seeded.dir, '--to', to);
    expect(r.out).toContain('OK: đã chép');
    expect(r.out).toMatch(/1 sites, [1-9]\d* days, \d+ entries, \d+ audit entries/);
    expect(r.code).toBe(0);
    const again = await storeCopy('--from', seeded.dir, '--to', to, '--quiet');
    expect(again.code).toBe(1);
    expect(again.out).toContain('not empty');
    const forced = await storeCopy('--from', seeded.dir, '--to', to, '--quiet', '--force');
    expect(forced.code, forced.out).toBe(0);
  }, 60_000);

  it('files → PostgreSQL → files: a hub on the database and one on the copy back give the same reports; chains verify', async () => {
    const { dir, reports } = seeded;
    const url = await freshDatabase();
    const up = await storeCopy('--from', dir, '--to', url, '--quiet');
    expect(up.code, up.out).toBe(0);
    expect(up.out).not.toContain(new URL(url).password);
    // The database refuses a second copy (not empty), even with --force.
    const again = await storeCopy('--from', dir, '--to', url, '--quiet', '--force');
    expect(again.code).toBe(1);
    const verified = await runScript('audit-verify.ts', ['--database-url', url, '--quiet']);
    expect(verified.out).toContain('every hash chain is intact');
    expect(verified.code).toBe(0);
    const onPg = await startHub({ dataDir: tmp(), env: { ...HISTORY, LUOT_DATABASE_URL: url } });
    try {
      expect(await reportsOf(onPg)).toEqual(reports);
      const v = await api(onPg.url, onPg.adminToken)<{ ok: boolean }>('GET', '/api/audit/verify');
      expect([v.status, v.body.ok]).toEqual([200, true]);
    } finally { await onPg.stop(); }
    const back = tmp();
    const down = await storeCopy('--from', url, '--to', back, '--quiet');
    expect(down.code, down.out).toBe(0);
    const h = await startHub({ dataDir: back, env: HISTORY });
    try {
      expect(await reportsOf(h)).toEqual(reports);
      const v = await api(h.url, h.adminToken)<{ ok: boolean }>('GET', '/api/audit/verify');
      expect([v.status, v.body.ok]).toEqual([200, true]);
    } finally { await h.stop(); }
  }, 90_000);
});
