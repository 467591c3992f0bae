// "Tôi có lịch hẹn": the appointment code on a large number pad (8 digits), or from a QR scanner
// (the booking's code, or the chip ID card's QR: the app sends that to the hub, which keeps nothing)
// (the app feeds scans and keys from a keyboard in with `typeDigit`, `backspace`, `submit`).
// Fires `code-submit` {code} when 8 digits are there and the citizen touches "Nhận số", and `back`.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { APPOINTMENT_CODE_LENGTH } from '../common/appointments.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';

@customElement('kiosk-appointment')
export class KioskAppointment extends LitElement {
  @property() lang: Lang = 'vi';
  @property({ type: Boolean }) busy = false;
  @property({ type: Boolean }) disabled = false;
  /** A refusal to show (already in the citizen's language). */
  @property() error = '';
  /** Where citizens book, shown as a hint. */
  @property() bookUrl = '';
  /** Who to ask about personal data (the notice under the ID card hint). */
  @property() contact = '';
  @state() private digits = '';

  static styles = css`
    :host { display: flex; flex-direction: column; gap: var(--luot-space-4); height: 100%; min-height: 0; }
    .top { display: grid; gap: var(--luot-space-3); }
    h2 { margin: 0; font-size: var(--luot-size-3xl); line-height: 1.1; color: var(--luot-primary-strong); }
    .hint { font-size: var(--luot-size-xl); color: var(--luot-text-muted); }
    .code { display: grid; grid-template-columns: repeat(4, 1fr) 24px repeat(4, 1fr); gap: var(--luot-space-2); }
    .slot { aspect-ratio: 3 / 4; max-height: 150px; display: grid; place-items: center; border-radius: var(--luot-radius);
      border: 3px solid var(--luot-border); background: var(--luot-surface); font-size: clamp(48px, 7vmin, 96px); font-weight: 800;
      color: var(--luot-primary-strong); font-variant-numeric: tabular-nums; }
    .slot.next { border-color: var(--luot-primary); box-shadow: 0 0 0 4px var(--luot-primary-soft); }
    .error { background: var(--luot-danger-soft); color: var(--luot-danger); border: 3px solid var(--luot-danger); border-radius: var(--luot-radius);
      padding: var(--luot-space-3) var(--luot-space-4); font-size: var(--luot-size-2xl); font-weight: 700; }
    .pad { flex: 1; min-height: 0; display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: 1fr; gap: var(--luot-space-3); }
    .pad button { min-height: var(--luot-touch-min); border-radius: var(--luot-radius); border: 3px solid var(--luot-primary);
      background: var(--luot-surface); color: var(--luot-primary-strong); font: inherit; font-size: clamp(40px, 6vmin, 72px); font-weight: 800;
      cursor: pointer; box-shadow: var(--luot-shadow); display: grid; place-items: center; }
    .pad button.fn { font-size: var(--luot-size-xl); border-color: var(--luot-text-muted); color: var(--luot-text); }
    .pad button:active:not(:disabled) { transform: scale(0.97); background: var(--luot-primary-soft); }
    .pad svg { width: 56px; height: 56px; }
    button:disabled { opacity: 0.45; cursor: default; }
    .foot { display: flex; gap: var(--luot-space-4); align-items: center; }
    .submit { flex: 1; min-height: calc(var(--luot-touch-min) * 1.4); border: none; border-radius: var(--luot-radius); background: var(--luot-primary);
      color: var(--luot-surface); font: inherit; font-size: var(--luot-size-3xl); font-weight: 800; cursor: pointer; box-shadow: var(--luot-shadow); }
    .back { min-height: calc(var(--luot-touch-min) * 1.4); min-width: 240px; border-radius: var(--luot-radius); border: 3px solid var(--luot-text-muted);
      background: var(--luot-surface); color: var(--luot-text); font: inherit; font-size: var(--luot-size-xl); font-weight: 700; cursor: pointer; }
    .book { font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    .notice { font-size: var(--luot-size-l); line-height: 1.4; color: var(--luot-text-muted); border-left: 4px solid var(--luot-border); padding-left: var(--luot-space-3); }
    .notice p { margin: 0 0 4px; }
    @media (orientation: landscape) {
      :host { display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: 1fr auto; column-gap: var(--luot-space-5); }
      .top { align-content: center; }
      h2 { font-size: calc(var(--luot-size-3xl) * 0.8); }
      .pad { grid-row: 1; grid-column: 2; }
      .foot { grid-column: 1 / -1; }
    }
  `;

