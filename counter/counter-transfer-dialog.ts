// Choose the service a ticket is sent to. One touch (or the service's letter key) transfers.
// Emits `confirm` {serviceId} and `cancel`.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang, Service, Ticket } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { baseStyles, dialogStyles } from './counter-styles.js';

@customElement('counter-transfer-dialog')
export class CounterTransferDialog extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ attribute: false }) ticket: Ticket | null = null;
  @property({ attribute: false }) services: Service[] = [];
  @property({ attribute: false }) waiting: { serviceId: string; count: number }[] = [];

  static styles = [baseStyles, dialogStyles, css`
    .grid { display: grid; grid-template-columns: repeat(2, 1fr); gap: var(--luot-space-2); }
    .svc { display: grid; grid-template-columns: 52px 1fr auto; align-items: center; gap: var(--luot-space-2); text-align: left; min-height: 64px; }
    .code { font-size: var(--luot-size-xl); font-weight: 800; color: var(--luot-primary-strong); }
    .name { font-weight: 600; }
    .count { color: var(--luot-text-muted); font-size: var(--luot-size-s); }
  `];

  private get choices(): Service[] {
    return this.services.filter((s) => s.active && s.id !== this.ticket?.serviceId).sort((a, b) => a.code.localeCompare(b.code));
  }

  connectedCallback(): void { super.connectedCallback(); window.addEventListener('keydown', this.onKey); }
  disconnectedCallback(): void { window.removeEventListener('keydown', this.onKey); super.disconnectedCallback(); }
  firstUpdated(): void { this.renderRoot.querySelector<HTMLButtonElement>('.svc')?.focus(); }

  private onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1) return;
    const s = this.choices.find((c) => c.code.toUpperCase() === e.key.toUpperCase());
    if (s) { e.preventDefault(); this.emit('confirm', { serviceId: s.id }); }
  };

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  render() {
    const l = this.locale;
    return html`<div class="backdrop" @click=${(e: Event) => { if (e.target === e.currentTarget) this.emit('cancel'); }}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="h">
        <h2 id="h">${t(l, 'counter.transferTitle', { number: this.ticket?.number ?? '' })}</h2>
        <p class="hint">${t(l, 'counter.transferHint')}</p>
        <div class="grid">
          ${this.choices.map((s) => html`<button class="svc" data-service=${s.code} @click=${() => this.emit('confirm', { serviceId: s.id })}>
            <span class="code">${s.code}</span>
            <span class="name">${s.name[l] ?? s.name.vi}</span>
            <span class="count">${t(l, 'counter.waitingCount', { n: this.waiting.find((w) => w.serviceId === s.id)?.count ?? 0 })}</span>
          </button>`)}
        </div>
        <div class="row"><button @click=${() => this.emit('cancel')}>${t(l, 'counter.cancel')} <kbd>Esc</kbd></button></div>
      </div>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-transfer-dialog': CounterTransferDialog } }
