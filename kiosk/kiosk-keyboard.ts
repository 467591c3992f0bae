// An on-screen keyboard of plain letters and digits for a touch kiosk (there is no physical
// keyboard). The search ignores accents, so "dang ky khai sinh" finds "Đăng ký khai sinh": no
// telex or accent keys are needed. Fires `key` {key} with a letter, a digit, " ", "Backspace" or "Clear".
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';

const ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

@customElement('kiosk-keyboard')
export class KioskKeyboard extends LitElement {
  @property() lang: Lang = 'vi';

  static styles = css`
    :host { display: grid; gap: var(--luot-space-2); user-select: none; -webkit-user-select: none; }
    .row { display: flex; gap: var(--luot-space-2); justify-content: center; }
    button { flex: 1; max-width: 104px; min-height: 84px; border-radius: var(--luot-radius); border: 3px solid var(--luot-primary);
      background: var(--luot-surface); color: var(--luot-text); font: inherit; font-size: var(--luot-size-2xl); font-weight: 800;
      cursor: pointer; box-shadow: var(--luot-shadow); touch-action: manipulation; }
    button:active { transform: scale(0.96); background: var(--luot-primary-soft); }
    button.fn { max-width: none; font-size: var(--luot-size-xl); border-color: var(--luot-text-muted); }
    button.space { flex: 5; max-width: none; }
    .row.digits button { min-height: 68px; font-size: var(--luot-size-xl); border-width: 2px; }
  `;

  private press(key: string) {
    this.dispatchEvent(new CustomEvent('key', { detail: { key }, bubbles: true, composed: true }));
  }

  render() {
    const l = this.lang;
    const k = (c: string) => html`<button type="button" data-key=${c} @click=${() => this.press(c)}>${c}</button>`;
    return html`
      ${ROWS.map((r, i) => html`<div class="row ${i === 0 ? 'digits' : ''}">${[...r].map(k)}${i === 3
        ? html`<button type="button" class="fn" data-key="Backspace" @click=${() => this.press('Backspace')}>⌫ ${t(l, 'kiosk.keyBackspace')}</button>` : ''}</div>`)}
      <div class="row">
        <button type="button" class="fn" data-key="Clear" @click=${() => this.press('Clear')}>${t(l, 'kiosk.keyClear')}</button>
        <button type="button" class="fn space" data-key="Space" @click=${() => this.press(' ')}>${t(l, 'kiosk.keySpace')}</button>
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-keyboard': KioskKeyboard } }
