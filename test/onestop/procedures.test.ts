// The one-stop link through real HTTP: the procedure catalogue (national JSON and XLSX, re-import,
// a broken file refused whole naming its row), search, mapping to services, tickets taken for a
// procedure, dossier codes attached to tickets (valid, invalid, wrong officer), and the rating that
// carries them with the officer and the agency code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, dataDigest, expectError, login, pairDevice, startTestHub, type HubHandle } from '../integration/support.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(h: HubHandle, body: Buffer | string, type: string, siteId = 'demo', token = h.adminToken) {
  const r = await fetch(`${h.url}/api/procedures/import?siteId=${siteId}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, "Content-Type": type }, body: typeof body === "string" ? body : new Uint8Array(body) });
  return { status: r.status, body: await r.json() as any };
}

describe('procedures and dossiers', { timeout: 120_000 }, () => {
  let h: HubHandle;
  let admin: ReturnType<typeof api>;
  beforeAll(async () => {
    h = await startTestHub();
    admin = api(h.url, h.adminToken);
  });
  afterAll(async () => { await h?.stop(); h?.cleanup(); });

  it('imports the national JSON sample: 12 procedures; a re-import changes nothing', async () => {
    const json = readFileSync(join(FIX, 'procedures-sample.json'));
    const first = await upload(h, json, 'application/json');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ imported: 12, updated: 0, errors: [] });
    const before = dataDigest(h.dataDir);
    const again = await upload(h, json, 'application/json');
    expect(again.body).toMatchObject({ imported: 0, updated: 0, unchanged: 12, total: 12 });
    expect(dataDigest(h.dataDir)).toEqual(before);
    const all = await api(h.url)('GET', '/api/procedures?siteId=demo');
    expect(all.body.procedures).toHaveLength(12);
    const birth = all.body.procedures.find((p: any) => p.code === '1.001193');
    expect(birth).toMatchObject({
      name: 'Đăng ký khai sinh', field: { code: '1.000003', name: 'Hộ tịch' }, processingTime: 'Ngay trong ngày',
      fee: { amount: 0, text: 'Lệ phí: miễn (đăng ký đúng hạn)' },
      documents: [{ name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0 }, { name: 'Giấy chứng sinh', originals: 1, copies: 0 }],
    });
  });

  it('the XLSX of the same 12 imports as the same codes: nothing new, nothing duplicated', async () => {
    const r = await upload(h, readFileSync(join(FIX, 'procedures-sample.xlsx')), XLSX);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.imported).toBe(0);
    expect(r.body.total).toBe(12);
    const all = await api(h.url)('GET', '/api/procedures?siteId=demo');
    expect(all.body.procedures).toHaveLength(12);
    const copy = all.body.procedures.find((p: any) => p.code === '1.004884');
    expect(copy.documents[0]).toEqual({ name: 'Tờ khai cấp bản sao trích lục hộ tịch', originals: 1, copies: 0 });
  });

  it('the XLSX alone into a fresh site: 12 procedures, counts right', async () => {
    const site = await admin('POST', '/api/sites', { name: 'Phường Thử XLSX' });
    const r = await upload(h, readFileSync(join(FIX, 'procedures-sample.xlsx')), XLSX, site.body.site.id);
    expect(r.body).toMatchObject({ imported: 12, updated: 0, total: 12 });
    const fields = await api(h.url)('GET', `/api/procedures/fields?siteId=${site.body.site.id}`);
    expect(fields.body.fields.find((f: any) => f.name === 'Hộ tịch').count).toBe(4);
    expect(fields.body.fields.reduce((n: number, f: any) => n + f.count, 0)).toBe(12);
  });

  it('a broken file is refused whole, naming row 3; the catalogue is unchanged', async () => {
    const site = await admin('POST', '/api/sites', { name: 'Phường Thử Lỗi' });
    const before = dataDigest(h.dataDir);
    const r = await upload(h, readFileSync(join(FIX, 'procedures-broken.json')), 'application/json', site.body.site.id);
    expectError(r, 400, 'import_invalid');
    expect(r.body.imported).toBe(0);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0].row).toBe(3);
    expect(r.body.errors[0].message).toContain('TENTTHC');
    expect(r.body.error.message).toContain('3');
    expect(dataDigest(h.dataDir)).toEqual(before);
    expect((await api(h.url)('GET', `/api/procedures?siteId=${site.body.site.id}`)).body.procedures).toHaveLength(0);
    // …and into the demo site, whose 12 stay as they were.
    const demo = await upload(h, readFileSync(join(FIX, 'procedures-broken.json')), 'application/json');
    expect(demo.status).toBe(400);
    expect((await api(h.url)('GET', '/api/procedures?siteId=demo')).body.procedures).toHaveLength(12);
  });

  it('a CSV with named columns imports; a bad row is named by its spreadsheet row; officers cannot import', async () => {
    const site = (await admin('POST', '/api/sites', { name: 'Phường Thử CSV' })).body.site.id;
    const csv = '\uFEFFMATTHC;TENTTHC;TENLINHVUC;PHILEPHI;GIAYTO\r\n9.000001;"Thủ tục A; thử";Hộ tịch;8.000;Tờ khai (1 bản chính, 2 bản sao)\r\n9.000002;;Hộ tịch;;\r\n';
    const bad = await upload(h, csv, 'text/csv', site);
    expectError(bad, 400, 'import_invalid');
    expect(bad.body.errors.map((e: any) => e.row)).toEqual([3]);
    const good = await upload(h, csv.split('\r\n').slice(0, 2).join('\r\n'), 'text/csv', site);
    expect(good.body.imported).toBe(1);
    const p = (await api(h.url)('GET', `/api/procedures/9.000001?siteId=${site}`)).body.procedure;
    expect(p).toMatchObject({ name: 'Thủ tục A; thử', fee: { amount: 8000 }, documents: [{ name: 'Tờ khai', originals: 1, copies: 2 }] });
    const officer = await login(h, 'canbo1', h.demo.canbo1);
    expectError(await upload(h, csv, 'text/csv', 'demo', officer), 403, 'forbidden');
  });

  it('search is diacritic- and case-insensitive, by word prefixes; browse by field', async () => {
    const find = async (q: string) => (await api(h.url)('GET', `/api/procedures?siteId=demo&q=${encodeURIComponent(q)}`)).body.procedures.map((p: any) => p.name);
    for (const q of ['khai sinh', 'dang ky khai sinh', 'ĐĂNG KÝ', 'Đăng ký khai sinh', 'dang k kh s', '1.001193']) {
      expect(await find(q), q).toContain('Đăng ký khai sinh');
    }
    expect((await find('khai sinh'))[0]).toBe('Đăng ký khai sinh');
    expect((await find('dang ky khai sinh'))[0]).toBe('Đăng ký khai sinh');
    expect(await find('khai sinh')).not.toContain('Đăng ký kết hôn');
    expect(await find('xyz')).toEqual([]);
    const byField = await api(h.url)('GET', '/api/procedures?siteId=demo&field=2.000001');
    expect(byField.body.procedures.map((p: any) => p.code).sort()).toEqual(['2.000815', '2.000884', '2.000913']);
    expectError(await api(h.url)('GET', '/api/procedures?siteId=demo&x=1'), 400, 'invalid_input');
  });

  it('maps a field and a procedure to services; the portal URL and agency code come from the site settings', async () => {
    expectError(await admin('PATCH', '/api/procedures/fields/1.000003?siteId=demo', { serviceId: 'nope' }), 404, 'service_not_found');
    const f = await admin('PATCH', '/api/procedures/fields/1.000003?siteId=demo', { serviceId: 'svc-a' });
    expect(f.body.field).toMatchObject({ code: '1.000003', serviceId: 'svc-a', count: 4 });
    const p = await admin('PATCH', '/api/procedures/2.000815?siteId=demo', { serviceId: 'svc-b' });
    expect(p.body.procedure.serviceId).toBe('svc-b');
    expectError(await admin('PATCH', '/api/procedures/0.000000?siteId=demo', { serviceId: 'svc-b' }), 404, 'procedure_not_found');
    expectError(await admin('PATCH', '/api/sites/demo', { dossierPattern: '(' }), 400, 'invalid_input', 'dossierPattern');
    const s = await admin('PATCH', '/api/sites/demo', {
      agencyCode: '000.00.00.H56', procedureUrlTemplate: 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}',
    });
    expect(s.body.site.agencyCode).toBe('000.00.00.H56');
    const birth = (await api(h.url)('GET', '/api/procedures/1.001193?siteId=demo')).body.procedure;
    expect(birth).toMatchObject({ serviceId: 'svc-a', url: 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193' });
    // Mappings survive a re-import and a restart.
    await upload(h, readFileSync(join(FIX, 'procedures-sample.json')), 'application/json');
    h = await h.restart();
    admin = api(h.url, h.adminToken = await login(h, 'admin', 'admin-test-pw'));
    expect((await api(h.url)('GET', '/api/procedures/1.001193?siteId=demo')).body.procedure.serviceId).toBe('svc-a');
    expect((await api(h.url)('GET', '/api/procedures/2.000815?siteId=demo')).body.procedure.serviceId).toBe('svc-b');
  });

  it('a ticket taken for a procedure goes to its service and carries its code; unmapped → 409', async () => {
    const kiosk = await pairDevice(h, { kind: 'kiosk' });
    const k = api(h.url, kiosk.token);
    const r = await k('POST', '/api/tickets', { procedureCode: '1.001193' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.ticket).toMatchObject({ serviceId: 'svc-a', procedureCode: '1.001193' });
    expect(r.body.ticket.number).toMatch(/^A\d{3}$/);
    expectError(await k('POST', '/api/tickets', { procedureCode: '1.004227' }), 409, 'procedure_not_mapped');
    expectError(await k('POST', '/api/tickets', { procedureCode: '0.0' }), 404, 'procedure_not_found');
    expectError(await k('POST', '/api/tickets', {}), 400, 'invalid_input');
  });

  it('dossier codes: the serving officer attaches valid codes; an invalid code 400; another officer 403; the rating carries them', async () => {
    const kiosk = await pairDevice(h, { kind: 'kiosk' });
    const pad = await pairDevice(h, { kind: 'pad', counterId: 'counter-1' });
    const t = (await api(h.url, kiosk.token)('POST', '/api/tickets', { procedureCode: '1.000894' })).body.ticket;
    const o1 = api(h.url, await login(h, 'canbo1', h.demo.canbo1));
    const o2 = api(h.url, await login(h, 'canbo2', h.demo.canbo2));
    await o1('POST', '/api/counters/counter-1/open');
    await o2('POST', '/api/counters/counter-2/open');
    let called = (await o1('POST', '/api/counters/counter-1/call', { ticketId: t.id })).body.ticket;
    expect(called.id).toBe(t.id);
    const before = dataDigest(h.dataDir);
    expectError(await o1('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: 'HS-123' }), 400, 'invalid_dossier_code', 'dossierCode');
    expectError(await o2('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: '000.00.00.H56-261203-0001' }), 403, 'ticket_not_yours');
    expectError(await api(h.url, kiosk.token)('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: '000.00.00.H56-261203-0001' }), 403, 'forbidden');
    expectError(await o1('POST', `/api/tickets/nope/dossiers`, { dossierCode: '000.00.00.H56-261203-0001' }), 404, 'ticket_not_found');
    expect(dataDigest(h.dataDir)).toEqual(before);
    const a = await o1('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: '000.00.00.H56-261203-0001' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.ticket.dossierCodes).toEqual(['000.00.00.H56-261203-0001']);
    const b = await o1('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: 'h56.22-261203-0002' });
    expect(b.body.ticket.dossierCodes).toEqual(['000.00.00.H56-261203-0001', 'H56.22-261203-0002']);
    // the same code again is no change
    expect((await o1('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: '000.00.00.H56-261203-0001' })).body.ticket.dossierCodes).toHaveLength(2);
    const done = (await o1('POST', '/api/counters/counter-1/complete')).body.ticket;
    expect(done.dossierCodes).toHaveLength(2);
    // the public ticket page never shows them
    expect((await api(h.url)('GET', `/api/tickets/${t.id}`)).body.ticket.dossierCodes).toBeUndefined();
    const rating = await api(h.url, pad.token)('POST', '/api/ratings', { ticketId: t.id, level: 'satisfied' });
    expect(rating.status, JSON.stringify(rating.body)).toBe(201);
    const me = (await o1('GET', '/api/me')).body.user;
    expect(rating.body.rating).toMatchObject({
      dossierCodes: ['000.00.00.H56-261203-0001', 'H56.22-261203-0002'], procedureCode: '1.000894', officerId: me.id, agencyCode: '000.00.00.H56',
    });
    // A custom pattern per site; an admin may attach after the fact.
    await admin('PATCH', '/api/sites/demo', { dossierPattern: '^HS-\\d{4}$' });
    expectError(await admin('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: '000.00.00.H56-261203-0003' }), 400, 'invalid_dossier_code');
    expect((await admin('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: 'HS-0042' })).body.ticket.dossierCodes).toContain('HS-0042');
    await admin('PATCH', '/api/sites/demo', { dossierPattern: null });
    // The day log replays the links: after a restart the ticket still has its codes.
    h = await h.restart();
    const again = api(h.url, await login(h, 'admin', 'admin-test-pw'));
    const queue = await again('GET', `/api/tickets/${t.id}`);
    expect(queue.status).toBe(200);
    const linked = await again('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: '000.00.00.H56-261203-0001' });
    expect(linked.body.ticket.dossierCodes).toEqual(['000.00.00.H56-261203-0001', 'H56.22-261203-0002', 'HS-0042']);
  });
});
