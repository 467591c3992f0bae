// The officer console (/counter): sign in, choose or resume a counter, then work it with big
// buttons or the keyboard. One keyboard handler lives here; children render state and emit events.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Lang, Ticket } from '../common/types.js';
import { storeLang, storedLang } from '../common/client.js';
import { t } from '../common/i18n/index.js';
import { CounterSession, toApiError, type Action } from './counter-session.js';
import { baseStyles } from './counter-styles.js';
import './counter-sign-in.js';
import './counter-picker.js';
import './counter-current.js';
import './counter-actions.js';
import './counter-queue-list.js';
import './counter-today.js';
import './counter-printers.js';
import './counter-transfer-dialog.js';
import './counter-pause-dialog.js';
import './counter-close-dialog.js';
import '../common/ui/luot-clock.js';
import '../common/ui/luot-connection-banner.js';
import '../common/ui/luot-lang-switch.js';
import { SiteClock } from '../common/ui/site-clock.js';
import { WedgeScanner } from '../common/wedge-scanner.js';

type View = 'loading' | 'sign-in' | 'choose' | 'work';
type Dialog = 'transfer' | 'pause' | 'close' | null;
interface Message { kind: 'ok' | 'error' | 'info'; text: string; code?: string }

@customElement('counter-app')
export class CounterApp extends LitElement {
  readonly session = new CounterSession();
  @state() private locale: Lang = storedLang();
  @state() private view: View = 'loading';
  @state() private busy = false;
  @state() private signInError = '';
  @state() private dialog: Dialog = null;
  @state() private message: Message | null = null;
  @state() private dossier = '';
  @state() private nowMs = Date.now();
  /** Bumped on every change of the session so that lit re-renders. */
  @state() private rev = 0;
  private tick: ReturnType<typeof setInterval> | null = null;
  private messageTimer: ReturnType<typeof setTimeout> | null = null;
  private lastCurrentId: string | null = null;
  /** A barcode/QR scanner types a dossier code as a fast burst ending in Enter (common/wedge-scanner.ts). */
  private scanner = new WedgeScanner(40, 8);

  static styles = [baseStyles, css`
    :host { display: flex; flex-direction: column; height: 100vh; background: var(--luot-bg); }
    header.bar {
      display: flex; align-items: center; gap: var(--luot-space-3); padding: 0 var(--luot-space-4); height: 64px;
      background: var(--luot-primary-strong); color: #fff; flex: none;
    }
    .brand { font-weight: 800; font-size: var(--luot-size-l); }
    .where { display: flex; align-items: baseline; gap: var(--luot-space-2); }
    .where b { font-size: var(--luot-size-xl); }
    .pill { font-size: var(--luot-size-s); font-weight: 700; padding: 3px 10px; border-radius: 999px; background: var(--luot-ok); color: #fff; }
    .pill.paused { background: var(--luot-warn); }
    .spacer { flex: 1; }
    .who { opacity: 0.9; }
    luot-clock { --luot-clock-time-size: var(--luot-size-xl); }
    luot-lang-switch { --luot-touch-min: 40px; --luot-space-4: 12px; font-size: var(--luot-size-m); }
    header.bar button { background: transparent; color: #fff; border-color: rgba(255, 255, 255, 0.5); min-height: 40px; padding: 4px 12px; }
    header.bar button:hover { background: rgba(255, 255, 255, 0.12); }
    header.bar button.close { border-color: #fff; font-weight: 700; }
    main { flex: 1; min-height: 0; }
    .work { display: grid; grid-template-columns: 1fr 440px; gap: var(--luot-space-3); padding: var(--luot-space-3); height: 100%; }
    .left { display: flex; flex-direction: column; gap: 12px; min-height: 0; }
    .msg {
      min-height: 48px; border-radius: var(--luot-radius-s); display: flex; align-items: center; gap: var(--luot-space-2);
      padding: 0 var(--luot-space-3); font-weight: 700; font-size: var(--luot-size-l);
    }
    .msg.ok { background: var(--luot-ok-soft); color: var(--luot-ok); }
    .msg.info { background: var(--luot-primary-soft); color: var(--luot-primary-strong); }
    .msg.error { background: var(--luot-danger-soft); color: var(--luot-danger); border-left: 6px solid var(--luot-danger); }
    .msg .text { flex: 1; }
    .msg button { min-height: 32px; padding: 0 10px; background: transparent; border-color: currentColor; color: inherit; }
    .centre { display: flex; align-items: center; justify-content: center; height: 100%; color: var(--luot-text-muted); font-size: var(--luot-size-l); }
    counter-queue-list { min-height: 0; }
  `];

