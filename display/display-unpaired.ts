// The lobby TV without a device token: what it is and how an administrator pairs it (no link).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';

@customElement('display-unpaired')
export class DisplayUnpaired extends LitElement {
  @property() lang: Lang = 'vi';
  @property({ type: Boolean }) revoked = false;
  @property() errorCode = '';
  @property() errorMessage = '';

  static styles = css`
    :host { display: grid; place-items: center; height: 100vh; padding: 80px; box-sizing: border-box;
      background: var(--luot-display-bg); color: var(--luot-display-text); }
    .box { max-width: 1400px; border-left: 16px solid var(--luot-gold); padding-left: 48px; }
    h1 { font-size: 72px; line-height: 1.1; margin: 0 0 32px; }
    p { font-size: 40px; line-height: 1.4; margin: 0 0 24px; }
    code { display: inline-block; font-family: var(--luot-font-mono); font-size: 44px; color: var(--luot-gold); }
    .err { color: var(--luot-gold); font-weight: 700; }
  `;

  render() {
    const lang = this.lang;
    const key = `errors.${this.errorCode}` as StringKey;
    const message = this.errorCode && t(lang, key) !== key ? t(lang, key) : this.errorMessage || this.errorCode;
    return html`<div class="box" role="alert">
      <h1>${t(lang, this.revoked ? 'display.revokedTitle' : 'display.unpairedTitle')}</h1>
      ${this.errorCode ? html`<p class="err">${t(lang, 'display.pairFailed', { message })}</p>` : nothing}
      <p>${t(lang, 'display.unpairedHowTo')}</p>
      <code>${location.origin}/display?pair=${t(lang, 'display.pairCodePlaceholder')}</code>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'display-unpaired': DisplayUnpaired } }
