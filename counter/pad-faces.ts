// The three faces of the rating, drawn inline (no image files, no CDN); colours from the tokens.
import { svg } from 'lit';
import type { RatingLevel } from '../common/types.js';

export const LEVEL_COLOUR: Record<RatingLevel, string> = {
  very_satisfied: 'var(--luot-very-satisfied)',
  satisfied: 'var(--luot-satisfied)',
  unsatisfied: 'var(--luot-unsatisfied)',
};

const MOUTH = {
  very_satisfied: svg`<path d="M27 56 Q50 88 73 56 Z" fill="#fff" stroke="#fff" stroke-width="4" stroke-linejoin="round"/>`,
  satisfied: svg`<path d="M31 62 Q50 76 69 62" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round"/>`,
  unsatisfied: svg`<path d="M31 74 Q50 58 69 74" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round"/>`,
};
const BROWS = {
  very_satisfied: svg``,
  satisfied: svg``,
  unsatisfied: svg`<path d="M27 32 L41 27 M73 32 L59 27" stroke="#fff" stroke-width="5" stroke-linecap="round"/>`,
};

/** A face for `level`, `size` CSS pixels wide. */
export function face(level: RatingLevel, size: number) {
  return svg`<svg viewBox="0 0 100 100" width=${size} height=${size} aria-hidden="true" focusable="false">
    <circle cx="50" cy="50" r="47" fill=${LEVEL_COLOUR[level]}/>
    <circle cx="35" cy="42" r="6.5" fill="#fff"/><circle cx="65" cy="42" r="6.5" fill="#fff"/>
    ${BROWS[level]}${MOUTH[level]}
  </svg>`;
}