  /** Digits typed on a keyboard or the pad. */
  typeDigit(d: string): void {
    if (this.busy || !/^\d$/.test(d) || this.digits.length >= APPOINTMENT_CODE_LENGTH) return;
    this.digits += d;
  }

  backspace(): void { if (!this.busy) this.digits = this.digits.slice(0, -1); }

  clear(): void { this.digits = ''; }

  submit(): void {
    if (this.busy || this.disabled || this.digits.length !== APPOINTMENT_CODE_LENGTH) return;
    this.dispatchEvent(new CustomEvent('code-submit', { detail: { code: this.digits }, bubbles: true, composed: true }));
  }

  render() {
    const lang = this.lang;
    const full = this.digits.length === APPOINTMENT_CODE_LENGTH;
    const slots = Array.from({ length: APPOINTMENT_CODE_LENGTH }, (_, i) => html`<div class="slot ${i === this.digits.length ? 'next' : ''}" data-slot=${i}>${this.digits[i] ?? ''}</div>`);
    const key = (d: string) => html`<button type="button" data-key=${d} ?disabled=${this.busy || full} @click=${() => this.typeDigit(d)}>${d}</button>`;
    return html`
      <div class="top">
        <h2>${t(lang, 'kiosk.appointmentTitle')}</h2>
        <div class="hint">${t(lang, 'kiosk.appointmentHint')}</div>
        <div class="code" data-code=${this.digits} aria-label=${t(lang, 'kiosk.appointmentTitle')}>${slots.slice(0, 4)}<span></span>${slots.slice(4)}</div>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        ${this.bookUrl ? html`<div class="book">${t(lang, 'kiosk.appointmentHowTo', { url: this.bookUrl })}</div>` : nothing}
        <div class="notice" data-privacy-notice>
          <p lang="vi">${t('vi', 'common.privacyNoticeCard', { contact: this.contact })}</p>
          <p lang="en">${t('en', 'common.privacyNoticeCard', { contact: this.contact })}</p>
        </div>
      </div>
      <div class="pad">
        ${['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(key)}
        <button type="button" class="fn" data-key="clear" ?disabled=${this.busy} @click=${() => this.clear()}>${t(lang, 'kiosk.appointmentClear')}</button>
        ${key('0')}
        <button type="button" class="fn" data-key="backspace" aria-label=${t(lang, 'kiosk.appointmentBackspace')} ?disabled=${this.busy} @click=${() => this.backspace()}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M22 3H7c-.7 0-1.2.3-1.6.9L0 12l5.4 8.1c.4.6.9.9 1.6.9h15c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2zm-3 12.6L17.6 17 14 13.4 10.4 17 9 15.6l3.6-3.6L9 8.4 10.4 7l3.6 3.6L17.6 7 19 8.4 15.4 12z"/></svg></button>
      </div>
      <div class="foot">
        <button type="button" class="back" @click=${() => this.dispatchEvent(new CustomEvent('back', { bubbles: true, composed: true }))}>${t(lang, 'kiosk.back')}</button>
        <button type="button" class="submit" data-submit ?disabled=${!full || this.busy || this.disabled} @click=${() => this.submit()}>${t(lang, 'kiosk.appointmentSubmit')}</button>
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-appointment': KioskAppointment } }
