// The site's time and date, ticking every second. <luot-clock .clock=${siteClock} .lang=${lang}>
// `show` is "time", "date" or "both" (time above date).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../types.js';
import { SiteClock } from './site-clock.js';

@customElement('luot-clock')
export class LuotClock extends LitElement {
  @property({ attribute: false }) clock: SiteClock = new SiteClock();
  @property() lang: Lang = 'vi';
  @property() show: 'time' | 'date' | 'both' = 'both';
  private timer: ReturnType<typeof setInterval> | null = null;

  static styles = css`
    :host { display: inline-flex; flex-direction: column; align-items: flex-end; line-height: 1.1; font-variant-numeric: tabular-nums; }
    .time { font-size: var(--luot-clock-time-size, var(--luot-size-2xl)); font-weight: 800; }
    .date { font-size: var(--luot-clock-date-size, var(--luot-size-l)); opacity: 0.9; }
  `;

  connectedCallback() {
    super.connectedCallback();
    // Tick on the second boundary so that the minute changes when the wall clock's does.
    const tick = () => { this.requestUpdate(); };
    this.timer = setInterval(tick, 1000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  render() {
    const now = Date.now();
    return html`
      ${this.show !== 'date' ? html`<span class="time">${this.clock.formatTime(now)}</span>` : nothing}
      ${this.show !== 'time' ? html`<span class="date">${this.clock.formatDate(this.lang, now)}</span>` : nothing}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'luot-clock': LuotClock } }
