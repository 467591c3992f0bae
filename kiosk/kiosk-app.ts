// The ticket kiosk: pairs from the address, shows the site's services, asks for priority where the
// site uses it, issues, shows the ticket for a few seconds, and goes back. Offline it says so and
// issues nothing. Idle: back to the grid in Vietnamese.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { extractAppointmentCode, type Appointment } from '../common/appointments.js';
import { ApiError, storeLang } from '../common/client.js';
import type { Lang, Priority, Service, Ticket } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { IdleTimer } from '../common/ui/idle-timer.js';
import { lockdown } from '../common/ui/lockdown.js';
import '../common/ui/luot-clock.js';
import '../common/ui/luot-connection-banner.js';
import '../common/ui/luot-lang-switch.js';
import { KioskData } from './kiosk-data.js';
import { REFUSAL_CODES } from './service-availability.js';
import './kiosk-priority-choice.js';
import './kiosk-service-grid.js';
import './kiosk-ticket-view.js';
import './kiosk-unpaired.js';
import './kiosk-appointment.js';
import './kiosk-procedure-search.js';
import './kiosk-procedure-page.js';
import type { Procedure } from '../common/procedures.js';
import type { KioskAppointment } from './kiosk-appointment.js';
import { WedgeScanner } from '../common/wedge-scanner.js';

/** How long the ticket stays on screen, and how long when the citizen must note the number. */
export const TICKET_SECONDS = 8;
export const PRINT_FAILED_SECONDS = 25;
export const IDLE_MS = 30_000;

type View = 'grid' | 'priority' | 'ticket' | 'appointment' | 'procedures' | 'procedure';

function idleMs(): number {
  const s = Number(new URLSearchParams(location.search).get('idle'));
  return Number.isFinite(s) && s >= 3 ? s * 1000 : IDLE_MS;
}

@customElement('kiosk-app')
export class KioskApp extends LitElement {
  readonly data = new KioskData();
  @state() private uiLang: Lang = 'vi';
  @state() private view: View = 'grid';
  @state() private selected: Service | null = null;
  @state() private ticket: Ticket | null = null;
  @state() private printFailed = false;
  @state() private secondsLeft = 0;
  @state() private issuing = false;
  @state() private notice = '';
  @state() private tick = 0;
  /** The booked appointment behind the ticket on screen, and a refusal of a code. */
  @state() private appointment: Appointment | null = null;
  @state() private appointmentError = '';
  /** "Tra cứu thủ tục": the query typed on the on-screen keyboard, the field chosen, the results. */
  @state() private query = '';
  @state() private field = '';
  @state() private results: Procedure[] = [];
  @state() private searching = false;
  @state() private procedure: Procedure | null = null;
  private searchSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private scanner = new WedgeScanner();
  private countdown: ReturnType<typeof setInterval> | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  private minuteTimer: ReturnType<typeof setInterval> | null = null;
  /** `?idle=SECONDS` (at least 3) sets the idle time of this kiosk; 30 s by default. */
  private idle = new IdleTimer(idleMs(), () => this.reset());
  private unlock: (() => void) | null = null;
  private printFailedIds = new Set<string>();

