// Reading a procedure catalogue: the national database's JSON shape (MATTHC, TENTTHC,
// LINHVUCTHUCHIEN, CACHTHUCTHUCHIEN, THANHPHANHOSO, COQUANTHUCHIEN), or a table (CSV or XLSX) with
// named columns. Every row is checked; a file with any bad row is refused whole, each bad row named
// by its number: the position in the JSON array (1 = the first procedure), or the spreadsheet's
// own row number (the header is row 1, the first procedure row 2).
import { unzipSync, strFromU8 } from 'fflate';
import { foldText, type ProcedureDocument } from '../../common/procedures.js';

/** A procedure as the catalogue stores it (mappings to services are kept beside it). */
export interface ProcedureRecord {
  code: string;
  name: string;
  field: { code: string; name: string };
  processingTime: string;
  fee: { amount: number | null; text: string };
  documents: ProcedureDocument[];
  agency: string;
}

export interface RowError { row: number; message: string }
export interface Parsed { rows: { row: number; rec: ProcedureRecord }[]; errors: RowError[] }

export const MAX_PROCEDURES = 5000;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : isObj(v) ? [v] : []);

/** A count of copies: a whole number 0..99 (numbers or digit strings); null when invalid. */
function count(v: unknown, fallback: number): number | null {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(String(v)) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 99 ? n : null;
}

function money(v: unknown): number | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  const s = String(v).trim().replace(/[.,\s](?=\d{3}(\D|$))/g, '');
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

class RowCheck {
  problems: string[] = [];
  need(value: string, name: string, max: number): string {
    if (!value) this.problems.push(`${name}: trống / empty`);
    else if (value.length > max) this.problems.push(`${name}: quá dài / too long (> ${max})`);
    return value.slice(0, max);
  }
}

function finish(c: RowCheck, rec: ProcedureRecord, row: number, out: Parsed, seen: Map<string, number>): void {
  if (rec.code && !CODE.test(rec.code)) c.problems.push(`MATTHC: "${rec.code.slice(0, 40)}" không hợp lệ / not a valid code`);
  if (rec.code && seen.has(rec.code)) c.problems.push(`MATTHC ${rec.code}: trùng với dòng ${seen.get(rec.code)} / duplicate of row ${seen.get(rec.code)}`);
  if (c.problems.length) { out.errors.push({ row, message: c.problems.join('; ') }); return; }
  seen.set(rec.code, row);
  out.rows.push({ row, rec });
}

// ------------------------------------------------------------------ the national JSON shape
export function parseNationalJson(data: unknown): Parsed {
  let list: unknown = data;
  if (isObj(data)) list = ['data', 'result', 'items', 'procedures', 'DANHSACH'].map((k) => data[k]).find(Array.isArray);
  const out: Parsed = { rows: [], errors: [] };
  if (!Array.isArray(list)) { out.errors.push({ row: 0, message: 'Cần một mảng thủ tục (JSON array) / expected an array of procedures' }); return out; }
  if (list.length > MAX_PROCEDURES) { out.errors.push({ row: 0, message: `Quá ${MAX_PROCEDURES} thủ tục / more than ${MAX_PROCEDURES} procedures` }); return out; }
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const row = i + 1;
    const c = new RowCheck();
    if (!isObj(item)) { out.errors.push({ row, message: 'Không phải một đối tượng / not an object' }); return; }
    const code = c.need(str(item.MATTHC), 'MATTHC', 40);
    const name = c.need(str(item.TENTTHC), 'TENTTHC', 500);
    const lv = arr(item.LINHVUCTHUCHIEN).find(isObj) as Obj | undefined;
    const fieldName = c.need(str(lv?.TENLINHVUC), 'LINHVUCTHUCHIEN.TENLINHVUC', 200);
    const fieldCode = str(lv?.MALINHVUC).slice(0, 40) || foldText(fieldName).replace(/[^a-z0-9]+/g, '-');
    const ways = arr(item.CACHTHUCTHUCHIEN).filter(isObj) as Obj[];
    const way = ways.find((w) => foldText(str(w.KENH)).includes('truc tiep')) ?? ways[0];
    const time = arr(way?.THOIGIAN).find(isObj) as Obj | undefined;
    const processingTime = [str(time?.THOIGIANGIAIQUYET), str(time?.DONVITINH)].filter(Boolean).join(' ').slice(0, 200);
    const feeObj = arr(time?.PHILEPHI).find(isObj) as Obj | undefined;
    const amount = money(feeObj?.SOTIEN);
    if (amount === undefined) c.problems.push('PHILEPHI.SOTIEN: không phải số tiền / not an amount');
    const documents: ProcedureDocument[] = [];
    arr(item.THANHPHANHOSO).forEach((part) => {
      arr(isObj(part) ? part.GIAYTO : undefined).forEach((g, j) => {
        if (!isObj(g)) return;
        const dname = str(g.TENGIAYTO).slice(0, 500);
        if (!dname) { c.problems.push(`GIAYTO ${j + 1}: TENGIAYTO trống / empty`); return; }
        const originals = count(g.SOBANCHINH, 1);
        const copies = count(g.SOBANSAO, 0);
        if (originals === null || copies === null) { c.problems.push(`GIAYTO "${dname.slice(0, 40)}": số bản không hợp lệ / invalid number of copies`); return; }
        if (!documents.some((d) => d.name === dname)) documents.push({ name: dname, originals, copies });
      });
    });
    const agency = arr(item.COQUANTHUCHIEN).map((a) => (isObj(a) ? str(a.TENDONVI) : str(a))).filter(Boolean).join('; ').slice(0, 300)
      || (typeof item.COQUANTHUCHIEN === 'string' ? item.COQUANTHUCHIEN.trim().slice(0, 300) : '');
    finish(c, {
      code, name, field: { code: fieldCode, name: fieldName }, processingTime,
      fee: { amount: amount ?? null, text: str(feeObj?.MOTA).slice(0, 300) }, documents, agency,
    }, row, out, seen);
  });
  return out;
}

