// The full-screen call: "Mời đến quầy số 3", the number, and a recall's count. Fires `dismiss`
// when the citizen touches "Tôi đã biết".
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';

@customElement('phone-called')
export class PhoneCalled extends LitElement {
  @property() lang: Lang = 'vi';
  @property() number = '';
  @property({ type: Number }) counter = 0;
  @property() counterName = '';
  @property({ type: Number }) recalls = 0;

  static styles = css`
    :host { position: fixed; inset: 0; z-index: 10; display: flex; flex-direction: column; align-items: center;
      justify-content: center; gap: var(--luot-space-4); padding: var(--luot-space-5) var(--luot-space-4);
      background: var(--luot-accent); color: var(--luot-surface); text-align: center; animation: flash 1.2s ease-in-out 3; }
    @keyframes flash { 50% { background: var(--luot-primary-strong); } }
    @media (prefers-reduced-motion: reduce) { :host { animation: none; } }
    .title { font-size: var(--luot-size-xl); font-weight: 800; letter-spacing: 0.02em; }
    .goto { font-size: 2rem; font-weight: 800; line-height: 1.1; text-transform: uppercase; }
    .goto .num { display: block; font-size: 9rem; line-height: 1; margin-top: var(--luot-space-2); font-variant-numeric: tabular-nums; }
    .name { font-size: var(--luot-size-l); opacity: 0.9; }
    .number { font-size: var(--luot-size-2xl); font-weight: 800; background: var(--luot-surface); color: var(--luot-accent);
      border-radius: var(--luot-radius); padding: var(--luot-space-2) var(--luot-space-4); font-variant-numeric: tabular-nums; }
    .recall { font-size: var(--luot-size-l); font-weight: 800; background: var(--luot-gold); color: var(--luot-text);
      border-radius: 999px; padding: var(--luot-space-1) var(--luot-space-4); }
    button { margin-top: var(--luot-space-4); min-height: var(--luot-touch-min); min-width: 220px; border: none;
      border-radius: var(--luot-radius); background: var(--luot-surface); color: var(--luot-accent);
      font: inherit; font-size: var(--luot-size-xl); font-weight: 800; cursor: pointer; box-shadow: var(--luot-shadow); }
  `;

  render() {
    const lang = this.lang;
    const showName = this.counterName && this.counterName !== `Quầy ${this.counter}`;
    return html`
      <div class="title">${t(lang, 'phone.calledTitle')}</div>
      ${this.recalls > 0 ? html`<div class="recall" data-recall>${t(lang, 'phone.recalled', { n: this.recalls })}</div>` : nothing}
      <div class="goto" role="alert" data-called-counter=${this.counter}>${this.gotoLine()}</div>
      ${showName ? html`<div class="name">${this.counterName}</div>` : nothing}
      <div class="number">${t(lang, 'phone.calledNumber', { number: this.number })}</div>
      <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('dismiss', { bubbles: true, composed: true }))}>${t(lang, 'phone.gotIt')}</button>`;
  }

  /** "Mời đến quầy số" with the counter's number large on its own line. */
  private gotoLine() {
    const line = t(this.lang, 'phone.calledGoTo', { counter: '\u0000' });
    const [before, after] = line.split('\u0000');
    return html`${before}<span class="num">${this.counter}</span>${after ?? ''}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'phone-called': PhoneCalled } }