  connectedCallback(): void {
    super.connectedCallback();
    this.session.subscribe(() => this.onSessionChange());
    window.addEventListener('keydown', this.onKey);
    this.tick = setInterval(() => { this.nowMs = this.session.now(); }, 1000);
    document.documentElement.lang = this.locale;
    document.title = t(this.locale, 'counter.title');
    void this.start();
  }

  disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKey);
    if (this.tick) clearInterval(this.tick);
    super.disconnectedCallback();
  }

  private async start(): Promise<void> {
    try {
      const ok = await this.session.resume();
      this.view = ok ? (this.session.counterId ? 'work' : 'choose') : 'sign-in';
    } catch (e) {
      this.signInError = this.errorText(e);
      this.view = 'sign-in';
    }
  }

  private onSessionChange(): void {
    const s = this.session;
    if (s.client.connection === 'unpaired' && this.view !== 'sign-in') {
      // The token was refused (expired or revoked): back to sign-in, saying why.
      this.signInError = t(this.locale, 'errors.token_expired');
      s.signOut();
      this.view = 'sign-in';
    } else if (this.view === 'work' && !s.counterId) {
      this.view = 'choose';
      this.dialog = null;
    } else if (this.view === 'choose' && s.counterId) {
      this.view = 'work';
    }
    const cur = s.current?.id ?? null;
    if (cur !== this.lastCurrentId) { this.lastCurrentId = cur; this.dossier = ''; }
    this.nowMs = s.now();
    this.rev++;
  }

  // ---- messages -------------------------------------------------------------------------------
  private errorText(e: unknown): string {
    const err = toApiError(e);
    if (err.code === 'offline' || err.status === 0) return t(this.locale, 'counter.offline');
    return err.message || err.code;
  }
  private say(kind: Message['kind'], text: string, code?: string): void {
    this.message = { kind, text, code };
    if (this.messageTimer) clearTimeout(this.messageTimer);
    // Errors stay until the next action or Esc; confirmations fade.
    if (kind !== 'error') this.messageTimer = setTimeout(() => { this.message = null; }, 6000);
  }
  private fail(e: unknown): void { this.say('error', this.errorText(e), toApiError(e).code); }

  // ---- sign-in and counter choice -------------------------------------------------------------
  private async onSignIn(e: CustomEvent<{ username: string; password: string }>): Promise<void> {
    this.busy = true;
    this.signInError = '';
    try {
      await this.session.signIn(e.detail.username, e.detail.password);
      this.view = this.session.counterId ? 'work' : 'choose';
      this.message = null;
    } catch (err) {
      this.signInError = this.errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async onPick(e: CustomEvent<{ counterId: string }>): Promise<void> {
    const s = this.session;
    const c = s.counters.find((x) => x.id === e.detail.counterId);
    this.busy = true;
    this.message = null;
    try {
      if (c?.officer?.id === s.user?.id && c?.status !== 'closed') {
        await s.chooseSite(s.siteId!);
      } else {
        await s.openCounter(e.detail.counterId);
      }
      this.view = 'work';
    } catch (err) {
      this.fail(err);
      void s.loadCounters().catch(() => {});
    } finally {
      this.busy = false;
    }
  }

  private async onSiteChange(e: CustomEvent<{ siteId: string }>): Promise<void> {
    try { await this.session.chooseSite(e.detail.siteId); } catch (err) { this.fail(err); }
  }

  private signOut(): void {
    this.session.signOut();
    this.signInError = '';
    this.message = null;
    this.dialog = null;
    this.view = 'sign-in';
  }

  private toggleLang(): void {
    this.locale = this.locale === 'vi' ? 'en' : 'vi';
    storeLang(this.locale);
    document.documentElement.lang = this.locale;
    document.title = t(this.locale, 'counter.title');
  }

  // ---- keyboard -------------------------------------------------------------------------------
  private onKey = (e: KeyboardEvent): void => {
    if (this.view !== 'work') return;
    if (this.dialog) {
      if (e.key === 'Escape') { e.preventDefault(); this.dialog = null; }
      return;
    }
    const target = e.composedPath()[0] as HTMLElement | undefined;
    const tag = target?.tagName ?? '';
    const typing = tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    // A scan outside a field: its keys are not shortcuts, and its Enter attaches the code. In the
    // dossier field the field itself takes the scan (its Enter attaches what it holds).
    const at = performance.now();
    const burst = this.scanner.inRun(at);
    const scan = typing ? (this.scanner.reset(), null) : this.scanner.feed(e.key, at);
    if (scan?.kind === 'scan') {
      e.preventDefault();
      void this.attachDossier(scan.text, true);
      return;
    }
    if (burst && e.key.length === 1) return;
    const paused = this.session.counter?.status === 'paused';
    let action: Action | null = null;
    switch (e.key) {
      case 'F1': action = 'call-next'; break;
      case 'F2': action = 'recall'; break;
      case 'F3': action = 'no-show'; break;
      case 'F4': action = 'complete'; break;
      case 'F8': action = 'transfer'; break;
      case 'F9': action = paused ? 'resume' : 'pause'; break;
      case ' ': case 'Enter': if (!typing && tag !== 'BUTTON' && plain) action = 'call-next'; break;
      case 'r': case 'R': if (!typing && plain) action = 'recall'; break;
      case 'Escape': if (this.message) { this.message = null; e.preventDefault(); } break;
    }
    if (!action) return;
    e.preventDefault();
    if (e.repeat) return;
    void this.run(action);
  };

  // ---- counter work ---------------------------------------------------------------------------
  /** Why an action cannot run now, in the same words as the hub's error, or null. */
  private refusal(action: Action): string | null {
    const s = this.session;
    const l = this.locale;
    const status = s.counter?.status;
    const cur = s.current;
    if (action === 'resume') return status === 'paused' ? null : t(l, 'errors.conflict');
    if (action === 'close') return cur ? t(l, 'counter.closeNeedsFinish', { number: cur.number }) : null;
    if (status === 'paused') return t(l, 'errors.counter_paused');
    if (status !== 'open') return t(l, 'errors.counter_not_open');
    if (action === 'call-next' || action === 'call' || action === 'pause') {
      return cur ? t(l, 'errors.ticket_in_service', { number: cur.number }) : null;
    }
    return cur ? null : t(l, 'errors.no_current_ticket');
  }

  private async run(action: Action, arg?: string): Promise<void> {
    if (this.busy) return;
    const refused = this.refusal(action);
    if (refused) { this.say('error', refused); return; }
    if (action === 'transfer' || action === 'pause' || action === 'close') { this.message = null; this.dialog = action; return; }
    const s = this.session;
    const l = this.locale;
    this.busy = true;
    this.message = null;
    try {
      let tk: Ticket | null;
      switch (action) {
        case 'call-next':
          tk = await s.callNext();
          if (tk) this.say('ok', t(l, 'counter.calledOk', { number: tk.number }));
          else this.say('info', t(l, 'counter.nothingWaiting'));
          break;
        case 'call':
          tk = await s.call(arg!);
          this.say('ok', t(l, 'counter.calledOk', { number: tk.number }));
          break;
        case 'recall':
          tk = await s.recall();
          this.say(tk.status === 'called' ? 'ok' : 'info', tk.status === 'called'
            ? t(l, 'counter.recalledOk', { number: tk.number }) : t(l, 'counter.noShowOk', { number: tk.number }));
          break;
        case 'no-show':
          tk = await s.noShow();
          this.say('ok', t(l, 'counter.noShowOk', { number: tk.number }));
          break;
        case 'complete':
          tk = await s.complete(this.dossier.trim() || undefined);
          this.dossier = '';
          this.say('ok', t(l, 'counter.completedOk', { number: tk.number }));
          break;
        case 'resume':
          await s.resumeCounter();
          this.say('ok', t(l, 'counter.resumedOk'));
          break;
      }
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  /** Attach a typed or scanned dossier code to the ticket being served. */
  private async attachDossier(raw: string, scanned = false): Promise<void> {
    const s = this.session;
    const l = this.locale;
    const code = raw.trim();
    if (!code) return;
    if (!s.current) { this.say('error', t(l, 'errors.no_current_ticket'), 'no_current_ticket'); return; }
    try {
      const tk = await s.linkDossier(code);
      const added = (tk.dossierCodes ?? []).find((c) => c === code.toUpperCase()) ?? code.toUpperCase();
      if (!scanned || this.dossier.trim().toUpperCase() === added) this.dossier = '';
      this.say('ok', t(l, scanned ? 'counter.dossierScannedOk' : 'counter.dossierLinkedOk', { code: added, number: tk.number }));
    } catch (e) {
      this.fail(e);
    }
  }

  private async dialogConfirm(kind: Dialog, detail: { serviceId?: string; reason?: string }): Promise<void> {
    const s = this.session;
    const l = this.locale;
    this.busy = true;
    try {
      if (kind === 'transfer') {
        const tk = await s.transfer(detail.serviceId!);
        const svc = s.service(detail.serviceId);
        this.say('ok', t(l, 'counter.transferredOk', { number: tk.number, service: svc ? `${svc.code} · ${svc.name[l] ?? svc.name.vi}` : '' }));
      } else if (kind === 'pause') {
        await s.pause(detail.reason!);
        this.say('ok', t(l, 'counter.pausedOk'));
      } else if (kind === 'close') {
        const n = s.counter?.number ?? '';
        await s.close();
        this.view = 'choose';
        this.say('ok', t(l, 'counter.closedOk', { number: n }));
      }
      this.dialog = null;
    } catch (e) {
      this.dialog = null;
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  private clockFor: string | null = null;
  private siteClock = new SiteClock();
  /** The site's clock, corrected by the hub's time of the last snapshot. */
  private get clock(): SiteClock {
    const at = this.session.snapshot?.serverTime ?? null;
    if (at && at !== this.clockFor) { this.clockFor = at; this.siteClock = new SiteClock({ serverTime: at }); }
    return this.siteClock;
  }

  // ---- render ---------------------------------------------------------------------------------
  private renderHeader() {
    const s = this.session;
    const l = this.locale;
    const c = this.view === 'work' ? s.counter : null;
    return html`<header class="bar">
      <span class="brand">${t(l, 'common.appName')}</span>
      ${c ? html`<span class="where"><b id="counter-title">${t(l, 'common.counterNumber', { number: c.number })}</b>
        <span class="pill ${c.status}" id="counter-status">${t(l, `counter.status_${c.status}`)}</span></span>` : nothing}
      <span class="spacer"></span>
      ${s.user ? html`<span class="who">${t(l, 'counter.officer')}: <b>${s.user.name}</b></span>` : nothing}
      <luot-clock .clock=${this.clock} .lang=${l} show="time"></luot-clock>
      <luot-lang-switch .lang=${l} @lang-change=${() => this.toggleLang()}></luot-lang-switch>
      ${c ? html`<button class="close" data-action="close" @click=${() => this.run('close')}>${t(l, 'counter.close')}</button>` : nothing}
      ${s.user ? html`<button @click=${() => this.signOut()}>${t(l, 'counter.signOut')}</button>` : nothing}
    </header>`;
  }

  private renderMessage() {
    const m = this.message;
    if (!m) return html`<div class="msg" aria-live="polite"></div>`;
    return html`<div class="msg ${m.kind}" id="message" data-code=${m.code ?? ''} role=${m.kind === 'error' ? 'alert' : 'status'}>
      <span class="text">${m.text}</span>
      <button @click=${() => { this.message = null; }} aria-label=${t(this.locale, 'counter.dismiss')}>✕</button>
    </div>`;
  }

  private renderWork() {
    const s = this.session;
    const l = this.locale;
    const c = s.counter;
    const cur = s.current;
    return html`<div class="work">
      <div class="left">
        <counter-current .locale=${l} .ticket=${cur} .service=${s.service(cur?.serviceId)} .counter=${c}
          .nowMs=${this.nowMs} .dossier=${this.dossier}
          @dossier-input=${(e: CustomEvent<{ value: string }>) => { this.dossier = e.detail.value; }}
          @dossier-add=${(e: CustomEvent<{ value: string }>) => this.attachDossier(e.detail.value)}
          @complete=${() => this.run('complete')}></counter-current>
        ${this.renderMessage()}
        <counter-actions .locale=${l} .hasCurrent=${!!cur} .status=${c?.status ?? 'closed'} .busy=${this.busy}
          @action=${(e: CustomEvent<{ name: Action }>) => this.run(e.detail.name)}></counter-actions>
        <counter-today .locale=${l} .today=${s.today}></counter-today>
        <counter-printers .locale=${l} .client=${s.client} .siteId=${s.siteId}></counter-printers>
      </div>
      <counter-queue-list .locale=${l} .tickets=${s.waiting} .services=${s.allServices} .counts=${s.waitingCounts}
        .nowMs=${this.nowMs} .loaded=${s.waitingLoaded} .canCall=${!this.busy && !cur && c?.status === 'open'}
        @call-ticket=${(e: CustomEvent<{ ticketId: string }>) => this.run('call', e.detail.ticketId)}></counter-queue-list>
      ${this.dialog === 'transfer' ? html`<counter-transfer-dialog .locale=${l} .ticket=${cur} .services=${s.allServices}
        .waiting=${s.snapshot?.waiting ?? []} @cancel=${() => { this.dialog = null; }}
        @confirm=${(e: CustomEvent) => this.dialogConfirm('transfer', e.detail)}></counter-transfer-dialog>` : nothing}
      ${this.dialog === 'pause' ? html`<counter-pause-dialog .locale=${l} @cancel=${() => { this.dialog = null; }}
        @confirm=${(e: CustomEvent) => this.dialogConfirm('pause', e.detail)}></counter-pause-dialog>` : nothing}
      ${this.dialog === 'close' ? html`<counter-close-dialog .locale=${l} .number=${c?.number ?? 0} @cancel=${() => { this.dialog = null; }}
        @confirm=${() => this.dialogConfirm('close', {})}></counter-close-dialog>` : nothing}
    </div>`;
  }

  render() {
    const s = this.session;
    const l = this.locale;
    return html`
      ${this.renderHeader()}
      ${this.view === 'work' ? html`<luot-connection-banner id="offline" .connection=${s.client.connection} .lang=${l}
        style="--luot-banner-size: var(--luot-size-l)"></luot-connection-banner>` : nothing}
      <main>
        ${this.view === 'loading' ? html`<div class="centre">${t(l, 'counter.loading')}</div>` : nothing}
        ${this.view === 'sign-in' ? html`<counter-sign-in .locale=${l} .busy=${this.busy} .error=${this.signInError}
          @sign-in=${this.onSignIn}></counter-sign-in>` : nothing}
        ${this.view === 'choose' ? html`
          ${this.message ? html`<div style="padding: 16px 40px 0">${this.renderMessage()}</div>` : nothing}
          <counter-picker .locale=${l} .sites=${s.sites} .siteId=${s.siteId} .counters=${s.counters} .services=${s.services}
            .userId=${s.user?.id ?? null} .busy=${this.busy} .loaded=${!!s.siteId || s.sites.length === 0}
            @pick-counter=${this.onPick} @site-change=${this.onSiteChange}></counter-picker>` : nothing}
        ${this.view === 'work' ? this.renderWork() : nothing}
      </main>
    `;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-app': CounterApp } }
