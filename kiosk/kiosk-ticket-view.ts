// The ticket the hub just issued (only ever a ticket from a 201 answer): the number huge, the
// service, people ahead, the estimated wait and a QR code to the ticket page. When printing
// failed it asks the citizen to remember the number. Fires `done` when the citizen touches "Xong".
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang, Service, Ticket } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import '../common/ui/luot-qr.js';

@customElement('kiosk-ticket-view')
export class KioskTicketView extends LitElement {
  @property({ attribute: false }) ticket!: Ticket;
  @property({ attribute: false }) service: Service | null = null;
  @property() lang: Lang = 'vi';
  @property() agency = '';
  @property({ type: Number }) secondsLeft = 0;
  @property({ type: Boolean, attribute: 'print-failed', reflect: true }) printFailed = false;
  /** Address of the public ticket page, e.g. http://hub:3000/t/<id>. */
  @property() ticketUrl = '';

  static styles = css`
    :host { display: flex; flex-direction: column; align-items: center; justify-content: center; height: 100%; min-height: 0; }
    .card {
      width: min(100%, 960px); background: var(--luot-surface); border-radius: calc(var(--luot-radius) * 2);
      box-shadow: var(--luot-shadow), 0 8px 40px color-mix(in srgb, var(--luot-primary-strong) 18%, transparent); padding: var(--luot-space-5);
      display: grid; gap: var(--luot-space-4); text-align: center; max-height: 100%; overflow: hidden;
      border-top: 16px solid var(--luot-primary);
    }
    .main, .side { display: grid; gap: var(--luot-space-4); justify-items: center; align-content: center; }
    :host([print-failed]) .card { border-top-color: var(--luot-warn); }
    .agency { font-size: var(--luot-size-xl); color: var(--luot-text-muted); font-weight: 600; }
    .title { font-size: var(--luot-size-2xl); font-weight: 800; letter-spacing: 0.06em; color: var(--luot-primary-strong); }
    .warn { background: var(--luot-warn-soft); color: var(--luot-warn); border: 3px solid var(--luot-warn);
      border-radius: var(--luot-radius); padding: var(--luot-space-3) var(--luot-space-4); }
    .warn b { display: block; font-size: var(--luot-size-3xl); line-height: 1.1; }
    .warn span { font-size: var(--luot-size-xl); }
    .label { font-size: var(--luot-size-xl); color: var(--luot-text-muted); margin-bottom: -12px; }
    .number { font-size: clamp(160px, 24vmin, 300px); font-weight: 800; line-height: 0.95; color: var(--luot-accent);
      letter-spacing: 0.02em; font-variant-numeric: tabular-nums; }
    :host([print-failed]) .number { font-size: clamp(200px, 30vmin, 360px); }
    .service { font-size: var(--luot-size-2xl); font-weight: 700; line-height: 1.2; }
    .priority { display: inline-block; background: var(--luot-priority); color: var(--luot-surface); font-size: var(--luot-size-xl);
      font-weight: 700; border-radius: 999px; padding: 6px 24px; }
    .facts { display: grid; gap: var(--luot-space-2); font-size: var(--luot-size-2xl); }
    .facts b { color: var(--luot-primary-strong); }
    .qr { display: flex; align-items: center; gap: var(--luot-space-4); text-align: left; }
    luot-qr { width: 240px; border: 1px solid var(--luot-border); }
    :host([print-failed]) luot-qr { width: 340px; }
    .qr span { font-size: var(--luot-size-xl); max-width: 340px; color: var(--luot-text-muted); }
    .keep { font-size: var(--luot-size-xl); font-weight: 600; }
    .foot { display: flex; align-items: center; gap: var(--luot-space-4); margin-top: var(--luot-space-4); }
    .foot span { font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    button { min-height: calc(var(--luot-touch-min) * 1.25); min-width: 280px; border-radius: var(--luot-radius);
      border: none; background: var(--luot-primary); color: var(--luot-surface); font: inherit; font-size: var(--luot-size-2xl);
      font-weight: 800; cursor: pointer; box-shadow: var(--luot-shadow); }
    button:active { transform: scale(0.98); }
    @media (orientation: landscape) {
      .card { width: min(100%, 1600px); grid-template-columns: 1.2fr 1fr; align-items: center; column-gap: var(--luot-space-5);
        padding: var(--luot-space-4) var(--luot-space-5); }
      .main, .side { gap: var(--luot-space-3); }
      .side { border-left: 2px solid var(--luot-border); padding-left: var(--luot-space-5); }
      .qr { flex-direction: column; text-align: center; gap: var(--luot-space-2); }
      .qr span { max-width: 420px; }
      .number { font-size: clamp(160px, 24vmin, 260px); }
      .facts { font-size: var(--luot-size-xl); }
      .foot { margin-top: 0; }
    }
  `;

  render() {
    const lang = this.lang;
    const tk = this.ticket;
    const s = this.service;
    const name = s ? ((lang === 'en' ? s.name.en : undefined) ?? s.name.vi) : '';
    const minutes = Math.ceil((tk.estimatedWaitSeconds ?? 0) / 60);
    return html`<div class="card" role="status" aria-live="polite">
      <div class="main">
        ${this.agency ? html`<div class="agency">${this.agency}</div>` : nothing}
        ${this.printFailed
          ? html`<div class="warn"><b>${t(lang, 'kiosk.printFailed')}</b><span>${t(lang, 'kiosk.printFailedDetail')}</span></div>`
          : html`<div class="title">${t(lang, 'kiosk.ticketTitle')}</div>`}
        <div class="label">${t(lang, 'kiosk.yourNumber')}</div>
        <div class="number" data-ticket-number>${tk.number}</div>
        <div class="service">${s ? html`${s.code} · ${name}` : nothing}</div>
        ${tk.priority ? html`<div class="priority">${t(lang, 'kiosk.priorityTicket', { kind: t(lang, `common.priority_${tk.priority}` as StringKey) })}</div>` : nothing}
      </div>
      <div class="side">
        <div class="facts">
          <div>${t(lang, 'kiosk.peopleAhead', { n: '' })}<b>${tk.waitingAhead}</b></div>
          <div>${tk.waitingAhead > 0 && minutes > 0 ? t(lang, 'kiosk.estimatedWait', { n: minutes }) : t(lang, 'kiosk.estimatedWaitSoon')}</div>
        </div>
        ${this.ticketUrl ? html`<div class="qr"><luot-qr .text=${this.ticketUrl} .label=${t(lang, 'kiosk.scanQr')}></luot-qr>
          <span>${t(lang, 'kiosk.scanQr')}</span></div>` : nothing}
        ${this.printFailed ? nothing : html`<div class="keep">${t(lang, 'kiosk.keepTicket')}</div>`}
        <div class="foot">
          <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('done', { bubbles: true, composed: true }))}>${t(lang, 'kiosk.done')}</button>
          ${this.secondsLeft > 0 ? html`<span>${t(lang, 'kiosk.backIn', { n: this.secondsLeft })}</span>` : nothing}
        </div>
      </div>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-ticket-view': KioskTicketView } }
