// A bar that tells plainly that the hub is unreachable; renders nothing while online.
// <luot-connection-banner .connection=${client.connection} .lang=${lang} .message=${optional}>
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Connection } from '../client.js';
import type { Lang } from '../types.js';
import { t } from '../i18n/index.js';

@customElement('luot-connection-banner')
export class LuotConnectionBanner extends LitElement {
  @property() connection: Connection = 'connecting';
  @property() lang: Lang = 'vi';
  /** Text instead of the common "lost connection" sentence. */
  @property() message = '';
  /** Second line, e.g. what the citizen should do meanwhile. */
  @property() detail = '';

  static styles = css`
    :host { display: block; }
    .bar {
      display: flex; align-items: center; gap: var(--luot-space-3);
      background: var(--luot-danger); color: var(--luot-surface); padding: var(--luot-space-3) var(--luot-space-4);
      font-size: var(--luot-banner-size, var(--luot-size-xl)); font-weight: 700; line-height: 1.25;
    }
    .icon { flex: none; width: 1.6em; height: 1.6em; }
    .detail { display: block; font-weight: 400; font-size: 0.8em; opacity: 0.95; margin-top: 2px; }
  `;

  render() {
    if (this.connection !== 'offline') return nothing;
    return html`<div class="bar" role="alert" aria-live="assertive">
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor"
        d="M12 2 1 21h22L12 2zm0 4.2L19.5 19h-15L12 6.2zM11 10v5h2v-5h-2zm0 6v2h2v-2h-2z"/></svg>
      <span>${this.message || t(this.lang, 'common.offline')}
        ${this.detail ? html`<span class="detail">${this.detail}</span>` : nothing}</span>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'luot-connection-banner': LuotConnectionBanner } }
