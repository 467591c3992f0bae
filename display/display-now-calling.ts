// The newest call, large and highlighted: the number, the counter, and the call line
// ("MỜI CÔNG DÂN CÓ SỐ A025 ĐẾN QUẦY SỐ 3"). A new call (a new `seq`) flashes the panel.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import type { Call } from './display-state.js';

@customElement('display-now-calling')
export class DisplayNowCalling extends LitElement {
  @property({ attribute: false }) call: Call | null = null;
  /** Changes with every live call; a new value restarts the flash. */
  @property({ type: Number }) seq = 0;
  @property() lang: Lang = 'vi';

  static styles = css`
    :host { display: block; min-height: 0; }
    .panel { height: 100%; border-radius: var(--luot-radius); padding: 20px 36px; box-sizing: border-box;
      background: linear-gradient(180deg, var(--luot-primary) 0%, var(--luot-primary-strong) 100%); border: 6px solid var(--luot-gold);
      display: flex; flex-direction: column; justify-content: center; gap: 8px; overflow: hidden; }
    .flash { animation: flash 0.7s ease-in-out 4; }
    @keyframes flash {
      0%, 100% { background: linear-gradient(180deg, var(--luot-primary) 0%, var(--luot-primary-strong) 100%); }
      50% { background: var(--luot-gold); color: var(--luot-display-bg); }
    }
    @media (prefers-reduced-motion: reduce) { .flash { animation: none; } }
    .row { display: flex; align-items: center; justify-content: center; gap: 48px; }
    .block { text-align: center; }
    .label { font-size: 44px; font-weight: 800; letter-spacing: 0.08em; opacity: 0.9; }
    .big { font-size: 200px; font-weight: 800; line-height: 0.95; font-variant-numeric: tabular-nums; letter-spacing: 0.02em; }
    .number .big { color: var(--luot-gold); }
    .flash .number .big { color: inherit; }
    .arrow { width: 120px; height: 120px; flex: none; color: var(--luot-gold); }
    .line { text-align: center; font-size: 46px; font-weight: 800; line-height: 1.15; }
    .line-en { text-align: center; font-size: 30px; opacity: 0.8; }
    .recall { display: inline-block; vertical-align: middle; margin-left: 16px; padding: 4px 18px; border-radius: 999px;
      background: var(--luot-accent); color: var(--luot-display-text); font-size: 32px; font-weight: 800; letter-spacing: 0.05em; }
    .welcome { text-align: center; }
    .welcome .hello { font-size: 72px; font-weight: 800; line-height: 1.15; }
    .welcome .sub { font-size: 38px; opacity: 0.85; margin-top: 16px; }
  `;

  render() {
    const other: Lang = this.lang === 'vi' ? 'en' : 'vi';
    const c = this.call;
    if (!c) {
      return html`<div class="panel welcome"><div class="hello">${t(this.lang, 'display.welcome')}</div>
        <div class="sub">${t(this.lang, 'display.welcomeSub')}</div>
        <div class="sub" lang=${other}>${t(other, 'display.welcomeSub')}</div></div>`;
    }
    const params = { number: c.ticket.number, counter: c.counter.number };
    const recall = (c.ticket.recalls ?? 0) > 0;
    return keyed(this.seq, html`<div class="panel ${this.seq > 0 ? 'flash' : ''}" role="status" aria-live="assertive">
      <div class="row">
        <div class="block number"><div class="label">${t(this.lang, 'display.number')}</div><div class="big" data-now-number>${c.ticket.number}</div></div>
        <svg class="arrow" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 11h12.2l-5.6-5.6L12 4l8 8-8 8-1.4-1.4 5.6-5.6H4z"/></svg>
        <div class="block counter"><div class="label">${t(this.lang, 'display.toCounter')}</div><div class="big" data-now-counter>${c.counter.number}</div></div>
      </div>
      <div class="line">${t(this.lang, 'common.callLine', params)}${recall ? html`<span class="recall">${t(this.lang, 'display.recall')}</span>` : nothing}</div>
      <div class="line-en" lang=${other}>${t(other, 'common.callLine', params)}</div>
    </div>`);
  }
}

declare global { interface HTMLElementTagNameMap { 'display-now-calling': DisplayNowCalling } }
