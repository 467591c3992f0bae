// Evaluation reports through real HTTP, from tickets served and rated the way a centre does it:
// per officer, per unit, per procedure and per field, with the dossier codes, officer and agency
// code; the listing of rated dossiers; CSV (both dialects) read by Python's csv, XLSX read by
// exceljs and openpyxl; keys with reports:read see their sites only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, makeSite, pairDevice, startTestHub, type HubHandle, type TestSite } from '../integration/support.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const AGENCY = '000.00.23.H56';
const code = (n: number) => `${AGENCY}-261203-000${n}`;

let h: HubHandle;
let s: TestSite;
let other: TestSite;
let admin: ReturnType<typeof api>;
let today = '';
let out: string;
const ids: Record<string, string> = {};

async function serve(officer: TestSite['officers'][number], counter: string, pad: string, issue: Record<string, unknown>, opts: { link?: string[]; dossierCode?: string; rate?: [string, string[]?] } = {}) {
  const o = api(h.url, officer.token);
  const t = await o('POST', '/api/tickets', { siteId: s.siteId, ...issue });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  expect((await o('POST', `/api/counters/${counter}/call-next`)).body.ticket.id).toBe(t.body.ticket.id);
  for (const c of opts.link ?? []) expect((await o('POST', `/api/tickets/${t.body.ticket.id}/dossiers`, { dossierCode: c })).status).toBe(200);
  expect((await o('POST', `/api/counters/${counter}/complete`, opts.dossierCode ? { dossierCode: opts.dossierCode } : {})).status).toBe(200);
  if (opts.rate) {
    const r = await api(h.url, pad)('POST', '/api/ratings', { ticketId: t.body.ticket.id, level: opts.rate[0], reasons: opts.rate[1] ?? [] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  today = String(t.body.ticket.issuedAt).slice(0, 10);
  return t.body.ticket as { id: string; number: string };
}

beforeAll(async () => {
  h = await startTestHub({ demo: false });
  admin = api(h.url, h.adminToken);
  out = mkdtempSync(join(tmpdir(), 'luot-eval-'));
  [s, other] = await Promise.all([
    makeSite(h, { name: 'Phường Đánh Giá', services: ['A', 'B'], counters: [['A'], ['B']], officers: 2 }),
    makeSite(h, { name: 'Xã Khác', services: ['A'], counters: [['A']] }),
  ]);
  expect((await admin('PATCH', `/api/sites/${s.siteId}`, { agencyCode: AGENCY })).status).toBe(200);
  const imp = await fetch(`${h.url}/api/procedures/import?siteId=${s.siteId}`, {
    method: 'POST', headers: { Authorization: `Bearer ${h.adminToken}`, 'Content-Type': 'application/json' }, body: readFileSync(join(FIX, 'procedures-sample.json')),
  });
  expect(imp.status).toBe(200);
  // Hộ tịch → A, Chứng thực → B.
  expect((await admin('PATCH', `/api/procedures/fields/1.000003?siteId=${s.siteId}`, { serviceId: s.svc.A })).status).toBe(200);
  expect((await admin('PATCH', `/api/procedures/fields/2.000001?siteId=${s.siteId}`, { serviceId: s.svc.B })).status).toBe(200);
  const [o1, o2] = s.officers as [TestSite['officers'][number], TestSite['officers'][number]];
  const [c1, c2] = s.counters as [string, string];
  const [p1, p2] = await Promise.all([pairDevice(h, { kind: 'pad', counterId: c1, siteId: s.siteId }), pairDevice(h, { kind: 'pad', counterId: c2, siteId: s.siteId })]);
  expect((await api(h.url, o1.token)('POST', `/api/counters/${c1}/open`)).status).toBe(200);
  expect((await api(h.url, o2.token)('POST', `/api/counters/${c2}/open`)).status).toBe(200);
  // Khai sinh with two dossiers (very satisfied); B without a procedure, its dossier given at
  // completion (unsatisfied); a Chứng thực procedure not rated; A without a procedure (satisfied).
  ids.t1 = (await serve(o1, c1, p1.token, { procedureCode: '1.001193' }, { link: [code(1), code(2).toLowerCase()], rate: ['very_satisfied'] })).id;
  ids.t2 = (await serve(o2, c2, p2.token, { serviceId: s.svc.B }, { dossierCode: code(3), rate: ['unsatisfied', ['Chờ lâu']] })).id;
  ids.t3 = (await serve(o2, c2, p2.token, { procedureCode: '2.000815' })).id;
  ids.t4 = (await serve(o1, c1, p1.token, { serviceId: s.svc.A }, { rate: ['satisfied'] })).id;
}, 120_000);
afterAll(async () => { await h?.stop(); h?.cleanup(); });

const q = (extra: string) => `/api/reports/evaluation?siteId=${s.siteId}&from=${today}&to=${today}&${extra}`;
const ld = (extra = '') => `/api/reports/evaluation/dossiers?siteId=${s.siteId}&from=${today}&to=${today}&${extra}`;
async function download(path: string, token = h.adminToken): Promise<Response> {
  const r = await fetch(h.url + path, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return r;
}
const python = (script: string, ...args: string[]): any => JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' }));

describe('evaluation reports', { timeout: 60_000 }, () => {
  it('per officer: served, dossiers, ratings by level, satisfaction rate, agency code', async () => {
    const r = await admin('GET', q('groupBy=officer'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [o1, o2] = s.officers;
    const row = (id: string) => r.body.rows.find((x: any) => x.key === id);
    expect(row(o1!.id)).toMatchObject({
      label: o1!.name, detail: o1!.username, agencyCodes: [AGENCY], served: 2, rated: 2, ratedRate: 1, dossiers: 2,
      ratings: { very_satisfied: 1, satisfied: 1, unsatisfied: 0 }, satisfactionRate: 1, unsatisfiedReasons: [],
    });
    expect(row(o2!.id)).toMatchObject({
      served: 2, rated: 1, ratedRate: 0.5, dossiers: 1, ratings: { very_satisfied: 0, satisfied: 0, unsatisfied: 1 }, satisfactionRate: 0,
      unsatisfiedReasons: [{ reason: 'Chờ lâu', count: 1 }],
    });
    expect(r.body.total).toMatchObject({ label: 'Tổng cộng', served: 4, rated: 3, dossiers: 3, satisfactionRate: 0.6667 });
    expect(r.body.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
  });

  it('per unit, procedure and field (a ticket without a procedure takes the field mapped to its service)', async () => {
    const unit = (await admin('GET', q('groupBy=site'))).body;
    expect(unit.rows).toEqual([expect.objectContaining({ key: s.siteId, label: 'Phường Đánh Giá', agencyCodes: [AGENCY], served: 4, rated: 3 })]);
    const proc = (await admin('GET', q('groupBy=procedure'))).body;
    expect(proc.rows.map((x: any) => [x.key, x.label, x.detail, x.served, x.rated])).toEqual([
      ['2.000815', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', 'Chứng thực', 1, 0],
      ['1.001193', 'Đăng ký khai sinh', 'Hộ tịch', 1, 1],
      ['', '(không có thủ tục)', null, 2, 2],
    ]);
    const field = (await admin('GET', q('groupBy=field'))).body;
    expect(field.rows.map((x: any) => [x.key, x.label, x.served, x.rated, x.satisfactionRate])).toEqual([
      ['2.000001', 'Chứng thực', 2, 1, 0],
      ['1.000003', 'Hộ tịch', 2, 2, 1],
    ]);
  });

  it('the listing: one row per rated ticket (or per dossier), with codes, procedure, officer, counter, agency code', async () => {
    const r = (await admin('GET', ld())).body;
    expect(r.total).toBe(3);
    const [first, second, third] = r.items;
    expect(first).toMatchObject({
      date: today, ticketId: ids.t1, ticketNumber: 'A001', dossierCodes: [code(1), code(2)], procedureCode: '1.001193', procedureName: 'Đăng ký khai sinh',
      field: { code: '1.000003', name: 'Hộ tịch' }, officer: { id: s.officers[0]!.id, username: s.officers[0]!.username }, counter: { number: 1 },
      agencyCode: AGENCY, level: 'very_satisfied', reasons: [], hasComment: false,
    });
    expect(second).toMatchObject({ ticketId: ids.t2, ticketNumber: 'B001', dossierCodes: [code(3)], level: 'unsatisfied', reasons: ['Chờ lâu'], counter: { number: 2 } });
    expect(third).toMatchObject({ ticketId: ids.t4, dossierCodes: [], level: 'satisfied', field: { name: 'Hộ tịch' } });
    const perDossier = (await admin('GET', ld('rows=dossier'))).body;
    expect(perDossier.items.map((x: any) => x.dossierCodes)).toEqual([[code(1)], [code(2)], [code(3)], []]);
    expect((await admin('GET', ld('level=unsatisfied'))).body.items.map((x: any) => x.ticketId)).toEqual([ids.t2]);
    const page = (await admin('GET', ld('limit=1&offset=1'))).body;
    expect([page.total, page.items.map((x: any) => x.ticketId)]).toEqual([3, [ids.t2]]);
  });

  it('CSV (vi dialect) read by Python: semicolons, decimal commas, the agency code and the dossier codes', async () => {
    const readCsv = `
import csv, io, json, sys
raw = open(sys.argv[1], 'rb').read()
print(json.dumps({'bom': raw[:3] == b'\\xef\\xbb\\xbf', 'rows': list(csv.reader(io.StringIO(raw.decode('utf-8-sig'), newline=''), delimiter=sys.argv[2]))}))
`;
    const res = await download(q('groupBy=officer&csv=vi'));
    expect(res.headers.get('content-disposition')).toMatch(/danh-gia_.*_officer_vi\.csv"$/);
    const file = join(out, 'officer_vi.csv');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const { bom, rows } = python(readCsv, file, ';');
    expect(bom).toBe(true);
    const [head, ...body] = rows as string[][];
    expect(head!.slice(0, 4)).toEqual(['Cán bộ', 'Mã cán bộ', 'Tài khoản', 'Mã đơn vị']);
    const total = body.at(-1)!;
    expect(total[0]).toBe('Tổng cộng');
    expect(total[head!.indexOf('Tỷ lệ hài lòng')]).toBe('0,6667');
    expect(body.find((r) => r[1] === s.officers[0]!.id)![3]).toBe(AGENCY);

    const lfile = join(out, 'dossiers.csv');
    writeFileSync(lfile, Buffer.from(await (await download(ld('format=csv'))).arrayBuffer()));
    const l = python(readCsv, lfile, ',').rows as string[][];
    expect(l[0]!.slice(0, 6)).toEqual(['Ngày', 'Thời điểm đánh giá', 'Số phiếu', 'Mã hồ sơ', 'Mã thủ tục', 'Tên thủ tục']);
    expect(l[1]![3]).toBe(`${code(1)}; ${code(2)}`);
    expect(l[1]![l[0]!.indexOf('Mã đơn vị')]).toBe(AGENCY);
    expect(l[1]![l[0]!.indexOf('Mức đánh giá')]).toBe('Rất hài lòng');
    expect(l[2]![l[0]!.indexOf('Điểm (3/2/1)')]).toBe('1');
  });

  it('XLSX read by exceljs (evaluation + listing sheets) and openpyxl (the listing)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await download(q('groupBy=procedure&format=xlsx'))).arrayBuffer()) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ev = wb.getWorksheet('Đánh giá')!;
    const head = (ev.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(0, 4)).toEqual(['Thủ tục hành chính', 'Mã thủ tục', 'Lĩnh vực', 'Mã đơn vị']);
    const birth = ev.getRow(3);
    expect(birth.getCell(1).value).toBe('Đăng ký khai sinh');
    const rate = birth.getCell(head.indexOf('Tỷ lệ hài lòng') + 1);
    expect([rate.value, rate.numFmt]).toEqual([1, '0.0%']);
    const detail = wb.getWorksheet('Chi tiết hồ sơ')!;
    const dh = (detail.getRow(1).values as unknown[]).slice(1);
    expect(detail.getRow(2).getCell(dh.indexOf('Mã hồ sơ') + 1).value).toBe(`${code(1)}; ${code(2)}`);
    expect(detail.getRow(2).getCell(1).value).toBeInstanceOf(Date);
    expect(detail.rowCount).toBe(4);

    const file = join(out, 'dossiers.xlsx');
    writeFileSync(file, Buffer.from(await (await download(ld('format=xlsx&rows=dossier'))).arrayBuffer()));
    const py = python(`
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Chi tiết hồ sơ']
head = [c.value for c in ws[1]]
rows = [[(v.isoformat() if hasattr(v, 'isoformat') else v) for v in (c.value for c in r)] for r in ws.iter_rows(min_row=2)]
print(json.dumps({'head': head, 'rows': rows}))
`, file);
    const col = (n: string) => py.head.indexOf(n);
    expect(py.rows.map((r: any[]) => r[col('Mã hồ sơ')])).toEqual([code(1), code(2), code(3), null]);
    expect(py.rows[0][col('Cán bộ')]).toBe(s.officers[0]!.name);
    expect(py.rows[0][col('Quầy')]).toBe(1);
    expect(py.rows[2][col('Lý do')]).toBe('Chờ lâu');
    expect(py.rows[0][col('Ngày')]).toBe(`${today}T00:00:00`);
  });

  it('keys with reports:read see their sites only; officers and other scopes are refused', async () => {
    const k = await admin('POST', '/api/integrations', { name: 'Một cửa tỉnh', siteIds: [s.siteId], scopes: ['reports:read'] });
    const key = api(h.url, k.body.key);
    const all = await key('GET', `/api/reports/evaluation?from=${today}&to=${today}&groupBy=site`);
    expect(all.status).toBe(200);
    expect(all.body.rows.map((r: any) => r.key)).toEqual([s.siteId]);
    expectError(await key('GET', `/api/reports/evaluation?siteId=${other.siteId}&from=${today}&to=${today}`), 403, 'wrong_site');
    const ev = await admin('POST', '/api/integrations', { name: 'Sự kiện', siteIds: [s.siteId], scopes: ['events:read'] });
    expectError(await api(h.url, ev.body.key)('GET', ld()), 403, 'forbidden');
    expectError(await api(h.url, s.officers[0]!.token)('GET', ld()), 403, 'forbidden');
    expectError(await admin('GET', `/api/reports/evaluation?siteId=${s.siteId}&from=${today}&to=2020-01-01`), 400, 'invalid_input', 'from');
    expectError(await admin('GET', q('groupBy=counter')), 400, 'invalid_input', 'groupBy');
    // The whole province for an admin: both sites, the other with nothing served.
    const prov = (await admin('GET', `/api/reports/evaluation?from=${today}&to=${today}&groupBy=site`)).body;
    expect(prov.rows.map((r: any) => r.key)).toEqual([s.siteId]);
  });
});
