// The public ticket page (/t/<id>, the ticket's QR code), at phone size: the number, the service,
// the people ahead and the estimated wait, live; when called, a full screen "Mời đến quầy số 3" with
// a chime and vibration; a recall says so again; after the service a thank-you; no-show and
// cancelled states. Vietnamese first, English on a tap. It shows its own ticket and nothing else.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { storedLang, storeLang } from '../common/client.js';
import type { Lang, Ticket } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import '../common/ui/luot-lang-switch.js';
import { PhoneAlert } from './phone-alert.js';
import { PhoneData, ticketIdFromPath, type CallAlert } from './phone-data.js';
import './phone-called.js';
import { formatWait } from './wait-text.js';

@customElement('phone-app')
export class PhoneApp extends LitElement {
  readonly data = new PhoneData(ticketIdFromPath());
  readonly alerter = new PhoneAlert();
  @state() private uiLang: Lang = storedLang();
  /** The call shown full screen, until "Tôi đã biết" (key: ticket, call time, recalls). */
  @state() private overlayKey: string | null = null;
  @state() private soundBlocked = false;
  private seenCall: string | null = null;
  private readonly baseTitle = document.title;

  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 100vh; background: var(--luot-bg); color: var(--luot-text);
      font-family: var(--luot-font); }
    header { display: flex; align-items: center; gap: var(--luot-space-3); padding: var(--luot-space-3) var(--luot-space-3);
      background: var(--luot-primary); color: var(--luot-surface); }
    header .names { flex: 1; min-width: 0; line-height: 1.2; }
    header .agency { font-size: var(--luot-size-s); opacity: 0.9; text-transform: uppercase; letter-spacing: 0.03em; }
    header .branch { font-size: var(--luot-size-l); font-weight: 800; }
    luot-lang-switch { flex: none; --luot-touch-min: 40px; --luot-size-l: 0.95rem; --luot-space-4: 12px; }
    main { flex: 1; display: flex; flex-direction: column; gap: var(--luot-space-3); padding: var(--luot-space-3); }
    .live { display: flex; align-items: center; gap: var(--luot-space-2); font-size: var(--luot-size-s); color: var(--luot-text-muted); }
    .dot { width: 10px; height: 10px; border-radius: 50%; background: var(--luot-warn); flex: none; }
    .live.online .dot { background: var(--luot-ok); box-shadow: 0 0 0 3px color-mix(in srgb, var(--luot-ok) 30%, transparent); }
    .live.offline { color: var(--luot-danger); font-weight: 700; background: var(--luot-danger-soft);
      border: 2px solid var(--luot-danger); border-radius: var(--luot-radius-s); padding: var(--luot-space-2) var(--luot-space-3); }
    .live.offline .dot { background: var(--luot-danger); }
    .live.offline ~ .card { opacity: 0.6; }
    .card { background: var(--luot-surface); border-radius: calc(var(--luot-radius) * 1.5); box-shadow: var(--luot-shadow);
      border-top: 10px solid var(--luot-primary); padding: var(--luot-space-4) var(--luot-space-3) var(--luot-space-3);
      display: grid; gap: var(--luot-space-2); text-align: center; }
    .label { font-size: var(--luot-size-m); color: var(--luot-text-muted); }
    .number { font-size: 5.5rem; font-weight: 800; line-height: 1; color: var(--luot-accent); letter-spacing: 0.02em;
      font-variant-numeric: tabular-nums; }
    .service { font-size: var(--luot-size-l); font-weight: 700; line-height: 1.25; }
    .badges { display: flex; flex-wrap: wrap; justify-content: center; gap: var(--luot-space-2); }
    .badge { border-radius: 999px; padding: 4px 14px; font-size: var(--luot-size-s); font-weight: 700; }
    .badge.priority { background: var(--luot-priority-soft); color: var(--luot-priority); }
    .badge.appointment { background: var(--luot-primary-soft); color: var(--luot-primary-strong); }
    .facts { display: grid; gap: var(--luot-space-2); margin-top: var(--luot-space-2);
      border-top: 1px solid var(--luot-border); padding-top: var(--luot-space-3); text-align: left; }
    .fact { display: flex; align-items: baseline; justify-content: space-between; gap: var(--luot-space-3); }
    .fact .value { font-size: var(--luot-size-2xl); font-weight: 800; color: var(--luot-primary-strong); line-height: 1.1; text-align: right; }
    .fact .value.text { font-size: var(--luot-size-l); }
    .next { justify-self: center; background: var(--luot-ok-soft); color: var(--luot-ok); font-weight: 800; font-size: var(--luot-size-l);
      border-radius: 999px; padding: 4px 18px; }
    .updated { font-size: var(--luot-size-s); color: var(--luot-text-muted); }
    .calledbar { background: var(--luot-accent-soft); color: var(--luot-accent); border: 2px solid var(--luot-accent);
      border-radius: var(--luot-radius); padding: var(--luot-space-3); font-size: var(--luot-size-xl); font-weight: 800; text-align: center; }
    .note { background: var(--luot-warn-soft); color: var(--luot-warn); border-radius: var(--luot-radius-s); padding: var(--luot-space-2) var(--luot-space-3);
      font-size: var(--luot-size-s); font-weight: 600; }
    .note.first { background: var(--luot-primary-soft); color: var(--luot-primary-strong); }
    .sound { display: flex; align-items: center; gap: var(--luot-space-2); }
    .sound button { flex: 1; min-height: 52px; border-radius: var(--luot-radius); border: none; background: var(--luot-primary);
      color: var(--luot-surface); font: inherit; font-size: var(--luot-size-m); font-weight: 700; cursor: pointer;
      display: inline-flex; align-items: center; justify-content: center; gap: var(--luot-space-2); padding: 0 var(--luot-space-3); }
    .sound button.on { background: var(--luot-ok-soft); color: var(--luot-ok); }
    .sound button.test { flex: none; background: var(--luot-surface); color: var(--luot-primary); border: 2px solid var(--luot-primary); }
    .sound svg { width: 22px; height: 22px; flex: none; }
    .hint { font-size: var(--luot-size-s); color: var(--luot-text-muted); line-height: 1.4; text-align: center; }
    .message { text-align: center; display: grid; gap: var(--luot-space-3); justify-items: center; padding: var(--luot-space-4) var(--luot-space-3); }
    .message h1 { margin: 0; font-size: var(--luot-size-xl); line-height: 1.2; color: var(--luot-primary-strong); }
    .message p { margin: 0; font-size: var(--luot-size-m); line-height: 1.45; }
    .message .big { font-size: 4rem; font-weight: 800; color: var(--luot-text-muted); font-variant-numeric: tabular-nums; }
    .message.done h1 { color: var(--luot-ok); }
    .message.bad h1 { color: var(--luot-danger); }
    .icon { width: 72px; height: 72px; }
    footer { padding: var(--luot-space-2) var(--luot-space-3) var(--luot-space-4); font-size: var(--luot-size-s); color: var(--luot-text-muted); text-align: center; }
  `;

  connectedCallback() {
    super.connectedCallback();
    document.documentElement.lang = this.uiLang;
    this.data.subscribe(() => this.onData());
    this.data.onCall((a) => this.onCall(a));
    this.alerter.addEventListener('change', () => { this.soundBlocked = false; this.requestUpdate(); });
    this.alerter.addEventListener('blocked', () => { this.soundBlocked = true; });
    // Browsers play sound only after a tap: the first tap anywhere turns the alert on.
    document.addEventListener('pointerdown', this.firstTap, { capture: true });
    void this.data.start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.firstTap, { capture: true });
    this.data.stop();
  }

  private firstTap = () => {
    if (!this.alerter.enabled) void this.alerter.unlock();
  };

  private callKey(tk: Ticket): string { return `${tk.id}:${tk.calledAt ?? ''}:${tk.recalls ?? 0}`; }

  private onData(): void {
    const tk = this.data.ticket;
    // A call that happened while the page was closed or away: show it once, with the alert.
    if (tk?.status === 'called' && this.data.page?.counter && this.seenCall !== this.callKey(tk)) {
      this.seenCall = this.callKey(tk);
      this.overlayKey = this.seenCall;
      void this.alerter.alert((tk.recalls ?? 0) > 0 ? 'recall' : 'call');
    }
    if (tk && tk.status !== 'called') this.overlayKey = null;
    document.title = tk?.status === 'called' && this.data.page?.counter
      ? `🔔 ${t(this.uiLang, 'phone.calledGoTo', { counter: this.data.page.counter.number })} · ${tk.number}`
      : tk ? t(this.uiLang, 'phone.pageTitle', { number: tk.number }) : this.baseTitle;
    this.requestUpdate();
  }

  private onCall(a: CallAlert): void {
    const key = this.callKey(a.ticket);
    if (this.seenCall === key) return;
    this.seenCall = key;
    this.overlayKey = key;
    void this.alerter.alert(a.recall ? 'recall' : 'call');
  }

  private setLang(lang: Lang) {
    this.uiLang = lang;
    storeLang(lang);
    document.documentElement.lang = lang;
    this.onData();
  }

  private header() {
    const site = this.data.page?.site;
    return html`<header>
      <div class="names">
        <div class="agency">${site?.agencyName ?? ''}</div>
        <div class="branch">${site?.branchName || site?.name || t(this.uiLang, 'phone.title')}</div>
      </div>
      <luot-lang-switch .lang=${this.uiLang} @lang-change=${(e: CustomEvent<{ lang: Lang }>) => this.setLang(e.detail.lang)}></luot-lang-switch>
    </header>`;
  }

  private liveLine() {
    const c = this.data.connection;
    const cls = c === 'online' ? 'online' : c === 'offline' ? 'offline' : '';
    const key: StringKey = c === 'online' ? 'phone.online' : c === 'offline' ? 'phone.offline' : 'phone.connecting';
    return html`<div class="live ${cls}" role="status" data-connection=${c}><span class="dot"></span><span>${t(this.uiLang, key)}</span></div>`;
  }

  private soundControls() {
    const lang = this.uiLang;
    const bell = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/></svg>`;
    if (this.alerter.enabled) {
      return html`<div class="sound"><button type="button" class="on" data-sound="on">${bell}${t(lang, 'phone.soundOn')}</button>
        <button type="button" class="test" @click=${() => this.alerter.alert('test')}>${t(lang, 'phone.testSound')}</button></div>`;
    }
    return html`<div class="sound"><button type="button" data-sound="off" @click=${() => this.alerter.unlock()}>${bell}${
      this.soundBlocked ? t(lang, 'phone.soundBlocked') : t(lang, 'phone.enableSound')}</button></div>`;
  }

  private waitingCard(tk: Ticket) {
    const lang = this.uiLang;
    const page = this.data.page!;
    const s = page.service;
    const name = s ? ((lang === 'en' ? s.name.en : undefined) ?? s.name.vi) : '';
    const updated = new Date(this.data.updatedAt || Date.now()).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const waiting = tk.status === 'waiting';
    const to = this.data.transferredTo;
    // A booked ticket on time goes ahead at its slot: its place by arrival would mislead.
    const booked = page.appointment && !page.appointment.late && tk.serviceId === page.service?.id ? page.appointment : null;
    return html`
      <section class="card" aria-live="polite">
        <div class="label">${t(lang, 'phone.yourNumber')}</div>
        <div class="number" data-number>${tk.number}</div>
        <div class="service" data-service>${s ? html`${s.code} · ${name}` : nothing}</div>
        ${tk.priority || page.appointment ? html`<div class="badges">
          ${tk.priority ? html`<span class="badge priority">${t(lang, `common.priority_${tk.priority}` as StringKey)}</span>` : nothing}
          ${page.appointment ? html`<span class="badge appointment">${t(lang, 'phone.appointmentAt', { time: page.appointment.time })}</span>` : nothing}
        </div>` : nothing}
        ${waiting ? html`<div class="facts">
          ${booked ? nothing : html`<div class="fact"><span class="label">${t(lang, 'phone.peopleAhead')}</span><span class="value" data-ahead>${tk.waitingAhead}</span></div>`}
          <div class="fact"><span class="label">${t(lang, 'phone.estimatedWait')}</span>
            <span class="value text" data-wait>${formatWait(lang, tk.estimatedWaitSeconds)}</span></div>
        </div>` : nothing}
        ${waiting && !booked && tk.waitingAhead === 0 ? html`<div class="next" data-next>${t(lang, 'phone.youAreNext')}</div>` : nothing}
        ${waiting && page.appointment ? html`<div class="note ${booked ? 'first' : ''}">${t(lang, booked ? 'phone.appointmentFirst' : 'phone.appointmentLate')}</div>` : nothing}
        <div class="updated">${t(lang, 'phone.updatedAt', { time: updated })}</div>
      </section>
      ${to && waiting ? html`<div class="note">${t(lang, 'phone.transferred', { code: to.code, name: (lang === 'en' ? to.name.en : undefined) ?? to.name.vi })}</div>` : nothing}`;
  }

  private finalMessage(tk: Ticket) {
    const lang = this.uiLang;
    const counter = this.data.page?.counter?.number ?? '';
    if (tk.status === 'done') {
      return html`<section class="message done" data-final="done">
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="var(--luot-ok)" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1.5 14.6-4.1-4.1 1.4-1.4 2.7 2.7 6-6 1.4 1.4z"/></svg>
        <h1>${t(lang, 'phone.doneTitle')}</h1>
        <p>${t(lang, 'phone.doneBody', { number: tk.number, counter })}</p>
        <p>${tk.rated ? t(lang, 'phone.doneRated') : t(lang, 'phone.doneRate')}</p>
      </section>`;
    }
    const noShow = tk.status === 'no_show';
    return html`<section class="message bad" data-final=${tk.status}>
      <div class="big">${tk.number}</div>
      <h1>${t(lang, noShow ? 'phone.noShowTitle' : 'phone.cancelledTitle')}</h1>
      <p>${t(lang, noShow ? 'phone.noShowBody' : 'phone.cancelledBody', { number: tk.number })}</p>
    </section>`;
  }

  private body() {
    const lang = this.uiLang;
    const d = this.data;
    if (d.notFound) {
      return html`<section class="message bad" data-final="not_found"><h1>${t(lang, 'phone.notFoundTitle')}</h1><p>${t(lang, 'phone.notFoundBody')}</p></section>`;
    }
    const tk = d.ticket;
    if (!tk) return html`<section class="message"><p>${d.loadError ? t(lang, 'phone.loadFailed') : t(lang, 'phone.loading')}</p></section>`;
    if (tk.status === 'done' || tk.status === 'no_show' || tk.status === 'cancelled') return this.finalMessage(tk);
    const counter = d.page?.counter;
    return html`
      ${this.liveLine()}
      ${tk.status === 'called' && counter ? html`<div class="calledbar" data-called>${t(lang, 'phone.calledSmall', { counter: counter.number })}</div>` : nothing}
      ${this.waitingCard(tk)}
      ${this.soundControls()}
      <div class="hint">${t(lang, 'phone.keepOpen')}</div>`;
  }

  render() {
    const tk = this.data.ticket;
    const counter = this.data.page?.counter;
    const overlay = tk && tk.status === 'called' && counter && this.overlayKey === this.callKey(tk);
    return html`
      ${this.header()}
      <main>${this.body()}</main>
      <footer>${t(this.uiLang, 'phone.privacy')}</footer>
      ${overlay ? html`<phone-called .lang=${this.uiLang} .number=${tk.number} .counter=${counter.number} .counterName=${counter.name}
        .recalls=${tk.recalls ?? 0} @dismiss=${() => { this.overlayKey = null; }}></phone-called>` : nothing}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'phone-app': PhoneApp } }
