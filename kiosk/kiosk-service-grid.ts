// The full-screen grid of the site's services. Chooses the number of columns that gives the
// largest buttons for the screen's shape (2 columns in portrait, 4 in landscape for ten services).
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import type { ServiceView } from './kiosk-data.js';
import './kiosk-service-button.js';
import { bestColumns } from './layout.js';


@customElement('kiosk-service-grid')
export class KioskServiceGrid extends LitElement {
  @property({ attribute: false }) services: ServiceView[] = [];
  @property() lang: Lang = 'vi';
  @property({ type: Boolean }) offline = false;
  @state() private size = { w: 1080, h: 1400 };
  private observer = new ResizeObserver((entries) => {
    const r = entries[0]?.contentRect;
    if (r && (Math.abs(r.width - this.size.w) > 1 || Math.abs(r.height - this.size.h) > 1)) this.size = { w: r.width, h: r.height };
  });

  static styles = css`
    :host { display: block; min-height: 0; }
    .grid { display: grid; gap: var(--luot-space-3); height: 100%; }
    .empty { display: grid; place-items: center; height: 100%; font-size: var(--luot-size-2xl); color: var(--luot-text-muted); text-align: center; }
  `;

  connectedCallback() { super.connectedCallback(); this.observer.observe(this); }
  disconnectedCallback() { super.disconnectedCallback(); this.observer.disconnect(); }

  render() {
    const n = this.services.length;
    if (n === 0) return html`<div class="empty">${t(this.lang, 'kiosk.noServices')}</div>`;
    const cols = bestColumns(n, this.size.w, this.size.h);
    const rows = Math.ceil(n / cols);
    return html`<div class="grid" style="grid-template-columns: repeat(${cols}, minmax(0, 1fr)); grid-template-rows: repeat(${rows}, minmax(0, 1fr));">
      ${this.services.map((v) => html`<kiosk-service-button .view=${v} .lang=${this.lang} ?offline=${this.offline}></kiosk-service-button>`)}
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-service-grid': KioskServiceGrid } }
