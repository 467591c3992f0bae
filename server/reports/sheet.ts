// One place that writes a typed table as a spreadsheet: XLSX (minimal OOXML zipped with fflate) with
// real date, number and percentage cells, and CSV in two dialects: the default one (`,` separator,
// `.` decimals, ISO dates: what scripts and Excel in English read) and `vi` (`;` separator,
// `,` decimals, dd/mm/yyyy dates: what Excel and LibreOffice read under a Vietnamese locale).
// Both CSVs start with a UTF-8 BOM. Any report or export (queue reports, evaluation reports) builds
// `Sheet`s of `Cell`s and calls `toXlsxBook` / `toCsvText`; none writes XML or CSV by hand.
import { strToU8, zipSync } from 'fflate';

/**
 * text: a string. int / number: a number (number keeps its decimals). seconds: a number of seconds.
 * rate: a fraction 0..1 shown as a percentage (0.75 → 75.0 %). date: 'YYYY-MM-DD' (a calendar day).
 * datetime: an ISO time with its offset, 'YYYY-MM-DDTHH:mm:ss(.sss)+07:00': written as the local wall
 * clock of that offset, the offset shown beside it (a spreadsheet cell has no time zone).
 */
export type CellKind = 'text' | 'int' | 'number' | 'seconds' | 'rate' | 'date' | 'datetime';
export interface Cell { v: string | number | null; kind: CellKind }
export interface SheetRow { cells: Cell[]; bold?: boolean }
export interface Sheet {
  name: string;
  rows: SheetRow[];
  /** Column widths in characters. */
  widths?: number[];
  /** Freeze the first row and column (a table with a header). */
  freeze?: boolean;
}
export type CsvDialect = 'default' | 'vi';

export const text = (v: string | null | undefined): Cell => ({ v: v ?? null, kind: 'text' });
export const cell = (v: string | number | null | undefined, kind: CellKind): Cell => ({ v: v ?? null, kind });

// ------------------------------------------------------------------ dates
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Days since 1899-12-30 (the serial of spreadsheets, 1900 date system). */
function serialOf(y: number, m: number, d: number, secs = 0): number {
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000 + secs / 86_400;
}

interface Parsed { serial: number; y: string; mo: string; d: string; hms: string; offset: string }
function parseDateish(v: string, kind: 'date' | 'datetime'): Parsed | null {
  if (kind === 'date') {
    const m = DATE_RE.exec(v);
    return m ? { serial: serialOf(+m[1]!, +m[2]!, +m[3]!), y: m[1]!, mo: m[2]!, d: m[3]!, hms: '', offset: '' } : null;
  }
  const m = DATETIME_RE.exec(v);
  if (!m) return null;
  const secs = +m[4]! * 3600 + +m[5]! * 60 + +m[6]!;
  return { serial: serialOf(+m[1]!, +m[2]!, +m[3]!, secs), y: m[1]!, mo: m[2]!, d: m[3]!, hms: `${m[4]}:${m[5]}:${m[6]}`, offset: m[8] === 'Z' ? '+00:00' : m[8]! };
}

// ------------------------------------------------------------------ CSV
function csvValue(c: Cell, dialect: CsvDialect): string {
  const { v, kind } = c;
  if (v === null || v === '') return '';
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  if (typeof v === 'number') return dialect === 'vi' ? String(v).replace('.', ',') : String(v);
  if (kind === 'date' || kind === 'datetime') {
    const p = parseDateish(v, kind);
    if (!p) return quote(v);
    if (dialect === 'default') return v;
    return kind === 'date' ? `${p.d}/${p.mo}/${p.y}` : `${p.d}/${p.mo}/${p.y} ${p.hms}`;
  }
  return quote(v);
}

