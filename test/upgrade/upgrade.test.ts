// Upgrades of a data dir: one written by the release before format versions (test/fixtures/
// datadir-v1, made by test/upgrade/make-prev-fixture.ts) starts on this hub, is backed up next to
// itself, migrated, and keeps every ticket, booking and hash chain; a data dir of a newer format is
// refused with a clear message and a non-zero exit, untouched.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_FORMAT } from '../../server/store/format.js';
import { verifyDataDir } from '../../server/store/verify.js';
import { ROOT, startHubExpectingFailure } from '../helpers/hub.js';
import { api, dataDigest, expectError, login, startHub, type HubHandle } from '../integration/support.js';

const FIXTURE = join(ROOT, 'test/fixtures/datadir-v1');
const DAY = '2026-12-03';
const parent = mkdtempSync(join(tmpdir(), 'luot-upgrade-'));
let h: HubHandle | null = null;
afterAll(async () => { await h?.stop(); });

const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('a data dir of the previous release', () => {
  it('starts, is backed up next to itself, migrated, and keeps every ticket, booking and chain', async () => {
    const dataDir = join(parent, 'data');
    cpSync(FIXTURE, dataDir, { recursive: true });
    const before = dataDigest(dataDir);
    const dayLog = join(dataDir, 'sites/demo', `${DAY}.jsonl`);
    const dayBytes = readFileSync(dayLog);
    const issued = lines(dayLog).filter((e) => e.t === 'issued').map((e) => e.id);
    expect(issued.length).toBe(6);

    h = await startHub({ dataDir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' }, noLogin: true });
    expect(h.output()).toMatch(/data dir upgraded: format 1 → 2/);
    // The backup: a sibling dir with the very files of the old release.
    const backups = readdirSync(parent).filter((n) => n.startsWith('data.backup-format1-'));
    expect(backups.length).toBe(1);
    expect(dataDigest(join(parent, backups[0]))).toEqual(before);
    // The manifest and the config carry their versions; the finished day log is not rewritten.
    const manifest = JSON.parse(readFileSync(join(dataDir, 'format.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: DATA_FORMAT, files: { config: 2, dayLog: 1, audit: 1 }, migratedFrom: [1] });
    expect(JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')).version).toBe(2);
    expect(readFileSync(dayLog).subarray(0, dayBytes.length).equals(dayBytes)).toBe(true);

    // The old fixed demo passwords no longer open the accounts; the replaced ones are printed once.
    expectError(await api(h.url)('POST', '/api/auth/login', { username: 'canbo1', password: 'canbo1' }), 401, 'bad_credentials');
    expect(h.output()).toMatch(/old fixed demo passwords were replaced/);
    const officer = await login(h, 'canbo1', h.demo.canbo1);
    expect(officer).toBeTruthy();

    // Every ticket is there: the report of that day counts them (admin password of the fixture's start).
    const admin = api(h.url, await login(h, 'admin', 'admin-test-pw'));
    const rep = await admin('GET', `/api/reports?siteId=demo&from=${DAY}&to=${DAY}&groupBy=service`);
    expect(rep.status, JSON.stringify(rep.body)).toBe(200);
    expect(rep.body.total).toMatchObject({ issued: 6, served: 3, noShow: 1 });
    const booking = JSON.parse(readFileSync(join(FIXTURE, 'appointments.json'), 'utf8')).bookings[0];
    const b = await admin('GET', `/api/appointments/${booking.code}`);
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    expect((await admin('GET', '/api/demo')).body.demo).toMatchObject({ present: true, siteId: 'demo', accounts: 2 });
    expect((await verifyDataDir(dataDir)).ok).toBe(true);

    // A second start migrates nothing more.
    h = await h.restart();
    expect(h.output()).not.toMatch(/upgraded/);
    expect(readdirSync(parent).filter((n) => n.startsWith('data.backup-')).length).toBe(1);
    await h.stop();
    h = null;
  });

  it('a data dir of a newer format is refused with a clear message, exit non-zero, nothing changed', async () => {
    const dataDir = join(parent, 'newer');
    cpSync(FIXTURE, dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'format.json'), JSON.stringify({ format: DATA_FORMAT + 1, files: {}, writtenAt: '2027-01-01T00:00:00Z' }));
    const before = dataDigest(dataDir);
    const r = await startHubExpectingFailure(dataDir);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(`newer Lượt (data format ${DATA_FORMAT + 1})`);
    expect(r.output).toContain('phiên bản Lượt mới hơn');
    expect(dataDigest(dataDir)).toEqual(before);
    expect(readdirSync(parent).filter((n) => n.startsWith('newer.backup'))).toEqual([]);
  });
});
