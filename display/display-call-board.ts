// Every counter of the site with the number it serves now; the counter of the newest call is
// highlighted. Sized for a 1920x1080 TV read from 10 m; more counters make smaller cells, but no
// text under 28 px.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Counter, Lang, Ticket } from '../common/types.js';
import { t } from '../common/i18n/index.js';

export function boardColumns(n: number): number {
  if (n <= 3) return Math.max(1, n);
  if (n <= 8) return Math.ceil(n / 2);
  if (n <= 15) return Math.ceil(n / 3);
  return Math.ceil(n / 4);
}

const GENERIC_NAME = /^(quầy|counter)\s*(số\s*)?\d+$/i;

@customElement('display-call-board')
export class DisplayCallBoard extends LitElement {
  @property({ attribute: false }) counters: Counter[] = [];
  @property({ attribute: false }) current: Record<string, Ticket | null> = {};
  @property() highlight = '';
  @property() lang: Lang = 'vi';

  static styles = css`
    :host { display: block; min-height: 0; }
    .grid { display: grid; gap: 16px; height: 100%; }
    .cell { container-type: size; min-height: 0; border-radius: var(--luot-radius); background: color-mix(in srgb, var(--luot-display-text) 7%, transparent);
      border: 4px solid color-mix(in srgb, var(--luot-display-text) 16%, transparent); display: flex; flex-direction: column; overflow: hidden; }
    .head { background: color-mix(in srgb, var(--luot-display-text) 12%, transparent); padding: 0.15em 0.5em; font-weight: 800; letter-spacing: 0.04em;
      font-size: clamp(var(--luot-size-xl), 19cqh, 48px); display: flex; align-items: baseline; gap: 0.5em; white-space: nowrap; }
    .head small { font-weight: 400; font-size: max(var(--luot-size-xl), 0.6em); opacity: 0.85; overflow: hidden; text-overflow: ellipsis; }
    .body { flex: 1; display: grid; place-items: center; min-height: 0; }
    .num { font-size: clamp(48px, min(56cqh, 27cqw), 150px); font-weight: 800; line-height: 1; font-variant-numeric: tabular-nums; }
    .state { font-size: clamp(var(--luot-size-xl), 18cqh, 44px); opacity: 0.75; }
    .cell.closed { opacity: 0.5; }
    .cell.paused .state { color: var(--luot-gold); opacity: 1; }
    .cell.hl { border-color: var(--luot-gold); background: color-mix(in srgb, var(--luot-gold) 16%, transparent); }
    .cell.hl .head { background: var(--luot-gold); color: var(--luot-display-bg); }
    .cell.hl .num { color: var(--luot-gold); }
  `;

  render() {
    const n = this.counters.length;
    const cols = boardColumns(n);
    const rows = Math.max(1, Math.ceil(n / cols));
    return html`<div class="grid" style="grid-template-columns: repeat(${cols}, minmax(0, 1fr)); grid-template-rows: repeat(${rows}, minmax(0, 1fr));">
      ${this.counters.map((c) => {
        const tk = this.current[c.id] ?? null;
        const cls = ['cell', c.status, c.id === this.highlight && tk ? 'hl' : ''].join(' ');
        const extra = c.name && !GENERIC_NAME.test(c.name.trim()) ? c.name : '';
        return html`<div class=${cls} data-counter=${c.number}>
          <div class="head">${t(this.lang, 'display.counterLabel', { number: c.number })}${extra ? html`<small>${extra}</small>` : nothing}</div>
          <div class="body">${tk ? html`<span class="num" data-counter-ticket>${tk.number}</span>`
            : html`<span class="state">${c.status === 'closed' ? t(this.lang, 'display.counterClosed')
              : c.status === 'paused' ? t(this.lang, 'display.counterPaused') : '—'}</span>`}</div>
        </div>`;
      })}
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'display-call-board': DisplayCallBoard } }