/** A table as CSV text with its BOM, CRLF line ends, every text quoted. */
export function toCsvText(rows: SheetRow[], dialect: CsvDialect = 'default'): string {
  const sep = dialect === 'vi' ? ';' : ',';
  return '\uFEFF' + rows.map((r) => r.cells.map((c) => csvValue(c, dialect)).join(sep)).join('\r\n') + '\r\n';
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

/**
 * Number formats: 164 percent, 165 date, 166 integer, 167 decimal; a datetime gets one format per
 * offset (168+): `dd/mm/yyyy hh:mm:ss "+07:00"`. Every format has a normal and a bold style.
 */
class Styles {
  private offsets: string[] = [];
  fmtOf(kind: CellKind, offset = ''): number {
    switch (kind) {
      case 'rate': return 164;
      case 'date': return 165;
      case 'int': case 'seconds': return 166;
      case 'number': return 167;
      case 'datetime': {
        let i = this.offsets.indexOf(offset);
        if (i < 0) { i = this.offsets.length; this.offsets.push(offset); }
        return 168 + i;
      }
      default: return 0;
    }
  }
  private ids = new Map<string, number>([['0:0', 0], ['0:1', 1]]);
  private xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'];
  styleOf(fmt: number, bold: boolean): number {
    const key = `${fmt}:${bold ? 1 : 0}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.xfs.length;
      this.xfs.push(`<xf numFmtId="${fmt}" fontId="${bold ? 1 : 0}" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"${bold ? ' applyFont="1"' : ''}/>`);
      this.ids.set(key, id);
    }
    return id;
  }
  xml(): string {
    const fmts = [
      '<numFmt numFmtId="164" formatCode="0.0%"/>', '<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>',
      '<numFmt numFmtId="166" formatCode="#,##0"/>', '<numFmt numFmtId="167" formatCode="#,##0.##"/>',
      ...this.offsets.map((o, i) => `<numFmt numFmtId="${168 + i}" formatCode="${esc(`dd/mm/yyyy hh:mm:ss "${o}"`)}"/>`),
    ];
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="${fmts.length}">${fmts.join('')}</numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
  }
}

function cellXml(ref: string, c: Cell, bold: boolean, styles: Styles): string {
  const { v, kind } = c;
  if (v === null || v === '') return '';
  const str = (s: string) => `<c r="${ref}" t="inlineStr"${bold ? ' s="1"' : ''}><is><t xml:space="preserve">${esc(s)}</t></is></c>`;
  if (typeof v === 'string') {
    if (kind !== 'date' && kind !== 'datetime') return str(v);
    const p = parseDateish(v, kind);
    if (!p) return str(v);
    return `<c r="${ref}" s="${styles.styleOf(styles.fmtOf(kind, p.offset), bold)}"><v>${+p.serial.toFixed(8)}</v></c>`;
  }
  if (!Number.isFinite(v)) return '';
  if (kind === 'text') return str(String(v));
  return `<c r="${ref}" s="${styles.styleOf(styles.fmtOf(kind), bold)}"><v>${v}</v></c>`;
}

function sheetXml(s: Sheet, styles: Styles): string {
  const data = s.rows.map((row, ri) => `<row r="${ri + 1}">${row.cells.map((c, ci) => cellXml(`${colName(ci)}${ri + 1}`, c, !!row.bold, styles)).join('')}</row>`).join('');
  const pane = s.freeze ? '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>' : '';
  const cols = s.widths?.length ? `<cols>${s.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>${cols}<sheetData>${data}</sheetData></worksheet>`;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (n: string) => n.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';

/** A workbook of typed sheets; `mtime` dates the zip entries (the report's time, for stable bytes). */
export function toXlsxBook(sheets: Sheet[], mtime: Date = new Date()): Uint8Array {
  const styles = new Styles();
  const sheetFiles = sheets.map((s) => sheetXml(s, styles));
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((s, i) => `<sheet name="${esc(sheetName(s.name))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
  };
  sheetFiles.forEach((x, i) => { files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(x); });
  files['xl/styles.xml'] = strToU8(styles.xml());
  return zipSync(files, { level: 6, mtime });
}
