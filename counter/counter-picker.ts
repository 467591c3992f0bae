// The choice of a counter at the officer's site. Emits `pick-counter` {counterId} and
// `site-change` {siteId}. A counter held by another officer stays clickable: the hub's answer
// (counter_held, naming the holder) is what the officer then reads.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Counter, Lang, Service } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { baseStyles, counterExtraName } from './counter-styles.js';
import type { SiteRef } from './counter-session.js';

@customElement('counter-picker')
export class CounterPicker extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ attribute: false }) sites: SiteRef[] = [];
  @property() siteId: string | null = null;
  @property({ attribute: false }) counters: Counter[] = [];
  @property({ attribute: false }) services: Service[] = [];
  @property() userId: string | null = null;
  @property({ type: Boolean }) busy = false;
  @property({ type: Boolean }) loaded = false;

  static styles = [baseStyles, css`
    :host { display: block; padding: var(--luot-space-4) var(--luot-space-5); height: 100%; overflow: auto; }
    header { display: flex; align-items: flex-end; justify-content: space-between; gap: var(--luot-space-4); margin-bottom: var(--luot-space-4); }
    h1 { margin: 0 0 var(--luot-space-1); font-size: var(--luot-size-2xl); color: var(--luot-primary-strong); }
    p { margin: 0; color: var(--luot-text-muted); }
    label { display: flex; flex-direction: column; gap: 4px; font-weight: 600; min-width: 320px; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: var(--luot-space-3); }
    .card {
      text-align: left; display: flex; flex-direction: column; gap: var(--luot-space-2); padding: var(--luot-space-3);
      border-radius: var(--luot-radius); border: 2px solid var(--luot-border); background: var(--luot-surface);
      box-shadow: var(--luot-shadow); min-height: 150px;
    }
    .card:hover:not(:disabled) { border-color: var(--luot-primary); }
    .card.mine { border-color: var(--luot-ok); background: var(--luot-ok-soft); }
    .card.held { background: var(--luot-bg); }
    .num { font-size: var(--luot-size-2xl); font-weight: 800; color: var(--luot-primary-strong); line-height: 1; }
    .name { font-size: var(--luot-size-l); font-weight: 600; }
    .codes { display: flex; flex-wrap: wrap; gap: 4px; }
    .code { background: var(--luot-primary-soft); color: var(--luot-primary-strong); border-radius: 6px; padding: 2px 8px; font-weight: 700; }
    .state { font-weight: 700; margin-top: auto; }
    .state.free { color: var(--luot-ok); }
    .state.held { color: var(--luot-warn); }
    .state.mine { color: var(--luot-ok); }
    .empty { padding: var(--luot-space-5); text-align: center; color: var(--luot-text-muted); font-size: var(--luot-size-l); }
  `];

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private renderCard(c: Counter) {
    const l = this.locale;
    const mine = !!c.officer && c.officer.id === this.userId && c.status !== 'closed';
    const held = !!c.officer && !mine && c.status !== 'closed';
    const codes = c.serviceIds.map((id) => this.services.find((s) => s.id === id)).filter((s): s is Service => !!s);
    const state = mine ? html`<span class="state mine">${t(l, 'counter.counterYours')}</span>`
      : held ? html`<span class="state held">${c.status === 'paused'
        ? t(l, 'counter.counterPausedBy', { name: c.officer!.name })
        : t(l, 'counter.counterHeldBy', { name: c.officer!.name })}</span>`
      : html`<span class="state free">${t(l, 'counter.counterFree')}</span>`;
    return html`
      <button class="card ${mine ? 'mine' : held ? 'held' : ''}" data-counter=${c.number} ?disabled=${this.busy}
        @click=${() => this.emit('pick-counter', { counterId: c.id })}>
        <span class="num">${t(l, 'common.counterNumber', { number: c.number })}</span>
        ${counterExtraName(c.name, c.number) ? html`<span class="name">${c.name}</span>` : ''}
        <span class="codes">${codes.length
          ? codes.map((s) => html`<span class="code" title=${s.name[l] ?? s.name.vi}>${s.code}</span>`)
          : html`<span>${t(l, 'counter.noServices')}</span>`}</span>
        ${state}
      </button>`;
  }

  render() {
    const l = this.locale;
    return html`
      <header>
        <div>
          <h1>${t(l, 'counter.chooseCounter')}</h1>
          <p>${t(l, 'counter.chooseCounterHint')}</p>
        </div>
        ${this.sites.length > 1 ? html`
          <label>${t(l, 'counter.site')}
            <select @change=${(e: Event) => this.emit('site-change', { siteId: (e.target as HTMLSelectElement).value })}>
              ${this.sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.siteId}>${s.name}</option>`)}
            </select>
          </label>` : ''}
      </header>
      ${!this.loaded ? html`<div class="empty">${t(l, 'counter.loading')}</div>`
        : this.counters.length ? html`<div class="grid">${this.counters.map((c) => this.renderCard(c))}</div>`
        : html`<div class="empty">${t(l, 'counter.noCounters')}</div>`}
    `;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-picker': CounterPicker } }
