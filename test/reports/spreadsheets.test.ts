// The exports read back by third-party readers, as an office would open them: the XLSX by exceljs
// and by openpyxl (Debian's python3-openpyxl, which scripts/test.sh installs), the CSVs by Python's
// csv module. Dates must come back as dates, rates as numbers formatted as percentages, "Lập lúc"
// in the site's local time with its offset, and the `csv=vi` dialect with `;` and `,` decimals.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startHub, type HubHandle } from '../helpers/hub.js';
import { D, D1, writeDays } from './fixture.js';

let hub: HubHandle;
let admin: ReturnType<typeof api>;
let dir: string;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'luot-sheets-'));
  dir = mkdtempSync(join(tmpdir(), 'luot-sheets-out-'));
  writeDays(dataDir);
  hub = await startHub({ dataDir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  admin = api(hub.url, hub.adminToken);
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  hub?.cleanup();
});

async function download(query: string): Promise<Buffer> {
  const res = await fetch(`${hub.url}/api/reports?${query}`, { headers: { Authorization: `Bearer ${hub.adminToken}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const PY = '/usr/bin/python3';
function python(script: string, ...args: string[]): any {
  return JSON.parse(execFileSync(PY, ['-c', script, ...args], { encoding: 'utf8' }));
}

/** The wall clock of a time with an offset (`…T08:15:00.000+07:00`), read as if UTC, as the XLSX holds it. */
const wallClock = (iso: string) => Date.parse(`${iso.slice(0, 23)}Z`);

const dayQuery = `siteId=demo&from=${D}&to=${D1}&groupBy=day`;

describe('XLSX read back', () => {
  it('exceljs sees date cells, percentages and the local "Lập lúc"', async () => {
    const json = (await admin('GET', `/api/reports?${dayQuery}`)).body;
    expect(json.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(`${dayQuery}&format=xlsx`)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const sheet = wb.getWorksheet('Báo cáo')!;
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(head[0]).toBe('Ngày');
    const rateCol = head.indexOf('Tỷ lệ hài lòng') + 1;
    const first = sheet.getRow(2);
    // Ngày: a date cell of the first day, shown dd/mm/yyyy.
    expect(first.getCell(1).value).toBeInstanceOf(Date);
    expect((first.getCell(1).value as Date).toISOString().slice(0, 10)).toBe(D);
    expect(first.getCell(1).numFmt).toBe('dd/mm/yyyy');
    // A rate: a number with a percentage format.
    expect(first.getCell(rateCol).value).toBe(json.rows[0].satisfactionRate);
    expect(typeof first.getCell(rateCol).value).toBe('number');
    expect(first.getCell(rateCol).numFmt).toBe('0.0%');
    expect(first.getCell(head.indexOf('Số phiếu cấp') + 1).value).toBe(json.rows[0].issued);
    // The total row: text label, bold.
    const total = sheet.getRow(json.rows.length + 2);
    expect(total.getCell(1).value).toBe('Tổng cộng');
    expect(total.getCell(1).font?.bold).toBe(true);

    const about = wb.getWorksheet('Thông tin')!;
    const info = new Map<string, ExcelJS.Cell>();
    about.eachRow((r) => info.set(String(r.getCell(1).value), r.getCell(2)));
    expect((info.get('Từ ngày')!.value as Date).toISOString().slice(0, 10)).toBe(D);
    expect((info.get('Đến ngày')!.value as Date).toISOString().slice(0, 10)).toBe(D1);
    const at = info.get('Lập lúc')!;
    expect(at.value).toBeInstanceOf(Date);
    // The wall clock of the site (exceljs reads the serial as if UTC) and the offset in the format.
    // (the JSON and the file are two requests: on a loaded machine a second or more apart).
    expect(Math.abs((at.value as Date).getTime() - wallClock(json.generatedAt))).toBeLessThan(60_000);
    expect(at.numFmt).toBe('dd/mm/yyyy hh:mm:ss "+07:00"');
  });

  it('openpyxl sees the same types', async () => {
    const file = join(dir, 'day.xlsx');
    writeFileSync(file, await download(`${dayQuery}&format=xlsx&targetWaitSeconds=600`));
    const json = (await admin('GET', `/api/reports?${dayQuery}&targetWaitSeconds=600`)).body;
    const out = python(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Báo cáo']
head = [c.value for c in ws[1]]
def cell(c):
    v = c.value
    return {'type': type(v).__name__, 'value': v.isoformat() if hasattr(v, 'isoformat') else v, 'fmt': c.number_format, 'date': c.is_date}
rows = [[cell(c) for c in r] for r in ws.iter_rows(min_row=2)]
about = {r[0].value: cell(r[1]) for r in wb['Thông tin'].iter_rows()}
print(json.dumps({'head': head, 'rows': rows, 'about': about}))
`, file);
    const within = out.head.indexOf('Tỷ lệ chờ ≤ 10 phút');
    expect(within).toBeGreaterThan(0);
    expect(out.rows[0][0]).toMatchObject({ type: 'datetime', value: `${D}T00:00:00`, date: true, fmt: 'dd/mm/yyyy' });
    expect(out.rows[0][within]).toEqual({ type: 'float', value: 0.6, fmt: '0.0%', date: false });
    expect(json.rows[0].withinTargetRate).toBe(0.6);
    expect(out.rows[0][out.head.indexOf('Số phiếu cấp')]).toMatchObject({ type: 'int', value: 6 });
    expect(out.about['Từ ngày']).toMatchObject({ type: 'datetime', value: `${D}T00:00:00`, date: true });
    expect(out.about['Lập lúc']).toMatchObject({ type: 'datetime', date: true });
    expect(Math.abs(Date.parse(`${out.about['Lập lúc'].value}Z`) - wallClock(json.generatedAt))).toBeLessThan(60_000);
  });
});

