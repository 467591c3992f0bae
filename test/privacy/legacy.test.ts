// A data dir written before the vault (test/fixtures/datadir-v1: a booking's name and phone number
// in appointments.json, a plain rating comment in the chained day log) still loads and verifies;
// the booking's contact data moves to the vault at the start (so it can be erased), and the legacy
// comment stays where the chain holds it (docs/privacy.md, "Legacy logs").
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyDataDir } from '../../server/store/verify.js';
import { api, ROOT, startHub, type HubHandle } from '../helpers/hub.js';
import { filesContaining } from './support.js';

describe('legacy data dir', { timeout: 60_000 }, () => {
  let h: HubHandle | undefined;
  afterAll(async () => { await h?.stop(); h?.cleanup(); });

  it('loads, moves booking contacts to the vault, keeps the chain verifying', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'luot-legacy-')), 'data');
    cpSync(join(ROOT, 'test/fixtures/datadir-v1'), dir, { recursive: true });
    h = await startHub({ dataDir: dir });
    const admin = api(h.url, h.adminToken);
    const s = await admin<{ items: { kind: string; fields: Record<string, string> }[] }>('GET', '/api/privacy/subject?phone=0912345678');
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.items.map((i) => [i.kind, i.fields.name])).toEqual([['booking_contact', 'Lê Thị Hoa']]);
    // moved out of the file (at the start, before the first answer that needs it)
    const file = readFileSync(join(dir, 'appointments.json'), 'utf8');
    expect(file).not.toContain('0912345678');
    expect((await admin<{ erased: Record<string, number> }>('POST', '/api/privacy/erase', { phone: '0912345678' })).body.erased.booking_contact).toBe(1);
    expect(filesContaining(dir, ['0912345678', 'Lê Thị Hoa'])).toEqual([]);
    // the legacy comment is still in its finished day, which still verifies
    expect(filesContaining(dir, ['Chờ lâu']).length).toBe(1);
    expect((await verifyDataDir(dir)).ok).toBe(true);
  });
});
