// Reports over HTTP against the real hub: the hand-made days of fixture.ts laid in the data dir
// before start, read back as JSON, CSV and XLSX (parsed back: same figures), series, the live
// board of today, the transparency panel and who may read what.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { D, D1, writeDays } from './fixture.js';

let hub: HubHandle;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'luot-reports-http-'));
  writeDays(dataDir);
  hub = await startHub({ dataDir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  admin = api(hub.url, hub.adminToken);
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  hub?.cleanup();
});

async function raw(path: string, token = hub.adminToken): Promise<Response> {
  return fetch(hub.url + path, { headers: { Authorization: `Bearer ${token}` } });
}

/** A CSV parser of the RFC 4180 kind: quoted fields, "" inside quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (ch !== '\r') cell += ch;
  }
  return rows;
}

/** The cells of the first sheet of an XLSX: rows of strings and numbers (missing cells empty). */
function parseXlsx(buf: Uint8Array): { sheet: (string | number)[][]; names: string[]; styles: string } {
  const files = unzipSync(buf);
  const xml = strFromU8(files['xl/worksheets/sheet1.xml']!);
  const unesc = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const col = (ref: string) => [...ref.replace(/\d+/g, '')].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  const sheet: (string | number)[][] = [];
  for (const [, rowXml] of xml.matchAll(/<row [^>]*>(.*?)<\/row>/g)) {
    const row: (string | number)[] = [];
    for (const m of rowXml!.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(.*?)<\/c>/g)) {
      const inline = /t="inlineStr"/.test(m[2]!);
      row[col(m[1]!)] = inline ? unesc(/<t[^>]*>(.*?)<\/t>/.exec(m[3]!)![1]!) : Number(/<v>(.*?)<\/v>/.exec(m[3]!)![1]);
    }
    sheet.push(Array.from(row, (x) => x ?? ''));
  }
  const wb = strFromU8(files['xl/workbook.xml']!);
  return { sheet, names: [...wb.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]!), styles: strFromU8(files['xl/styles.xml']!) };
}

const FIELDS: [string, (r: any) => unknown][] = [
  ['Số phiếu cấp', (r) => r.issued], ['Đã phục vụ', (r) => r.served], ['Vắng mặt', (r) => r.noShow],
  ['Chuyển lĩnh vực', (r) => r.transferred], ['Chưa phục vụ', (r) => r.unserved],
  ['Chờ trung bình (giây)', (r) => r.waitAvgSeconds], ['Chờ trung vị (giây)', (r) => r.waitMedianSeconds], ['Chờ P90 (giây)', (r) => r.waitP90Seconds],
  ['Phục vụ trung bình (giây)', (r) => r.serviceAvgSeconds], ['Phục vụ trung vị (giây)', (r) => r.serviceMedianSeconds], ['Phục vụ P90 (giây)', (r) => r.serviceP90Seconds],
  ['Tỷ lệ chờ ≤ 30 phút', (r) => r.withinTargetRate], ['Rất hài lòng', (r) => r.ratings.very_satisfied], ['Hài lòng', (r) => r.ratings.satisfied],
  ['Không hài lòng', (r) => r.ratings.unsatisfied], ['Tỷ lệ hài lòng', (r) => r.satisfactionRate],
  ['Lý do không hài lòng', (r) => r.unsatisfiedReasons.map((x: any) => `${x.reason} (${x.count})`).join('; ')],
];