describe('CSV read back', () => {
  const readCsv = `
import csv, io, json, sys
raw = open(sys.argv[1], 'rb').read()
text = raw.decode('utf-8-sig')
print(json.dumps({'bom': raw[:3] == b'\\xef\\xbb\\xbf', 'rows': list(csv.reader(io.StringIO(text, newline=''), delimiter=sys.argv[2]))}))
`;
  it('csv=vi: semicolons, decimal commas, dd/mm/yyyy, a BOM', async () => {
    const json = (await admin('GET', `/api/reports?${dayQuery}&targetWaitSeconds=600`)).body;
    const res = await fetch(`${hub.url}/api/reports?${dayQuery}&targetWaitSeconds=600&csv=vi`, { headers: { Authorization: `Bearer ${hub.adminToken}` } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/_vi\.csv"$/);
    const file = join(dir, 'vi.csv');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const out = python(readCsv, file, ';');
    expect(out.bom).toBe(true);
    const [head, first] = out.rows;
    expect(head[0]).toBe('Ngày');
    expect(head.length).toBeGreaterThan(15);
    const [y, m, d] = D.split('-');
    expect(first[0]).toBe(`${d}/${m}/${y}`);
    expect(first[head.indexOf('Tỷ lệ chờ ≤ 10 phút')]).toBe('0,6');
    expect(first[head.indexOf('Số phiếu cấp')]).toBe(String(json.rows[0].issued));
    expect(out.rows.at(-1)[0]).toBe('Tổng cộng');
    const rate = Number(first[head.indexOf('Tỷ lệ hài lòng')].replace(',', '.'));
    expect(rate).toBe(json.rows[0].satisfactionRate);
  });

  it('the default CSV stays as it was: commas, points, ISO dates', async () => {
    const file = join(dir, 'default.csv');
    writeFileSync(file, await download(`${dayQuery}&format=csv&targetWaitSeconds=600`));
    const out = python(readCsv, file, ',');
    expect(out.bom).toBe(true);
    expect(out.rows[1][0]).toBe(D);
    expect(out.rows[1][out.rows[0].indexOf('Tỷ lệ chờ ≤ 10 phút')]).toBe('0.6');
  });
});
