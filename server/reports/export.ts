// A report as CSV (UTF-8 with BOM, comma-separated, every text quoted: Excel opens it with the
// Vietnamese intact) and as XLSX (minimal OOXML, zipped with fflate: typed numbers, rates formatted
// as percentages). Both carry exactly the figures of the JSON: same rows, same rounding.
import { strToU8, zipSync } from 'fflate';
import type { Lang } from '../../common/types.js';
import type { ReportRow } from './aggregate.js';
import type { Report } from './reports.js';

type Kind = 'text' | 'int' | 'seconds' | 'rate';
interface Column { head: Record<Lang, string>; kind: Kind; get: (r: ReportRow) => string | number | null }

const GROUP_HEAD: Record<Report['groupBy'], Record<Lang, string>> = {
  service: { vi: 'Lĩnh vực / dịch vụ', en: 'Service' },
  counter: { vi: 'Quầy', en: 'Counter' },
  officer: { vi: 'Cán bộ', en: 'Officer' },
  day: { vi: 'Ngày', en: 'Date' },
  site: { vi: 'Điểm / chi nhánh', en: 'Site' },
};

export function columns(r: Pick<Report, 'groupBy' | 'targetWaitSeconds'>): Column[] {
  const mins = Math.round(r.targetWaitSeconds / 6) / 10;
  return [
    { head: GROUP_HEAD[r.groupBy], kind: 'text', get: (x) => x.label },
    { head: { vi: 'Số phiếu cấp', en: 'Issued' }, kind: 'int', get: (x) => x.issued },
    { head: { vi: 'Đã phục vụ', en: 'Served' }, kind: 'int', get: (x) => x.served },
    { head: { vi: 'Vắng mặt', en: 'No-show' }, kind: 'int', get: (x) => x.noShow },
    { head: { vi: 'Chuyển lĩnh vực', en: 'Transferred' }, kind: 'int', get: (x) => x.transferred },
    { head: { vi: 'Chưa phục vụ', en: 'Not served' }, kind: 'int', get: (x) => x.unserved },
    { head: { vi: 'Chờ trung bình (giây)', en: 'Wait average (s)' }, kind: 'seconds', get: (x) => x.waitAvgSeconds },
    { head: { vi: 'Chờ trung vị (giây)', en: 'Wait median (s)' }, kind: 'seconds', get: (x) => x.waitMedianSeconds },
    { head: { vi: 'Chờ P90 (giây)', en: 'Wait p90 (s)' }, kind: 'seconds', get: (x) => x.waitP90Seconds },
    { head: { vi: 'Phục vụ trung bình (giây)', en: 'Service average (s)' }, kind: 'seconds', get: (x) => x.serviceAvgSeconds },
    { head: { vi: 'Phục vụ trung vị (giây)', en: 'Service median (s)' }, kind: 'seconds', get: (x) => x.serviceMedianSeconds },
    { head: { vi: 'Phục vụ P90 (giây)', en: 'Service p90 (s)' }, kind: 'seconds', get: (x) => x.serviceP90Seconds },
    { head: { vi: `Tỷ lệ chờ ≤ ${mins} phút`, en: `Share waiting ≤ ${mins} min` }, kind: 'rate', get: (x) => x.withinTargetRate },
    { head: { vi: 'Rất hài lòng', en: 'Very satisfied' }, kind: 'int', get: (x) => x.ratings.very_satisfied },
    { head: { vi: 'Hài lòng', en: 'Satisfied' }, kind: 'int', get: (x) => x.ratings.satisfied },
    { head: { vi: 'Không hài lòng', en: 'Unsatisfied' }, kind: 'int', get: (x) => x.ratings.unsatisfied },
    { head: { vi: 'Tỷ lệ hài lòng', en: 'Satisfaction rate' }, kind: 'rate', get: (x) => x.satisfactionRate },
    { head: { vi: 'Lý do không hài lòng', en: 'Reasons of unsatisfied ratings' }, kind: 'text', get: (x) => x.unsatisfiedReasons.map((r) => `${r.reason} (${r.count})`).join('; ') },
    { head: { vi: 'Mã', en: 'Key' }, kind: 'text', get: (x) => x.key },
  ];
}