describe('GET /api/reports over HTTP', () => {
  it('gives the hand-computed figures of the day, with labels from the configuration', async () => {
    const r = await admin('GET', `/api/reports?siteId=demo&from=${D}&to=${D}&groupBy=service`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ siteId: 'demo', from: D, to: D, groupBy: 'service', targetWaitSeconds: 1800 });
    expect(r.body.rows.map((x: any) => x.label)).toEqual(['A – Tư pháp – Hộ tịch', 'B – Chứng thực']);
    expect(r.body.rows[0]).toMatchObject({ key: 'svc-a', issued: 3, served: 3, unserved: 1, transferred: 1, waitAvgSeconds: 1700, waitP90Seconds: 2700, withinTargetRate: 0.6667, satisfactionRate: 0.6667 });
    expect(r.body.total).toMatchObject({ issued: 6, served: 4, noShow: 1, waitAvgSeconds: 1260, waitMedianSeconds: 600, satisfactionRate: 0.5, withinTargetRate: 0.8 });
    // The finished day's summary is kept beside the logs.
    expect(existsSync(join(hub.dataDir, 'reports', 'demo', `${D}.json`))).toBe(true);
    const again = await admin('GET', `/api/reports?siteId=demo&from=${D}&to=${D}&groupBy=service`);
    expect(again.body.rows).toEqual(r.body.rows);
  });

  it('takes the target wait as a parameter and counts days by the site-local date', async () => {
    const r = await admin('GET', `/api/reports?siteId=demo&from=${D}&to=${D1}&groupBy=day&targetWaitSeconds=600`);
    expect(r.body.rows.map((x: any) => [x.key, x.issued, x.served, x.withinTargetRate])).toEqual([[D, 6, 4, 0.6], [D1, 1, 0, null]]);
    expect(r.body.total.issued).toBe(7);
    const en = await api(hub.url, hub.adminToken, 'en')('GET', `/api/reports?siteId=demo&from=${D}&to=${D}&groupBy=service`);
    expect(en.body.rows[0].label).toBe('A – Justice – Civil status');
    expect(en.body.total.label).toBe('Total');
  });

  it('groups by counter, officer and site', async () => {
    const c = await admin('GET', `/api/reports?siteId=demo&from=${D}&to=${D}&groupBy=counter`);
    expect(c.body.rows.map((x: any) => [x.label, x.served, x.noShow])).toEqual([['Quầy 1', 3, 0], ['Quầy 2', 1, 1]]);
    const s = await admin('GET', `/api/reports?from=${D}&to=${D1}&groupBy=site`);
    expect(s.status).toBe(200);
    expect(s.body.rows.find((x: any) => x.key === 'demo')).toMatchObject({ issued: 7, served: 4 });
  });

  it('refuses bad periods, unknown sites and non-admins', async () => {
    expect((await admin('GET', `/api/reports?siteId=demo&from=${D1}&to=${D}`)).body.error).toMatchObject({ code: 'invalid_input', field: 'from' });
    expect((await admin('GET', `/api/reports?siteId=demo&from=2025-01-01&to=2026-12-31`)).body.error).toMatchObject({ code: 'invalid_input', field: 'to' });
    expect((await admin('GET', `/api/reports?siteId=demo&from=2026-02-30&to=2026-03-01`)).body.error).toMatchObject({ code: 'invalid_input', field: 'from' });
    expect((await admin('GET', `/api/reports?siteId=demo&from=${D}&to=${D}&targetWaitSeconds=-5`)).body.error).toMatchObject({ code: 'invalid_input', field: 'targetWaitSeconds' });
    expect((await admin('GET', `/api/reports?siteId=nope&from=${D}&to=${D}`)).status).toBe(404);
    const officer = await login(hub, 'canbo1', hub.demo.canbo1);
    expect((await api(hub.url, officer)('GET', `/api/reports?siteId=demo&from=${D}&to=${D}`)).status).toBe(403);
    expect((await api(hub.url)('GET', `/api/reports?siteId=demo&from=${D}&to=${D}`)).status).toBe(401);
  });
});

