// Evaluation reports as CSV (both dialects) and XLSX, through the typed writer (sheet.ts): the
// grouped table (per officer, unit, procedure or field), and the listing of rated tickets with
// their dossier codes, officer, counter and agency code. The XLSX holds both, and an "About" sheet.
import type { Lang } from '../../common/types.js';
import { t } from '../../common/i18n/index.js';
import { cell, text, toCsvText, toXlsxBook, type Cell, type CsvDialect, type Sheet, type SheetRow } from './sheet.js';
import { EvaluationFold, ratedItems, type Evaluation, type EvaluationAnswer, type EvaluationGroup, type EvaluationListing, type EvaluationRequest, type EvaluationRow, type RatedItem, type ServedFact } from './evaluation-figures.js';

type L = Record<Lang, string>;
interface Col<R> { head: L; width: number; get: (r: R) => Cell }

const GROUP_HEAD: Record<EvaluationGroup, L> = {
  officer: { vi: 'Cán bộ', en: 'Officer' },
  site: { vi: 'Đơn vị (điểm)', en: 'Unit (site)' },
  procedure: { vi: 'Thủ tục hành chính', en: 'Procedure' },
  field: { vi: 'Lĩnh vực', en: 'Field' },
};
const KEY_HEAD: Record<EvaluationGroup, L> = {
  officer: { vi: 'Mã cán bộ', en: 'Officer id' },
  site: { vi: 'Mã điểm', en: 'Site id' },
  procedure: { vi: 'Mã thủ tục', en: 'Procedure code' },
  field: { vi: 'Mã lĩnh vực', en: 'Field code' },
};
const DETAIL_HEAD: Partial<Record<EvaluationGroup, L>> = {
  officer: { vi: 'Tài khoản', en: 'Username' },
  procedure: { vi: 'Lĩnh vực', en: 'Field' },
};

const levelText = (lang: Lang, level: RatingLevelKey) => t(lang, `common.level_${level}` as never);
type RatingLevelKey = 'very_satisfied' | 'satisfied' | 'unsatisfied';
/** Votes as the provincial systems count them (OpenCPS votingValue): 3, 2, 1. */
const VOTE: Record<RatingLevelKey, number> = { very_satisfied: 3, satisfied: 2, unsatisfied: 1 };

function groupColumns(g: EvaluationGroup): Col<EvaluationRow>[] {
  const detail = DETAIL_HEAD[g];
  return [
    { head: GROUP_HEAD[g], width: 40, get: (r) => text(r.label) },
    { head: KEY_HEAD[g], width: 18, get: (r) => text(r.key || null) },
    ...(detail ? [{ head: detail, width: 28, get: (r: EvaluationRow) => text(r.detail) }] : []),
    { head: { vi: 'Mã đơn vị', en: 'Agency code' }, width: 18, get: (r) => text(r.agencyCodes.join('; ') || null) },
    { head: { vi: 'Số lượt phục vụ', en: 'Served' }, width: 14, get: (r) => cell(r.served, 'int') },
    { head: { vi: 'Số hồ sơ', en: 'Dossiers' }, width: 12, get: (r) => cell(r.dossiers, 'int') },
    { head: { vi: 'Số lượt đánh giá', en: 'Rated' }, width: 14, get: (r) => cell(r.rated, 'int') },
    { head: { vi: 'Tỷ lệ được đánh giá', en: 'Share rated' }, width: 14, get: (r) => cell(r.ratedRate, 'rate') },
    { head: { vi: 'Rất hài lòng', en: 'Very satisfied' }, width: 12, get: (r) => cell(r.ratings.very_satisfied, 'int') },
    { head: { vi: 'Hài lòng', en: 'Satisfied' }, width: 12, get: (r) => cell(r.ratings.satisfied, 'int') },
    { head: { vi: 'Không hài lòng', en: 'Unsatisfied' }, width: 14, get: (r) => cell(r.ratings.unsatisfied, 'int') },
    { head: { vi: 'Tỷ lệ hài lòng', en: 'Satisfaction rate' }, width: 14, get: (r) => cell(r.satisfactionRate, 'rate') },
    { head: { vi: 'Lý do không hài lòng', en: 'Reasons of unsatisfied ratings' }, width: 44, get: (r) => text(r.unsatisfiedReasons.map((x) => `${x.reason} (${x.count})`).join('; ') || null) },
  ];
}

