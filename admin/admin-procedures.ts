// The procedures page (/admin#procedures): import the site's catalogue (the national JSON, CSV or
// XLSX; a refused file lists its bad rows by number and changes nothing), map each field (lĩnh vực)
// or a single procedure to the service a citizen takes a ticket for, and search the list the way
// the kiosk does (diacritics and case ignored). docs/integration.md "Thủ tục".
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Procedure, ProcedureField } from '../common/procedures.js';
import type { Service } from '../common/types.js';
import { ot } from '../common/i18n/onestop.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const typeOf = (name: string): string => (/\.xlsx$/i.test(name) ? XLSX : /\.csv$/i.test(name) ? 'text/csv' : 'application/json');

interface ImportAnswer { imported?: number; updated?: number; unchanged?: number; total?: number; errors?: { row: number; message: string }[]; error?: { code: string; message: string } }

@customElement('admin-procedures')
export class AdminProcedures extends AdminSection {
  @state() private procedures: Procedure[] = [];
  @state() private fields: ProcedureField[] = [];
  @state() private q = '';
  @state() private field = '';
  @state() private rowErrors: { row: number; message: string }[] = [];
  @state() private loadedFor: string | null = null;
  private file: File | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  static styles = [adminStyles, css`
    section.card { margin-bottom: var(--luot-space-3); }
    .intro { color: var(--luot-text-muted); margin: 0 0 var(--luot-space-3); max-width: 90ch; }
    .import { display: flex; gap: var(--luot-space-3); align-items: flex-end; flex-wrap: wrap; }
    .errors { margin: var(--luot-space-2) 0 0; padding: var(--luot-space-3) var(--luot-space-4); background: var(--luot-danger-soft); color: var(--luot-danger); border-left: 6px solid var(--luot-danger); border-radius: 6px; }
    .errors ul { margin: 6px 0 0; padding-left: 20px; }
    .errors li { margin: 2px 0; }
    .filters { display: flex; gap: var(--luot-space-3); align-items: flex-end; flex-wrap: wrap; margin-bottom: var(--luot-space-2); }
    .filters label.field { min-width: 260px; }
    td.code { font-family: var(--luot-font-mono); white-space: nowrap; }
    td select { min-width: 220px; }
    .count { color: var(--luot-text-muted); }
  `];

  protected willUpdate(): void {
    const id = this.session.siteId;
    if (id && id !== this.loadedFor) { this.loadedFor = id; void this.load(); }
  }

  private get siteQ(): string { return `siteId=${encodeURIComponent(this.session.siteId ?? '')}`; }

  private async load(): Promise<void> {
    const p = new URLSearchParams({ siteId: this.session.siteId ?? '' });
    if (this.q.trim()) p.set('q', this.q.trim());
    if (this.field) p.set('field', this.field);
    try {
      const [list, fields] = await Promise.all([
        this.session.api<{ procedures: Procedure[] }>('GET', `/api/procedures?${p}`),
        this.session.api<{ fields: ProcedureField[] }>('GET', `/api/procedures/fields?${this.siteQ}`),
      ]);
      this.procedures = list.procedures;
      this.fields = fields.fields;
    } catch (e) { this.fail(e); }
  }

  private async importFile(e: Event): Promise<void> {
    e.preventDefault();
    const l = this.lang;
    this.rowErrors = [];
    if (!this.file) { this.say('error', ot(l, 'noFile')); return; }
    const f = this.file;
    await this.act(async () => {
      const r = await this.session.postRaw<ImportAnswer>(`/api/procedures/import?${this.siteQ}`, await f.arrayBuffer(), typeOf(f.name));
      if (r.status !== 200) {
        this.rowErrors = r.body.errors ?? [];
        throw Object.assign(new Error(r.body.error?.message ?? `HTTP ${r.status}`), { code: r.body.error?.code });
      }
      const b = r.body;
      this.say('ok', ot(l, 'imported', { imported: b.imported ?? 0, updated: b.updated ?? 0, unchanged: b.unchanged ?? 0, total: b.total ?? 0 }));
      await this.load();
    });
  }

  /** A refused file: the hub's message (in the user's language) above its row list. */
  protected fail(e: unknown): void {
    const err = e as { message?: string };
    if (this.rowErrors.length && err.message) { this.say('error', err.message); return; }
    super.fail(e);
  }

  private serviceName(id: string | null): string {
    const s = this.session.services.find((x) => x.id === id);
    return s ? `${s.code} – ${s.name[this.lang] ?? s.name.vi}` : ot(this.lang, 'noService');
  }

  private async mapField(f: ProcedureField, serviceId: string | null): Promise<void> {
    const l = this.lang;
    const ok = serviceId ? ot(l, 'mappedOk', { name: f.name, service: this.serviceName(serviceId) }) : ot(l, 'unmappedOk', { name: f.name });
    if (await this.act(() => this.session.api('PATCH', `/api/procedures/fields/${encodeURIComponent(f.code)}?${this.siteQ}`, { serviceId }), ok)) await this.load();
  }

