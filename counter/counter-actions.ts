// The big buttons of the console, each showing its keyboard shortcut. Emits `action` {name}.
// The shortcuts themselves are handled by counter-app (one place for the keyboard).
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CounterStatus, Lang } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { baseStyles } from './counter-styles.js';
import type { Action } from './counter-session.js';

/** Shortcut keys per action, as shown on the buttons and handled by counter-app. */
export const SHORTCUTS: Partial<Record<Action, string[]>> = {
  'call-next': ['F1', 'Space', 'Enter'],
  recall: ['F2', 'R'],
  'no-show': ['F3'],
  complete: ['F4'],
  transfer: ['F8'],
  pause: ['F9'],
  resume: ['F9'],
};

@customElement('counter-actions')
export class CounterActions extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ type: Boolean }) hasCurrent = false;
  @property() status: CounterStatus = 'open';
  @property({ type: Boolean }) busy = false;

  static styles = [baseStyles, css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: 2fr 1fr 1fr; grid-auto-rows: 104px; gap: var(--luot-space-3); }
    button {
      display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 6px;
      font-size: var(--luot-size-l); font-weight: 700; border-radius: var(--luot-radius); box-shadow: var(--luot-shadow);
    }
    button .label { line-height: 1.15; }
    .big { font-size: var(--luot-size-xl); }
    .complete { background: var(--luot-ok); border-color: var(--luot-ok); color: #fff; }
    .complete:hover:not(:disabled) { filter: brightness(0.92); }
    .noshow { color: var(--luot-danger); border-color: var(--luot-danger); }
    .resume { background: var(--luot-warn); border-color: var(--luot-warn); color: #fff; }
  `];

  private act(name: Action, e: Event): void {
    // Let Space/Enter stay the "call next" keys instead of re-pressing the focused button.
    (e.currentTarget as HTMLElement).blur();
    this.dispatchEvent(new CustomEvent('action', { detail: { name }, bubbles: true, composed: true }));
  }

  private keys(name: Action) {
    const keys = SHORTCUTS[name] ?? [];
    return html`<span class="keys">${keys.map((k, i) => html`${i ? ' ' : ''}<kbd>${k}</kbd>`)}</span>`;
  }

  private button(name: Action, key: StringKey, cls: string, enabled: boolean) {
    return html`<button class=${cls} data-action=${name} ?disabled=${!enabled || this.busy}
      @click=${(e: Event) => this.act(name, e)}>
      <span class="label">${t(this.locale, key)}</span>${this.keys(name)}
    </button>`;
  }

  render() {
    const open = this.status === 'open';
    const paused = this.status === 'paused';
    const cur = this.hasCurrent;
    return html`<div class="grid">
      ${cur
        ? this.button('complete', 'counter.complete', 'complete big', open)
        : this.button('call-next', 'counter.callNext', 'primary big', open)}
      ${this.button('recall', 'counter.recall', '', open && cur)}
      ${this.button('no-show', 'counter.noShow', 'noshow', open && cur)}
      ${cur
        ? this.button('call-next', 'counter.callNext', '', false)
        : this.button('complete', 'counter.complete', '', false)}
      ${this.button('transfer', 'counter.transfer', '', open && cur)}
      ${paused
        ? this.button('resume', 'counter.resume', 'resume', true)
        : this.button('pause', 'counter.pause', '', open && !cur)}
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-actions': CounterActions } }
