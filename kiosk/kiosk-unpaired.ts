// Shown when the kiosk has no device token: it cannot issue, and says how an administrator pairs it.
// No link: the address is shown as text, to be typed by the administrator.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';

@customElement('kiosk-unpaired')
export class KioskUnpaired extends LitElement {
  @property() lang: Lang = 'vi';
  @property({ type: Boolean }) revoked = false;
  /** Error code of a pairing attempt that failed, e.g. "pairing_code_invalid". */
  @property() errorCode = '';
  @property() errorMessage = '';

  static styles = css`
    :host { display: grid; place-items: center; height: 100%; padding: var(--luot-space-5); }
    .box { max-width: 900px; background: var(--luot-surface); border-radius: calc(var(--luot-radius) * 2);
      box-shadow: var(--luot-shadow); padding: var(--luot-space-5); border-left: 16px solid var(--luot-warn); }
    svg { width: 96px; height: 96px; color: var(--luot-warn); }
    h1 { font-size: var(--luot-size-3xl); line-height: 1.15; margin: var(--luot-space-3) 0; color: var(--luot-text); }
    p { font-size: var(--luot-size-xl); line-height: 1.45; margin: var(--luot-space-3) 0; }
    code { display: block; font-family: var(--luot-font-mono); font-size: var(--luot-size-xl); background: var(--luot-primary-soft);
      color: var(--luot-primary-strong); padding: var(--luot-space-3); border-radius: var(--luot-radius-s); word-break: break-all; }
    .err { color: var(--luot-danger); font-weight: 700; }
  `;

  render() {
    const lang = this.lang;
    const known = this.errorCode && `errors.${this.errorCode}`;
    const message = known && t(lang, known as StringKey) !== known ? t(lang, known as StringKey) : this.errorMessage || this.errorCode;
    return html`<div class="box" role="alert">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M17 7h-4v2h4a3 3 0 0 1 0 6h-4v2h4a5 5 0 0 0 0-10zm-6 8H7a3 3 0 0 1 0-6h4V7H7a5 5 0 0 0 0 10h4v-2zm-3-4h8v2H8z"/></svg>
      <h1>${t(lang, this.revoked ? 'kiosk.revokedTitle' : 'kiosk.unpairedTitle')}</h1>
      <p>${t(lang, 'kiosk.unpairedBody')}</p>
      ${this.errorCode ? html`<p class="err">${t(lang, 'kiosk.pairFailed', { message })}</p>` : nothing}
      <p>${t(lang, 'kiosk.unpairedHowTo')}</p>
      <code>${location.origin}/kiosk?pair=${t(lang, 'kiosk.pairCodePlaceholder')}</code>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-unpaired': KioskUnpaired } }
