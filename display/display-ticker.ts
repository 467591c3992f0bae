// The admin's ticker text scrolling along the bottom at a steady, readable speed.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';

/** Pixels per second: slow enough to read from the back of the hall. */
export const TICKER_SPEED = 110;

@customElement('display-ticker')
export class DisplayTicker extends LitElement {
  @property() text = '';
  @query('.text') private textEl?: HTMLElement;

  static styles = css`
    :host { display: block; overflow: hidden; white-space: nowrap; position: relative; }
    .text { display: inline-block; padding-left: 100%; font-size: var(--luot-ticker-size, 40px); font-weight: 600;
      line-height: var(--luot-ticker-height, 80px); animation: scroll var(--duration, 30s) linear infinite; will-change: transform; }
    @keyframes scroll { from { transform: translateX(0); } to { transform: translateX(-100%); } }
    @media (prefers-reduced-motion: reduce) { .text { animation: none; padding-left: 24px; } }
  `;

  protected updated(changed: PropertyValues<this>) {
    if (changed.has('text') && this.textEl) {
      // The span's width includes the 100% left padding (the host's width): the whole run at a fixed speed.
      const width = this.textEl.scrollWidth;
      this.textEl.style.setProperty('--duration', `${Math.max(8, width / TICKER_SPEED).toFixed(1)}s`);
    }
  }

  render() {
    if (!this.text.trim()) return nothing;
    return html`<span class="text">${this.text}</span>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'display-ticker': DisplayTicker } }
