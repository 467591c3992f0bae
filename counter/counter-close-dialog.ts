// Confirm closing the counter. Emits `confirm` and `cancel`.
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { baseStyles, dialogStyles } from './counter-styles.js';

@customElement('counter-close-dialog')
export class CounterCloseDialog extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ type: Number }) number = 0;

  static styles = [baseStyles, dialogStyles];

  firstUpdated(): void { this.renderRoot.querySelector<HTMLButtonElement>('#close-cancel')?.focus(); }

  private emit(name: string): void { this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true })); }

  render() {
    const l = this.locale;
    return html`<div class="backdrop" @click=${(e: Event) => { if (e.target === e.currentTarget) this.emit('cancel'); }}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="h">
        <h2 id="h">${t(l, 'counter.closeTitle', { number: this.number })}</h2>
        <p class="hint">${t(l, 'counter.closeHint')}</p>
        <div class="row">
          <button id="close-cancel" @click=${() => this.emit('cancel')}>${t(l, 'counter.cancel')} <kbd>Esc</kbd></button>
          <button class="danger" id="close-confirm" @click=${() => this.emit('confirm')}>${t(l, 'counter.closeConfirm')}</button>
        </div>
      </div>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-close-dialog': CounterCloseDialog } }
