// Today's live board: figures of the day so far (refreshed on every ticket or rating event), the
// counters as they are now, by service and by counter, and the tickets per hour.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t } from '../common/i18n/index.js';
import { AdminSection } from './admin-section.js';
import type { TodayBoard } from './admin-session.js';
import { adminStyles, fmtDuration, fmtInt, fmtRate } from './admin-styles.js';
import { viDate } from './periods.js';
import './admin-chart.js';

const TARGET = 1800;

@customElement('admin-today')
export class AdminToday extends AdminSection {
  @state() private board: TodayBoard | null = null;
  private off: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private loadedFor: string | null = null;

  static styles = [adminStyles, css`
    .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: var(--luot-space-3); margin-bottom: var(--luot-space-4); }
    .kpi { background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow); padding: 14px 18px; }
    .kpi .v { font-size: var(--luot-size-2xl); font-weight: 800; color: var(--luot-primary-strong); font-variant-numeric: tabular-nums; line-height: 1.2; }
    .kpi .k { color: var(--luot-text-muted); font-weight: 700; font-size: var(--luot-size-s); }
    .cols { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: var(--luot-space-4); align-items: start; }
    .num-ticket { font-weight: 800; color: var(--luot-accent); font-size: var(--luot-size-l); }
    admin-chart { margin-top: var(--luot-space-4); }
  `];

  connectedCallback(): void {
    super.connectedCallback();
    this.off = this.session.onActivity(() => this.schedule());
    void this.load();
  }

  disconnectedCallback(): void {
    this.off?.();
    if (this.timer) clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  protected willUpdate(): void {
    if (this.session.siteId !== this.loadedFor) void this.load();
  }

  /** At most one refresh every 1.5 s, however busy the hall is. */
  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = null; void this.load(); }, 1500);
  }

  private async load(): Promise<void> {
    this.loadedFor = this.session.siteId;
    try {
      this.board = await this.session.today(TARGET);
    } catch (e) {
      this.fail(e);
    }
  }

  render() {
    const l = this.lang;
    const b = this.board;
    const s = this.session;
    if (!b) return html`<p class="muted">${t(l, 'admin.loading')}</p>${this.renderMessage()}`;
    const waiting = (s.snapshot?.waiting ?? []).reduce((n, w) => n + w.count, 0);
    const tot = b.total;
    const kpi = (id: string, k: string, v: string) => html`<div class="kpi" id=${id}><div class="k">${k}</div><div class="v">${v}</div></div>`;
    const counters = [...s.counters].sort((a, c) => a.number - c.number);
    const byCounter = new Map(b.byCounter.map((r) => [r.key, r]));
    const hours = b.hourly.filter((p) => p.hour >= 6 && p.hour <= 18);
    return html`
      <div class="bar"><h2>${t(l, 'admin.todayTitle', { date: viDate(b.date) })}</h2></div>
      ${this.renderMessage()}
      <div class="kpis">
        ${kpi('kpi-issued', t(l, 'admin.kpiIssued'), fmtInt(l, tot.issued))}
        ${kpi('kpi-served', t(l, 'admin.kpiServed'), fmtInt(l, tot.served))}
        ${kpi('kpi-waiting', t(l, 'admin.kpiWaiting'), fmtInt(l, waiting))}
        ${kpi('kpi-noshow', t(l, 'admin.kpiNoShow'), fmtInt(l, tot.noShow))}
        ${kpi('kpi-wait', t(l, 'admin.kpiWaitAvg'), fmtDuration(l, tot.waitAvgSeconds))}
        ${kpi('kpi-within', t(l, 'admin.kpiWithin', { n: TARGET / 60 }), fmtRate(l, tot.withinTargetRate))}
        ${kpi('kpi-satisfaction', t(l, 'admin.kpiSatisfaction'), fmtRate(l, tot.satisfactionRate))}
      </div>
      <div class="cols">
        <div>
          <h3>${t(l, 'admin.countersNow')}</h3>
          <table id="today-counters">
            <thead><tr><th>${t(l, 'admin.countersTitle')}</th><th>${t(l, 'admin.status')}</th><th>${t(l, 'admin.currentTicket')}</th><th class="num">${t(l, 'admin.col_served')}</th><th class="num">${t(l, 'admin.col_serviceAvg')}</th><th class="num">${t(l, 'admin.col_satisfaction')}</th></tr></thead>
            <tbody>${counters.map((c) => {
              const cur = s.snapshot?.current.find((x) => x.counterId === c.id)?.ticket;
              const r = byCounter.get(c.id);
              return html`<tr>
                <td><b>${c.name}</b>${c.officer ? html`<br><span class="muted">${c.officer.name}</span>` : nothing}</td>
                <td><span class="pill ${c.status === 'open' ? 'ok' : c.status === 'paused' ? 'warn' : 'off'}">${t(l, `admin.counterStatus_${c.status}`)}</span></td>
                <td>${cur ? html`<span class="num-ticket">${cur.number}</span>` : '—'}</td>
                <td class="num">${r?.served ?? 0}</td>
                <td class="num">${fmtDuration(l, r?.serviceAvgSeconds)}</td>
                <td class="num">${fmtRate(l, r?.satisfactionRate)}</td>
              </tr>`;
            })}</tbody>
          </table>
        </div>
        <div>
          <h3>${t(l, 'admin.byService')}</h3>
          <table id="today-services">
            <thead><tr><th></th><th class="num">${t(l, 'admin.col_issued')}</th><th class="num">${t(l, 'admin.col_served')}</th><th class="num">${t(l, 'admin.kpiWaiting')}</th><th class="num">${t(l, 'admin.col_waitAvg')}</th></tr></thead>
            <tbody>${b.byService.length === 0 ? html`<tr><td colspan="5" class="empty">${t(l, 'admin.noData')}</td></tr>` : b.byService.map((r) => html`<tr>
              <td>${r.label}</td><td class="num">${r.issued}</td><td class="num">${r.served}</td>
              <td class="num">${s.snapshot?.waiting.find((w) => w.serviceId === r.key)?.count ?? 0}</td>
              <td class="num">${fmtDuration(l, r.waitAvgSeconds)}</td></tr>`)}</tbody>
          </table>
        </div>
      </div>
      <admin-chart .integer=${true} xLabel=${t(l, 'admin.hour')} heading=${t(l, 'admin.chartPerHour')} .labels=${hours.map((p) => `${p.hour}h`)}
        .series=${[
          { label: t(l, 'admin.series_issued'), values: hours.map((p) => p.issued), color: '#0b4a8b', kind: 'bars' },
          { label: t(l, 'admin.series_served'), values: hours.map((p) => p.served), color: '#1b7f3b', kind: 'line' },
        ]}></admin-chart>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-today': AdminToday } }