describe('exports equal the JSON', () => {
  for (const groupBy of ['service', 'counter', 'officer', 'day']) {
    it(`CSV and XLSX by ${groupBy}`, async () => {
      const q = `siteId=demo&from=${D}&to=${D1}&groupBy=${groupBy}`;
      const json = (await admin('GET', `/api/reports?${q}`)).body;
      const rows = [...json.rows, json.total];

      const csvRes = await raw(`/api/reports?${q}&format=csv`);
      expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(csvRes.headers.get('content-disposition')).toMatch(/attachment; filename="bao-cao_demo_.*\.csv"/);
      const bytes = new Uint8Array(await csvRes.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text[0]).toBe('\uFEFF');
      const csv = parseCsv(text.slice(1));
      const head = csv[0]!;
      expect(csv.length).toBe(rows.length + 1);

      const xlsxRes = await raw(`/api/reports?${q}&format=xlsx`);
      expect(xlsxRes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const x = parseXlsx(new Uint8Array(await xlsxRes.arrayBuffer()));
      expect(x.names).toEqual(['Báo cáo', 'Thông tin']);
      expect(x.sheet[0]).toEqual(head);
      expect(x.sheet.length).toBe(rows.length + 1);

      rows.forEach((row, i) => {
        const c = csv[i + 1]!, s = x.sheet[i + 1]!;
        expect(c[0]).toBe(row.label);
        // A report by day has real date cells (serials of the 1900 system); the total stays text.
        if (groupBy === 'day' && i < rows.length - 1) expect(new Date(Date.UTC(1899, 11, 30) + (s[0] as number) * 86_400_000).toISOString().slice(0, 10)).toBe(row.label);
        else expect(s[0]).toBe(row.label);
        expect(c[head.length - 1]).toBe(row.key);
        for (const [name, get] of FIELDS) {
          const j = head.indexOf(name);
          expect(j, name).toBeGreaterThan(0);
          const want = get(row);
          if (typeof want === 'number') {
            expect(Number(c[j]), `${name} of ${row.label} in CSV`).toBe(want);
            expect(s[j], `${name} of ${row.label} in XLSX`).toBe(want);
          } else {
            expect(c[j], `${name} in CSV`).toBe(want ?? '');
            expect(s[j], `${name} in XLSX`).toBe(want ?? '');
          }
        }
      });
    });
  }

  it('English headers on request', async () => {
    const csv = parseCsv(await (await raw(`/api/reports?siteId=demo&from=${D}&to=${D}&format=csv&lang=en`)).text()); // text() drops the BOM
    expect(csv[0]!.slice(0, 3)).toEqual(['Service', 'Issued', 'Served']);
    expect(csv.at(-1)![0]).toBe('Total');
  });
});

describe('series, today and transparency', () => {
  it('hourly series in local hours and a daily series', async () => {
    const h = await admin('GET', `/api/reports/series?siteId=demo&from=${D}&to=${D1}&kind=hourly`);
    expect(h.status).toBe(200);
    expect(h.body.days).toBe(2);
    expect(h.body.points.map((p: any) => p.issued)).toEqual([1, 0, 0, 0, 0, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const d = await admin('GET', `/api/reports/series?siteId=demo&from=${D}&to=${D1}&kind=daily`);
    expect(d.body.points.map((p: any) => [p.date, p.issued, p.satisfactionRate])).toEqual([[D, 6, 0.5], [D1, 1, null]]);
    const m = await admin('GET', `/api/reports/series?siteId=demo&from=${D}&to=${D1}&kind=monthly`);
    expect(m.body.points.map((p: any) => [p.date, p.issued])).toEqual([['2026-03', 7]]);
  });

  it('today\'s board and the transparency panel follow the live day', async () => {
    const before = await admin('GET', '/api/reports/today?siteId=demo');
    expect(before.status).toBe(200);
    const display = await pairDevice(hub, { kind: 'display' });
    const t0 = await api(hub.url, display.token)('GET', '/api/reports/transparency?siteId=demo');
    expect(t0.status).toBe(200);
    expect(t0.body).toMatchObject({ siteId: 'demo', show: true });
    const officer = await login(hub, 'canbo1', hub.demo.canbo1);
    const o = api(hub.url, officer);
    expect((await admin('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    expect((await o('POST', '/api/counters/counter-1/open')).status).toBe(200);
    expect((await o('POST', '/api/counters/counter-1/call-next')).status).toBe(200);
    expect((await o('POST', '/api/counters/counter-1/complete')).status).toBe(200);
    // The admin page asks for its table and two series at once, each reading the new lines of the live day.
    const today = before.body.date as string;
    const [table, hourly, daily] = await Promise.all([
      admin('GET', `/api/reports?siteId=demo&from=${today}&to=${today}`),
      admin('GET', `/api/reports/series?siteId=demo&from=${today}&to=${today}&kind=hourly`),
      admin('GET', `/api/reports/series?siteId=demo&from=${today}&to=${today}&kind=daily`),
    ]);
    expect([table.status, hourly.status, daily.status]).toEqual([200, 200, 200]);
    expect(table.body.total.issued).toBe(before.body.total.issued + 1);
    expect(hourly.body.points.reduce((n: number, p: any) => n + p.issued, 0)).toBe(before.body.total.issued + 1);
    expect(daily.body.points[0].issued).toBe(before.body.total.issued + 1);
    const after = await admin('GET', '/api/reports/today?siteId=demo');
    expect(after.body.total.issued).toBe(before.body.total.issued + 1);
    expect(after.body.total.served).toBe(before.body.total.served + 1);
    expect(after.body.byCounter.find((r: any) => r.key === 'counter-1').served).toBeGreaterThanOrEqual(1);
    expect(after.body.hourly).toHaveLength(24);
    // The panel is cached for 5 seconds; an officer of the site may read it too.
    await new Promise((r) => setTimeout(r, 5_200));
    const t1 = await o('GET', '/api/reports/transparency?siteId=demo');
    expect(t1.status).toBe(200);
    expect(t1.body.served).toBe(t0.body.served + 1);
    expect(typeof t1.body.waitAvgSeconds).toBe('number');
    expect(t1.body.month.served).toBeGreaterThanOrEqual(t1.body.served);
  });

  it('the transparency panel is not for pads, other sites or strangers', async () => {
    const pad = await pairDevice(hub, { kind: 'pad', counterId: 'counter-2' });
    expect((await api(hub.url, pad.token)('GET', '/api/reports/transparency?siteId=demo')).body.error.code).toBe('forbidden');
    expect((await api(hub.url)('GET', '/api/reports/transparency?siteId=demo')).status).toBe(401);
    const site = await admin('POST', '/api/sites', { name: 'Chi nhánh số 2' });
    const other = await pairDevice(hub, { kind: 'display', siteId: site.body.site.id });
    expect((await api(hub.url, other.token)('GET', '/api/reports/transparency?siteId=demo')).body.error.code).toBe('wrong_site');
  });
});
