// The public booking page (/book) at phone size: choose the service, a day and a free time, give a
// name and a phone number, and get a code with its QR code to show at the kiosk. A second tab
// cancels by code and phone number. Refusals (full slot, limits per phone number) come from the hub,
// coded and in the page's language.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  formatAppointmentCode, normalizePhone, type Appointment, type BookingOptions, type DayAvailability,
} from '../common/appointments.js';
import { ApiError, storedLang, storeLang } from '../common/client.js';
import type { Lang, LocalText } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import '../common/ui/luot-lang-switch.js';
import '../common/ui/luot-qr.js';
import { BookData } from './book-data.js';

type Mode = 'book' | 'cancel';

@customElement('book-app')
export class BookApp extends LitElement {
  readonly data = new BookData();
  @state() private uiLang: Lang = storedLang();
  @state() private mode: Mode = 'book';
  @state() private options: BookingOptions | null = null;
  @state() private loadError = false;
  @state() private siteId = '';
  @state() private serviceId = '';
  @state() private days: DayAvailability[] | null = null;
  @state() private date = '';
  @state() private time = '';
  @state() private name = '';
  @state() private phone = '';
  @state() private birthDate = '';
  /** The explicit tick under the personal data notice; the hub refuses a booking without it. */
  @state() private consent = false;
  @state() private fieldErrors: { name?: string; phone?: string; consent?: string } = {};
  @state() private error = '';
  @state() private busy = false;
  @state() private booked: Appointment | null = null;
  @state() private cancelCode = '';
  @state() private cancelPhone = '';
  @state() private cancelled: Appointment | null = null;

  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 100vh; background: var(--luot-bg); color: var(--luot-text); font-family: var(--luot-font); }
    header { display: flex; align-items: center; gap: var(--luot-space-3); padding: var(--luot-space-3); background: var(--luot-primary); color: var(--luot-surface); }
    header .names { flex: 1; min-width: 0; line-height: 1.2; }
    header .app { font-size: var(--luot-size-s); opacity: 0.9; text-transform: uppercase; letter-spacing: 0.04em; }
    header h1 { margin: 0; font-size: var(--luot-size-l); font-weight: 800; }
    luot-lang-switch { flex: none; --luot-touch-min: 40px; --luot-size-l: 0.95rem; --luot-space-4: 12px; }
    .tabs { display: grid; grid-template-columns: 1fr 1fr; gap: 4px; margin: var(--luot-space-3) var(--luot-space-3) 0;
      background: var(--luot-primary-soft); border-radius: var(--luot-radius); padding: 4px; }
    .tabs button { min-height: 44px; border: none; border-radius: calc(var(--luot-radius) - 4px); background: transparent;
      color: var(--luot-primary-strong); font: inherit; font-weight: 700; cursor: pointer; }
    .tabs button[aria-selected='true'] { background: var(--luot-surface); box-shadow: var(--luot-shadow); }
    main { flex: 1; display: grid; gap: var(--luot-space-3); align-content: start; padding: var(--luot-space-3); }
    .intro { margin: 0; font-size: var(--luot-size-s); color: var(--luot-text-muted); line-height: 1.45; }
    section { background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow); padding: var(--luot-space-3); display: grid; gap: var(--luot-space-2); }
    h2 { margin: 0; font-size: var(--luot-size-m); color: var(--luot-primary-strong); display: flex; align-items: center; gap: var(--luot-space-2); }
    h2 .step { display: inline-grid; place-items: center; width: 24px; height: 24px; border-radius: 50%; background: var(--luot-primary); color: var(--luot-surface); font-size: var(--luot-size-s); }
    .choices { display: grid; gap: var(--luot-space-2); }
    .choice { display: flex; align-items: center; gap: var(--luot-space-2); min-height: 48px; padding: var(--luot-space-2) var(--luot-space-3);
      border-radius: var(--luot-radius-s); border: 2px solid var(--luot-border); background: var(--luot-surface); color: var(--luot-text);
      font: inherit; text-align: left; cursor: pointer; }
    .choice .code { flex: none; display: inline-grid; place-items: center; width: 32px; height: 32px; border-radius: 8px; background: var(--luot-primary-soft);
      color: var(--luot-primary-strong); font-weight: 800; }
    .choice[aria-pressed='true'] { border-color: var(--luot-primary); background: var(--luot-primary-soft); font-weight: 700; }
    .days { display: flex; gap: var(--luot-space-2); overflow-x: auto; padding-bottom: 4px; scrollbar-width: thin; }
    .day { flex: none; min-width: 84px; min-height: 56px; border-radius: var(--luot-radius-s); border: 2px solid var(--luot-border); background: var(--luot-surface);
      font: inherit; color: var(--luot-text); cursor: pointer; display: grid; place-items: center; line-height: 1.2; padding: 4px 8px; }
    .day small { font-size: var(--luot-size-s); color: var(--luot-text-muted); }
    .day[aria-pressed='true'] { border-color: var(--luot-primary); background: var(--luot-primary); color: var(--luot-surface); }
    .day[aria-pressed='true'] small { color: var(--luot-surface); }
    .times { display: grid; grid-template-columns: repeat(3, 1fr); gap: var(--luot-space-2); }
    .time { min-height: 52px; border-radius: var(--luot-radius-s); border: 2px solid var(--luot-border); background: var(--luot-surface); font: inherit;
      color: var(--luot-text); cursor: pointer; display: grid; place-items: center; line-height: 1.15; font-weight: 700; font-variant-numeric: tabular-nums; }
    .time small { font-size: 0.75rem; font-weight: 400; color: var(--luot-ok); }
    .time:disabled { opacity: 0.45; cursor: default; }
    .time:disabled small { color: var(--luot-danger); }
    .time[aria-pressed='true'] { border-color: var(--luot-primary); background: var(--luot-primary); color: var(--luot-surface); }
    .time[aria-pressed='true'] small { color: var(--luot-surface); }
    label { display: grid; gap: 4px; font-size: var(--luot-size-s); font-weight: 700; color: var(--luot-text-muted); }
    input, select { min-height: 48px; border-radius: var(--luot-radius-s); border: 2px solid var(--luot-border); padding: 0 var(--luot-space-3);
      font: inherit; font-size: var(--luot-size-m); color: var(--luot-text); background: var(--luot-surface); font-weight: 400; }
    input:focus, select:focus { outline: none; border-color: var(--luot-primary); }
    input[aria-invalid='true'] { border-color: var(--luot-danger); }
    .field-error { color: var(--luot-danger); font-weight: 600; }
    .note { font-size: var(--luot-size-s); color: var(--luot-text-muted); line-height: 1.4; }
    .privacy-notice { font-size: var(--luot-size-s); line-height: 1.45; border: 1px solid var(--luot-border, #ccd); border-radius: 8px; padding: 8px 12px; background: var(--luot-surface-2, #f5f7fa); }
    .privacy-notice p { margin: 2px 0 8px; }
    .privacy-notice p[lang="en"] { color: var(--luot-text-muted); margin-bottom: 0; }
    label.consent { display: flex; flex-direction: row; gap: 10px; align-items: flex-start; font-weight: 600; }
    label.consent input { width: 28px; height: 28px; flex: none; margin: 0; }
    .empty { font-size: var(--luot-size-s); color: var(--luot-text-muted); }
    .error { background: var(--luot-danger-soft); color: var(--luot-danger); border: 2px solid var(--luot-danger); border-radius: var(--luot-radius-s);
      padding: var(--luot-space-2) var(--luot-space-3); font-weight: 700; line-height: 1.35; }
    .primary { min-height: 56px; border: none; border-radius: var(--luot-radius); background: var(--luot-primary); color: var(--luot-surface);
      font: inherit; font-size: var(--luot-size-l); font-weight: 800; cursor: pointer; box-shadow: var(--luot-shadow); }
    .primary:disabled { opacity: 0.5; cursor: default; }
    .secondary { min-height: 48px; border-radius: var(--luot-radius); border: 2px solid var(--luot-primary); background: var(--luot-surface);
      color: var(--luot-primary); font: inherit; font-weight: 700; cursor: pointer; }
    .danger { border-color: var(--luot-danger); color: var(--luot-danger); }
    .result { text-align: center; justify-items: center; border-top: 10px solid var(--luot-ok); }
    .result h2 { color: var(--luot-ok); font-size: var(--luot-size-xl); justify-content: center; }
    .result .label { font-size: var(--luot-size-s); color: var(--luot-text-muted); }
    .result .code { font-size: 2.75rem; font-weight: 800; letter-spacing: 0.06em; color: var(--luot-primary-strong); font-variant-numeric: tabular-nums; line-height: 1.1; }
    .result luot-qr { width: 200px; border: 1px solid var(--luot-border); }
    .result .what { font-size: var(--luot-size-m); font-weight: 700; line-height: 1.35; }
    .result .when { font-size: var(--luot-size-l); font-weight: 800; color: var(--luot-accent); }
    .result .how { font-size: var(--luot-size-s); line-height: 1.45; text-align: left; background: var(--luot-primary-soft); border-radius: var(--luot-radius-s); padding: var(--luot-space-2) var(--luot-space-3); }
    .result .keep { font-size: var(--luot-size-s); font-weight: 700; }
    .buttons { display: grid; gap: var(--luot-space-2); width: 100%; }
    .cancelled { border-top: 10px solid var(--luot-text-muted); text-align: center; }
  `;

  connectedCallback() {
    super.connectedCallback();
    document.documentElement.lang = this.uiLang;
    void this.load();
  }

  private async load() {
    try {
      this.options = await this.data.options();
      this.loadError = false;
      const wanted = new URLSearchParams(location.search).get('siteId');
      const site = this.options.sites.find((s) => s.id === wanted) ?? this.options.sites[0];
      if (site && !this.siteId) this.siteId = site.id;
    } catch {
      this.loadError = true;
      setTimeout(() => { void this.load(); }, 3000);
    }
  }

  private text(x: LocalText): string { return (this.uiLang === 'en' ? x.en : undefined) ?? x.vi; }

  private setLang(lang: Lang) {
    this.uiLang = lang;
    storeLang(lang);
    document.documentElement.lang = lang;
  }

  private async chooseService(serviceId: string) {
    this.serviceId = serviceId;
    this.date = '';
    this.time = '';
    this.error = '';
    this.days = null;
    await this.refreshDays();
  }

  private async refreshDays() {
    const serviceId = this.serviceId;
    try {
      const days = await this.data.availability(serviceId);
      if (serviceId !== this.serviceId) return;
      this.days = days;
      if (!days.some((d) => d.date === this.date)) { this.date = days[0]?.date ?? ''; this.time = ''; }
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : t(this.uiLang, 'phone.failed');
    }
  }

  /** "Hôm nay", "Ngày mai" or the weekday, and dd/mm. */
  private dayLabel(d: DayAvailability): { name: string; date: string } {
    const offset = /([+-])(\d{2}):(\d{2})$/.exec(d.slots[0]?.at ?? '');
    const offMs = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
    const today = new Date(Date.now() + offMs).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + offMs + 86_400_000).toISOString().slice(0, 10);
    const name = d.date === today ? t(this.uiLang, 'phone.today') : d.date === tomorrow ? t(this.uiLang, 'phone.tomorrow') : t(this.uiLang, `phone.weekday${d.weekday}` as StringKey);
    const [, m, day] = d.date.split('-');
    return { name, date: `${day}/${m}` };
  }

  private validate(): boolean {
    const errors: { name?: string; phone?: string; consent?: string } = {};
    if (this.name.trim().length < 2) errors.name = t(this.uiLang, 'phone.nameInvalid');
    if (!normalizePhone(this.phone)) errors.phone = t(this.uiLang, 'phone.phoneInvalid');
    if (!this.consent) errors.consent = t(this.uiLang, 'common.privacyConsentMissing');
    this.fieldErrors = errors;
    return !errors.name && !errors.phone && !errors.consent;
  }

  private async submit(e: Event) {
    e.preventDefault();
    if (this.busy || !this.serviceId || !this.date || !this.time) return;
    if (!this.validate()) return;
    this.busy = true;
    this.error = '';
    try {
      this.booked = await this.data.book({
        serviceId: this.serviceId, date: this.date, time: this.time, name: this.name.trim(), phone: this.phone, consent: this.consent,
        ...(this.birthDate ? { birthDate: this.birthDate } : {}),
      });
      window.scrollTo(0, 0);
    } catch (err) {
      this.error = err instanceof ApiError && err.status ? err.message : t(this.uiLang, 'phone.failed');
      if (err instanceof ApiError && err.code === 'invalid_input' && /phone/.test(err.message)) this.fieldErrors = { phone: t(this.uiLang, 'phone.phoneInvalid') };
      void this.refreshDays();
    } finally {
      this.busy = false;
    }
  }

  private async cancel(code: string, phone: string) {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      this.cancelled = await this.data.cancel(code.replace(/\s/g, ''), phone);
      this.booked = null;
      this.mode = 'cancel';
      window.scrollTo(0, 0);
    } catch (err) {
      this.error = err instanceof ApiError && err.status ? err.message : t(this.uiLang, 'phone.failed');
    } finally {
      this.busy = false;
    }
  }

  private anotherBooking() {
    this.booked = null;
    this.cancelled = null;
    this.time = '';
    this.mode = 'book';
    void this.refreshDays();
  }

  private services() {
    return this.options?.sites.find((s) => s.id === this.siteId)?.services ?? [];
  }

  private serviceOf(id: string) {
    for (const s of this.options?.sites ?? []) for (const x of s.services) if (x.id === id) return { site: s, service: x };
    return null;
  }

  /** The notice before collection, in Vietnamese and English whatever the page's language (per site). */
  private notice() {
    const n = this.options?.sites.find((s) => s.id === this.siteId)?.notice;
    if (!n) return nothing;
    const params = { controller: n.controller, contact: n.contact, days: n.retentionDays };
    return html`<div class="privacy-notice" id="privacy-notice">
      <strong>${t('vi', 'common.privacyNoticeTitle')}</strong><p lang="vi">${t('vi', 'common.privacyNoticeBooking', params)}</p>
      <strong lang="en">${t('en', 'common.privacyNoticeTitle')}</strong><p lang="en">${t('en', 'common.privacyNoticeBooking', params)}</p>
    </div>`;
  }

  private whenText(a: Appointment): string {
    const [, m, d] = a.date.split('-');
    const wd = (new Date(`${a.date}T00:00:00Z`).getUTCDay() + 6) % 7 + 1;
    return t(this.uiLang, 'phone.bookedWhen', { weekday: t(this.uiLang, `phone.weekday${wd}` as StringKey), date: `${d}/${m}/${a.date.slice(0, 4)}`, time: a.time });
  }

  private bookForm() {
    const lang = this.uiLang;
    if (this.loadError && !this.options) return html`<div class="error">${t(lang, 'phone.failed')}</div>`;
    if (!this.options) return html`<p class="intro">…</p>`;
    if (this.options.sites.length === 0) return html`<section><p class="empty">${t(lang, 'phone.noServices')}</p></section>`;
    const sites = this.options.sites;
    const day = this.days?.find((d) => d.date === this.date);
    return html`
      <p class="intro">${t(lang, 'phone.bookIntro')}</p>
      ${sites.length > 1 ? html`<section><label>${t(lang, 'phone.site')}
        <select id="site" @change=${(e: Event) => { this.siteId = (e.target as HTMLSelectElement).value; this.serviceId = ''; this.days = null; }}>
          ${sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.siteId}>${s.name}</option>`)}
        </select></label></section>` : nothing}
      <section>
        <h2><span class="step">1</span>${t(lang, 'phone.chooseService')}</h2>
        <div class="choices">
          ${this.services().map((s) => html`<button type="button" class="choice" data-service=${s.id} aria-pressed=${s.id === this.serviceId ? 'true' : 'false'}
            @click=${() => this.chooseService(s.id)}><span class="code">${s.code}</span><span>${this.text(s.name)}</span></button>`)}
        </div>
      </section>
      ${this.serviceId ? html`<section>
        <h2><span class="step">2</span>${t(lang, 'phone.chooseDay')}</h2>
        ${this.days === null ? html`<p class="empty">…</p>` : this.days.length === 0 ? html`<p class="empty">${t(lang, 'phone.noSlots')}</p>` : html`
          <div class="days">${this.days.map((d) => {
            const l = this.dayLabel(d);
            return html`<button type="button" class="day" data-day=${d.date} aria-pressed=${d.date === this.date ? 'true' : 'false'}
              @click=${() => { this.date = d.date; this.time = ''; }}><span>${l.name}</span><small>${l.date}</small></button>`;
          })}</div>
          ${day ? html`<h2><span class="step">3</span>${t(lang, 'phone.chooseTime')}</h2>
          <div class="times">${day.slots.map((s) => html`<button type="button" class="time" data-time=${s.time} ?disabled=${s.available === 0}
            aria-pressed=${s.time === this.time ? 'true' : 'false'} @click=${() => { this.time = s.time; this.error = ''; }}>
            <span>${s.time}</span><small>${s.available === 0 ? t(lang, 'phone.slotFull') : t(lang, 'phone.slotsLeft', { n: s.available })}</small></button>`)}</div>` : nothing}`}
      </section>` : nothing}
      ${this.time ? html`<form @submit=${this.submit} novalidate>
        <section>
          <h2><span class="step">4</span>${t(lang, 'phone.yourDetails')}</h2>
          <label>${t(lang, 'phone.name')}
            <input id="name" autocomplete="name" maxlength="80" placeholder=${t(lang, 'phone.namePlaceholder')} .value=${this.name}
              aria-invalid=${this.fieldErrors.name ? 'true' : 'false'} @input=${(e: Event) => { this.name = (e.target as HTMLInputElement).value; this.fieldErrors = { ...this.fieldErrors, name: undefined }; }}>
            ${this.fieldErrors.name ? html`<span class="field-error">${this.fieldErrors.name}</span>` : nothing}</label>
          <label>${t(lang, 'phone.phone')}
            <input id="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="20" placeholder=${t(lang, 'phone.phonePlaceholder')} .value=${this.phone}
              aria-invalid=${this.fieldErrors.phone ? 'true' : 'false'} @input=${(e: Event) => { this.phone = (e.target as HTMLInputElement).value; this.fieldErrors = { ...this.fieldErrors, phone: undefined }; }}>
            ${this.fieldErrors.phone ? html`<span class="field-error">${this.fieldErrors.phone}</span>` : nothing}</label>
          <span class="note">${t(lang, 'phone.phoneNote')}</span>
          <label>${t(lang, 'phone.birthDate')}
            <input id="birth-date" type="date" autocomplete="bday" .value=${this.birthDate} @input=${(e: Event) => { this.birthDate = (e.target as HTMLInputElement).value; }}></label>
          <span class="note">${t(lang, 'phone.birthDateNote')}</span>
          ${this.notice()}
          <label class="consent"><input id="consent" type="checkbox" .checked=${this.consent}
              aria-invalid=${this.fieldErrors.consent ? 'true' : 'false'}
              @change=${(e: Event) => { this.consent = (e.target as HTMLInputElement).checked; this.fieldErrors = { ...this.fieldErrors, consent: undefined }; }}>
            <span>${t(lang, 'common.privacyConsent')}</span></label>
          ${this.fieldErrors.consent ? html`<span class="field-error">${this.fieldErrors.consent}</span>` : nothing}
          ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
          <button id="book-submit" class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t(lang, 'phone.booking') : html`${t(lang, 'phone.book')} · ${this.time}`}</button>
        </section>
      </form>` : this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}`;
  }

  private bookedView(a: Appointment) {
    const lang = this.uiLang;
    const found = this.serviceOf(a.serviceId);
    return html`<section class="result" data-booked=${a.code}>
      <h2>${t(lang, 'phone.bookedTitle')}</h2>
      <div class="label">${t(lang, 'phone.yourCode')}</div>
      <div class="code" data-code>${formatAppointmentCode(a.code)}</div>
      <luot-qr .text=${a.code} .label=${t(lang, 'phone.yourCode')}></luot-qr>
      <div class="when">${this.whenText(a)}</div>
      <div class="what">${found ? html`${found.service.code} · ${this.text(found.service.name)}<br>${found.site.name}` : nothing}</div>
      <div>${a.name} · ${a.phoneMasked}</div>
      <div class="how">${t(lang, 'phone.bookedHow')}</div>
      <div class="keep">${t(lang, 'phone.bookedKeep')}</div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      <div class="buttons">
        <button type="button" class="secondary" @click=${() => this.anotherBooking()}>${t(lang, 'phone.bookAnother')}</button>
        <button type="button" class="secondary danger" id="cancel-this" ?disabled=${this.busy}
          @click=${() => { if (confirm(t(lang, 'phone.cancelConfirm', { code: formatAppointmentCode(a.code) }))) void this.cancel(a.code, this.phone); }}>${t(lang, 'phone.cancelThis')}</button>
      </div>
    </section>`;
  }

  private cancelForm() {
    const lang = this.uiLang;
    if (this.cancelled) {
      const a = this.cancelled;
      return html`<section class="cancelled" data-cancelled=${a.code}>
        <h2 style="justify-content:center">${t(lang, 'phone.cancelled', { code: formatAppointmentCode(a.code) })}</h2>
        <div>${this.whenText(a)}</div>
        <button type="button" class="secondary" @click=${() => this.anotherBooking()}>${t(lang, 'phone.bookAnother')}</button>
      </section>`;
    }
    return html`<form @submit=${(e: Event) => { e.preventDefault(); void this.cancel(this.cancelCode, this.cancelPhone); }} novalidate>
      <section>
        <h2>${t(lang, 'phone.cancelTitle')}</h2>
        <p class="intro">${t(lang, 'phone.cancelIntro')}</p>
        <label>${t(lang, 'phone.code')}<input id="cancel-code" inputmode="numeric" autocomplete="off" maxlength="9" placeholder=${t(lang, 'phone.codePlaceholder')}
          .value=${this.cancelCode} @input=${(e: Event) => { this.cancelCode = (e.target as HTMLInputElement).value; }}></label>
        <label>${t(lang, 'phone.phone')}<input id="cancel-phone" type="tel" inputmode="tel" maxlength="20" placeholder=${t(lang, 'phone.phonePlaceholder')}
          .value=${this.cancelPhone} @input=${(e: Event) => { this.cancelPhone = (e.target as HTMLInputElement).value; }}></label>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        <button id="cancel-submit" class="primary" type="submit" ?disabled=${this.busy || !this.cancelCode || !this.cancelPhone}>${this.busy ? t(lang, 'phone.cancelling') : t(lang, 'phone.cancel')}</button>
      </section>
    </form>`;
  }

  render() {
    const lang = this.uiLang;
    const tab = (m: Mode, key: StringKey) => html`<button type="button" role="tab" data-tab=${m} aria-selected=${this.mode === m ? 'true' : 'false'}
      @click=${() => { this.mode = m; this.error = ''; this.cancelled = null; }}>${t(lang, key)}</button>`;
    return html`
      <header>
        <div class="names"><div class="app">Lượt</div><h1>${t(lang, 'phone.bookTitle')}</h1></div>
        <luot-lang-switch .lang=${lang} @lang-change=${(e: CustomEvent<{ lang: Lang }>) => this.setLang(e.detail.lang)}></luot-lang-switch>
      </header>
      ${this.booked ? nothing : html`<div class="tabs" role="tablist">${tab('book', 'phone.bookTitle')}${tab('cancel', 'phone.cancelTitle')}</div>`}
      <main>${this.booked ? this.bookedView(this.booked) : this.mode === 'book' ? this.bookForm() : this.cancelForm()}</main>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'book-app': BookApp } }
