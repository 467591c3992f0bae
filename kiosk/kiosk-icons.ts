// Pictograms of the priority groups, drawn here so that they work offline and on any font.
// 64x64 viewBox, one colour (currentColor).
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { Priority } from '../common/types.js';

const elderly = svg`
  <circle cx="30" cy="9" r="6"/>
  <path d="M27 17c-5 1-8 6-9 12l-2 10 5 1 2-9 2 6-4 22h6l3-17 5 17h6l-6-22 1-12 4 5 6 2 1-5-6-2-5-8c-2-3-5-4-8-3-1 0-2 0-1 3z"/>
  <path d="M46 30h3l2 32h-3z"/>`;
const disability = svg`
  <circle cx="27" cy="8" r="6"/>
  <path d="M24 16h6l1 13h13v6H29l-2-1z"/>
  <path d="M34 38h11l6 14 5-2 2 5-10 4-7-15h-7z"/>
  <path d="M22 28v6a13 13 0 1 0 17 16l5 3A19 19 0 1 1 22 28z"/>`;
const pregnant = svg`
  <circle cx="29" cy="8" r="6"/>
  <path d="M25 16h7c4 0 6 3 6 6l-1 4c6 2 9 7 9 12 0 6-4 9-9 10l1 15h-6l-1-14h-2l-1 14h-6l1-16-2-12 2-12c0-4 1-7 3-7z"/>`;
const child = svg`
  <circle cx="20" cy="8" r="6"/>
  <path d="M16 16h8c3 0 5 2 5 5v17h-4l-1 24h-5l-1-15-1 15h-5l-1-24h-4V21c0-3 3-5 5-5z"/>
  <path d="M29 30l8 4-2 4-6-3z"/>
  <circle cx="44" cy="27" r="5"/>
  <path d="M40 34h8c2 0 4 2 4 4v11h-3l-1 13h-4l-1-9-1 9h-4l-1-13h-2V38c0-2 2-4 4-4z"/>`;
const merit = svg`
  <path d="M20 2h10l2 18h-8zM34 2h10l-4 18h-8z"/>
  <circle cx="32" cy="40" r="20"/>
  <path fill="var(--luot-surface)" d="M32 26l4 9 9 1-7 6 2 9-8-5-8 5 2-9-7-6 9-1z"/>`;

const ICONS: Record<Priority, SVGTemplateResult> = { elderly, disability, pregnant, child, merit };

export function priorityIcon(p: Priority): TemplateResult {
  return html`<svg viewBox="0 0 64 64" fill="currentColor" aria-hidden="true">${ICONS[p]}</svg>`;
}

/** A plain ticket/person pictogram for the "no priority" choice. */
export function regularIcon(): TemplateResult {
  return html`<svg viewBox="0 0 64 64" fill="currentColor" aria-hidden="true">
    <path d="M10 10h44v44H10z" fill="none" stroke="currentColor" stroke-width="5" stroke-linejoin="round"/>
    <path d="M20 22h24v5H20zM20 31h24v5H20zM20 40h16v5H20z"/></svg>`;
}
