// The transparency panel (công khai): today's served count, average wait and satisfaction rate of
// the site, as the hub computes them, with the month so far under each figure. Big tabular numbers,
// Vietnamese labels with the English under them. No rate before the first rating of the day.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { durationParts, partsText, rateParts, ratingCount, servedParts, type Part, type Transparency } from './transparency.js';

@customElement('display-transparency')
export class DisplayTransparency extends LitElement {
  @property({ attribute: false }) data: Transparency | null = null;
  @property() lang: Lang = 'vi';

  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; gap: var(--luot-space-3); }
    :host([hidden]) { display: none; }
    .title { border-left: 8px solid var(--luot-gold); padding-left: var(--luot-space-3); }
    h2 { margin: 0; font-size: 36px; font-weight: 800; letter-spacing: 0.03em; line-height: 1.15; color: var(--luot-gold); }
    .title-en { font-size: var(--luot-size-xl); opacity: 0.8; line-height: 1.2; }
    .rows { flex: 1; min-height: 0; display: grid; grid-template-rows: repeat(3, minmax(0, 1fr)); gap: 10px; }
    .row { min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) auto; align-items: center; column-gap: var(--luot-space-4);
      padding: 6px 20px; border-radius: var(--luot-radius-s); background: color-mix(in srgb, var(--luot-display-text) 7%, transparent); overflow: hidden; }
    .label { font-size: 32px; font-weight: 700; line-height: 1.15; }
    .label-en { font-size: var(--luot-size-xl); opacity: 0.75; line-height: 1.2; margin-top: 2px; }
    .figure { text-align: right; white-space: nowrap; }
    .value { font-variant-numeric: tabular-nums; line-height: 1.05; }
    .value b { font-size: 76px; font-weight: 800; }
    .value span { font-size: 32px; font-weight: 700; margin: 0 0.3em 0 0.2em; }
    .value span:last-child { margin-right: 0; }
    .none { font-size: 32px; font-weight: 700; opacity: 0.85; line-height: 1.15; }
    .none-en { font-size: var(--luot-size-xl); opacity: 0.7; }
    .month { font-size: var(--luot-size-xl); opacity: 0.8; margin-top: 2px; font-variant-numeric: tabular-nums; }
  `;

  private row(key: 'served' | 'wait' | 'satisfaction', label: StringKey, parts: Part[] | null, none: StringKey, month: Part[] | null | undefined) {
    const other: Lang = this.lang === 'vi' ? 'en' : 'vi';
    const monthNo = Number(this.data?.month?.from.slice(5, 7));
    return html`<div class="row" data-figure=${key}>
      <div><div class="label">${t(this.lang, label)}</div><div class="label-en" lang=${other}>${t(other, label)}</div></div>
      <div class="figure">
        ${parts
          ? html`<div class="value" data-value=${partsText(parts)}>${parts.map((p) => html`<b>${p.value}</b>${p.unit ? html`<span>${p.unit}</span>` : nothing}`)}</div>`
          : html`<div class="none" data-value="">${t(this.lang, none)}</div><div class="none-en" lang=${other}>${t(other, none)}</div>`}
        ${month ? html`<div class="month" data-month=${partsText(month)}>${t(this.lang, 'display.transparencyMonth', { month: monthNo, value: partsText(month) })}</div>` : nothing}
      </div>
    </div>`;
  }

  render() {
    const d = this.data;
    if (!d) return nothing;
    const lang = this.lang;
    const other: Lang = lang === 'vi' ? 'en' : 'vi';
    const m = d.month;
    const rated = ratingCount(d) > 0;
    return html`<div class="title"><h2>${t(lang, 'display.transparencyTitle')}</h2>
        <div class="title-en" lang=${other}>${t(other, 'display.transparencyTitle')}</div></div>
      <div class="rows">
        ${this.row('served', 'display.transparencyServed', servedParts(d.served, lang), 'display.transparencyNoCalls', m ? servedParts(m.served, lang) : null)}
        ${this.row('wait', 'display.transparencyWait', durationParts(d.waitAvgSeconds, lang), 'display.transparencyNoCalls', m ? durationParts(m.waitAvgSeconds, lang) : null)}
        ${this.row('satisfaction', 'display.transparencySatisfaction', rated ? rateParts(d.satisfactionRate, lang) : null, 'display.transparencyNoRatings', m ? rateParts(m.satisfactionRate, lang) : null)}
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'display-transparency': DisplayTransparency } }