function itemColumns(lang: Lang): Col<RatedItem>[] {
  return [
    { head: { vi: 'Ngày', en: 'Date' }, width: 12, get: (r) => cell(r.date, 'date') },
    { head: { vi: 'Thời điểm đánh giá', en: 'Rated at' }, width: 22, get: (r) => cell(r.ratedAt, 'datetime') },
    { head: { vi: 'Số phiếu', en: 'Ticket number' }, width: 10, get: (r) => text(r.ticketNumber) },
    { head: { vi: 'Mã hồ sơ', en: 'Dossier codes' }, width: 30, get: (r) => text(r.dossierCodes.join('; ') || null) },
    { head: { vi: 'Mã thủ tục', en: 'Procedure code' }, width: 12, get: (r) => text(r.procedureCode) },
    { head: { vi: 'Tên thủ tục', en: 'Procedure' }, width: 36, get: (r) => text(r.procedureName) },
    { head: { vi: 'Lĩnh vực', en: 'Field' }, width: 26, get: (r) => text(r.field?.name ?? null) },
    { head: { vi: 'Dịch vụ', en: 'Service' }, width: 26, get: (r) => text(r.service ? `${r.service.code} – ${r.service.name}` : null) },
    { head: { vi: 'Cán bộ', en: 'Officer' }, width: 24, get: (r) => text(r.officer.name ?? r.officer.id) },
    { head: { vi: 'Tài khoản', en: 'Username' }, width: 16, get: (r) => text(r.officer.username) },
    { head: { vi: 'Quầy', en: 'Counter' }, width: 8, get: (r) => cell(r.counter.number, 'int') },
    { head: { vi: 'Điểm', en: 'Site' }, width: 24, get: (r) => text(r.siteName) },
    { head: { vi: 'Mã đơn vị', en: 'Agency code' }, width: 16, get: (r) => text(r.agencyCode) },
    { head: { vi: 'Mức đánh giá', en: 'Rating' }, width: 16, get: (r) => text(levelText(lang, r.level)) },
    { head: { vi: 'Điểm (3/2/1)', en: 'Vote (3/2/1)' }, width: 10, get: (r) => cell(VOTE[r.level], 'int') },
    { head: { vi: 'Lý do', en: 'Reasons' }, width: 36, get: (r) => text(r.reasons.join('; ') || null) },
    { head: { vi: 'Có góp ý', en: 'Comment given' }, width: 10, get: (r) => text(r.hasComment ? (lang === 'en' ? 'yes' : 'có') : null) },
    { head: { vi: 'Mã phiếu', en: 'Ticket id' }, width: 24, get: (r) => text(r.ticketId) },
  ];
}

const head = <R>(cols: Col<R>[], lang: Lang): SheetRow => ({ cells: cols.map((c) => text(c.head[lang])), bold: true });

export function evaluationRows(e: Evaluation, lang: Lang): SheetRow[] {
  const cols = groupColumns(e.groupBy);
  return [head(cols, lang), ...e.rows.map((r) => ({ cells: cols.map((c) => c.get(r)) })), { cells: cols.map((c) => c.get(e.total)), bold: true }];
}

export function listingRows(items: RatedItem[], lang: Lang): SheetRow[] {
  const cols = itemColumns(lang);
  return [head(cols, lang), ...items.map((r) => ({ cells: cols.map((c) => c.get(r)) }))];
}

/** ASCII file names: danh-gia_<site>_<from>_<to>_<groupBy> and danh-gia-ho-so_<site>_<from>_<to>. */
export function evaluationName(e: { siteId: string | null; from: string; to: string }, groupBy?: EvaluationGroup): string {
  const site = (e.siteId ?? 'tat-ca').replace(/[^a-zA-Z0-9_-]/g, '');
  return groupBy ? `danh-gia_${site}_${e.from}_${e.to}_${groupBy}` : `danh-gia-ho-so_${site}_${e.from}_${e.to}`;
}

export function evaluationCsv(e: Evaluation, lang: Lang, dialect: CsvDialect): string { return toCsvText(evaluationRows(e, lang), dialect); }
export function listingCsv(l: EvaluationListing, lang: Lang, dialect: CsvDialect): string { return toCsvText(listingRows(l.items, lang), dialect); }

