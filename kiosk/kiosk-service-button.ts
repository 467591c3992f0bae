// One service on the kiosk: its letter, Vietnamese name (English under it), and how many wait,
// or why it does not issue now (greyed, still visible). Fires `service-select` {serviceId}.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import type { ServiceView } from './kiosk-data.js';

@customElement('kiosk-service-button')
export class KioskServiceButton extends LitElement {
  @property({ attribute: false }) view!: ServiceView;
  @property() lang: Lang = 'vi';
  /** True while the hub is unreachable: counts are unknown and nothing can be issued. */
  @property({ type: Boolean }) offline = false;

  static styles = css`
    :host { display: block; container-type: size; min-height: 0; }
    button {
      width: 100%; height: 100%; display: flex; align-items: stretch; gap: 0; padding: 0;
      border: 3px solid var(--luot-primary); border-radius: var(--luot-radius);
      background: var(--luot-surface); color: var(--luot-text); font: inherit; text-align: left;
      box-shadow: var(--luot-shadow); cursor: pointer; overflow: hidden;
      transition: transform 80ms ease-out;
    }
    button:active:not(:disabled) { transform: scale(0.98); background: var(--luot-primary-soft); }
    .letter {
      flex: none; width: min(26cqw, 70cqh); display: grid; place-items: center;
      background: var(--luot-primary); color: var(--luot-surface); font-weight: 800;
      font-size: clamp(48px, min(22cqw, 52cqh), 150px); line-height: 1;
    }
    .body { flex: 1; min-width: 0; display: flex; flex-direction: column; justify-content: center;
      gap: clamp(4px, 2cqh, 12px); padding: clamp(10px, 5cqh, 24px) clamp(12px, 4cqw, 28px); }
    .vi { font-size: clamp(22px, min(7.4cqw, 13cqh), 40px); font-weight: 800; line-height: 1.18;
      display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
    .vi.long { font-size: clamp(20px, min(6.4cqw, 11cqh), 34px); -webkit-line-clamp: 4; }
    .en { font-size: clamp(16px, min(4.4cqw, 8cqh), 24px); color: var(--luot-text-muted); line-height: 1.2;
      display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
    .status { font-size: clamp(18px, min(5.4cqw, 10cqh), 30px); font-weight: 700; color: var(--luot-primary); }
    .status .est { display: block; font-weight: 400; color: var(--luot-text-muted); }
    .closed { display: inline-block; background: var(--luot-text-muted); color: var(--luot-surface);
      border-radius: var(--luot-radius-s); padding: 2px 12px; }
    .opens { display: block; font-weight: 400; color: var(--luot-text-muted); font-size: 0.85em; margin-top: 4px; }
    button:disabled { cursor: default; border-color: var(--luot-border); box-shadow: none; background: color-mix(in srgb, var(--luot-border) 45%, var(--luot-bg)); }
    button:disabled .letter { background: color-mix(in srgb, var(--luot-text-muted) 55%, var(--luot-border)); }
    button:disabled .vi { color: var(--luot-text-muted); }
  `;

  private select() {
    this.dispatchEvent(new CustomEvent('service-select', { detail: { serviceId: this.view.service.id }, bubbles: true, composed: true }));
  }

  private status() {
    const { availability: a, waiting, estimatedWaitSeconds } = this.view;
    const lang = this.lang;
    if (this.offline) return html`<span class="status">—</span>`;
    if (a.state !== 'open') {
      const label = a.state === 'cap' ? t(lang, 'kiosk.capReached')
        : a.state === 'outside_hours' ? t(lang, 'kiosk.outsideHours')
        : a.state === 'closed_day' ? t(lang, 'kiosk.closedDay') : t(lang, 'kiosk.inactive');
      const opens = a.state === 'outside_hours' && a.opensAt ? t(lang, 'kiosk.opensAt', { time: a.opensAt }) : '';
      return html`<span class="status"><span class="closed">${label}</span>${opens ? html`<span class="opens">${opens}</span>` : nothing}</span>`;
    }
    if (waiting === 0) return html`<span class="status">${t(lang, 'kiosk.waitingNone')}</span>`;
    const minutes = Math.ceil(estimatedWaitSeconds / 60);
    return html`<span class="status">${t(lang, 'kiosk.waitingCount', { n: waiting })}${minutes > 0
      ? html`<span class="est">${t(lang, 'kiosk.waitAbout', { n: minutes })}</span>` : nothing}</span>`;
  }

  render() {
    const { service, availability } = this.view;
    const vi = service.name.vi;
    const en = service.name.en;
    const primary = this.lang === 'en' && en ? en : vi;
    const secondary = this.lang === 'en' ? (en ? vi : '') : (en ?? '');
    const disabled = this.offline || availability.state !== 'open';
    return html`<button type="button" ?disabled=${disabled} @click=${this.select} data-code=${service.code}
        aria-label="${service.code} ${primary}">
      <span class="letter" aria-hidden="true">${service.code}</span>
      <span class="body">
        <span class="vi ${primary.length > 28 ? 'long' : ''}" lang=${this.lang === 'en' && en ? 'en' : 'vi'}>${primary}</span>
        ${secondary ? html`<span class="en" lang=${this.lang === 'en' ? 'vi' : 'en'}>${secondary}</span>` : nothing}
        ${this.status()}
      </span>
    </button>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-service-button': KioskServiceButton } }
