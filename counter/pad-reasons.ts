// "Không hài lòng": the reasons of the site's list to touch (several allowed) and a short comment
// typed with the tablet's own keyboard. Emits `submit` {reasons, comment} and `back`.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Lang, LocalText } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { face } from './pad-faces.js';

@customElement('pad-reasons')
export class PadReasons extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ attribute: false }) reasons: LocalText[] = [];
  @property({ type: Boolean }) busy = false;
  @property() error = '';
  @state() private picked = new Set<number>();
  @state() private comment = '';
  @state() private missing = false;

  static styles = css`
    :host { display: flex; flex-direction: column; gap: var(--luot-space-3); min-height: 100%; }
    .head { display: flex; align-items: center; gap: var(--luot-space-3); }
    h2 { margin: 0; font-size: var(--luot-size-2xl); color: var(--luot-text); line-height: 1.2; }
    p { margin: 0; color: var(--luot-text-muted); font-size: var(--luot-size-l); }
    .list { display: grid; grid-template-columns: repeat(2, 1fr); gap: var(--luot-space-2); }
    button {
      font: inherit; cursor: pointer; border-radius: var(--luot-radius); touch-action: manipulation;
      -webkit-tap-highlight-color: transparent;
    }
    .reason {
      min-height: var(--luot-touch-min); padding: var(--luot-space-2) var(--luot-space-3); font-size: var(--luot-size-l);
      text-align: left; background: var(--luot-surface); border: 3px solid var(--luot-border); color: var(--luot-text);
      display: flex; align-items: center; gap: var(--luot-space-2);
    }
    .reason .box {
      flex: none; width: 32px; height: 32px; border-radius: 8px; border: 3px solid var(--luot-border);
      display: inline-flex; align-items: center; justify-content: center; font-weight: 900; color: #fff;
    }
    .reason[aria-pressed="true"] { border-color: var(--luot-unsatisfied); background: var(--luot-danger-soft); }
    .reason[aria-pressed="true"] .box { background: var(--luot-unsatisfied); border-color: var(--luot-unsatisfied); }
    label { font-size: var(--luot-size-l); font-weight: 600; display: flex; flex-direction: column; gap: var(--luot-space-1); }
    textarea {
      font: inherit; font-size: var(--luot-size-l); min-height: 96px; resize: none; padding: var(--luot-space-2) var(--luot-space-3);
      border: 3px solid var(--luot-border); border-radius: var(--luot-radius); user-select: text; -webkit-user-select: text;
    }
    textarea:focus { outline: none; border-color: var(--luot-primary); }
    .warn { color: var(--luot-danger); font-weight: 700; font-size: var(--luot-size-l); }
    .row { display: flex; gap: var(--luot-space-3); margin-top: auto; }
    .row button { min-height: 80px; font-size: var(--luot-size-xl); font-weight: 800; padding: 0 var(--luot-space-4); }
    .back { background: var(--luot-surface); border: 3px solid var(--luot-border); color: var(--luot-text); }
    .send { flex: 1; background: var(--luot-primary); border: 3px solid var(--luot-primary); color: #fff; }
    .send:disabled { opacity: 0.6; }
  `;

  /** Start empty each time the screen opens. */
  reset(): void { this.picked = new Set(); this.comment = ''; this.missing = false; }

  private toggle(i: number): void {
    const next = new Set(this.picked);
    if (next.has(i)) next.delete(i); else next.add(i);
    this.picked = next;
    this.missing = false;
  }

  /** The tablet's keyboard takes the lower half of the screen: keep the field above it. */
  private keepVisible(el: HTMLElement): void {
    setTimeout(() => el.scrollIntoView({ block: 'center', behavior: 'smooth' }), 300);
  }

  private send(): void {
    // Reasons are recorded in Vietnamese whatever the screen language, so reports group them.
    const reasons = [...this.picked].sort((a, b) => a - b).map((i) => this.reasons[i]?.vi).filter((r): r is string => !!r);
    const comment = this.comment.trim();
    if (!reasons.length && !comment) { this.missing = true; return; }
    this.dispatchEvent(new CustomEvent('submit', { detail: { reasons, comment }, bubbles: true, composed: true }));
  }

  render() {
    const l = this.locale;
    return html`
      <div class="head">${face('unsatisfied', 72)}
        <div><h2>${t(l, 'pad.reasonTitle')}</h2><p>${t(l, 'pad.reasonHint')}</p></div>
      </div>
      <div class="list">
        ${this.reasons.map((r, i) => html`<button class="reason" data-reason=${i} aria-pressed=${this.picked.has(i)}
          @click=${() => this.toggle(i)}><span class="box">${this.picked.has(i) ? '✓' : ''}</span>${r[l] ?? r.vi}</button>`)}
      </div>
      <label>${t(l, 'pad.commentLabel')}
        <textarea id="comment" maxlength="300" rows="2" placeholder=${t(l, 'pad.commentPlaceholder')} .value=${this.comment}
          @focus=${(e: Event) => this.keepVisible(e.target as HTMLElement)}
          @input=${(e: Event) => { this.comment = (e.target as HTMLTextAreaElement).value; this.missing = false; }}></textarea>
      </label>
      ${this.missing ? html`<div class="warn" role="alert">${t(l, 'pad.needReason')}</div>` : ''}
      ${this.error ? html`<div class="warn" role="alert">${this.error}</div>` : ''}
      <div class="row">
        <button class="back" @click=${() => this.dispatchEvent(new CustomEvent('back', { bubbles: true, composed: true }))}>← ${t(l, 'pad.back')}</button>
        <button class="send" id="send" ?disabled=${this.busy} @click=${() => this.send()}>${this.busy ? t(l, 'pad.sending') : t(l, 'pad.send')}</button>
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'pad-reasons': PadReasons } }
