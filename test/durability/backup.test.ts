// npm run backup while the hub issues tickets; the copy restores into a hub that has every ticket
// that was acknowledged before the backup began, and verifies.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { api, pairDevice, ROOT, startHub, type HubHandle } from '../helpers/hub.js';

const run = promisify(execFile);
const hubs: HubHandle[] = [];
afterAll(async () => { for (const h of hubs) { await h.stop(); h.cleanup(); } });

describe('backup and restore', () => {
  it('copies a running hub consistently and restores it', { timeout: 120_000 }, async () => {
    const h = await startHub();
    hubs.push(h);
    const kiosk = await pairDevice(h, { kind: 'kiosk' });
    const issue = api(h.url, kiosk.token);
    const before: { id: string; number: string }[] = [];
    for (let i = 0; i < 20; i++) before.push((await issue<{ ticket: { id: string; number: string } }>('POST', '/api/tickets', { serviceId: 'svc-b' })).body.ticket);
    // Keep issuing while the backup runs.
    let stop = false;
    const during = (async () => { let n = 0; while (!stop) { await issue('POST', '/api/tickets', { serviceId: 'svc-c' }); n++; } return n; })();
    const out = join(mkdtempSync(join(tmpdir(), 'luot-backup-')), 'copy');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/backup.ts'), '--data-dir', h.dataDir, '--out', out], { cwd: ROOT });
    stop = true;
    expect(await during).toBeGreaterThan(0);
    expect(stdout).toMatch(/the copy verifies/);

    const verify = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/audit-verify.ts'), '--data-dir', out], { cwd: ROOT });
    expect(verify.stdout).toMatch(/every hash chain is intact/);

    const restored = await startHub({ dataDir: out });
    hubs.push(restored);
    const pub = api(restored.url);
    for (const t of before) {
      const r = await pub<{ ticket: { number: string } }>('GET', `/api/tickets/${t.id}`);
      expect(r.status).toBe(200);
      expect(r.body.ticket.number).toBe(t.number);
    }
    // The kiosk's token came along with the config, and numbering continues after the copy.
    const next = await api(restored.url, kiosk.token)<{ ticket: { number: string } }>('POST', '/api/tickets', { serviceId: 'svc-b' });
    expect(next.status).toBe(201);
    expect(next.body.ticket.number).toBe('B021');
    rmSync(join(out, '..'), { recursive: true, force: true });
  });
});