  static styles = css`
    :host { display: flex; flex-direction: column; height: 100vh; width: 100vw; overflow: hidden;
      background: var(--luot-bg); color: var(--luot-text); font-family: var(--luot-font); }
    header { flex: none; display: flex; align-items: center; gap: var(--luot-space-4);
      background: var(--luot-primary); color: var(--luot-surface); padding: var(--luot-space-3) var(--luot-space-4); }
    .emblem { flex: none; width: 72px; height: 72px; border-radius: 50%; background: var(--luot-accent);
      display: grid; place-items: center; border: 3px solid var(--luot-gold); }
    .emblem svg { width: 44px; height: 44px; color: var(--luot-gold); }
    .names { flex: 1; min-width: 0; }
    .agency { font-size: var(--luot-size-l); opacity: 0.9; text-transform: uppercase; letter-spacing: 0.03em; }
    .branch { font-size: var(--luot-size-2xl); font-weight: 800; line-height: 1.15; }
    luot-clock { --luot-clock-time-size: 2.5rem; --luot-clock-date-size: 1.1rem; }
    .titlebar { flex: none; padding: var(--luot-space-4) var(--luot-space-4) var(--luot-space-3); }
    h1 { margin: 0; font-size: calc(var(--luot-size-3xl) * 0.8); line-height: 1.1; color: var(--luot-primary-strong); }
    .hint { font-size: var(--luot-size-xl); color: var(--luot-text-muted); margin-top: var(--luot-space-2); }
    main { flex: 1; min-height: 0; display: flex; flex-direction: column; padding: 0 var(--luot-space-4) var(--luot-space-4); position: relative; }
    main > * { flex: 1; min-height: 0; }
    main.procedures { padding-top: var(--luot-space-4); }
    main.ticket { padding-top: var(--luot-space-4); }
    luot-connection-banner + main { padding-top: var(--luot-space-3); }
    .notice { flex: none; margin: 0 var(--luot-space-4) var(--luot-space-3); padding: var(--luot-space-3) var(--luot-space-4);
      background: var(--luot-danger-soft); color: var(--luot-danger); border: 3px solid var(--luot-danger);
      border-radius: var(--luot-radius); font-size: var(--luot-size-2xl); font-weight: 700; }
    luot-connection-banner { flex: none; --luot-banner-size: 2.25rem; }
    .center { display: grid; place-items: center; text-align: center; font-size: var(--luot-size-2xl); color: var(--luot-text-muted); }
    .titlebar.with-appointment { display: flex; align-items: center; gap: var(--luot-space-4); }
    .titlebar.with-appointment > div { flex: 1; min-width: 0; }
    .have-appointment { flex: none; min-height: calc(var(--luot-touch-min) * 1.25); max-width: 42%; border-radius: var(--luot-radius);
      border: 3px solid var(--luot-accent); background: var(--luot-accent-soft); color: var(--luot-accent); font: inherit;
      font-size: var(--luot-size-2xl); font-weight: 800; cursor: pointer; padding: var(--luot-space-3) var(--luot-space-4);
      display: inline-flex; align-items: center; gap: var(--luot-space-3); text-align: left; line-height: 1.15; box-shadow: var(--luot-shadow); }
    .have-appointment svg { flex: none; width: 64px; height: 64px; }
    .have-appointment small { display: block; font-size: var(--luot-size-l); font-weight: 600; margin-top: 4px; }
    .booked { flex: none; margin-bottom: var(--luot-space-3); padding: var(--luot-space-3) var(--luot-space-4); border-radius: var(--luot-radius);
      background: var(--luot-ok-soft); color: var(--luot-ok); border: 3px solid var(--luot-ok); font-size: var(--luot-size-2xl); font-weight: 800; text-align: center; }
    .booked.late { background: var(--luot-warn-soft); color: var(--luot-warn); border-color: var(--luot-warn); }
    .booked small { display: block; font-size: var(--luot-size-xl); font-weight: 600; }
    main.ticket > .booked { flex: none; }
    .busy { position: absolute; inset: 0; display: grid; place-items: center; background: color-mix(in srgb, var(--luot-bg) 80%, transparent);
      font-size: var(--luot-size-3xl); font-weight: 800; color: var(--luot-primary-strong); }
    .spinner { width: 96px; height: 96px; border-radius: 50%; border: 12px solid var(--luot-primary-soft);
      border-top-color: var(--luot-primary); animation: spin 0.9s linear infinite; margin: 0 auto var(--luot-space-4); }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.unlock = lockdown();
    storeLang('vi');
    this.data.subscribe(() => this.requestUpdate());
    this.data.onPrintFailed((e) => this.printFailedFor(e.ticketId));
    void this.data.start();
    this.idle.start();
    document.addEventListener('keydown', this.onKey);
    // Hours and "opens at" depend on the clock: re-evaluate every 15 s.
    this.minuteTimer = setInterval(() => { this.tick++; }, 15_000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.idle.stop();
    document.removeEventListener('keydown', this.onKey);
    this.unlock?.();
    this.stopCountdown();
    if (this.minuteTimer) clearInterval(this.minuteTimer);
  }

  /**
   * Hook for the hub's "printing failed" message: show the number large and ask to remember it.
   * The message may come before the HTTP answer that carries the ticket: it is kept until then.
   */
  printFailedFor(ticketId: string): void {
    this.printFailedIds.add(ticketId);
    if (this.printFailedIds.size > 20) this.printFailedIds.delete(this.printFailedIds.values().next().value!);
    if (!this.ticket || this.ticket.id !== ticketId) return;
    this.printFailed = true;
    this.startCountdown(PRINT_FAILED_SECONDS);
  }

  /** Back to the grid in Vietnamese, as after an idle time. */
  reset(): void {
    this.stopCountdown();
    this.view = 'grid';
    this.selected = null;
    this.ticket = null;
    this.appointment = null;
    this.appointmentError = '';
    this.printFailed = false;
    this.clearProcedures();
    this.setNotice('');
    this.setLang('vi');
  }

  private setLang(lang: Lang) {
    this.uiLang = lang;
    storeLang(lang);
    document.documentElement.lang = lang;
  }

  private setNotice(text: string) {
    this.notice = text;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    if (text) this.noticeTimer = setTimeout(() => { this.notice = ''; }, 10_000);
  }

  private startCountdown(seconds: number) {
    this.stopCountdown();
    this.secondsLeft = seconds;
    this.countdown = setInterval(() => {
      this.secondsLeft--;
      if (this.secondsLeft <= 0) this.backToGrid();
    }, 1000);
  }

  private stopCountdown() {
    if (this.countdown) clearInterval(this.countdown);
    this.countdown = null;
    this.secondsLeft = 0;
  }

  private clearProcedures() {
    this.query = '';
    this.field = '';
    this.results = [];
    this.procedure = null;
  }

  private openProcedures() {
    if (this.issuing) return;
    this.setNotice('');
    this.clearProcedures();
    this.view = 'procedures';
    this.search(0);
  }

  /** Ask the hub for the procedures of the query and field, dropping answers that came too late. */
  private search(delayMs = 150) {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(async () => {
      const seq = ++this.searchSeq;
      this.searching = true;
      try {
        const r = await this.data.searchProcedures(this.query, this.field);
        if (seq === this.searchSeq) this.results = r;
      } catch {
        if (seq === this.searchSeq) this.results = [];
      } finally {
        if (seq === this.searchSeq) this.searching = false;
      }
    }, delayMs);
  }

  private typeKey(key: string) {
    if (key === 'Backspace') this.query = this.query.slice(0, -1);
    else if (key === 'Clear') this.query = '';
    else if (key === ' ') { if (this.query && !this.query.endsWith(' ')) this.query += ' '; }
    else if (this.query.length < 60) this.query += key.toLowerCase();
    this.search();
  }

  private selectProcedure(code: string) {
    const p = this.results.find((x) => x.code === code);
    if (!p) return;
    this.procedure = p;
    this.view = 'procedure';
  }

  private procedureService(): Service | null {
    const id = this.procedure?.serviceId;
    return id ? this.data.snapshot?.services.find((s) => s.id === id) ?? null : null;
  }

  /** "Lấy số cho thủ tục này": the procedure's service, with priority asked as for a service. */
  private takeForProcedure() {
    const service = this.procedureService();
    if (!service || this.issuing || !this.data.ready) return;
    this.selected = service;
    if (this.data.settings?.priorityEnabled) this.view = 'priority';
    else void this.issue(service, null);
  }

  private backToGrid() {
    this.stopCountdown();
    this.clearProcedures();
    this.view = 'grid';
    this.selected = null;
    this.ticket = null;
    this.appointment = null;
    this.appointmentError = '';
    this.printFailed = false;
  }

  private onServiceSelect(e: CustomEvent<{ serviceId: string }>) {
    if (this.issuing || !this.data.ready) return;
    const service = this.data.snapshot?.services.find((s) => s.id === e.detail.serviceId);
    if (!service) return;
    this.setNotice('');
    this.selected = service;
    if (this.data.settings?.priorityEnabled) this.view = 'priority';
    else void this.issue(service, null);
  }

  private onPrioritySelect(e: CustomEvent<{ priority: Priority | null }>) {
    if (this.selected) void this.issue(this.selected, e.detail.priority);
  }

  private async issue(service: Service, priority: Priority | null) {
    if (this.issuing) return;
    this.issuing = true;
    try {
      const ticket = await this.data.issue(service.id, priority, this.procedure?.code);
      this.ticket = ticket;
      this.selected = this.data.snapshot?.services.find((s) => s.id === ticket.serviceId) ?? service;
      this.printFailed = this.printFailedIds.has(ticket.id);
      this.view = 'ticket';
      this.startCountdown(this.printFailed ? PRINT_FAILED_SECONDS : TICKET_SECONDS);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      const refusal = (REFUSAL_CODES as readonly string[]).includes(code) || code === 'priority_disabled';
      this.setNotice(refusal ? t(this.uiLang, `errors.${code}` as StringKey) : t(this.uiLang, 'kiosk.issueFailed'));
      this.view = 'grid';
      this.selected = null;
    } finally {
      this.issuing = false;
    }
  }

  /**
   * Keys from a keyboard or a keyboard-wedge QR scanner. A scan (fast keys ending in Enter) checks
   * an appointment in from the grid or the code screen; slower keys type on the code screen.
   */
  private onKey = (e: KeyboardEvent) => {
    if (this.view === 'procedures') {
      // A kiosk with a keyboard types into the search too.
      if (/^[\p{L}\d]$/u.test(e.key) || e.key === ' ' || e.key === 'Backspace') { e.preventDefault(); this.typeKey(e.key); }
      return;
    }
    if (this.view !== 'grid' && this.view !== 'appointment') { this.scanner.reset(); return; }
    const r = this.scanner.feed(e.key, performance.now());
    const pad = this.renderRoot.querySelector<KioskAppointment>('kiosk-appointment');
    if (r.kind === 'scan') {
      e.preventDefault();
      // The chip ID card's QR (fields separated by "|") checks in by name and date of birth; the
      // text goes to the hub once and is kept nowhere (not here, not there).
      if (r.text.includes('|')) { void this.checkIn({ card: r.text }); return; }
      const code = extractAppointmentCode(r.text);
      if (code) void this.checkIn(code);
      return;
    }
    if (!pad) return;
    if (/^\d$/.test(e.key)) pad.typeDigit(e.key);
    else if (e.key === 'Backspace') pad.backspace();
    else if (e.key === 'Enter') pad.submit();
  };

  private openAppointment() {
    if (this.issuing || !this.data.ready) return;
    this.setNotice('');
    this.appointmentError = '';
    this.view = 'appointment';
  }

  private async checkIn(code: string | { card: string }) {
    if (this.issuing || !this.data.ready) return;
    this.issuing = true;
    this.appointmentError = '';
    this.view = 'appointment';
    try {
      const { ticket, appointment } = typeof code === 'string' ? await this.data.checkIn(code) : await this.data.checkInCard(code.card);
      this.renderRoot.querySelector<KioskAppointment>('kiosk-appointment')?.clear();
      this.ticket = ticket;
      this.appointment = appointment;
      this.selected = this.data.snapshot?.services.find((s) => s.id === ticket.serviceId) ?? null;
      this.printFailed = this.printFailedIds.has(ticket.id);
      this.view = 'ticket';
      this.startCountdown(this.printFailed ? PRINT_FAILED_SECONDS : TICKET_SECONDS);
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      // The hub's coded refusals come in this screen's language; anything else is "try again".
      this.appointmentError = e && e.status >= 400 && e.status < 500 ? e.message : t(this.uiLang, 'kiosk.appointmentFailed');
    } finally {
      this.issuing = false;
    }
  }

  /** Late when checked in after the slot and its window: the core then keeps arrival order. */
  private appointmentBanner() {
    const a = this.appointment;
    if (!a) return nothing;
    const windowMs = (this.data.settings?.ordering.appointmentWindowSeconds ?? 0) * 1000;
    const late = this.data.clock.nowMs() > Date.parse(a.at) + windowMs;
    return html`<div class="booked ${late ? 'late' : ''}" data-appointment=${a.time}>${t(this.uiLang, 'kiosk.appointmentBooked', { time: a.time })}
      <small>${t(this.uiLang, late ? 'kiosk.appointmentLate' : 'kiosk.appointmentOnTime')}</small></div>`;
  }

  private header() {
    const s = this.data.settings;
    const snap = this.data.snapshot;
    return html`<header>
      <div class="emblem" aria-hidden="true"><svg viewBox="0 0 24 24"><path fill="currentColor" d="m12 2 2.9 6.9 7.1.6-5.4 4.7 1.6 7.1L12 17.5 5.8 21.3l1.6-7.1L2 9.5l7.1-.6z"/></svg></div>
      <div class="names">
        <div class="agency">${s?.agencyName ?? ''}</div>
        <div class="branch">${s?.branchName || snap?.siteName || t(this.uiLang, 'kiosk.title')}</div>
      </div>
      ${snap ? html`<luot-clock .clock=${this.data.clock} .lang=${this.uiLang}></luot-clock>` : nothing}
      <luot-lang-switch .lang=${this.uiLang} @lang-change=${(e: CustomEvent<{ lang: Lang }>) => this.setLang(e.detail.lang)}></luot-lang-switch>
    </header>`;
  }

  private body() {
    const lang = this.uiLang;
    const conn = this.data.connection;
    if (this.view === 'ticket' && this.ticket) {
      return html`<main class="ticket">${this.appointmentBanner()}<kiosk-ticket-view .ticket=${this.ticket} .service=${this.selected} .lang=${lang}
        .agency=${this.data.settings?.agencyName ?? ''} .secondsLeft=${this.secondsLeft} ?print-failed=${this.printFailed}
        .ticketUrl=${`${location.origin}/t/${this.ticket.id}`} @done=${() => this.backToGrid()}></kiosk-ticket-view></main>`;
    }
    if (!this.data.snapshot) {
      return html`<main><div class="center">${conn === 'offline' ? '' : html`<div><div class="spinner"></div>${t(lang, 'kiosk.connecting')}</div>`}</div></main>`;
    }
    const offline = !this.data.ready;
    if (this.view === 'appointment') {
      return html`<main><kiosk-appointment .lang=${lang} ?busy=${this.issuing} ?disabled=${offline} .error=${this.appointmentError}
        .bookUrl=${`${location.host}/book`} .contact=${[this.data.settings?.agencyName, this.data.settings?.branchName].filter(Boolean).join(' – ')} @code-submit=${(e: CustomEvent<{ code: string }>) => this.checkIn(e.detail.code)}
        @back=${() => this.backToGrid()}></kiosk-appointment>${this.issuing ? this.busy(t(lang, 'kiosk.appointmentChecking')) : nothing}</main>`;
    }
    if (this.view === 'procedures') {
      return html`<main class="procedures"><kiosk-procedure-search .lang=${lang} .query=${this.query} .field=${this.field} .fields=${this.data.procedureFields}
        .results=${this.results} ?loading=${this.searching} @key=${(e: CustomEvent<{ key: string }>) => this.typeKey(e.detail.key)}
        @field-select=${(e: CustomEvent<{ field: string }>) => { this.field = e.detail.field; this.search(0); }}
        @procedure-select=${(e: CustomEvent<{ code: string }>) => this.selectProcedure(e.detail.code)}
        @back=${() => this.backToGrid()}></kiosk-procedure-search></main>`;
    }
    if (this.view === 'procedure' && this.procedure) {
      const service = this.procedureService();
      const open = !!service && this.data.services().find((v) => v.service.id === service.id)?.availability.state === 'open';
      return html`<main class="procedures"><kiosk-procedure-page .lang=${lang} .procedure=${this.procedure} .service=${service} ?canIssue=${!offline && open && !this.issuing}
        @take-ticket=${() => this.takeForProcedure()} @back=${() => { this.view = 'procedures'; }}></kiosk-procedure-page>
        ${this.issuing ? this.busy() : nothing}</main>`;
    }
    if (this.view === 'priority' && this.selected) {
      return html`<main><kiosk-priority-choice .service=${this.selected} .lang=${lang} ?disabled=${offline || this.issuing}
        @priority-select=${this.onPrioritySelect} @back=${() => this.backToGrid()}></kiosk-priority-choice>
        ${this.issuing ? this.busy() : nothing}</main>`;
    }
    void this.tick;
    return html`<main><kiosk-service-grid .services=${this.data.services()} .lang=${lang} ?offline=${offline}
      @service-select=${this.onServiceSelect}></kiosk-service-grid>${this.issuing ? this.busy() : nothing}</main>`;
  }

  private busy(label = t(this.uiLang, 'kiosk.issuing')) {
    return html`<div class="busy" role="status"><div><div class="spinner"></div>${label}</div></div>`;
  }

  render() {
    const lang = this.uiLang;
    const conn = this.data.connection;
    if (conn === 'unpaired' || conn === 'revoked') {
      const err = this.data.pairError;
      return html`<kiosk-unpaired .lang=${lang} ?revoked=${conn === 'revoked'} .errorCode=${err?.code ?? ''} .errorMessage=${err?.message ?? ''}></kiosk-unpaired>`;
    }
    const showTitle = this.view === 'grid' && this.data.ready;
    return html`
      ${this.header()}
      <luot-connection-banner .connection=${conn === 'online' ? 'online' : conn === 'connecting' ? 'connecting' : 'offline'} .lang=${lang}
        .message=${t(lang, 'kiosk.offlineTitle')} .detail=${t(lang, 'kiosk.offlineDetail')}></luot-connection-banner>
      ${this.notice ? html`<div class="notice" role="alert">${this.notice}</div>` : nothing}
      ${showTitle ? html`<div class="titlebar ${this.data.appointmentsOffered || this.data.procedureFields.length ? 'with-appointment' : ''}"><div><h1>${t(lang, 'kiosk.chooseService')}</h1>
        <div class="hint">${t(lang, 'kiosk.touchHint')}</div></div>
        ${this.data.procedureFields.length ? html`<button type="button" class="have-appointment" data-look-up @click=${() => this.openProcedures()}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M15.5 14h-.8l-.3-.3A6.5 6.5 0 1 0 14 15.5l.3.3v.8l5 5 1.5-1.5-5-5zm-6 0a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9z"/></svg>
          <span>${t(lang, 'kiosk.lookUpProcedures')}<small>${t(lang, 'kiosk.lookUpProceduresHint')}</small></span></button>` : nothing}
        ${this.data.appointmentsOffered ? html`<button type="button" class="have-appointment" data-have-appointment @click=${() => this.openAppointment()}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 16H5V10h14v10zm-8.5-2.1-3.5-3.5 1.4-1.4 2.1 2.1 4.6-4.6 1.4 1.4z"/></svg>
          <span>${t(lang, 'kiosk.haveAppointment')}<small>${t(lang, 'kiosk.haveAppointmentHint')}</small></span></button>` : nothing}</div>` : nothing}
      ${this.body()}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kiosk-app': KioskApp } }
