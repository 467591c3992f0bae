// A small chart of categories (hours, days, months) drawn by uPlot, offline, inside a shadow root:
// <admin-chart .labels=${['7h', '8h']} .series=${[{label, values, color, kind: 'bars'}]} title="…">
import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export interface ChartSeries { label: string; values: (number | null)[]; color: string; kind?: 'bars' | 'line' }

@customElement('admin-chart')
export class AdminChart extends LitElement {
  @property({ attribute: false }) labels: string[] = [];
  @property({ attribute: false }) series: ChartSeries[] = [];
  @property() heading = '';
  /** Name of the x values in the legend, e.g. "Giờ". */
  @property() xLabel = '';
  /** Counts: whole-number steps on the y axis. */
  @property({ type: Boolean }) integer = false;
  @property({ type: Number }) height = 220;
  /** Format of the y axis values, e.g. minutes or percent. */
  @property({ attribute: false }) yFormat: (v: number) => string = (v) => String(v);
  private plot: uPlot | null = null;
  private resize = new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: this.height }));

  static styles = [unsafeCSS(uplotCss), css`
    :host { display: block; background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow); padding: 12px 16px; min-width: 0; }
    h3 { margin: 0 0 6px; font-size: var(--luot-size-m); color: var(--luot-primary-strong); }
    .plot { width: 100%; min-height: 40px; }
    .uplot { font-family: var(--luot-font); }
  `];

  connectedCallback(): void { super.connectedCallback(); this.resize.observe(this); }
  disconnectedCallback(): void { this.resize.disconnect(); this.plot?.destroy(); this.plot = null; super.disconnectedCallback(); }

  private width(): number { return Math.max(200, this.clientWidth - 32); }

  protected updated(changed: PropertyValues): void {
    if (changed.has('labels') || changed.has('series') || changed.has('height')) this.draw();
  }

  private draw(): void {
    this.plot?.destroy();
    this.plot = null;
    const box = this.renderRoot.querySelector('.plot') as HTMLElement | null;
    if (!box || this.labels.length === 0) return;
    const labels = this.labels;
    const xs = labels.map((_, i) => i);
    const bars = uPlot.paths.bars!({ size: [0.7, 48], gap: 2 });
    const yFormat = this.yFormat;
    const opts: uPlot.Options = {
      width: this.width(), height: this.height,
      scales: { x: { time: false, range: () => [-0.5, labels.length - 0.5] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? labels[v] ?? '' : '')), incrs: [1, 2, 3, 4, 6, 7, 12, 14, 30, 60, 90], grid: { show: false } },
        { values: (_u, splits) => splits.map((v) => yFormat(v)), size: 56, ...(this.integer ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] } : {}) },
      ],
      series: [
        { label: this.xLabel, value: (_u, v) => (v === null || v === undefined ? '' : labels[v] ?? '') },
        ...this.series.map((s) => ({
          label: s.label, stroke: s.color, width: 2,
          fill: s.kind === 'bars' ? s.color + 'cc' : undefined,
          paths: s.kind === 'bars' ? bars : undefined,
          points: { show: s.kind !== 'bars' && labels.length <= 60 },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : yFormat(v)),
        })),
      ],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
    };
    this.plot = new uPlot(opts, [xs, ...this.series.map((s) => s.values)] as uPlot.AlignedData, box);
  }

  render() {
    return html`${this.heading ? html`<h3>${this.heading}</h3>` : ''}<div class="plot" role="img" aria-label=${this.heading}></div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-chart': AdminChart } }
