// The ticket being served at this counter: its number, service, priority, the service timer, the
// dossier codes (mã hồ sơ) attached to it, and the field to type (or scan) one more. Emits
// `dossier-input` {value}, `dossier-add` {value} (Enter or the button with a code in the field) and
// `complete` (Enter in the empty field). Attached codes stay: the hub keeps them with the ticket.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Counter, Lang, Service, Ticket } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { baseStyles, formatDuration } from './counter-styles.js';

@customElement('counter-current')
export class CounterCurrent extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ attribute: false }) ticket: Ticket | null = null;
  @property({ attribute: false }) service: Service | undefined;
  @property({ attribute: false }) counter: Counter | null = null;
  @property({ type: Number }) nowMs = Date.now();
  @property() dossier = '';

  static styles = [baseStyles, css`
    :host { display: block; }
    .panel {
      background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow);
      padding: var(--luot-space-3) var(--luot-space-4); border-left: 8px solid var(--luot-border); min-height: 208px;
      display: flex; flex-direction: column; gap: var(--luot-space-2);
    }
    .panel.serving { border-left-color: var(--luot-accent); }
    .panel.paused { border-left-color: var(--luot-warn); background: var(--luot-warn-soft); }
    .label { text-transform: uppercase; letter-spacing: 0.06em; font-weight: 700; color: var(--luot-text-muted); font-size: var(--luot-size-s); }
    .top { display: flex; align-items: flex-start; justify-content: space-between; gap: var(--luot-space-4); }
    .number { font-size: var(--luot-size-3xl); font-weight: 800; line-height: 1; color: var(--luot-accent); font-variant-numeric: tabular-nums; }
    .svc { font-size: var(--luot-size-l); font-weight: 600; margin-top: var(--luot-space-1); }
    .meta { display: flex; gap: var(--luot-space-2); align-items: center; margin-top: var(--luot-space-1); flex-wrap: wrap; color: var(--luot-text-muted); }
    .timer { text-align: right; }
    .timer .value { font-size: var(--luot-size-2xl); font-weight: 800; font-variant-numeric: tabular-nums; color: var(--luot-primary-strong); }
    .timer.long .value { color: var(--luot-warn); }
    label { display: flex; flex-direction: column; gap: 4px; font-weight: 600; font-size: var(--luot-size-s); color: var(--luot-text-muted); }
    input { font-family: var(--luot-font-mono); }
    .empty { display: flex; flex-direction: column; justify-content: center; flex: 1; gap: var(--luot-space-2); }
    .empty .big { font-size: var(--luot-size-xl); font-weight: 700; }
    .empty .hint { color: var(--luot-text-muted); font-size: var(--luot-size-l); }
    .paused .big { color: var(--luot-warn); }
    .dossier-row { display: flex; gap: var(--luot-space-2); align-items: stretch; }
    .dossier-row input { flex: 1; font-size: var(--luot-size-l); min-height: 48px; }
    .dossier-row button { min-height: 48px; font-weight: 700; }
    .hint { font-weight: 400; color: var(--luot-text-muted); font-size: var(--luot-size-s); }
    .dossiers { display: flex; flex-wrap: wrap; gap: var(--luot-space-2); align-items: center; margin: 0; padding: 0; list-style: none; }
    .dossiers .title { font-weight: 700; color: var(--luot-text-muted); font-size: var(--luot-size-s); margin-right: var(--luot-space-1); }
    .dossiers li.code {
      font-family: var(--luot-font-mono); font-size: var(--luot-size-m); font-weight: 700; padding: 4px 12px; border-radius: 999px;
      background: var(--luot-primary-soft); color: var(--luot-primary-strong); border: 1px solid var(--luot-primary);
    }
    .dossiers li.none { color: var(--luot-text-muted); font-style: italic; }
  `];

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.repeat) return;
    e.preventDefault();
    e.stopPropagation();
    const input = e.target as HTMLInputElement;
    if (input.value.trim()) this.emit('dossier-add', { value: input.value.trim() });
    else this.emit('complete');
  }

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  render() {
    const l = this.locale;
    if (this.counter?.status === 'paused') {
      return html`<div class="panel paused" data-state="paused"><div class="empty">
        <span class="big">${t(l, 'counter.pausedBanner', { reason: this.counter.pauseReason ?? '' })}</span>
        <span class="hint">${t(l, 'counter.pausedHint')}</span>
      </div></div>`;
    }
    const tk = this.ticket;
    if (!tk) {
      return html`<div class="panel" data-state="idle"><div class="empty">
        <span class="label">${t(l, 'counter.serving')}</span>
        <span class="big">${t(l, 'counter.noCurrent')}</span>
        <span class="hint">${t(l, 'counter.noCurrentHint')}</span>
      </div></div>`;
    }
    const codes = tk.dossierCodes ?? [];
    const since = tk.calledAt ? (this.nowMs - Date.parse(tk.calledAt)) / 1000 : 0;
    return html`
      <div class="panel serving" data-state="serving">
        <div class="top">
          <div>
            <div class="label">${t(l, 'counter.serving')}</div>
            <div class="number" id="current-number">${tk.number}</div>
            <div class="svc">${this.service ? (this.service.name[l] ?? this.service.name.vi) : ''}</div>
            <div class="meta">
              ${tk.priority ? html`<span class="priority">★ ${t(l, `common.priority_${tk.priority}`)}</span>` : ''}
              ${tk.recalls ? html`<span>${t(l, 'counter.recalled', { n: tk.recalls })}</span>` : ''}
            </div>
          </div>
          <div class="timer ${since > 15 * 60 ? 'long' : ''}">
            <div class="label">${t(l, 'counter.serviceTime')}</div>
            <div class="value" id="service-timer">${formatDuration(since)}</div>
          </div>
        </div>
        <ul class="dossiers" id="dossier-list" aria-live="polite">
          <li class="title">${t(l, 'counter.dossierList', { n: codes.length })}</li>
          ${codes.length
            ? codes.map((c) => html`<li class="code" data-code=${c}>${c}</li>`)
            : html`<li class="none">${t(l, 'counter.dossierNone')}</li>`}
        </ul>
        <label for="dossier">${t(l, 'counter.dossierCode')} <span class="hint">${t(l, 'counter.dossierHint')}</span></label>
        <div class="dossier-row">
          <input id="dossier" .value=${this.dossier} placeholder=${t(l, 'counter.dossierPlaceholder')}
            autocomplete="off" spellcheck="false" maxlength="64"
            @input=${(e: Event) => this.emit('dossier-input', { value: (e.target as HTMLInputElement).value })}
            @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
          <button id="dossier-add" ?disabled=${!this.dossier.trim()}
            @click=${() => this.emit('dossier-add', { value: this.dossier.trim() })}>${t(l, 'counter.dossierAdd')}</button>
        </div>
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-current': CounterCurrent } }