  private async mapProcedure(p: Procedure, serviceId: string | null): Promise<void> {
    const l = this.lang;
    const ok = serviceId ? ot(l, 'mappedOk', { name: p.name, service: this.serviceName(serviceId) }) : ot(l, 'unmappedOk', { name: p.name });
    if (await this.act(() => this.session.api('PATCH', `/api/procedures/${encodeURIComponent(p.code)}?${this.siteQ}`, { serviceId }), ok)) await this.load();
  }

  private serviceSelect(value: string | null, name: string, onChange: (v: string | null) => void, noneLabel: string, services: Service[]) {
    return html`<select name=${name} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value || null)}>
      <option value="" ?selected=${!value}>${noneLabel}</option>
      ${services.map((s) => html`<option value=${s.id} ?selected=${s.id === value}>${s.code} – ${s.name[this.lang] ?? s.name.vi}</option>`)}
    </select>`;
  }

  private search(v: string): void {
    this.q = v;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.load(), 200);
  }

  render() {
    const l = this.lang;
    const services = this.session.services.filter((s) => s.active);
    const fieldService = new Map(this.fields.map((f) => [f.code, f.serviceId]));
    return html`
      <div class="bar"><h2>${ot(l, 'procTitle')}</h2></div>
      <p class="intro">${ot(l, 'procIntro')}</p>
      <section class="card" id="import"><h3>${ot(l, 'importTitle')}</h3>
        <form class="import" id="import-form" @submit=${this.importFile}>
          <label class="field">${ot(l, 'chooseFile')}
            <input type="file" id="catalogue-file" accept=".json,.csv,.xlsx,application/json,text/csv,${XLSX}"
              @change=${(e: Event) => { this.file = (e.target as HTMLInputElement).files?.[0] ?? null; }}></label>
          <button class="primary" type="submit" id="import-btn" ?disabled=${this.busy}>${ot(l, 'importBtn')}</button>
        </form>
        ${this.renderMessage()}
        ${this.rowErrors.length ? html`<div class="errors" id="import-errors" role="alert"><b>${ot(l, 'importErrors')}</b>
          <ul>${this.rowErrors.map((x) => html`<li data-row=${x.row}><b>${ot(l, 'row', { row: x.row })}:</b> ${x.message}</li>`)}</ul></div>` : nothing}
      </section>
      ${this.fields.length ? html`<section class="card" id="fields"><h3>${ot(l, 'fieldsTitle')}</h3>
        <p class="hint">${ot(l, 'fieldsHint')}</p>
        <table><thead><tr><th>${ot(l, 'colField')}</th><th class="num">${ot(l, 'colCount')}</th><th>${ot(l, 'colService')}</th></tr></thead>
          <tbody>${this.fields.map((f) => html`<tr data-field=${f.code}><td>${f.name} <span class="count">(${f.code})</span></td><td class="num">${f.count}</td>
            <td>${this.serviceSelect(f.serviceId, `field-${f.code}`, (v) => this.mapField(f, v), ot(l, 'noService'), services)}</td></tr>`)}</tbody></table>
      </section>` : nothing}
      <section class="card" id="list"><h3>${ot(l, 'listTitle')}</h3>
        <div class="filters">
          <label class="field">${ot(l, 'search')}<input type="search" id="procedure-search" placeholder=${ot(l, 'searchPlaceholder')}
            .value=${this.q} @input=${(e: Event) => this.search((e.target as HTMLInputElement).value)}></label>
          <label class="field">${ot(l, 'colField')}<select id="procedure-field" @change=${(e: Event) => { this.field = (e.target as HTMLSelectElement).value; void this.load(); }}>
            <option value="" ?selected=${!this.field}>${ot(l, 'allFields')}</option>
            ${this.fields.map((f) => html`<option value=${f.code} ?selected=${f.code === this.field}>${f.name}</option>`)}</select></label>
          <span class="count" id="procedure-count">${ot(l, 'shown', { n: this.procedures.length })}</span>
        </div>
        ${this.procedures.length === 0
          ? html`<p class="empty" id="procedures-empty">${this.fields.length ? ot(l, 'noMatch') : ot(l, 'empty')}</p>`
          : html`<table id="procedures-table"><thead><tr><th>${ot(l, 'colCode')}</th><th>${ot(l, 'colName')}</th><th>${ot(l, 'colField')}</th><th>${ot(l, 'colService')}</th></tr></thead>
            <tbody>${this.procedures.map((p) => {
              const own = p.serviceId !== (fieldService.get(p.field.code) ?? null) ? p.serviceId : null;
              return html`<tr data-code=${p.code}><td class="code">${p.code}</td><td>${p.name}</td><td>${p.field.name}</td>
                <td>${this.serviceSelect(own, `procedure-${p.code}`, (v) => this.mapProcedure(p, v), `${ot(l, 'byField')}: ${this.serviceName(fieldService.get(p.field.code) ?? null)}`, services)}</td></tr>`;
            })}</tbody></table>`}
      </section>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-procedures': AdminProcedures } }