// ------------------------------------------------------------------ tables (CSV, XLSX)
/** Column names accepted (folded, without spaces or punctuation) for each part of a procedure. */
const COLUMNS: Record<keyof TableRow, string[]> = {
  code: ['matthc', 'mathutuc', 'code'],
  name: ['tentthc', 'tenthutuc', 'name'],
  fieldCode: ['malinhvuc', 'fieldcode'],
  fieldName: ['tenlinhvuc', 'linhvuc', 'field'],
  processingTime: ['thoigian', 'thoigiangiaiquyet', 'processingtime'],
  fee: ['philephi', 'sotien', 'fee'],
  feeText: ['motaphi', 'motaphilephi', 'feetext'],
  documents: ['giayto', 'thanhphanhoso', 'documents'],
  agency: ['coquanthuchien', 'coquan', 'agency'],
};
interface TableRow { code: string; name: string; fieldCode: string; fieldName: string; processingTime: string; fee: string; feeText: string; documents: string; agency: string }

const DOC = /^(.*?)\s*\(\s*(\d+)\s*b[aả]n\s+ch[ií]nh\s*[,;]\s*(\d+)\s*b[aả]n\s+sao\s*\)\s*$/iu;

/** "Tờ khai (1 bản chính, 0 bản sao); Giấy chứng sinh (1 bản chính, 0 bản sao)". */
export function parseDocuments(cell: string): ProcedureDocument[] | string {
  const out: ProcedureDocument[] = [];
  for (const part of cell.split(/\s*;\s*(?![^()]*\))/)) {
    const p = part.trim();
    if (!p) continue;
    const m = DOC.exec(p.normalize('NFC'));
    if (m) out.push({ name: m[1]!.slice(0, 500), originals: Number(m[2]), copies: Number(m[3]) });
    else if (/\(.*\d.*\)\s*$/.test(p)) return `GIAYTO: "${p.slice(0, 60)}": cần dạng "tên (n bản chính, m bản sao)" / expected "name (n originals, m copies)"`;
    else out.push({ name: p.slice(0, 500), originals: 1, copies: 0 });
  }
  return out;
}