function about(lang: Lang, what: string, x: { siteName: string; from: string; to: string; generatedAt: string }, by?: string): Sheet {
  const vi = lang === 'vi';
  const info: [string, Cell][] = [
    [vi ? 'Báo cáo' : 'Report', text(what)],
    [vi ? 'Điểm' : 'Site', text(x.siteName || (vi ? 'Tất cả các điểm' : 'All sites'))],
    [vi ? 'Từ ngày' : 'From', cell(x.from, 'date')],
    [vi ? 'Đến ngày' : 'To', cell(x.to, 'date')],
    ...(by ? [[vi ? 'Theo' : 'By', text(by)] as [string, Cell]] : []),
    [vi ? 'Tỷ lệ hài lòng' : 'Satisfaction rate', text(vi ? '(Rất hài lòng + Hài lòng) / số lượt đánh giá' : '(very satisfied + satisfied) / ratings')],
    [vi ? 'Lập lúc' : 'Generated at', cell(x.generatedAt, 'datetime')],
  ];
  return { name: vi ? 'Thông tin' : 'About', rows: info.map(([k, v]) => ({ cells: [text(k), v] })), widths: [30, 60] };
}

const MAX_XLSX_ROWS = 1_048_575;

export function evaluationXlsx(e: Evaluation, listing: RatedItem[], lang: Lang): Uint8Array {
  const vi = lang === 'vi';
  const gcols = groupColumns(e.groupBy), icols = itemColumns(lang);
  const sheets: Sheet[] = [
    { name: vi ? 'Đánh giá' : 'Evaluation', rows: evaluationRows(e, lang), widths: gcols.map((c) => c.width), freeze: true },
    { name: vi ? 'Chi tiết hồ sơ' : 'Rated dossiers', rows: listingRows(listing.slice(0, MAX_XLSX_ROWS), lang), widths: icols.map((c) => c.width), freeze: true },
    about(lang, vi ? 'Lượt — đánh giá mức độ hài lòng theo cán bộ, đơn vị, thủ tục, lĩnh vực' : 'Lượt — satisfaction evaluation by officer, unit, procedure, field', e, GROUP_HEAD[e.groupBy][lang]),
  ];
  return toXlsxBook(sheets, new Date(Date.parse(e.generatedAt)));
}

export function listingXlsx(l: EvaluationListing, lang: Lang): Uint8Array {
  const vi = lang === 'vi';
  const icols = itemColumns(lang);
  return toXlsxBook([
    { name: vi ? 'Chi tiết hồ sơ' : 'Rated dossiers', rows: listingRows(l.items.slice(0, MAX_XLSX_ROWS), lang), widths: icols.map((c) => c.width), freeze: true },
    about(lang, vi ? 'Lượt — danh sách hồ sơ được đánh giá' : 'Lượt — rated dossiers', l),
  ], new Date(Date.parse(l.generatedAt)));
}

/**
 * The answer to an evaluation request from the period's served tickets, a day at a time (in the
 * reports worker, or inline): the grouping keeps no fact; the listing and the XLSX keep the rated ones.
 */
export async function answerEvaluation(days: AsyncIterable<ServedFact[]>, q: EvaluationRequest): Promise<EvaluationAnswer> {
  const rated: ServedFact[] = [];
  if (q.op === 'evaluation') {
    const fold = new EvaluationFold(q.context, q.groupBy, q.lang);
    for await (const day of days) for (const f of day) { fold.add(f); if (q.format === 'xlsx' && f.rating) rated.push(f); }
    const f = fold.result();
    if (q.format === 'json') return f;
    const e: Evaluation = { ...q.head, groupBy: q.groupBy, ...f };
    // The XLSX carries the listing of rated tickets as its second sheet.
    return q.format === 'csv' ? evaluationCsv(e, q.lang, q.dialect) : evaluationXlsx(e, ratedItems(rated, q.context, 'ticket'), q.lang);
  }
  for await (const day of days) for (const f of day) if (f.rating) rated.push(f);
  const all = ratedItems(rated, q.context, q.rows, { level: q.level, officerId: q.officerId });
  if (q.format === 'json') return { total: all.length, items: all.slice(q.offset, q.offset + q.limit) };
  const l: EvaluationListing = { ...q.head, rows: q.rows, total: all.length, offset: 0, items: all };
  return q.format === 'csv' ? listingCsv(l, q.lang, q.dialect) : listingXlsx(l, q.lang);
}
