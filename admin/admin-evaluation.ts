// The evaluation reports under the queue reports (/admin#reports): ratings per officer, unit,
// procedure or field over the same period, with the agency codes, and the exports a province's
// evaluation of officers takes (XLSX with the rated dossiers, CSV in both dialects, the listing of
// rated dossiers). GET /api/reports/evaluation and /api/reports/evaluation/dossiers.
import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { storedLang } from '../common/client.js';
import { t } from '../common/i18n/index.js';
import { ot, type OnestopKey } from '../common/i18n/onestop.js';
import { AdminSection } from './admin-section.js';
import { adminStyles, fmtInt, fmtRate } from './admin-styles.js';
import { viDate } from './periods.js';

const GROUPS = ['officer', 'site', 'procedure', 'field'] as const;
type Group = (typeof GROUPS)[number];

interface EvalRow {
  key: string; label: string; detail: string | null; agencyCodes: string[]; served: number; rated: number; ratedRate: number | null;
  dossiers: number; ratings: { very_satisfied: number; satisfied: number; unsatisfied: number }; satisfactionRate: number | null;
}
interface Evaluation { from: string; to: string; groupBy: Group; rows: EvalRow[]; total: EvalRow }

@customElement('admin-evaluation')
export class AdminEvaluation extends AdminSection {
  @property() from = '';
  @property() to = '';
  @state() private groupBy: Group = 'officer';
  @state() private result: Evaluation | null = null;

  static styles = [adminStyles, css`
    :host { display: block; margin-top: var(--luot-space-4); }
    .intro { color: var(--luot-text-muted); margin: 0 0 var(--luot-space-3); max-width: 100ch; }
    .range { font-weight: 700; color: var(--luot-primary-strong); align-self: center; }
    .controls { display: flex; flex-wrap: wrap; gap: var(--luot-space-3); align-items: flex-end; margin-bottom: var(--luot-space-3); }
    .exports { display: flex; gap: var(--luot-space-2); flex-wrap: wrap; }
    .scroll { overflow-x: auto; border-radius: var(--luot-radius); box-shadow: var(--luot-shadow); }
    td.label { min-width: 220px; }
    .detail { color: var(--luot-text-muted); font-size: var(--luot-size-s); }
  `];

  private query(extra: Record<string, string> = {}, path = '/api/reports/evaluation'): string {
    const p = new URLSearchParams({ from: this.from, to: this.to, lang: storedLang(), ...extra });
    // "Unit": every site the admin sees, side by side (a province's units).
    if (this.groupBy !== 'site' && this.session.siteId) p.set('siteId', this.session.siteId);
    return `${path}?${p}`;
  }

  private async show(e?: Event): Promise<void> {
    e?.preventDefault();
    await this.act(async () => { this.result = await this.session.api<Evaluation>('GET', this.query({ groupBy: this.groupBy })); });
  }

  private download(kind: 'xlsx' | 'csv-vi' | 'csv' | 'listing-xlsx' | 'listing-csv-vi'): Promise<boolean> {
    const fmt: Record<string, string> = kind.endsWith('xlsx') ? { format: 'xlsx' } : kind.endsWith('csv-vi') ? { format: 'csv', csv: 'vi' } : { format: 'csv' };
    const path = kind.startsWith('listing')
      ? this.query(fmt, '/api/reports/evaluation/dossiers')
      : this.query({ groupBy: this.groupBy, ...fmt });
    return this.act(() => this.session.downloadPath(path, `danh-gia.${fmt.format ?? 'csv'}`));
  }

  private row(r: EvalRow, total = false) {
    const l = this.lang;
    return html`<tr class=${total ? 'total' : ''} data-key=${total ? 'total' : r.key}>
      <td class="label">${r.label}${r.detail ? html`<div class="detail">${r.detail}</div>` : nothing}</td>
      <td>${r.agencyCodes.join(', ') || '—'}</td>
      <td class="num">${fmtInt(l, r.served)}</td><td class="num">${fmtInt(l, r.dossiers)}</td><td class="num">${fmtInt(l, r.rated)}</td>
      <td class="num">${fmtRate(l, r.ratedRate)}</td>
      <td class="num">${r.ratings.very_satisfied} / ${r.ratings.satisfied} / ${r.ratings.unsatisfied}</td>
      <td class="num"><b>${fmtRate(l, r.satisfactionRate)}</b></td>
    </tr>`;
  }

  render() {
    const l = this.lang;
    const r = this.result;
    return html`<section class="card" id="evaluation">
      <h3>${ot(l, 'evalTitle')}</h3>
      <p class="intro">${ot(l, 'evalIntro')}</p>
      <form class="controls" id="evaluation-form" @submit=${this.show}>
        <label class="field">${ot(l, 'evalBy')}
          <select name="evalGroupBy" id="eval-group" @change=${(e: Event) => { this.groupBy = (e.target as HTMLSelectElement).value as Group; }}>
            ${GROUPS.map((g) => html`<option value=${g} ?selected=${g === this.groupBy}>${ot(l, `evalGroup_${g}` as OnestopKey)}</option>`)}
          </select></label>
        <span class="range">${t(l, 'admin.range', { from: viDate(this.from), to: viDate(this.to) })}</span>
        <button class="primary" type="submit" id="show-evaluation" ?disabled=${this.busy}>${ot(l, 'evalShow')}</button>
        <span class="exports">
          <button type="button" id="eval-xlsx" @click=${() => this.download('xlsx')} ?disabled=${this.busy}>⬇ ${t(l, 'admin.exportXlsx')}</button>
          <button type="button" id="eval-csv-vi" @click=${() => this.download('csv-vi')} ?disabled=${this.busy} title=${t(l, 'admin.exportCsvViHint')}>⬇ ${t(l, 'admin.exportCsvVi')}</button>
          <button type="button" id="eval-listing-xlsx" @click=${() => this.download('listing-xlsx')} ?disabled=${this.busy}>⬇ ${ot(l, 'exportListing')}</button>
          <button type="button" id="eval-listing-csv" @click=${() => this.download('listing-csv-vi')} ?disabled=${this.busy}>⬇ ${ot(l, 'exportListingCsv')}</button>
        </span>
      </form>
      ${this.renderMessage()}
      ${r ? html`<div class="scroll"><table id="evaluation-table">
        <thead><tr><th>${ot(l, `evalGroup_${r.groupBy}` as OnestopKey)}</th><th>${ot(l, 'colAgency')}</th>
          <th class="num">${ot(l, 'colServed')}</th><th class="num">${ot(l, 'colDossiers')}</th><th class="num">${ot(l, 'colRated')}</th>
          <th class="num">${ot(l, 'colRatedRate')}</th><th class="num">${ot(l, 'colLevels')}</th><th class="num">${ot(l, 'colSatisfaction')}</th></tr></thead>
        <tbody>
          ${r.rows.length === 0 ? html`<tr><td colspan="8" class="empty">${ot(l, 'evalNoData')}</td></tr>` : r.rows.map((x) => this.row(x))}
          ${this.row(r.total, true)}
        </tbody></table></div>` : nothing}
    </section>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-evaluation': AdminEvaluation } }
