// How many wait for each active service: the letter, the count, and the name.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang, QueueSnapshot, Service } from '../common/types.js';
import { t } from '../common/i18n/index.js';

@customElement('display-waiting')
export class DisplayWaiting extends LitElement {
  @property({ attribute: false }) services: Service[] = [];
  @property({ attribute: false }) waiting: QueueSnapshot['waiting'] = [];
  @property() lang: Lang = 'vi';

  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    h2 { margin: 0 0 12px; font-size: 36px; font-weight: 800; letter-spacing: 0.03em; display: flex; align-items: baseline; gap: 16px; }
    h2 small { font-size: 24px; font-weight: 400; opacity: 0.7; }
    .grid { flex: 1; min-height: 0; display: grid; grid-template-columns: 1fr 1fr; grid-auto-rows: minmax(0, 1fr); gap: 10px; }
    .item { container-type: size; min-height: 0; display: flex; align-items: center; gap: 12px; padding: 0 12px;
      border-radius: var(--luot-radius-s); background: color-mix(in srgb, var(--luot-display-text) 7%, transparent); overflow: hidden; }
    .code { flex: none; width: clamp(36px, 70cqh, 60px); height: clamp(36px, 70cqh, 60px); border-radius: 10px;
      display: grid; place-items: center; background: var(--luot-display-text); color: var(--luot-display-bg); font-weight: 800; font-size: clamp(24px, 52cqh, 44px); }
    .name { flex: 1; min-width: 0; font-size: clamp(16px, 24cqh, 22px); line-height: 1.15; opacity: 0.85;
      display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
    .count { flex: none; font-size: clamp(28px, 58cqh, 48px); font-weight: 800; font-variant-numeric: tabular-nums; }
    .count.zero { opacity: 0.5; }
  `;

  render() {
    const other: Lang = this.lang === 'vi' ? 'en' : 'vi';
    const counts = new Map(this.waiting.map((w) => [w.serviceId, w.count]));
    const services = this.services.filter((s) => s.active);
    const rows = Math.max(1, Math.ceil(services.length / 2));
    return html`<h2>${t(this.lang, 'display.waiting')}<small lang=${other}>${t(other, 'display.waiting')}</small></h2>
      <div class="grid" style="grid-template-rows: repeat(${rows}, minmax(0, 1fr));">
        ${services.map((s) => {
          const n = counts.get(s.id) ?? 0;
          const name = (this.lang === 'en' ? s.name.en : undefined) ?? s.name.vi;
          return html`<div class="item" data-waiting=${s.code}>
            <span class="code">${s.code}</span><span class="name">${name}</span>
            <span class="count ${n === 0 ? 'zero' : ''}">${n}</span></div>`;
        })}
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'display-waiting': DisplayWaiting } }
