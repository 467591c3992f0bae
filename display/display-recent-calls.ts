// The last calls, newest first: number → counter. The newest is marked as on the large panel.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import type { Call } from './display-state.js';

@customElement('display-recent-calls')
export class DisplayRecentCalls extends LitElement {
  @property({ attribute: false }) calls: Call[] = [];
  @property({ type: Number }) max = 6;
  @property() lang: Lang = 'vi';

  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    h2 { margin: 0 0 12px; font-size: 36px; font-weight: 800; letter-spacing: 0.03em; display: flex; align-items: baseline; gap: 16px; line-height: 1.15; }
    h2 small { font-size: var(--luot-size-xl); font-weight: 400; opacity: 0.75; }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
    li { display: grid; grid-template-columns: 1fr auto auto; align-items: center; gap: 20px; padding: 6px 20px;
      border-radius: var(--luot-radius-s); background: color-mix(in srgb, var(--luot-display-text) 7%, transparent); }
    li:first-child { background: color-mix(in srgb, var(--luot-gold) 18%, transparent); box-shadow: inset 6px 0 0 var(--luot-gold); }
    .num { font-size: 64px; font-weight: 800; font-variant-numeric: tabular-nums; line-height: 1.1; }
    li:first-child .num { color: var(--luot-gold); }
    svg { width: 44px; height: 44px; opacity: 0.7; }
    .ctr { font-size: 48px; font-weight: 700; white-space: nowrap; }
    .empty { font-size: 32px; opacity: 0.7; }
  `;

  render() {
    const other: Lang = this.lang === 'vi' ? 'en' : 'vi';
    const calls = this.calls.slice(0, this.max);
    return html`<h2>${t(this.lang, 'display.recentCalls')}<small lang=${other}>${t(other, 'display.recentCalls')}</small></h2>
      ${calls.length === 0 ? html`<div class="empty">${t(this.lang, 'display.noCalls')}</div>` : html`<ol>
        ${calls.map((c) => html`<li data-recent=${c.ticket.number}>
          <span class="num">${c.ticket.number}</span>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 11h12.2l-5.6-5.6L12 4l8 8-8 8-1.4-1.4 5.6-5.6H4z"/></svg>
          <span class="ctr">${t(this.lang, 'display.counterLabel', { number: c.counter.number })}</span>
        </li>`)}
      </ol>`}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'display-recent-calls': DisplayRecentCalls } }