/** Rows as cells (the first row is the header); `rowNumbers[i]` is the spreadsheet's number of row i. */
export function parseTable(table: string[][], rowNumbers?: number[]): Parsed {
  const out: Parsed = { rows: [], errors: [] };
  const header = (table[0] ?? []).map((h) => foldText(h).replace(/[^a-z0-9]/g, ''));
  const col = {} as Record<keyof TableRow, number>;
  for (const [k, names] of Object.entries(COLUMNS) as [keyof TableRow, string[]][]) col[k] = header.findIndex((h) => names.includes(h));
  const missing = (['code', 'name', 'fieldName'] as const).filter((k) => col[k] < 0).map((k) => COLUMNS[k][0]!.toUpperCase());
  if (missing.length) { out.errors.push({ row: rowNumbers?.[0] ?? 1, message: `Thiếu cột / missing columns: ${missing.join(', ')}` }); return out; }
  if (table.length - 1 > MAX_PROCEDURES) { out.errors.push({ row: 0, message: `Quá ${MAX_PROCEDURES} thủ tục / more than ${MAX_PROCEDURES} procedures` }); return out; }
  const seen = new Map<string, number>();
  for (let i = 1; i < table.length; i++) {
    const cells = table[i]!;
    if (cells.every((c) => !c.trim())) continue;
    const row = rowNumbers?.[i] ?? i + 1;
    const get = (k: keyof TableRow) => (col[k] >= 0 ? (cells[col[k]] ?? '').trim() : '');
    const c = new RowCheck();
    const code = c.need(get('code'), 'MATTHC', 40);
    const name = c.need(get('name'), 'TENTTHC', 500);
    const fieldName = c.need(get('fieldName'), 'TENLINHVUC', 200);
    const amount = money(get('fee'));
    const feeCell = get('fee');
    const docs = parseDocuments(get('documents'));
    if (typeof docs === 'string') c.problems.push(docs);
    finish(c, {
      code, name, field: { code: get('fieldCode').slice(0, 40) || foldText(fieldName).replace(/[^a-z0-9]+/g, '-'), name: fieldName },
      processingTime: get('processingTime').slice(0, 200),
      // A fee cell that is not a plain amount ("8.000 đồng/bản sao") is kept as its description.
      fee: { amount: amount ?? null, text: (get('feeText') || (amount === undefined ? feeCell : '')).slice(0, 300) },
      documents: typeof docs === 'string' ? [] : docs, agency: get('agency').slice(0, 300),
    }, row, out, seen);
  }
  return out;
}

/** RFC 4180 CSV; the separator (`,` `;` or tab) is the one of the header line; a BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const firstLine = s.slice(0, s.search(/\r?\n|$/));
  const sep = [',', ';', '\t'].map((c) => [c, firstLine.split(c).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') { if (s[i + 1] === '"') { cell += '"'; i++; } else quoted = false; } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const XML_ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unxml = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
  e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : XML_ENTITY[e] ?? m);
const texts = (xml: string) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unxml(m[1]!)).join('');

function colIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The first worksheet of an XLSX file as rows of cell texts, with the sheet's row numbers. */
export function readXlsx(bytes: Uint8Array): { table: string[][]; rowNumbers: number[] } {
  let total = 0;
  const files = unzipSync(bytes, {
    filter: (f) => {
      const wanted = f.name === 'xl/sharedStrings.xml' || f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' || f.name.startsWith('xl/worksheets/sheet');
      total += f.originalSize;
      if (total > 64 * 1024 * 1024) throw new Error('too large when unzipped');
      return wanted;
    },
  });
  const shared = files['xl/sharedStrings.xml'] ? [...strFromU8(files['xl/sharedStrings.xml']).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]!)) : [];
  let sheetPath = Object.keys(files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort()[0];
  const wb = files['xl/workbook.xml'] && strFromU8(files['xl/workbook.xml']);
  const rels = files['xl/_rels/workbook.xml.rels'] && strFromU8(files['xl/_rels/workbook.xml.rels']);
  const rid = wb ? /<sheet\b[^>]*\br:id="([^"]+)"/.exec(wb)?.[1] : undefined;
  const target = rid && rels ? new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1] : undefined;
  if (target) { const p = target.startsWith('/') ? target.slice(1) : `xl/${target}`; if (files[p]) sheetPath = p; }
  if (!sheetPath) throw new Error('no worksheet');
  const xml = strFromU8(files[sheetPath]!);
  const table: string[][] = [];
  const rowNumbers: number[] = [];
  for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = Number(/\br="(\d+)"/.exec(rm[1]!)?.[1] ?? rowNumbers.length + 1);
    const cells: string[] = [];
    for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cm[1]!;
      const ref = /\br="([A-Z]+)\d*"/.exec(attrs)?.[1];
      const type = /\bt="([^"]+)"/.exec(attrs)?.[1] ?? 'n';
      const inner = cm[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value = '';
      if (type === 's') value = shared[Number(v)] ?? '';
      else if (type === 'inlineStr') value = texts(inner);
      else if (v !== undefined) value = unxml(v);
      const at = ref ? colIndex(ref) : cells.length;
      while (cells.length < at) cells.push('');
      cells[at] = value;
    }
    table.push(cells);
    rowNumbers.push(r);
  }
  return { table, rowNumbers };
}
