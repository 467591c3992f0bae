// One procedure at the kiosk: the documents to bring (originals and copies), the fee, the
// processing time, a QR code to its page on the public portal, and a big button that takes a
// ticket for its service. Fires `take-ticket` {code} and `back`.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Procedure } from '../common/procedures.js';
import type { Lang, Service } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import '../common/ui/luot-qr.js';

export function feeText(lang: Lang, fee: Procedure['fee']): string {
  const amount = fee.amount === null ? '' : fee.amount === 0 ? t(lang, 'kiosk.feeFree') : t(lang, 'kiosk.feeAmount', { amount: fee.amount.toLocaleString('vi-VN') });
  return [amount, fee.text].filter(Boolean).join(' — ') || '—';
}

@customElement('kiosk-procedure-page')
export class KioskProcedurePage extends LitElement {
  @property() lang: Lang = 'vi';
  @property({ attribute: false }) procedure!: Procedure;
  @property({ attribute: false }) service: Service | null = null;
  /** False when the service does not issue now (hours, cap) or the kiosk is offline. */
  @property({ type: Boolean }) canIssue = true;

  static styles = css`
    :host { display: flex; flex-direction: column; gap: var(--luot-space-3); min-height: 0; }
    .card { flex: 1; min-height: 0; overflow-y: auto; background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow);
      border-top: 12px solid var(--luot-primary); padding: var(--luot-space-4) var(--luot-space-5); display: grid; gap: var(--luot-space-3); align-content: start; }
    h2 { margin: 0; font-size: var(--luot-size-3xl); line-height: 1.15; color: var(--luot-primary-strong); }
    .sub { font-size: var(--luot-size-l); color: var(--luot-text-muted); display: flex; gap: var(--luot-space-4); flex-wrap: wrap; }
    h3 { margin: var(--luot-space-2) 0 0; font-size: var(--luot-size-xl); }
    table { border-collapse: collapse; width: 100%; font-size: var(--luot-size-xl); }
    th, td { border-bottom: 2px solid var(--luot-border); padding: 10px 8px; text-align: left; vertical-align: top; }
    th { font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    td.n, th.n { text-align: center; width: 130px; font-weight: 800; font-variant-numeric: tabular-nums; }
    .facts { display: grid; grid-template-columns: 1fr auto; gap: var(--luot-space-4); align-items: center; }
    .fact { font-size: var(--luot-size-xl); display: grid; gap: 4px; }
    .fact b { font-size: var(--luot-size-l); color: var(--luot-text-muted); font-weight: 700; }
    .qr { display: grid; justify-items: center; gap: 6px; text-align: center; max-width: 300px; font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    luot-qr { width: 260px; border: 1px solid var(--luot-border); }
    .foot { flex: none; display: flex; gap: var(--luot-space-3); }
    .back { min-width: 220px; min-height: calc(var(--luot-touch-min) * 1.4); border-radius: var(--luot-radius); border: 3px solid var(--luot-text-muted);
      background: var(--luot-surface); font: inherit; font-size: var(--luot-size-2xl); font-weight: 800; cursor: pointer; }
    .take { flex: 1; min-height: calc(var(--luot-touch-min) * 1.4); border: none; border-radius: var(--luot-radius); background: var(--luot-primary);
      color: var(--luot-surface); font: inherit; font-size: var(--luot-size-2xl); font-weight: 800; cursor: pointer; box-shadow: var(--luot-shadow); display: grid; }
    .take small { font-size: var(--luot-size-l); font-weight: 600; opacity: 0.9; }
    .take:disabled { background: var(--luot-text-muted); cursor: default; }
    .unmapped { flex: 1; display: grid; place-items: center; font-size: var(--luot-size-xl); background: var(--luot-warn-soft); color: var(--luot-warn);
      border: 3px solid var(--luot-warn); border-radius: var(--luot-radius); padding: var(--luot-space-2) var(--luot-space-3); text-align: center; }
  `;

  private emit(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  render() {
    const l = this.lang;
    const p = this.procedure;
    const s = this.service;
    return html`
      <div class="card">
        <h2 data-procedure-name>${p.name}</h2>
        <div class="sub"><span>${t(l, 'kiosk.procedureField', { name: p.field.name })}</span><span>${t(l, 'kiosk.procedureCode', { code: p.code })}</span></div>
        <h3>${t(l, 'kiosk.documentsToBring')}</h3>
        ${p.documents.length ? html`<table data-documents>
          <thead><tr><th></th><th class="n">${t(l, 'kiosk.originals')}</th><th class="n">${t(l, 'kiosk.copies')}</th></tr></thead>
          <tbody>${p.documents.map((d) => html`<tr><td>${d.name}</td><td class="n">${d.originals}</td><td class="n">${d.copies}</td></tr>`)}</tbody>
        </table>` : html`<div class="fact">${t(l, 'kiosk.noDocuments')}</div>`}
        <div class="facts">
          <div style="display:grid;gap:var(--luot-space-3)">
            <div class="fact" data-fee><b>${t(l, 'kiosk.fee')}</b>${feeText(l, p.fee)}</div>
            <div class="fact" data-time><b>${t(l, 'kiosk.processingTime')}</b>${p.processingTime || '—'}</div>
          </div>
          ${p.url ? html`<div class="qr"><luot-qr .text=${p.url} .label=${t(l, 'kiosk.portalQr')}></luot-qr><span>${t(l, 'kiosk.portalQr')}</span></div>` : nothing}
        </div>
      </div>
      <div class="foot">
        <button type="button" class="back" @click=${() => this.emit('back')}>${t(l, 'kiosk.back')}</button>
        ${s ? html`<button type="button" class="take" data-take-ticket ?disabled=${!this.canIssue} @click=${() => this.emit('take-ticket', { code: p.code })}>
          ${t(l, 'kiosk.takeTicketFor')}<small>${t(l, 'kiosk.takeTicketService', { code: s.code, name: (l === 'en' ? s.name.en : undefined) ?? s.name.vi })}</small></button>`
          : html`<div class="unmapped">${t(l, 'kiosk.procedureNotMapped')}</div>`}
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-procedure-page': KioskProcedurePage } }
