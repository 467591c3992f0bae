// "Tra cứu thủ tục": search the site's procedures with the on-screen keyboard, or browse them by
// field; results are big touch targets. Fires `procedure-select` {code} and `back`. The query is
// kept by the parent (kiosk-app) and the results come from its data layer.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Procedure, ProcedureField } from '../common/procedures.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import './kiosk-keyboard.js';

@customElement('kiosk-procedure-search')
export class KioskProcedureSearch extends LitElement {
  @property() lang: Lang = 'vi';
  @property() query = '';
  @property() field = '';
  @property({ attribute: false }) fields: ProcedureField[] = [];
  @property({ attribute: false }) results: Procedure[] = [];
  @property({ type: Boolean }) loading = false;

  static styles = css`
    :host { display: flex; flex-direction: column; gap: var(--luot-space-3); min-height: 0; }
    h1 { margin: 0; font-size: calc(var(--luot-size-3xl) * 0.8); line-height: 1.1; color: var(--luot-primary-strong); }
    .hint { font-size: var(--luot-size-xl); color: var(--luot-text-muted); margin-top: calc(var(--luot-space-2) * -1); }
    .top { display: flex; gap: var(--luot-space-3); align-items: stretch; }
    .query { flex: 1; min-height: 88px; display: flex; align-items: center; padding: 0 var(--luot-space-4); border-radius: var(--luot-radius);
      border: 3px solid var(--luot-primary); background: var(--luot-surface); font-size: var(--luot-size-2xl); font-weight: 700; overflow: hidden; white-space: nowrap; }
    .query .ph { color: var(--luot-text-muted); font-weight: 400; }
    .query .caret { display: inline-block; width: 4px; height: 1.1em; background: var(--luot-primary); margin-left: 2px; vertical-align: middle; }
    .back { min-width: 200px; border-radius: var(--luot-radius); border: 3px solid var(--luot-text-muted); background: var(--luot-surface);
      font: inherit; font-size: var(--luot-size-xl); font-weight: 800; cursor: pointer; }
    .fields { display: flex; gap: var(--luot-space-2); overflow-x: auto; padding-bottom: 4px; flex: none; }
    .fields button { flex: none; min-height: 64px; padding: 0 var(--luot-space-4); border-radius: 999px; border: 3px solid var(--luot-primary);
      background: var(--luot-surface); color: var(--luot-primary-strong); font: inherit; font-size: var(--luot-size-l); font-weight: 700; cursor: pointer; }
    .fields button[aria-pressed='true'] { background: var(--luot-primary); color: var(--luot-surface); }
    .results { flex: 1; min-height: 0; overflow-y: auto; display: grid; gap: var(--luot-space-2); align-content: start; }
    .results button { text-align: left; min-height: 96px; padding: var(--luot-space-3) var(--luot-space-4); border-radius: var(--luot-radius);
      border: 3px solid var(--luot-border); border-left: 12px solid var(--luot-primary); background: var(--luot-surface); color: var(--luot-text);
      font: inherit; cursor: pointer; box-shadow: var(--luot-shadow); display: grid; gap: 4px; }
    .results button:active { background: var(--luot-primary-soft); }
    .name { font-size: var(--luot-size-2xl); font-weight: 800; line-height: 1.2; }
    .meta { font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    .empty { font-size: var(--luot-size-xl); color: var(--luot-text-muted); padding: var(--luot-space-4); text-align: center; }
    .count { font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    kiosk-keyboard { flex: none; }
  `;

  private emit(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  render() {
    const l = this.lang;
    return html`
      <h1>${t(l, 'kiosk.proceduresTitle')}</h1>
      <div class="hint">${t(l, 'kiosk.proceduresHint')}</div>
      <div class="top">
        <div class="query" data-query role="searchbox" aria-label=${t(l, 'kiosk.proceduresTitle')}>${this.query
          ? html`<span>${this.query}</span>` : html`<span class="ph">${t(l, 'kiosk.searchPlaceholder')}</span>`}<span class="caret"></span></div>
        <button type="button" class="back" @click=${() => this.emit('back')}>${t(l, 'kiosk.back')}</button>
      </div>
      ${this.fields.length > 1 ? html`<div class="fields">
        <button type="button" aria-pressed=${String(!this.field)} data-field="" @click=${() => this.emit('field-select', { field: '' })}>${t(l, 'kiosk.allFields')}</button>
        ${this.fields.map((f) => html`<button type="button" aria-pressed=${String(this.field === f.code)} data-field=${f.code}
          @click=${() => this.emit('field-select', { field: f.code })}>${f.name}</button>`)}
      </div>` : nothing}
      <div class="count">${t(l, 'kiosk.proceduresCount', { n: this.results.length })}</div>
      <div class="results">
        ${this.results.length === 0 && !this.loading ? html`<div class="empty">${t(l, 'kiosk.noProcedures')}</div>` : nothing}
        ${this.results.map((p) => html`<button type="button" data-procedure=${p.code} @click=${() => this.emit('procedure-select', { code: p.code })}>
          <span class="name">${p.name}</span>
          <span class="meta">${p.field.name}${p.processingTime ? html` · ${p.processingTime}` : nothing}</span>
        </button>`)}
      </div>
      <kiosk-keyboard .lang=${l}></kiosk-keyboard>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-procedure-search': KioskProcedureSearch } }
