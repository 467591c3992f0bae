// After a service is chosen, where the site uses priority: "Are you entitled to priority?" with a
// large "No, regular ticket" first and the five groups as icon and words. Fires
// `priority-select` {priority: Priority | null} or `back`.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PRIORITIES, type Lang, type Priority, type Service } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { priorityIcon, regularIcon } from './kiosk-icons.js';

@customElement('kiosk-priority-choice')
export class KioskPriorityChoice extends LitElement {
  @property({ attribute: false }) service!: Service;
  @property() lang: Lang = 'vi';
  @property({ type: Boolean }) disabled = false;

  static styles = css`
    :host { display: flex; flex-direction: column; gap: var(--luot-space-4); height: 100%; min-height: 0; }
    h2 { margin: 0; font-size: var(--luot-size-3xl); line-height: 1.15; color: var(--luot-primary-strong); }
    .for { font-size: var(--luot-size-xl); color: var(--luot-text-muted); margin-top: var(--luot-space-2); }
    .choices { flex: 1; min-height: 0; display: grid; gap: var(--luot-space-3);
      grid-template-columns: 1fr 1fr; grid-template-rows: 1.25fr repeat(3, 1fr); }
    @media (orientation: landscape) {
      .choices { grid-template-columns: repeat(3, 1fr); grid-template-rows: repeat(2, 1fr); }
    }
    button {
      display: flex; align-items: center; gap: var(--luot-space-4); padding: var(--luot-space-3) var(--luot-space-4);
      min-height: calc(var(--luot-touch-min) * 2); border-radius: var(--luot-radius); font: inherit;
      font-size: var(--luot-size-2xl); font-weight: 800; line-height: 1.15; text-align: left; cursor: pointer;
      border: 3px solid var(--luot-priority); background: var(--luot-priority-soft); color: var(--luot-priority);
      box-shadow: var(--luot-shadow);
    }
    button:active:not(:disabled) { transform: scale(0.98); }
    button svg { flex: none; width: 96px; height: 96px; }
    button.regular { grid-column: 1 / -1; background: var(--luot-primary); border-color: var(--luot-primary); color: var(--luot-surface); font-size: calc(var(--luot-size-3xl) * 0.75); }
    @media (orientation: landscape) { button.regular { grid-column: auto; font-size: var(--luot-size-2xl); } }
    .sub { display: block; font-size: var(--luot-size-l); font-weight: 400; opacity: 0.85; margin-top: 4px; }
    button:disabled { opacity: 0.45; cursor: default; }
    .foot { display: flex; align-items: center; justify-content: space-between; gap: var(--luot-space-4); }
    .note { font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    .back { min-height: var(--luot-touch-min); min-width: 220px; justify-content: center; font-size: var(--luot-size-xl);
      border-color: var(--luot-text-muted); background: var(--luot-surface); color: var(--luot-text); box-shadow: none; }
    .back svg { width: 40px; height: 40px; }
  `;

  private choose(priority: Priority | null) {
    this.dispatchEvent(new CustomEvent('priority-select', { detail: { priority }, bubbles: true, composed: true }));
  }

  render() {
    const lang = this.lang;
    const other: Lang = lang === 'vi' ? 'en' : 'vi';
    const name = (lang === 'en' ? this.service.name.en : undefined) ?? this.service.name.vi;
    return html`
      <div>
        <h2>${t(lang, 'kiosk.priorityQuestion')}</h2>
        <div class="for">${t(lang, 'kiosk.priorityFor', { code: this.service.code, name })}</div>
      </div>
      <div class="choices">
        <button type="button" class="regular" data-priority="none" ?disabled=${this.disabled} @click=${() => this.choose(null)}>
          ${regularIcon()}<span>${t(lang, 'kiosk.priorityNone')}</span>
        </button>
        ${PRIORITIES.map((p) => {
          const key = `common.priority_${p}` as StringKey;
          return html`<button type="button" data-priority=${p} ?disabled=${this.disabled} @click=${() => this.choose(p)}>
            ${priorityIcon(p)}<span>${t(lang, key)}<span class="sub" lang=${other}>${t(other, key)}</span></span>
          </button>`;
        })}
      </div>
      <div class="foot">
        <span class="note">${t(lang, 'kiosk.priorityNote')}</span>
        <button type="button" class="back" @click=${() => this.dispatchEvent(new CustomEvent('back', { bubbles: true, composed: true }))}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z"/></svg>
          ${t(lang, 'kiosk.back')}</button>
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-priority-choice': KioskPriorityChoice } }
