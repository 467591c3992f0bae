// Reports for any period (day, week, month, quarter, 6 and 9 months, year, custom) by service,
// counter, officer, day or site: the table the centre publishes, the reasons of unsatisfied
// ratings, charts (tickets per hour, wait by hour, satisfaction over time), CSV and XLSX exports
// whose figures are those on the screen.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { AdminSection } from './admin-section.js';
import type { DayPoint, HourPoint, Report, ReportQuery, ReportRow } from './admin-session.js';
import { adminStyles, fmtClock, fmtInt, fmtRate } from './admin-styles.js';
import { PERIOD_KINDS, daysIn, periodRange, viDate, type PeriodKind } from './periods.js';
import './admin-chart.js';
import './admin-evaluation.js';

const GROUPS = ['service', 'counter', 'officer', 'day', 'site'] as const;

@customElement('admin-reports')
export class AdminReports extends AdminSection {
  @state() private kind: PeriodKind = 'month';
  @state() private anchor = '';
  @state() private customFrom = '';
  @state() private customTo = '';
  @state() private groupBy: (typeof GROUPS)[number] = 'service';
  @state() private targetMinutes = 30;
  @state() private report: Report | null = null;
  @state() private hourly: HourPoint[] = [];
  @state() private overTime: DayPoint[] = [];
  @state() private overTimeKind: 'daily' | 'monthly' = 'daily';

  static styles = [adminStyles, css`
    .controls { display: flex; flex-wrap: wrap; gap: var(--luot-space-3); align-items: flex-end; margin-bottom: var(--luot-space-3); }
    .controls label.field { min-width: 150px; }
    .range { font-weight: 700; color: var(--luot-primary-strong); align-self: center; }
    .scroll { overflow-x: auto; border-radius: var(--luot-radius); box-shadow: var(--luot-shadow); margin-bottom: var(--luot-space-4); }
    td.label { min-width: 200px; }
    .charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: var(--luot-space-3); margin-bottom: var(--luot-space-4); }
    .charts admin-chart.wide { grid-column: 1 / -1; }
    .reasons li { margin: 4px 0; }
    #reasons { margin-bottom: var(--luot-space-3); padding-top: var(--luot-space-2); }
    .exports { display: flex; gap: var(--luot-space-2); }
  `];

  private get range(): { from: string; to: string } {
    const anchor = this.anchor || this.session.snapshot?.date || new Date().toISOString().slice(0, 10);
    return periodRange(this.kind, anchor, { from: this.customFrom || anchor, to: this.customTo || anchor });
  }

  private get query(): ReportQuery {
    return { ...this.range, groupBy: this.groupBy, targetWaitSeconds: Math.round(this.targetMinutes * 60) };
  }

  private async show(e?: Event): Promise<void> {
    e?.preventDefault();
    const q = this.query;
    const kind = daysIn(q.from, q.to) > 62 ? 'monthly' : 'daily';
    await this.act(async () => {
      const [report, hourly, overTime] = await Promise.all([
        this.session.report(q),
        this.session.hourly(q),
        this.session.overTime(q, kind),
      ]);
      this.report = report;
      this.hourly = hourly.points;
      this.overTime = overTime.points;
      this.overTimeKind = kind;
    });
  }

  private async download(format: 'csv' | 'csv-vi' | 'xlsx'): Promise<void> {
    await this.act(() => this.session.download(this.query, format));
  }

