// The three big choices: Rất hài lòng / Hài lòng / Không hài lòng, with faces and words.
// Emits `choose` {level}.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { RATING_LEVELS, type Lang, type RatingLevel } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { face, LEVEL_COLOUR } from './pad-faces.js';

@customElement('pad-rating')
export class PadRating extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ type: Boolean }) busy = false;

  static styles = css`
    :host { display: block; }
    .choices { display: grid; grid-template-columns: repeat(3, 1fr); gap: var(--luot-space-4); }
    button {
      font: inherit; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: var(--luot-space-3);
      min-height: 400px; border-radius: 28px; background: var(--luot-surface); cursor: pointer;
      border: 4px solid var(--c); box-shadow: var(--luot-shadow); color: var(--c); padding: var(--luot-space-4) var(--luot-space-2);
      touch-action: manipulation; -webkit-tap-highlight-color: transparent; transition: transform 80ms ease-out;
    }
    button:active { transform: scale(0.97); background: color-mix(in srgb, var(--c) 12%, white); }
    button:disabled { opacity: 0.5; }
    .word { font-size: var(--luot-size-2xl); font-weight: 800; line-height: 1.15; text-align: center; }
  `;

  private choose(level: RatingLevel): void {
    this.dispatchEvent(new CustomEvent('choose', { detail: { level }, bubbles: true, composed: true }));
  }

  render() {
    return html`<div class="choices">
      ${RATING_LEVELS.map((level) => html`<button data-level=${level} style="--c: ${LEVEL_COLOUR[level]}" ?disabled=${this.busy}
        @click=${() => this.choose(level)}>
        ${face(level, 200)}
        <span class="word">${t(this.locale, `common.level_${level}`)}</span>
      </button>`)}
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'pad-rating': PadRating } }