/** File name without extension, ASCII only: bao-cao_<site>_<from>_<to>_<groupBy>. */
export function exportName(r: Report): string {
  const site = (r.siteId ?? 'tat-ca').replace(/[^a-zA-Z0-9_-]/g, '');
  return `bao-cao_${site}_${r.from}_${r.to}_${r.groupBy}`;
}

const csvCell = (v: string | number | null, kind: Kind): string => {
  if (v === null) return '';
  if (kind !== 'text') return String(v);
  return `"${String(v).replace(/"/g, '""')}"`;
};

export function toCsv(r: Report, lang: Lang): string {
  const cols = columns(r);
  const lines = [cols.map((c) => csvCell(c.head[lang], 'text')).join(',')];
  for (const row of [...r.rows, r.total]) lines.push(cols.map((c) => csvCell(c.get(row), c.kind)).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

// ------------------------------------------------------------------ XLSX
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  // characters XML 1.0 cannot carry
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Style ids of styles.xml below: 0 normal, 1 bold, 2 percent, 3 bold percent. */
function cellXml(ref: string, v: string | number | null, kind: Kind, bold: boolean): string {
  if (v === null || v === '') return '';
  if (kind === 'text' || typeof v === 'string') return `<c r="${ref}" t="inlineStr"${bold ? ' s="1"' : ''}><is><t xml:space="preserve">${esc(String(v))}</t></is></c>`;
  const s = kind === 'rate' ? (bold ? 3 : 2) : bold ? 1 : 0;
  return `<c r="${ref}"${s ? ` s="${s}"` : ''}><v>${v}</v></c>`;
}

function sheetXml(rows: { cells: { v: string | number | null; kind: Kind }[]; bold: boolean }[], widths: number[], freeze: boolean): string {
  const data = rows.map((row, ri) => `<row r="${ri + 1}">${row.cells.map((c, ci) => cellXml(`${colName(ci)}${ri + 1}`, c.v, c.kind, row.bold)).join('')}</row>`).join('');
  const pane = freeze ? '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>' : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews><cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols><sheetData>${data}</sheetData></worksheet>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

export function toXlsx(r: Report, lang: Lang): Uint8Array {
  const cols = columns(r);
  const main = [
    { cells: cols.map((c) => ({ v: c.head[lang], kind: 'text' as Kind })), bold: true },
    ...r.rows.map((row) => ({ cells: cols.map((c) => ({ v: c.get(row), kind: c.kind })), bold: false })),
    { cells: cols.map((c) => ({ v: c.get(r.total), kind: c.kind })), bold: true },
  ];
  const widths = cols.map((c, i) => (i === 0 ? 38 : c.kind === 'text' ? 40 : 14));
  const vi = lang === 'vi';
  const info = [
    [vi ? 'Báo cáo' : 'Report', vi ? 'Lượt — báo cáo xếp hàng và mức độ hài lòng' : 'Lượt — queue and satisfaction report'],
    [vi ? 'Điểm' : 'Site', r.siteName || (vi ? 'Tất cả các điểm' : 'All sites')],
    [vi ? 'Từ ngày' : 'From', r.from],
    [vi ? 'Đến ngày' : 'To', r.to],
    [vi ? 'Theo' : 'By', GROUP_HEAD[r.groupBy][lang]],
    [vi ? 'Thời gian chờ mục tiêu (giây)' : 'Target wait (s)', r.targetWaitSeconds],
    [vi ? 'Lập lúc' : 'Generated at', r.generatedAt],
  ].map(([k, v]) => ({ cells: [{ v: k!, kind: 'text' as Kind }, { v: v!, kind: (typeof v === 'number' ? 'int' : 'text') as Kind }], bold: false }));
  const sheet1 = vi ? 'Báo cáo' : 'Report';
  const sheet2 = vi ? 'Thông tin' : 'About';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheet1)}" sheetId="1" r:id="rId1"/><sheet name="${esc(sheet2)}" sheetId="2" r:id="rId2"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
    'xl/styles.xml': strToU8(STYLES),
    'xl/worksheets/sheet1.xml': strToU8(sheetXml(main, widths, true)),
    'xl/worksheets/sheet2.xml': strToU8(sheetXml(info, [34, 60], false)),
  };
  return zipSync(files, { level: 6, mtime: new Date(r.generatedAt) });
}
