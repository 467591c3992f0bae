// The procedure catalogues of the sites: imported from the national JSON shape or a table, kept by
// the store (one document per site, replaced atomically), searched in memory, and mapped to the
// services a citizen takes a ticket for (per procedure, or for a whole field). A config change is
// durable and audited before it is answered; a file with any bad row changes nothing.
import { DomainError } from '../../common/errors.js';
import type { Procedure, ProcedureField } from '../../common/procedures.js';
import type { Service, Site } from '../../common/types.js';
import type { Actor } from '../domain/model.js';
import { parseCsv, parseNationalJson, parseTable, readXlsx, type Parsed, type ProcedureRecord, type RowError } from './parse.js';
import { indexOf, search, type Indexed } from './search.js';

export interface StoredProcedure extends ProcedureRecord { serviceId: string | null }
export interface CatalogueDoc {
  version: 1;
  procedures: StoredProcedure[];
  /** Field code → service: procedures of the field without their own mapping go there. */
  fieldServices: Record<string, string>;
  updatedAt: string | null;
}

export interface CatalogueStore {
  readCatalogue<T extends object>(siteId: string): Promise<T | null>;
  writeCatalogue<T extends object>(siteId: string, doc: T): Promise<void>;
}

export interface CatalogueDeps {
  store: CatalogueStore;
  clock: () => number;
  site(siteId: string): Site | undefined;
  services(siteId: string): Service[];
  assertAdmin(actor: Actor, siteId: string): void;
  audit(actor: Actor, action: string, target: string, detail: Record<string, unknown>): Promise<void>;
}

/** Refused import: the rows and their problems; nothing was imported. */
export class ImportInvalid extends DomainError {
  constructor(readonly errors: RowError[]) {
    super('import_invalid', 'body', { count: errors.length, rows: errors.slice(0, 10).map((e) => e.row).join(', ') });
  }
}

export interface ImportResult { imported: number; updated: number; unchanged: number; total: number; errors: RowError[] }

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Loaded { doc: CatalogueDoc; items: { p: StoredProcedure; ix: Indexed }[] }

const empty = (): CatalogueDoc => ({ version: 1, procedures: [], fieldServices: {}, updatedAt: null });
const same = (a: ProcedureRecord, b: ProcedureRecord) =>
  JSON.stringify([a.name, a.field, a.processingTime, a.fee, a.documents, a.agency]) === JSON.stringify([b.name, b.field, b.processingTime, b.fee, b.documents, b.agency]);

export class Catalogues {
  private bySite = new Map<string, Loaded>();
  /** One change at a time per site: read-modify-write cycles never interleave. */
  private queues = new Map<string, Promise<unknown>>();

  constructor(private deps: CatalogueDeps) {}

  async load(siteIds: string[]): Promise<void> {
    for (const id of siteIds) this.set(id, (await this.deps.store.readCatalogue<CatalogueDoc>(id)) ?? empty());
  }

  private set(siteId: string, doc: CatalogueDoc): void {
    this.bySite.set(siteId, { doc, items: doc.procedures.map((p) => ({ p, ix: indexOf(p) })) });
  }

  private loaded(siteId: string): Loaded {
    if (!this.deps.site(siteId)) throw new DomainError('site_not_found', 'siteId');
    let l = this.bySite.get(siteId);
    if (!l) { this.set(siteId, empty()); l = this.bySite.get(siteId)!; }
    return l;
  }

