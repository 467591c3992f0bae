// Pause with a reason: a few common reasons to touch, or a written one. Emits `confirm` {reason}
// and `cancel`.
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { baseStyles, dialogStyles } from './counter-styles.js';

const REASONS: StringKey[] = ['counter.pauseReasonBreak', 'counter.pauseReasonMeeting', 'counter.pauseReasonSupport', 'counter.pauseReasonTech'];

@customElement('counter-pause-dialog')
export class CounterPauseDialog extends LitElement {
  @property() locale: Lang = 'vi';
  @state() private choice: StringKey | 'other' | null = null;
  @state() private other = '';
  @query('#other') private otherInput?: HTMLInputElement;

  static styles = [baseStyles, dialogStyles, css`
    .choices { display: grid; grid-template-columns: repeat(3, 1fr); gap: var(--luot-space-2); }
    .choices button { min-height: 64px; font-size: var(--luot-size-l); font-weight: 600; }
    .choices button[aria-pressed="true"] { background: var(--luot-primary-soft); border-color: var(--luot-primary); color: var(--luot-primary-strong); }
  `];

  firstUpdated(): void { this.renderRoot.querySelector<HTMLButtonElement>('.choices button')?.focus(); }

  private get reason(): string {
    if (this.choice === 'other') return this.other.trim();
    return this.choice ? t(this.locale, this.choice) : '';
  }

  private pick(choice: StringKey | 'other'): void {
    this.choice = choice;
    if (choice === 'other') void this.updateComplete.then(() => this.otherInput?.focus());
  }

  private confirm(): void {
    if (!this.reason) return;
    this.dispatchEvent(new CustomEvent('confirm', { detail: { reason: this.reason }, bubbles: true, composed: true }));
  }
  private cancel(): void { this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true })); }

  render() {
    const l = this.locale;
    return html`<div class="backdrop" @click=${(e: Event) => { if (e.target === e.currentTarget) this.cancel(); }}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="h">
        <h2 id="h">${t(l, 'counter.pauseTitle')}</h2>
        <p class="hint">${t(l, 'counter.pauseHint')}</p>
        <div class="choices">
          ${REASONS.map((k) => html`<button aria-pressed=${this.choice === k} @click=${() => this.pick(k)}>${t(l, k)}</button>`)}
          <button aria-pressed=${this.choice === 'other'} data-reason="other" @click=${() => this.pick('other')}>${t(l, 'counter.pauseReasonOther')}</button>
        </div>
        ${this.choice === 'other' ? html`<input id="other" maxlength="120" placeholder=${t(l, 'counter.pauseOtherPlaceholder')}
          .value=${this.other} @input=${(e: Event) => { this.other = (e.target as HTMLInputElement).value; }}
          @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); this.confirm(); } }}>` : ''}
        <div class="row">
          <button @click=${() => this.cancel()}>${t(l, 'counter.cancel')} <kbd>Esc</kbd></button>
          <button class="primary" id="pause-confirm" ?disabled=${!this.reason} @click=${() => this.confirm()}>${t(l, 'counter.pauseConfirm')}</button>
        </div>
      </div>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-pause-dialog': CounterPauseDialog } }
