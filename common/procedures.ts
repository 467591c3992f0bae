// Administrative procedures (thủ tục hành chính) of a site's catalogue, as the API and the screens
// see them (docs/api.md "Procedures"), and the plain-letter folding the search uses.

export interface ProcedureDocument { name: string; originals: number; copies: number }

export interface Procedure {
  /** The national code (MATTHC), e.g. "1.001193". */
  code: string;
  name: string;
  field: { code: string; name: string };
  /** The service a citizen takes a ticket for: the procedure's own mapping, else its field's. */
  serviceId: string | null;
  processingTime: string;
  fee: { amount: number | null; text: string };
  documents: ProcedureDocument[];
  agency: string;
  /** Its page on the public portal (the site's URL template), or null without a template. */
  url: string | null;
}

export interface ProcedureField { code: string; name: string; count: number; serviceId: string | null }

/**
 * Vietnamese text to plain lower-case letters: diacritics dropped (NFD, then the combining marks)
 * and đ/Đ → d, which NFD leaves alone. "ĐĂNG KÝ" → "dang ky".
 */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Words of a folded text (letters and digits; "1.001193" stays one word). */
export function words(s: string): string[] {
  return foldText(s).split(/[^a-z0-9.]+/).map((w) => w.replace(/^\.+|\.+$/g, '')).filter(Boolean);
}

/** The default dossier code pattern: `000.00.00.H56-261203-0001` and the older `H56.22-261203-0001`. */
export const DEFAULT_DOSSIER_PATTERN = '^(\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}|[A-Z]\\d{2}(\\.\\d{2}){1,4})-\\d{6}-\\d{4,6}$';
