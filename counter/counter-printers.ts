// The site's ticket printers (kiosks), their state, and reprinting a kiosk's last ticket, e.g. after
// the paper was changed. Hidden when the site has no kiosk with a printer.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { HubClient } from '../common/client.js';
import { t, type StringKey } from '../common/i18n/index.js';
import type { Lang, PrinterStatus } from '../common/types.js';
import { baseStyles } from './counter-styles.js';

interface PrinterRow { deviceId: string; name: string; printer: string; status: PrinterStatus | null }

@customElement('counter-printers')
export class CounterPrinters extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ attribute: false }) client: HubClient | null = null;
  @property() siteId: string | null = null;
  @state() private rows: PrinterRow[] = [];
  @state() private note = '';
  private timer: ReturnType<typeof setInterval> | null = null;

  static styles = [baseStyles, css`
    :host { display: block; }
    section { background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow); padding: var(--luot-space-2) var(--luot-space-4); }
    h2 { margin: 0 0 4px; font-size: var(--luot-size-s); text-transform: uppercase; letter-spacing: 0.06em; color: var(--luot-text-muted); }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: var(--luot-space-1); }
    li { display: flex; align-items: center; gap: var(--luot-space-3); }
    .name { flex: 1; font-weight: 600; }
    .state { padding: 2px 10px; border-radius: 999px; font-size: var(--luot-size-s); font-weight: 700; background: var(--luot-ok-soft); color: var(--luot-ok); }
    .state.paper_out, .state.unreachable, .state.error { background: var(--luot-danger-soft); color: var(--luot-danger); }
    .state.paper_low, .state.unknown { background: var(--luot-warn-soft); color: var(--luot-warn); }
    button { min-height: 40px; padding: 0 var(--luot-space-3); border-radius: var(--luot-radius-s); border: 1px solid var(--luot-primary); background: var(--luot-surface); color: var(--luot-primary); font: inherit; font-weight: 700; cursor: pointer; }
    .note { margin-top: 4px; font-size: var(--luot-size-s); color: var(--luot-text-muted); }
  `];

  connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => void this.load(), 20_000);
  }
  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
  }

  private async load(): Promise<void> {
    if (!this.client || !this.siteId) return;
    try {
      const r = await this.client.api<{ printers: PrinterRow[] }>('GET', `/api/printers?siteId=${encodeURIComponent(this.siteId)}`);
      this.rows = r.printers;
    } catch { /* offline: keep what we had */ }
  }

  private async reprint(row: PrinterRow): Promise<void> {
    try {
      await this.client!.api('POST', `/api/devices/${encodeURIComponent(row.deviceId)}/reprint`);
      this.note = t(this.locale, 'counter.reprinted', { name: row.name });
    } catch {
      this.note = t(this.locale, 'counter.reprintFailed');
    }
    setTimeout(() => void this.load(), 1500);
  }

  render() {
    if (this.rows.length === 0) return nothing;
    const l = this.locale;
    return html`<section id="printers">
      <h2>${t(l, 'counter.printersTitle')}</h2>
      <ul>${this.rows.map((r) => {
        const st = r.status?.state ?? 'unknown';
        return html`<li data-device=${r.deviceId}>
          <span class="name">${r.name}</span>
          <span class="state ${st}">${t(l, `print.state_${st}` as StringKey)}</span>
          <button class="reprint" @click=${() => this.reprint(r)}>${t(l, 'counter.reprint')}</button>
        </li>`;
      })}</ul>
      ${this.note ? html`<div class="note" role="status">${this.note}</div>` : nothing}
    </section>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-printers': CounterPrinters } }
