// What waits for this counter, in the order it would call them: per-service counts on top, then
// each ticket with its service, priority label and waiting time (ticking). Emits `call-ticket`
// {ticketId} when the officer calls one out of order.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Lang, Service, Ticket } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { baseStyles, formatDuration } from './counter-styles.js';

@customElement('counter-queue-list')
export class CounterQueueList extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ attribute: false }) tickets: Ticket[] = [];
  @property({ attribute: false }) services: Service[] = [];
  @property({ attribute: false }) counts: { service: Service; count: number }[] = [];
  @property({ type: Number }) nowMs = Date.now();
  @property({ type: Boolean }) canCall = false;
  @property({ type: Boolean }) loaded = false;

  static styles = [baseStyles, css`
    :host {
      display: flex; flex-direction: column; min-height: 0; background: var(--luot-surface);
      border-radius: var(--luot-radius); box-shadow: var(--luot-shadow); overflow: hidden;
    }
    header { padding: var(--luot-space-3) var(--luot-space-3) var(--luot-space-2); border-bottom: 1px solid var(--luot-border); }
    h2 { margin: 0 0 var(--luot-space-2); font-size: var(--luot-size-l); display: flex; justify-content: space-between; align-items: baseline; }
    h2 .total { color: var(--luot-primary); font-size: var(--luot-size-xl); }
    .counts { display: flex; flex-wrap: wrap; gap: 6px; }
    .count { display: inline-flex; gap: 6px; align-items: baseline; background: var(--luot-primary-soft); border-radius: 8px; padding: 2px 10px; }
    .count b { color: var(--luot-primary-strong); }
    ol { list-style: none; margin: 0; padding: 0; overflow-y: auto; flex: 1; }
    li {
      display: grid; grid-template-columns: 92px 1fr auto; align-items: center; gap: var(--luot-space-2);
      padding: var(--luot-space-2) var(--luot-space-3); border-bottom: 1px solid var(--luot-border);
    }
    li:first-child { background: var(--luot-primary-soft); }
    li.prio { box-shadow: inset 6px 0 0 var(--luot-priority); }
    .num { font-size: var(--luot-size-xl); font-weight: 800; font-variant-numeric: tabular-nums; display: flex; flex-direction: column; line-height: 1.1; }
    .num .next { font-size: var(--luot-size-s); font-weight: 700; color: var(--luot-primary); text-transform: uppercase; letter-spacing: 0.04em; }
    .info { display: flex; flex-direction: column; gap: 2px; min-width: 0; overflow: hidden; }
    .svc { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: var(--luot-text-muted); font-size: var(--luot-size-s); }
    .wait { font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
    .wait.long { color: var(--luot-warn); }
    .line { display: flex; gap: var(--luot-space-2); align-items: center; }
    li button { min-height: 44px; min-width: 64px; padding: 4px 12px; font-weight: 700; }
    .empty { padding: var(--luot-space-5) var(--luot-space-3); text-align: center; color: var(--luot-text-muted); font-size: var(--luot-size-l); }
  `];

  private call(ticketId: string, e: Event): void {
    (e.currentTarget as HTMLElement).blur();
    this.dispatchEvent(new CustomEvent('call-ticket', { detail: { ticketId }, bubbles: true, composed: true }));
  }

  render() {
    const l = this.locale;
    const total = this.counts.reduce((n, c) => n + c.count, 0);
    return html`
      <header>
        <h2><span>${t(l, 'counter.waitingTitle')}</span><span class="total" id="waiting-total">${total}</span></h2>
        <div class="counts" aria-label=${t(l, 'counter.waitingByService')}>
          ${this.counts.map((c) => html`<span class="count" title=${c.service.name[l] ?? c.service.name.vi}>
            <b>${c.service.code}</b> ${c.count}</span>`)}
        </div>
      </header>
      ${this.tickets.length ? html`<ol id="waiting-list">
        ${repeat(this.tickets, (tk) => tk.id, (tk, i) => {
          const svc = this.services.find((s) => s.id === tk.serviceId);
          const waited = (this.nowMs - Date.parse(tk.issuedAt)) / 1000;
          return html`<li class=${tk.priority ? 'prio' : ''} data-number=${tk.number}>
            <span class="num">${tk.number}${i === 0 ? html`<small class="next">${t(l, 'counter.nextUp')}</small>` : ''}</span>
            <span class="info">
              <span class="line">
                ${tk.priority ? html`<span class="priority">★ ${t(l, `common.priority_${tk.priority}`)}</span>` : ''}
                <span class="wait ${waited > 30 * 60 ? 'long' : ''}">${t(l, 'counter.waitedFor', { time: formatDuration(waited) })}</span>
              </span>
              <span class="svc">${svc ? `${svc.code} · ${svc.name[l] ?? svc.name.vi}` : ''}</span>
            </span>
            <button ?disabled=${!this.canCall} title=${t(l, 'counter.callThis')} aria-label=${`${t(l, 'counter.callThis')} ${tk.number}`}
              @click=${(e: Event) => this.call(tk.id, e)}>${t(l, 'counter.callShort')}</button>
          </li>`;
        })}
      </ol>` : html`<div class="empty">${this.loaded ? t(l, 'counter.waitingEmpty') : t(l, 'counter.loading')}</div>`}
    `;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-queue-list': CounterQueueList } }
