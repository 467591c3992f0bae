// The retention job with an injected clock (in process, the real hub and file store on a temp dir):
// it erases exactly the records whose period has passed, by kind, day by day, and nothing else;
// it audits counts, never values; it runs once a day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERASED_TEXT } from '../../common/privacy.js';
import { Hub } from '../../server/app/hub.js';
import type { Actor } from '../../server/domain/model.js';
import { privacyOf } from '../../server/privacy/privacy.js';
import { verifyDataDir } from '../../server/store/verify.js';
import { Store } from '../../server/store/store.js';
import { filesContaining } from './support.js';

// 10:00 in Hà Nội on the given date
const at = (date: string, hhmm = '10:00') => Date.parse(`${date}T${hhmm}:00+07:00`);

describe('retention job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luot-retention-'));
  let hub: Hub;
  afterAll(async () => { await hub?.close(); rmSync(dir, { recursive: true, force: true }); });

  it('erases what expired, and nothing else', async () => {
    let now = at('2026-03-10');
    hub = await Hub.create({ store: new Store(dir), clock: () => now, demo: true, adminPassword: 'pw-test-1' });
    const privacy = privacyOf(hub);
    await privacy.open();
    const admin: Actor = { kind: 'user', id: 'x', name: 'Admin', role: 'admin', siteIds: [] };
    await privacy.appts.setSlots(admin, { serviceId: 'svc-a', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['09:00', '15:00'], capacity: 5 });
    const a = await privacy.appts.book({ serviceId: 'svc-a', date: '2026-03-10', time: '15:00', name: 'Người Hẹn Một', phone: '0911000001', consent: true });
    const b = await privacy.appts.book({ serviceId: 'svc-a', date: '2026-03-12', time: '09:00', name: 'Người Hẹn Hai', phone: '0911000002', consent: true });
    await hub.vault.put({ id: 'rating:old', kind: 'rating_comment', siteId: 'demo', at: at('2025-03-10'), links: {} }, { comment: 'ý kiến cũ' }).written;
    await hub.vault.put({ id: 'rating:new', kind: 'rating_comment', siteId: 'demo', at: at('2025-04-12'), links: {} }, { comment: 'ý kiến mới' }).written;
    const ids = () => [...hub.vault.records()].map((r) => r.id).sort();
    const name = (code: string) => privacy.appts.data.bookings.find((x) => x.code === code)!.name;

    // Nothing has expired yet.
    expect((await privacy.runRetention(admin)).erased).toEqual({});
    expect(ids()).toEqual([`booking:${a.code}`, `booking:${b.code}`, 'rating:new', 'rating:old'].sort());

    // 2026-04-10: booking A (day 03-10, 30 days → last kept 04-09) and the comment of 2025-03-10 go.
    now = at('2026-04-10', '00:30');
    const run = await privacyOf(hub).runIfDue();
    expect(run?.erased).toEqual({ booking_contact: 1, rating_comment: 1 });
    expect(ids()).toEqual([`booking:${b.code}`, 'rating:new']);
    expect(name(a.code)).toBe(ERASED_TEXT);
    expect(name(b.code)).toBe('Người Hẹn Hai');
    // once a day
    expect(await privacy.runIfDue()).toBeNull();

    // 2026-04-12: booking B's last kept day was 04-11; the comment of 2025-04-12 is kept until 2026-04-12 ends.
    now = at('2026-04-12', '23:59');
    expect((await privacy.runIfDue())?.erased).toEqual({ booking_contact: 1 });
    expect(ids()).toEqual(['rating:new']);
    now = at('2026-04-13', '00:01');
    expect((await privacy.runIfDue())?.erased).toEqual({ rating_comment: 1 });
    expect(ids()).toEqual([]);

    // A shorter period set by the admin applies from the next run; the policy change is audited.
    const ov = await privacy.setPolicy(admin, { booking_contact: 7 });
    expect(ov.policy.booking_contact).toBe(7);
    expect(ov.lastRun).toMatchObject({ erased: { rating_comment: 1 }, by: 'daily' });

    const runs = hub.auditEntries.filter((e) => e.action === 'privacy.retention');
    expect(runs.map((e) => e.detail.erased)).toEqual([{}, { booking_contact: 1, rating_comment: 1 }, { booking_contact: 1 }, { rating_comment: 1 }]);
    expect(filesContaining(dir, ['Người Hẹn', '0911000001', '0911000002', 'ý kiến'])).toEqual([]);
    expect((await verifyDataDir(dir)).ok).toBe(true);
  });
});