  private serial<T>(siteId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(siteId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.queues.set(siteId, next.catch(() => {}));
    return next;
  }

  /** Replace the site's document durably, then the in-memory copy (a failed write changes nothing). */
  private async commit(siteId: string, doc: CatalogueDoc): Promise<void> {
    doc.updatedAt = new Date(this.deps.clock()).toISOString();
    await this.deps.store.writeCatalogue(siteId, doc);
    this.set(siteId, doc);
  }

  // ------------------------------------------------------------------ import
  /** Parse a body by its content type: the national JSON (parsed already, or raw), CSV or XLSX. */
  static parseBody(contentType: string, body: Buffer): Parsed {
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    try {
      if (type === XLSX_TYPE || (body[0] === 0x50 && body[1] === 0x4b)) {
        const { table, rowNumbers } = readXlsx(new Uint8Array(body.buffer, body.byteOffset, body.length));
        return parseTable(table, rowNumbers);
      }
      const text = body.toString('utf8');
      if (type === 'text/csv' || type === 'application/csv' || !/^\s*[[{]/.test(text.replace(/^\uFEFF/, ''))) return parseTable(parseCsv(text));
      return parseNationalJson(JSON.parse(text.replace(/^\uFEFF/, '')));
    } catch (e) {
      return { rows: [], errors: [{ row: 0, message: `Không đọc được tệp / cannot read the file (${(e as Error).message.slice(0, 120)})` }] };
    }
  }

  async import(actor: Actor, siteId: string, contentType: string, body: Buffer): Promise<ImportResult> {
    this.deps.assertAdmin(actor, siteId);
    this.loaded(siteId);
    const parsed = Catalogues.parseBody(contentType, body);
    if (parsed.errors.length) throw new ImportInvalid(parsed.errors);
    if (parsed.rows.length === 0) throw new ImportInvalid([{ row: 0, message: 'Tệp không có thủ tục nào / the file holds no procedure' }]);
    return this.serial(siteId, async () => {
      const cur = this.loaded(siteId).doc;
      const byCode = new Map(cur.procedures.map((p) => [p.code, p]));
      let imported = 0, updated = 0, unchanged = 0;
      const procedures = cur.procedures.map((p) => ({ ...p }));
      const index = new Map(procedures.map((p, i) => [p.code, i]));
      for (const { rec } of parsed.rows) {
        const old = byCode.get(rec.code);
        if (!old) { procedures.push({ ...rec, serviceId: null }); imported++; continue; }
        if (same(old, rec)) { unchanged++; continue; }
        // A re-import updates the procedure and keeps its mapping to a service.
        procedures[index.get(rec.code)!] = { ...rec, serviceId: old.serviceId };
        updated++;
      }
      if (imported || updated) {
        await this.commit(siteId, { ...cur, procedures });
        await this.deps.audit(actor, 'procedures.import', `site:${siteId}`, { imported, updated, unchanged, codes: parsed.rows.length });
      }
      return { imported, updated, unchanged, total: procedures.length, errors: [] };
    });
  }

  // ------------------------------------------------------------------ mapping to services
  private assertService(siteId: string, serviceId: string | null): void {
    if (serviceId !== null && !this.deps.services(siteId).some((s) => s.id === serviceId)) throw new DomainError('service_not_found', 'serviceId');
  }

  async mapProcedure(actor: Actor, siteId: string, code: string, serviceId: string | null): Promise<Procedure> {
    this.deps.assertAdmin(actor, siteId);
    this.loaded(siteId);
    this.assertService(siteId, serviceId);
    return this.serial(siteId, async () => {
      const cur = this.loaded(siteId).doc;
      const i = cur.procedures.findIndex((p) => p.code === code);
      if (i < 0) throw new DomainError('procedure_not_found', 'code', { code });
      const procedures = cur.procedures.slice();
      procedures[i] = { ...procedures[i]!, serviceId };
      await this.commit(siteId, { ...cur, procedures });
      await this.deps.audit(actor, 'procedure.map', `site:${siteId}`, { code, serviceId });
      return this.view(siteId, procedures[i]!);
    });
  }

  async mapField(actor: Actor, siteId: string, fieldCode: string, serviceId: string | null): Promise<ProcedureField> {
    this.deps.assertAdmin(actor, siteId);
    this.loaded(siteId);
    this.assertService(siteId, serviceId);
    return this.serial(siteId, async () => {
      const cur = this.loaded(siteId).doc;
      if (!cur.procedures.some((p) => p.field.code === fieldCode)) throw new DomainError('procedure_not_found', 'fieldCode', { code: fieldCode });
      const fieldServices = { ...cur.fieldServices };
      if (serviceId === null) delete fieldServices[fieldCode]; else fieldServices[fieldCode] = serviceId;
      await this.commit(siteId, { ...cur, fieldServices });
      await this.deps.audit(actor, 'procedure.map_field', `site:${siteId}`, { fieldCode, serviceId });
      return this.fields(siteId).find((f) => f.code === fieldCode)!;
    });
  }

  // ------------------------------------------------------------------ reads (public)
  private view(siteId: string, p: StoredProcedure): Procedure {
    const l = this.loaded(siteId);
    const template = this.deps.site(siteId)?.procedureUrlTemplate;
    return {
      code: p.code, name: p.name, field: p.field, serviceId: p.serviceId ?? l.doc.fieldServices[p.field.code] ?? null,
      processingTime: p.processingTime, fee: p.fee, documents: p.documents, agency: p.agency,
      url: template ? template.replaceAll('{code}', encodeURIComponent(p.code)) : null,
    };
  }

  list(siteId: string, opts: { q?: string; field?: string; limit?: number } = {}): Procedure[] {
    const l = this.loaded(siteId);
    let items = opts.field ? l.items.filter((x) => x.p.field.code === opts.field) : l.items;
    items = opts.q?.trim() ? search(items, opts.q) : items.slice().sort((a, b) => a.p.name.localeCompare(b.p.name, 'vi'));
    return items.slice(0, opts.limit ?? 500).map((x) => this.view(siteId, x.p));
  }

  get(siteId: string, code: string): Procedure {
    const p = this.loaded(siteId).doc.procedures.find((x) => x.code === code);
    if (!p) throw new DomainError('procedure_not_found', 'code', { code });
    return this.view(siteId, p);
  }

  fields(siteId: string): ProcedureField[] {
    const l = this.loaded(siteId);
    const out = new Map<string, ProcedureField>();
    for (const { p } of l.items) {
      const f = out.get(p.field.code) ?? { code: p.field.code, name: p.field.name, count: 0, serviceId: l.doc.fieldServices[p.field.code] ?? null };
      f.count++;
      out.set(p.field.code, f);
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  /** The service a ticket for this procedure goes to (404 unknown, 409 not mapped). */
  resolve(siteId: string, code: string): { procedure: Procedure; serviceId: string } {
    const procedure = this.get(siteId, code);
    if (!procedure.serviceId) throw new DomainError('procedure_not_mapped', 'procedureCode', { code });
    return { procedure, serviceId: procedure.serviceId };
  }

  /** Every procedure's name and field, by code, as a plain map for the reports worker (empty when none). */
  descriptions(siteId: string): Record<string, { name: string; field: { code: string; name: string } }> {
    const out: Record<string, { name: string; field: { code: string; name: string } }> = {};
    // The first of a code wins, as in describe().
    for (const p of this.bySite.get(siteId)?.doc.procedures ?? []) out[p.code] ??= { name: p.name, field: p.field };
    return out;
  }

  /** The name and field of a procedure code, for reports (null when not in the catalogue). */
  describe(siteId: string, code: string): { name: string; field: { code: string; name: string } } | null {
    const p = this.bySite.get(siteId)?.doc.procedures.find((x) => x.code === code);
    return p ? { name: p.name, field: p.field } : null;
  }
}
