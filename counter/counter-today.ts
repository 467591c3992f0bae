// The officer's own figures for today: served, no-shows, average service time, ratings.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { baseStyles, formatDuration } from './counter-styles.js';
import type { TodayFigures } from './counter-session.js';

@customElement('counter-today')
export class CounterToday extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ attribute: false }) today: TodayFigures | null = null;

  static styles = [baseStyles, css`
    :host {
      display: block; background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow);
      padding: var(--luot-space-2) var(--luot-space-4);
    }
    h2 { margin: 0 0 4px; font-size: var(--luot-size-s); text-transform: uppercase; letter-spacing: 0.06em; color: var(--luot-text-muted); }
    dl { display: flex; gap: var(--luot-space-4); margin: 0; align-items: flex-end; flex-wrap: wrap; }
    div.fig { display: flex; flex-direction: column; }
    dt { font-size: var(--luot-size-s); color: var(--luot-text-muted); }
    dd { margin: 0; font-size: var(--luot-size-xl); font-weight: 800; font-variant-numeric: tabular-nums; }
    .vs { color: var(--luot-very-satisfied); } .s { color: var(--luot-satisfied); } .u { color: var(--luot-unsatisfied); }
    .ratings dd { display: flex; gap: var(--luot-space-3); font-size: var(--luot-size-l); }
    .ratings dd span { display: inline-flex; align-items: center; gap: 4px; }
    .dot { width: 12px; height: 12px; border-radius: 50%; background: currentColor; display: inline-block; }
  `];

  render() {
    const l = this.locale;
    const d = this.today;
    const r = d?.ratings ?? { very_satisfied: 0, satisfied: 0, unsatisfied: 0 };
    return html`
      <h2>${t(l, 'counter.todayTitle')}</h2>
      <dl id="today">
        <div class="fig"><dt>${t(l, 'counter.served')}</dt><dd data-fig="served">${d?.served ?? '–'}</dd></div>
        <div class="fig"><dt>${t(l, 'counter.noShowCount')}</dt><dd data-fig="noShow">${d?.noShow ?? '–'}</dd></div>
        <div class="fig"><dt>${t(l, 'counter.avgService')}</dt><dd data-fig="avg">${d?.avgServiceSeconds != null ? formatDuration(d.avgServiceSeconds) : '–'}</dd></div>
        <div class="fig ratings"><dt>${t(l, 'counter.ratings')}</dt><dd>
          <span class="vs" title=${t(l, 'common.level_very_satisfied')}><i class="dot"></i>${t(l, 'common.level_very_satisfied')} <b data-fig="very_satisfied">${r.very_satisfied}</b></span>
          <span class="s" title=${t(l, 'common.level_satisfied')}><i class="dot"></i>${t(l, 'common.level_satisfied')} <b data-fig="satisfied">${r.satisfied}</b></span>
          <span class="u" title=${t(l, 'common.level_unsatisfied')}><i class="dot"></i>${t(l, 'common.level_unsatisfied')} <b data-fig="unsatisfied">${r.unsatisfied}</b></span>
        </dd></div>
      </dl>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-today': CounterToday } }
