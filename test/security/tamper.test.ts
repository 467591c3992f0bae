// Tampering with finished days: a rating rewritten, an entry deleted, two entries swapped, a whole
// day removed, a forger who re-chains what follows his edit. `npm run audit:verify` fails and names
// the first bad entry; the admin's audit page (GET /api/audit/verify, /api/audit/digests) says the same.
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../server/store/day-log.js';
import { dayLogText, siteConfigFor, simulateDay } from '../bench/history.js';
import { api, login, pairDevice, startTestHub, type HubHandle } from '../integration/support.js';
import { auditVerify } from './support.js';

const hubs: HubHandle[] = [];
const dirs: string[] = [];
let pristine: string;
/** The record before the day closes were recorded (a hub that was off at midnight), without today. */
let unclosed: string;
let days: { d2: string; d1: string; today: string };
/** Line numbers in the real day D-2 of the two ratings. */
let ratedLines: number[];

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const lines = (text: string) => text.split('\n').filter(Boolean);
const dayFile = (dir: string, date: string) => join(dir, 'sites', 'demo', `${date}.jsonl`);
const lastHash = (text: string) => sha256(lines(text).at(-1)!);

/** Re-serialise entries as the hub would, chained from `prev`: what a careful forger writes. */
function rechain(entries: object[], prev: string): { text: string; last: string } {
  let text = '';
  entries.forEach((e, i) => {
    const { n: _n, prev: _p, ...rest } = e as { n: number; prev: string };
    const line = JSON.stringify({ n: i + 1, prev, ...rest });
    prev = sha256(line);
    text += line + '\n';
  });
  return { text, last: prev };
}

/** Append entries to the audit log, chained, as the hub writes them. */
function appendAudit(dir: string, entries: object[]): void {
  const path = join(dir, 'audit.jsonl');
  const existing = lines(readFileSync(path, 'utf8'));
  let prev = sha256(existing.at(-1)!);
  let n = existing.length;
  let text = '';
  for (const e of entries) {
    const line = JSON.stringify({ n: ++n, prev, ...e });
    prev = sha256(line);
    text += line + '\n';
  }
  writeFileSync(path, readFileSync(path, 'utf8') + text);
}