  private renderControls() {
    const l = this.lang;
    const r = this.range;
    const anchor = this.anchor || this.session.snapshot?.date || new Date().toISOString().slice(0, 10);
    return html`<form class="controls card" id="report-form" @submit=${this.show}>
      <label class="field">${t(l, 'admin.period')}
        <select name="kind" @change=${(e: Event) => { this.kind = (e.target as HTMLSelectElement).value as PeriodKind; }}>
          ${PERIOD_KINDS.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${t(l, `admin.period_${k}` as StringKey)}</option>`)}
        </select></label>
      ${this.kind === 'custom' ? html`
        <label class="field">${t(l, 'admin.from')}<input type="date" name="from" .value=${this.customFrom || anchor} @input=${(e: Event) => { this.customFrom = (e.target as HTMLInputElement).value; }}></label>
        <label class="field">${t(l, 'admin.to')}<input type="date" name="to" .value=${this.customTo || anchor} @input=${(e: Event) => { this.customTo = (e.target as HTMLInputElement).value; }}></label>`
        : html`<label class="field">${t(l, 'admin.anchor')}<input type="date" name="anchor" .value=${anchor} @input=${(e: Event) => { this.anchor = (e.target as HTMLInputElement).value; }}></label>`}
      <label class="field">${t(l, 'admin.groupBy')}
        <select name="groupBy" @change=${(e: Event) => { this.groupBy = (e.target as HTMLSelectElement).value as (typeof GROUPS)[number]; }}>
          ${GROUPS.map((g) => html`<option value=${g} ?selected=${g === this.groupBy}>${t(l, `admin.group_${g}` as StringKey)}</option>`)}
        </select></label>
      <label class="field">${t(l, 'admin.targetWait')}<input type="number" name="target" min="1" max="600" .value=${String(this.targetMinutes)} @input=${(e: Event) => { this.targetMinutes = Number((e.target as HTMLInputElement).value) || 30; }}></label>
      <span class="range" id="report-range">${t(l, 'admin.range', { from: viDate(r.from), to: viDate(r.to) })}</span>
      <button class="primary" type="submit" id="show-report" ?disabled=${this.busy}>${t(l, 'admin.show')}</button>
    </form>`;
  }

  private row(r: ReportRow, total = false) {
    const l = this.lang;
    return html`<tr class=${total ? 'total' : ''}>
      <td class="label">${r.label}</td>
      <td class="num">${fmtInt(l, r.issued)}</td><td class="num">${fmtInt(l, r.served)}</td><td class="num">${fmtInt(l, r.noShow)}</td><td class="num">${fmtInt(l, r.transferred)}</td>
      <td class="num">${fmtClock(r.waitAvgSeconds)}</td><td class="num">${fmtClock(r.waitMedianSeconds)}</td><td class="num">${fmtClock(r.waitP90Seconds)}</td>
      <td class="num">${fmtClock(r.serviceAvgSeconds)}</td><td class="num">${fmtClock(r.serviceP90Seconds)}</td>
      <td class="num">${fmtRate(l, r.withinTargetRate)}</td>
      <td class="num">${r.ratings.very_satisfied} / ${r.ratings.satisfied} / ${r.ratings.unsatisfied}</td>
      <td class="num"><b>${fmtRate(l, r.satisfactionRate)}</b></td>
    </tr>`;
  }

  private renderReport() {
    const l = this.lang;
    const rep = this.report!;
    const mins = Math.round(rep.targetWaitSeconds / 60);
    const hours = this.hourly.filter((p) => p.hour >= 6 && p.hour <= 18);
    const perDay = (n: number) => (this.hourly.length && rep ? n : n);
    const minutes = (v: number | null) => (v === null ? null : Math.round((v / 60) * 10) / 10);
    return html`
      <div class="bar"><h3 style="flex:1;margin:0">${t(l, 'admin.range', { from: viDate(rep.from), to: viDate(rep.to) })}</h3>
        <span class="exports">
          <button id="export-xlsx" @click=${() => this.download('xlsx')} ?disabled=${this.busy}>⬇ ${t(l, 'admin.exportXlsx')}</button>
          <button id="export-csv-vi" @click=${() => this.download('csv-vi')} ?disabled=${this.busy} title=${t(l, 'admin.exportCsvViHint')}>⬇ ${t(l, 'admin.exportCsvVi')}</button>
          <button id="export-csv" @click=${() => this.download('csv')} ?disabled=${this.busy}>⬇ ${t(l, 'admin.exportCsv')}</button>
        </span></div>
      <div class="scroll"><table id="report-table">
        <thead><tr><th>${t(l, `admin.group_${rep.groupBy}` as StringKey)}</th>
          <th class="num">${t(l, 'admin.col_issued')}</th><th class="num">${t(l, 'admin.col_served')}</th><th class="num">${t(l, 'admin.col_noShow')}</th><th class="num">${t(l, 'admin.col_transferred')}</th>
          <th class="num" title=${t(l, 'admin.clockHint')}>${t(l, 'admin.col_waitAvg')}</th><th class="num">${t(l, 'admin.col_waitMedian')}</th><th class="num">${t(l, 'admin.col_waitP90')}</th>
          <th class="num">${t(l, 'admin.col_serviceAvg')}</th><th class="num">${t(l, 'admin.col_serviceP90')}</th>
          <th class="num">${t(l, 'admin.col_within', { n: mins })}</th><th class="num">${t(l, 'admin.col_ratings')}</th><th class="num">${t(l, 'admin.col_satisfaction')}</th></tr></thead>
        <tbody>
          ${rep.rows.length === 0 ? html`<tr><td colspan="13" class="empty">${t(l, 'admin.noData')}</td></tr>` : rep.rows.map((r) => this.row(r))}
          ${this.row(rep.total, true)}
        </tbody>
      </table></div>
      <p class="hint" style="margin-top:-16px">${t(l, 'admin.clockHint')}</p>
      ${rep.total.unsatisfiedReasons.length ? html`<div class="card" id="reasons"><h3>${t(l, 'admin.reasonsTitle')}</h3>
        <ul class="reasons">${rep.total.unsatisfiedReasons.map((x) => html`<li>${x.reason}: <b>${x.count}</b></li>`)}</ul></div>` : nothing}
      <div class="charts" id="charts">
        <admin-chart id="chart-hourly" .integer=${true} xLabel=${t(l, 'admin.hour')} heading=${t(l, 'admin.chartPerHour')} .labels=${hours.map((p) => `${p.hour}h`)}
          .series=${[{ label: t(l, 'admin.series_issued'), values: hours.map((p) => perDay(p.issued)), color: '#0b4a8b', kind: 'bars' }]}></admin-chart>
        <admin-chart id="chart-wait" xLabel=${t(l, 'admin.hour')} heading=${t(l, 'admin.chartWaitByHour')} .labels=${hours.map((p) => `${p.hour}h`)} .yFormat=${(v: number) => `${v}′`}
          .series=${[
            { label: t(l, 'admin.series_waitAvg'), values: hours.map((p) => minutes(p.waitAvgSeconds)), color: '#b35c00', kind: 'line' },
            { label: t(l, 'admin.series_waitP90'), values: hours.map((p) => minutes(p.waitP90Seconds)), color: '#c8102e', kind: 'line' },
          ]}></admin-chart>
        <admin-chart class="wide" id="chart-satisfaction" xLabel=${t(l, 'admin.group_day')} heading=${t(l, 'admin.chartSatisfaction')}
          .labels=${this.overTime.map((p) => (this.overTimeKind === 'monthly' ? p.date.slice(5, 7) + '/' + p.date.slice(0, 4) : viDate(p.date).slice(0, 5)))}
          .yFormat=${(v: number) => `${Math.round(v)}%`}
          .series=${[
            { label: t(l, 'admin.series_satisfaction'), values: this.overTime.map((p) => (p.satisfactionRate === null ? null : Math.round(p.satisfactionRate * 1000) / 10)), color: '#1b7f3b', kind: 'line' },
          ]}></admin-chart>
      </div>`;
  }

  render() {
    const l = this.lang;
    return html`
      <div class="bar"><h2>${t(l, 'admin.reportsTitle')}</h2></div>
      ${this.renderControls()}
      ${this.renderMessage()}
      ${this.report ? this.renderReport() : nothing}
      <admin-evaluation .session=${this.session} .lang=${l} .rev=${this.rev} from=${this.range.from} to=${this.range.to}></admin-evaluation>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-reports': AdminReports } }
