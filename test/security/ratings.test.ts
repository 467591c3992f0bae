// Ratings stay as the pad recorded them. An admin may annotate one (the note goes to the hash-chained
// audit log); nobody may edit or delete one (roles.test.ts: there is no such route).
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, expectUnchanged, login, pairDevice, startTestHub, type HubHandle } from '../integration/support.js';

let h: HubHandle;
let pad: string;
let officer: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startTestHub();
  pad = (await pairDevice(h, { kind: 'pad', counterId: 'counter-1' })).token;
  officer = api(h.url, await login(h, 'canbo1', h.demo.canbo1));
  expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
});
afterAll(async () => { await h?.stop(); h?.cleanup(); });

async function served(): Promise<string> {
  expect((await api(h.url, h.adminToken)('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
  expect((await officer('POST', '/api/counters/counter-1/call-next')).status).toBe(200);
  const done = await officer('POST', '/api/counters/counter-1/complete');
  return done.body.ticket.id;
}

const dayLog = () => {
  const dir = join(h.dataDir, 'sites', 'demo');
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
};

describe('notes on a rating', () => {
  it('an admin annotates a rating: the note is audited, listed, and the rating and the figures stay as they were', async () => {
    const id = await served();
    expect((await api(h.url, pad)('POST', '/api/ratings', { ticketId: id, level: 'unsatisfied', reasons: ['Chờ quá lâu'] })).status).toBe(201);
    const admin = api(h.url, h.adminToken);
    const today = new Date().toISOString().slice(0, 10);
    const report = async () => (await admin('GET', `/api/reports?siteId=demo&from=${today}&to=${today}`)).body.total.ratings;
    const before = { log: dayLog(), report: await report() };

    const r = await admin('POST', `/api/ratings/${id}/notes`, { note: 'Công dân gọi điện xin lỗi vì đánh giá nhầm' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.note).toEqual({ at: expect.any(String), by: expect.objectContaining({ username: 'admin' }), note: 'Công dân gọi điện xin lỗi vì đánh giá nhầm' });
    expect(r.body.rating).toMatchObject({ siteId: 'demo', level: 'unsatisfied', reasons: ['Chờ quá lâu'], counterId: 'counter-1' });
    await admin('POST', `/api/ratings/${id}/notes`, { note: 'Đã xác minh với cán bộ quầy 1' });

    const list = await admin('GET', `/api/ratings/${id}/notes`);
    expect(list.body.notes.map((n: { note: string }) => n.note)).toEqual(['Công dân gọi điện xin lỗi vì đánh giá nhầm', 'Đã xác minh với cán bộ quầy 1']);
    const audit = readFileSync(join(h.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const notes = audit.filter((e) => e.action === 'rating.annotate');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({ target: `ticket:${id}`, detail: { note: 'Công dân gọi điện xin lỗi vì đánh giá nhầm', siteId: 'demo', level: 'unsatisfied' } });
    // The rating itself: the day's record and the report are unchanged.
    expect(dayLog()).toBe(before.log);
    expect(await report()).toEqual(before.report);
  });

  it('refuses, changing nothing: a note that is empty, too long or with other fields; a ticket not rated; an unknown ticket', async () => {
    const id = await served();
    const rated = await served();
    expect((await api(h.url, pad)('POST', '/api/ratings', { ticketId: rated, level: 'satisfied' })).status).toBe(201);
    const admin = api(h.url, h.adminToken);
    await expectUnchanged(h, async () => {
      expectError(await admin('POST', `/api/ratings/${rated}/notes`, { note: '   ' }), 400, 'invalid_input', 'note');
      expectError(await admin('POST', `/api/ratings/${rated}/notes`, { note: 'x'.repeat(1001) }), 400, 'invalid_input', 'note');
      expectError(await admin('POST', `/api/ratings/${rated}/notes`, { note: 'ok', level: 'very_satisfied' }), 400, 'invalid_input', 'level');
      expectError(await admin('POST', `/api/ratings/${rated}/notes`, [{ note: 'ok' }]), 400, 'invalid_input');
      expectError(await admin('POST', `/api/ratings/${id}/notes`, { note: 'Chưa có đánh giá' }), 404, 'ticket_not_found', 'ticketId');
      expectError(await admin('POST', '/api/ratings/khong-co/notes', { note: 'Không có phiếu' }), 404, 'ticket_not_found', 'ticketId');
      expectError(await admin('POST', `/api/ratings/${'x'.repeat(65)}/notes`, { note: 'Quá dài' }), 404, 'ticket_not_found');
      expectError(await admin('PATCH', `/api/ratings/${rated}`, { level: 'very_satisfied' }), 404, 'not_found');
      expectError(await officer('POST', `/api/ratings/${rated}/notes`, { note: 'Tôi muốn sửa' }), 403, 'forbidden');
      expectError(await officer('POST', '/api/ratings', { ticketId: id, level: 'very_satisfied' }), 403, 'forbidden');
    });
  });
});

describe('a rating of a finished day', () => {
  it('is found by its ticket id, with or without the date', async () => {
    const id = await served();
    expect((await api(h.url, pad)('POST', '/api/ratings', { ticketId: id, level: 'very_satisfied' })).status).toBe(201);
    await h.stop();
    // Move today's record to yesterday, as if the rating had been given then.
    const dir = join(h.dataDir, 'sites', 'demo');
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
    const yesterday = new Date(Date.parse(`${file.slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    renameSync(join(dir, file), join(dir, `${yesterday}.jsonl`));
    h = await startTestHub({ dataDir: h.dataDir });
    const admin = api(h.url, h.adminToken);
    const found = await admin('POST', `/api/ratings/${id}/notes`, { note: 'Ghi chú cho hôm qua' });
    expect(found.status, JSON.stringify(found.body)).toBe(201);
    expect(found.body.rating).toMatchObject({ date: yesterday, level: 'very_satisfied' });
    expect((await admin('POST', `/api/ratings/${id}/notes`, { note: 'Theo ngày', date: yesterday })).status).toBe(201);
    expectError(await admin('POST', `/api/ratings/${id}/notes`, { note: 'Sai ngày', date: '2020-01-01' }), 404, 'ticket_not_found');
    expectError(await admin('POST', `/api/ratings/${id}/notes`, { note: 'Ngày hỏng', date: '01/01/2020' }), 400, 'invalid_input', 'date');
    expect((await admin('GET', `/api/ratings/${id}/notes`)).body.notes).toHaveLength(2);
  });
});
