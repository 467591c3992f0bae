// A report as CSV (UTF-8 with BOM, every text quoted; `csv=vi` for Vietnamese-locale spreadsheets)
// and as XLSX (real date, number and percentage cells; "Lập lúc" in the site's local time). Both
// carry exactly the figures of the JSON: same rows, same rounding. The writing itself is sheet.ts.
import type { Lang } from '../../common/types.js';
import { cell, text, toCsvText, toXlsxBook, type CellKind, type CsvDialect, type Sheet, type SheetRow } from './sheet.js';
import type { ReportRow } from './aggregate.js';
import type { Report } from './reports.js';

type Kind = CellKind;
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
    { head: GROUP_HEAD[r.groupBy], kind: r.groupBy === 'day' ? 'date' : 'text', get: (x) => (r.groupBy === 'day' && x.key === x.label ? x.key : x.label) },
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

/** The table of a report: a header row, one row per group, the total in bold. */
export function reportRows(r: Report, lang: Lang): SheetRow[] {
  const cols = columns(r);
  return [
    { cells: cols.map((c) => text(c.head[lang])), bold: true },
    ...r.rows.map((row) => ({ cells: cols.map((c) => cell(c.get(row), c.kind)) })),
    // The total's label is text even in a report by day.
    { cells: cols.map((c, i) => cell(c.get(r.total), i === 0 ? 'text' : c.kind)), bold: true },
  ];
}

export function toCsv(r: Report, lang: Lang, dialect: CsvDialect = 'default'): string {
  return toCsvText(reportRows(r, lang), dialect);
}

export function toXlsx(r: Report, lang: Lang): Uint8Array {
  const cols = columns(r);
  const vi = lang === 'vi';
  const info: [string, ReturnType<typeof cell>][] = [
    [vi ? 'Báo cáo' : 'Report', text(vi ? 'Lượt — báo cáo xếp hàng và mức độ hài lòng' : 'Lượt — queue and satisfaction report')],
    [vi ? 'Điểm' : 'Site', text(r.siteName || (vi ? 'Tất cả các điểm' : 'All sites'))],
    [vi ? 'Từ ngày' : 'From', cell(r.from, 'date')],
    [vi ? 'Đến ngày' : 'To', cell(r.to, 'date')],
    [vi ? 'Theo' : 'By', text(GROUP_HEAD[r.groupBy][lang])],
    [vi ? 'Thời gian chờ mục tiêu (giây)' : 'Target wait (s)', cell(r.targetWaitSeconds, 'int')],
    [vi ? 'Lập lúc' : 'Generated at', cell(r.generatedAt, 'datetime')],
  ];
  const sheets: Sheet[] = [
    { name: vi ? 'Báo cáo' : 'Report', rows: reportRows(r, lang), widths: cols.map((c, i) => (i === 0 ? 38 : c.kind === 'text' ? 40 : 14)), freeze: true },
    { name: vi ? 'Thông tin' : 'About', rows: info.map(([k, v]) => ({ cells: [text(k), v] })), widths: [34, 60] },
  ];
  return toXlsxBook(sheets, new Date(Date.parse(r.generatedAt)));
}