function copy(from = pristine): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'luot-tamper-')), 'data');
  cpSync(from, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

beforeAll(async () => {
  // Day D-2: a real morning at the demo centre, with two ratings.
  const first = await startTestHub();
  hubs.push(first);
  const kiosk = await pairDevice(first, { kind: 'kiosk' });
  const pad = await pairDevice(first, { kind: 'pad', counterId: 'counter-1' });
  const officer = api(first.url, await login(first, 'canbo1', first.demo.canbo1));
  expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
  for (let i = 0; i < 4; i++) expect((await api(first.url, kiosk.token)('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
  for (const rating of [{ level: 'unsatisfied', reasons: ['Chờ quá lâu'] }, { level: 'satisfied' }]) {
    await officer('POST', '/api/counters/counter-1/call-next');
    const done = await officer('POST', '/api/counters/counter-1/complete');
    expect((await api(first.url, pad.token)('POST', '/api/ratings', { ticketId: done.body.ticket.id, ...rating })).status).toBe(201);
  }
  await first.stop();
  pristine = first.dataDir;
  const today = readdirSync(join(pristine, 'sites', 'demo')).find((f) => f.endsWith('.jsonl'))!.slice(0, 10);
  days = { d2: addDays(today, -2), d1: addDays(today, -1), today };
  renameSync(dayFile(pristine, today), dayFile(pristine, days.d2));
  const d2Text = readFileSync(dayFile(pristine, days.d2), 'utf8');
  ratedLines = lines(d2Text).map((l, i) => (JSON.parse(l).t === 'rated' ? i + 1 : 0)).filter(Boolean);
  expect(ratedLines).toHaveLength(2);

  // Day D-1: a simulated day (the benchmark's history), chained from D-2.
  const d1 = dayLogText(simulateDay(siteConfigFor('demo'), days.d1, 40, rng(7)), lastHash(d2Text));
  writeFileSync(dayFile(pristine, days.d1), d1.text);
  // The same record as it is when the hub was not running at midnight: no digest recorded at a close.
  unclosed = join(mkdtempSync(join(tmpdir(), 'luot-tamper-')), 'data');
  cpSync(pristine, unclosed, { recursive: true });
  dirs.push(unclosed);
  // What the hub records when it closes a day at midnight (server/app/hub.ts, rollOver).
  const close = (date: string, text: string) => ({
    t: 'audit', at: Date.parse(`${addDays(date, 1)}T00:00:00Z`), actor: 'system', action: 'day.close', target: 'site:demo',
    detail: { date, digest: lastHash(text), entries: lines(text).length },
  });
  appendAudit(pristine, [close(days.d2, d2Text), close(days.d1, d1.text)]);

  // Today: the hub runs again and chains its new day from D-1.
  const second = await startTestHub({ dataDir: pristine });
  hubs.push(second);
  expect((await api(second.url, second.adminToken)('POST', '/api/tickets', { serviceId: 'svc-b' })).status).toBe(201);
  await second.stop();
}, 120_000);

afterAll(async () => {
  for (const h of hubs) { await h.stop(); }
  rmSync(pristine, { recursive: true, force: true });
  for (const d of dirs) rmSync(join(d, '..'), { recursive: true, force: true });
});

describe('an intact record', () => {
  it('verifies, and the audit page lists each finished day\'s digest as recorded at its close', async () => {
    const r = await auditVerify(pristine);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/every hash chain is intact/);

    const h = await startTestHub({ dataDir: copy() });
    hubs.push(h);
    const admin = api(h.url, h.adminToken);
    const v = await admin('GET', '/api/audit/verify');
    expect(v.body).toMatchObject({ ok: true, firstBad: null });
    const d = await admin('GET', '/api/audit/digests?siteId=demo');
    expect(d.body.days.map((x: { date: string; matches: boolean }) => [x.date, x.matches])).toEqual([[days.d2, true], [days.d1, true]]);
    const d2 = d.body.days[0];
    expect(d2.digest).toBe(lastHash(readFileSync(dayFile(pristine, days.d2), 'utf8')));
    expect(d2.recorded.digest).toBe(d2.digest);
    expect(v.body.days.find((x: { date: string }) => x.date === days.d2).digest).toBe(d2.digest);
    expect(d.body.audit.digest).toMatch(/^[0-9a-f]{64}$/);
    await h.stop();
  });
});

describe('tampering with a finished day', () => {
  const expectNamed = async (dir: string, file: string, message: RegExp) => {
    const r = await auditVerify(dir);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(`SAI / TAMPERED: ${join(dir, file)}`);
    expect(r.out).toMatch(message);
  };

  it('a rating rewritten in place: the file and the line are named', async () => {
    const dir = copy();
    const path = dayFile(dir, days.d2);
    const ls = lines(readFileSync(path, 'utf8'));
    const n = ratedLines[0]!;
    expect(ls[n - 1]).toContain('"unsatisfied"');
    ls[n - 1] = ls[n - 1]!.replace('"unsatisfied"', '"very_satisfied"').replace('"reasons":["Chờ quá lâu"]', '"reasons":[]');
    writeFileSync(path, ls.join('\n') + '\n');
    await expectNamed(dir, `sites/demo/${days.d2}.jsonl`, new RegExp(`line ${n} was altered`));

    // The admin's audit page on a hub running over that data dir names it too.
    const h = await startTestHub({ dataDir: dir });
    hubs.push(h);
    const v = await api(h.url, h.adminToken)('GET', '/api/audit/verify');
    expect(v.body.ok).toBe(false);
    expect(v.body.firstBad).toEqual({ file: `sites/demo/${days.d2}.jsonl`, line: n, message: expect.stringContaining(`line ${n} was altered`) });
    expect(JSON.stringify(v.body)).not.toContain(dir);
    await h.stop();
  });

  it('a rating rewritten and the rest of its day re-chained: the close digest differs, and the next day no longer continues it', async () => {
    for (const from of [pristine, unclosed]) {
      const dir = copy(from);
      const path = dayFile(dir, days.d2);
      const entries = lines(readFileSync(path, 'utf8')).map((l) => JSON.parse(l));
      const rated = entries[ratedLines[0]! - 1];
      rated.level = 'very_satisfied';
      rated.reasons = [];
      writeFileSync(path, rechain(entries, entries[0].prev).text);
      if (from === pristine) await expectNamed(dir, `sites/demo/${days.d2}.jsonl`, /differs from the digest recorded when the day closed/);
      else await expectNamed(dir, `sites/demo/${days.d1}.jsonl`, /line 1 does not continue the previous day's chain/);
    }
  });

  it('every later day re-chained as well: the digest recorded at the day\'s close still differs', async () => {
    const dir = copy();
    let prev = 'genesis';
    for (const date of [days.d2, days.d1, days.today]) {
      const path = dayFile(dir, date);
      const entries = lines(readFileSync(path, 'utf8')).map((l) => JSON.parse(l));
      if (date === days.d2) entries.splice(ratedLines[0]! - 1, 1); // the unsatisfied rating is gone
      const out = rechain(entries, prev);
      writeFileSync(path, out.text);
      prev = out.last;
    }
    await expectNamed(dir, `sites/demo/${days.d2}.jsonl`, /differs from the digest recorded when the day closed/);
    const h = await startTestHub({ dataDir: dir });
    hubs.push(h);
    const d = await api(h.url, h.adminToken)('GET', '/api/audit/digests?siteId=demo');
    expect(d.body.days.map((x: { matches: boolean }) => x.matches)).toEqual([false, false]);
    await h.stop();
  });

  it('an entry deleted: named by the sequence number that no longer follows', async () => {
    const dir = copy();
    const path = dayFile(dir, days.d2);
    const ls = lines(readFileSync(path, 'utf8'));
    const n = ratedLines[0]!;
    ls.splice(n - 1, 1);
    writeFileSync(path, ls.join('\n') + '\n');
    await expectNamed(dir, `sites/demo/${days.d2}.jsonl`, new RegExp(`line ${n} carries sequence ${n + 1} \\(entries deleted or reordered\\)`));
  });

  it('two entries swapped: named', async () => {
    const dir = copy();
    const path = dayFile(dir, days.d2);
    const ls = lines(readFileSync(path, 'utf8'));
    const n = ratedLines[0]!;
    [ls[n - 2], ls[n - 1]] = [ls[n - 1]!, ls[n - 2]!];
    writeFileSync(path, ls.join('\n') + '\n');
    await expectNamed(dir, `sites/demo/${days.d2}.jsonl`, new RegExp(`line ${n - 1} carries sequence ${n}`));
  });

  it('the last entries of a day cut off: the close digest differs, and the next day names the break', async () => {
    for (const from of [pristine, unclosed]) {
      const dir = copy(from);
      const path = dayFile(dir, days.d2);
      const ls = lines(readFileSync(path, 'utf8'));
      writeFileSync(path, ls.slice(0, ratedLines[1]! - 1).join('\n') + '\n');
      if (from === pristine) await expectNamed(dir, `sites/demo/${days.d2}.jsonl`, /differs from the digest recorded when the day closed/);
      else await expectNamed(dir, `sites/demo/${days.d1}.jsonl`, /line 1 does not continue the previous day's chain/);
    }
  });

  it('a whole day deleted: the day after it no longer continues the chain', async () => {
    const dir = copy();
    unlinkSync(dayFile(dir, days.d1));
    await expectNamed(dir, `sites/demo/${days.today}.jsonl`, /line 1 does not continue the previous day's chain/);
    const open = copy(unclosed);
    unlinkSync(dayFile(open, days.d2));
    await expectNamed(open, `sites/demo/${days.d1}.jsonl`, /line 1 does not continue the previous day's chain/);
  });

  it('the audit log rewritten (a lockout or a note removed from the record): named', async () => {
    const dir = copy();
    const path = join(dir, 'audit.jsonl');
    const ls = lines(readFileSync(path, 'utf8'));
    ls[1] = ls[1]!.replace('"action":"', '"action":"x');
    writeFileSync(path, ls.join('\n') + '\n');
    await expectNamed(dir, 'audit.jsonl', /line 2 was altered/);
  });
});
