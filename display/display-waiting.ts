// How many wait for each active service: the letter, the name and the count, one service a row so
// that the name can be read from the back of the hall (28 px at least; a name too long for its row
// ends in "…", and wraps to two lines when there are few services). More services than a page
// holds are shown a page at a time; the app turns the pages.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang, QueueSnapshot, Service } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { WAITING_PER_PAGE, waitingPages } from './display-state.js';

@customElement('display-waiting')
export class DisplayWaiting extends LitElement {
  @property({ attribute: false }) services: Service[] = [];
  @property({ attribute: false }) waiting: QueueSnapshot['waiting'] = [];
  @property() lang: Lang = 'vi';
  @property({ type: Number }) page = 0;
  @property({ type: Number }) perPage = WAITING_PER_PAGE;

  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    :host([hidden]) { display: none; }
    h2 { margin: 0 0 8px; font-size: 36px; font-weight: 800; letter-spacing: 0.03em; display: flex; align-items: baseline; gap: 16px; line-height: 1.15; }
    h2 small { font-size: var(--luot-size-xl); font-weight: 400; opacity: 0.75; }
    h2 .page { margin-left: auto; font-size: var(--luot-size-xl); font-weight: 700; opacity: 0.75; font-variant-numeric: tabular-nums; }
    .grid { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr); gap: 5px; }
    .item { container-type: size; min-height: 0; display: flex; align-items: center; gap: 14px; padding: 0 14px 0 0;
      border-radius: var(--luot-radius-s); background: color-mix(in srgb, var(--luot-display-text) 7%, transparent); overflow: hidden; }
    .code { flex: none; width: clamp(40px, 100cqh, 64px); height: clamp(40px, 100cqh, 64px); border-radius: var(--luot-radius-s);
      display: grid; place-items: center; background: var(--luot-display-text); color: var(--luot-display-bg); font-weight: 800;
      font-size: clamp(var(--luot-size-xl), 72cqh, 48px); line-height: 1; }
    .name { flex: 1; min-width: 0; font-size: clamp(var(--luot-size-xl), 64cqh, 34px); font-weight: 600; line-height: 1.15;
      white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    /* a row tall enough for two lines: wrap, and end a longer name with "…" */
    @container (min-height: 84px) {
      .name { white-space: normal; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
    }
    .count { flex: none; min-width: 1.3em; text-align: right; font-size: clamp(40px, 104cqh, 64px); font-weight: 800; line-height: 1;
      font-variant-numeric: tabular-nums; }
    .count.zero { opacity: 0.5; }
  `;

  render() {
    const other: Lang = this.lang === 'vi' ? 'en' : 'vi';
    const counts = new Map(this.waiting.map((w) => [w.serviceId, w.count]));
    const pages = waitingPages(this.services, this.perPage);
    const pageNo = Math.min(Math.max(0, this.page), pages.length - 1);
    const services = pages[pageNo]!;
    // rows never taller than a page of six: a few services keep the same look as many
    const rows = Math.max(6, services.length);
    return html`<h2>${t(this.lang, 'display.waiting')}<small lang=${other}>${t(other, 'display.waiting')}</small>
        ${pages.length > 1 ? html`<span class="page">${pageNo + 1}/${pages.length}</span>` : ''}</h2>
      <div class="grid" style="grid-template-rows: repeat(${rows}, minmax(0, 1fr));">
        ${services.map((s) => {
          const n = counts.get(s.id) ?? 0;
          const name = (this.lang === 'en' ? s.name.en : undefined) ?? s.name.vi;
          return html`<div class="item" data-waiting=${s.code}>
            <span class="code">${s.code}</span><span class="name" title=${name}>${name}</span>
            <span class="count ${n === 0 ? 'zero' : ''}">${n}</span></div>`;
        })}
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'display-waiting': DisplayWaiting } }
