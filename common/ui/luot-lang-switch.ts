// A button that switches between Vietnamese and English; shows the language it switches to,
// in that language ("English" / "Tiếng Việt"). Fires `lang-change` {detail:{lang}}; the app stores it.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../types.js';
import { t } from '../i18n/index.js';

export type LangChangeEvent = CustomEvent<{ lang: Lang }>;

@customElement('luot-lang-switch')
export class LuotLangSwitch extends LitElement {
  @property() lang: Lang = 'vi';

  static styles = css`
    :host { display: inline-block; }
    button {
      min-height: var(--luot-touch-min); min-width: calc(var(--luot-touch-min) * 2.2);
      padding: 0 var(--luot-space-4); border-radius: var(--luot-radius);
      border: 2px solid currentColor; background: transparent; color: inherit;
      font: inherit; font-size: var(--luot-size-l); font-weight: 700; cursor: pointer;
      display: inline-flex; align-items: center; gap: var(--luot-space-2);
    }
    button:active { transform: scale(0.97); }
    svg { width: 1.2em; height: 1.2em; }
  `;

  render() {
    const other: Lang = this.lang === 'vi' ? 'en' : 'vi';
    return html`<button type="button" lang=${other} @click=${() => this.dispatchEvent(
      new CustomEvent('lang-change', { detail: { lang: other }, bubbles: true, composed: true }))}>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.9 6h-2.9a15.7 15.7 0 0 0-1.4-3.6A8 8 0 0 1 18.9 8zM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.4 1.1-2.8 1.9-4zM4.3 14a8.2 8.2 0 0 1 0-4h3.4a16.5 16.5 0 0 0 0 4H4.3zm.8 2H8c.3 1.3.8 2.5 1.4 3.6A8 8 0 0 1 5.1 16zM8 8H5.1a8 8 0 0 1 4.3-3.6C8.8 5.5 8.4 6.7 8 8zm4 12c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.4-1.1 2.8-1.9 4zm2.3-6H9.7a14.7 14.7 0 0 1 0-4h4.6a14.7 14.7 0 0 1 0 4zm.3 5.6c.6-1.1 1.1-2.3 1.4-3.6h2.9a8 8 0 0 1-4.3 3.6zm1.7-5.6a16.5 16.5 0 0 0 0-4h3.4a8.2 8.2 0 0 1 0 4h-3.4z"/></svg>
      ${t(this.lang, 'common.switchLang')}</button>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'luot-lang-switch': LuotLangSwitch } }
