// The rating pad (/pad) on the counter: idle with the counter and its officer; on a request from
// the hub, three faces; "Không hài lòng" asks why; then thanks, and back to idle by itself.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { RATING_LEVELS, type Lang, type RatingLevel } from '../common/types.js';
import { ApiError, storeLang } from '../common/client.js';
import { t } from '../common/i18n/index.js';
import { PadSession, type RatingRequest } from './pad-session.js';
import { face } from './pad-faces.js';
import { counterExtraName } from './counter-styles.js';
import type { PadReasons } from './pad-reasons.js';
import './pad-rating.js';
import './pad-reasons.js';
import '../common/ui/luot-lang-switch.js';
import '../common/ui/luot-connection-banner.js';

type View = 'idle' | 'rate' | 'reason' | 'thanks' | 'notice';
const THANKS_MS = 6000;
const NOTICE_MS = 6000;

@customElement('pad-app')
export class PadApp extends LitElement {
  readonly session = new PadSession();
  @state() private locale: Lang = 'vi';
  @state() private view: View = 'idle';
  @state() private busy = false;
  @state() private error = '';
  @state() private notice = '';
  @state() private chosen: RatingLevel | null = null;
  @state() private started = false;
  @state() private rev = 0;
  @query('pad-reasons') private reasonsEl?: PadReasons;
  private shownRequest: RatingRequest | null = null;
  private backTimer: ReturnType<typeof setTimeout> | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;

  static styles = css`
    :host {
      display: flex; flex-direction: column; height: 100vh; height: 100dvh; overflow: hidden; background: var(--luot-bg);
      user-select: none; -webkit-user-select: none; -webkit-touch-callout: none; touch-action: manipulation;
    }
    header {
      display: flex; align-items: center; gap: var(--luot-space-3); height: 72px; padding: 0 var(--luot-space-4);
      background: var(--luot-primary-strong); color: #fff; flex: none;
    }
    header .site { font-size: var(--luot-size-l); font-weight: 700; flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    header .counter { font-size: var(--luot-size-l); font-weight: 800; }
    luot-lang-switch { --luot-touch-min: 56px; }
    main { flex: 1; min-height: 0; padding: var(--luot-space-4) var(--luot-space-5); display: flex; flex-direction: column; overflow-y: auto; }
    luot-connection-banner { --luot-banner-size: var(--luot-size-l); }
    .idle { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: var(--luot-space-3); text-align: center; }
    .welcome { font-size: var(--luot-size-2xl); color: var(--luot-text-muted); font-weight: 600; }
    .num { font-size: 9rem; font-weight: 900; line-height: 1.05; color: var(--luot-primary-strong); margin-bottom: var(--luot-space-2); }
    .cname { font-size: var(--luot-size-xl); font-weight: 600; color: var(--luot-text-muted); }
    .officer { font-size: var(--luot-size-2xl); margin-top: var(--luot-space-3); }
    .officer small { display: block; font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    .officer b { font-weight: 800; }
    .status { font-size: var(--luot-size-2xl); font-weight: 800; color: var(--luot-warn); background: var(--luot-warn-soft); padding: var(--luot-space-2) var(--luot-space-4); border-radius: var(--luot-radius); }
    .prompt { display: flex; align-items: center; gap: var(--luot-space-3); font-size: var(--luot-size-l); color: var(--luot-text-muted); margin-top: var(--luot-space-4); }
    .prompt .faces { display: flex; gap: 6px; }
    .rate { display: flex; flex-direction: column; gap: var(--luot-space-4); flex: 1; }
    .q { text-align: center; }
    .q .ticket { font-size: var(--luot-size-xl); color: var(--luot-text-muted); font-weight: 700; }
    .q h1 { margin: var(--luot-space-1) 0 0; font-size: var(--luot-size-2xl); line-height: 1.25; }
    .touch { text-align: center; font-size: var(--luot-size-l); color: var(--luot-text-muted); }
    .err { text-align: center; color: var(--luot-danger); font-weight: 700; font-size: var(--luot-size-l); }
    .time { height: 8px; border-radius: 4px; background: var(--luot-border); overflow: hidden; margin-top: auto; }
    .time i { display: block; height: 100%; background: var(--luot-primary); transition: width 1s linear; }
    .thanks, .notice { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: var(--luot-space-4); text-align: center; }
    .thanks h1 { margin: 0; font-size: var(--luot-size-3xl); color: var(--luot-very-satisfied); }
    .thanks p, .notice p { margin: 0; font-size: var(--luot-size-2xl); color: var(--luot-text-muted); max-width: 1120px; }
    .unpaired { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: var(--luot-space-3); text-align: center; }
    .unpaired h1 { margin: 0; font-size: var(--luot-size-2xl); }
    .unpaired p { margin: 0; font-size: var(--luot-size-l); color: var(--luot-text-muted); max-width: 820px; }
    .unpaired .err { font-size: var(--luot-size-l); }
  `;

  connectedCallback(): void {
    super.connectedCallback();
    this.session.subscribe(() => this.onSessionChange());
    this.tick = setInterval(() => this.onTick(), 1000);
    this.setLocale('vi');
    void this.session.start().finally(() => { this.started = true; });
  }

  disconnectedCallback(): void {
    if (this.tick) clearInterval(this.tick);
    super.disconnectedCallback();
  }

  private setLocale(l: Lang): void {
    this.locale = l;
    storeLang(l); // the hub answers errors in this language (Accept-Language)
    document.documentElement.lang = l;
    document.title = t(l, 'pad.title');
  }

  private onSessionChange(): void {
    const s = this.session;
    const req = s.request;
    if (req && req !== this.shownRequest) {
      // A new request replaces whatever was on screen: only the latest ticket can be rated.
      this.shownRequest = req;
      this.open('rate');
      this.setLocale('vi');
      this.error = '';
      this.chosen = null;
      this.reasonsEl?.reset();
    } else if (req && s.closedTicketId === req.ticket.id && !this.busy && (this.view === 'rate' || this.view === 'reason')) {
      // Rated elsewhere or ended by the hub. While this pad is sending, its own answer decides.
      this.toIdle();
    }
    this.rev++;
  }

  private onTick(): void {
    const req = this.session.request;
    if (req && (this.view === 'rate' || this.view === 'reason') && this.session.now() > Date.parse(req.until)) this.toIdle();
    this.rev++;
  }

  private open(view: View): void {
    if (this.backTimer) clearTimeout(this.backTimer);
    this.backTimer = null;
    this.view = view;
  }

  private toIdle(): void {
    this.open('idle');
    this.session.clearRequest();
    this.shownRequest = null;
    this.error = '';
    this.busy = false;
    this.setLocale('vi');
  }

  private later(ms: number): void {
    if (this.backTimer) clearTimeout(this.backTimer);
    this.backTimer = setTimeout(() => this.toIdle(), ms);
  }

  private onChoose(level: RatingLevel): void {
    this.chosen = level;
    this.error = '';
    if (level === 'unsatisfied') {
      this.open('reason');
      void this.updateComplete.then(() => this.reasonsEl?.reset());
      return;
    }
    void this.send(level);
  }

  private async send(level: RatingLevel, reasons: string[] = [], comment = ''): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await this.session.submit(level, reasons, comment);
      this.open('thanks');
      this.later(THANKS_MS);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'offline', String(e));
      if (err.status === 0) {
        this.error = `${t(this.locale, 'pad.failed')}. ${t(this.locale, 'pad.offline')}`;
      } else if (err.code === 'reason_required' || err.code === 'invalid_input') {
        this.error = err.message;
      } else {
        // already rated, window closed, superseded, not this pad's counter: say so, then idle.
        this.notice = err.message || t(this.locale, 'pad.failed');
        this.open('notice');
        this.later(NOTICE_MS);
      }
    } finally {
      this.busy = false;
    }
  }

  private renderIdle() {
    const l = this.locale;
    const c = this.session.counter;
    return html`<div class="idle" id="idle">
      <div class="welcome">${t(l, 'pad.welcome')}</div>
      ${c ? html`<div class="num" id="pad-counter">${t(l, 'common.counterNumber', { number: c.number })}</div>
        ${counterExtraName(c.name, c.number) ? html`<div class="cname">${c.name}</div>` : nothing}
        ${c.status === 'closed' ? html`<div class="status">${t(l, 'pad.counterClosed')}</div>`
          : c.status === 'paused' ? html`<div class="status">${t(l, 'pad.counterPaused')}${c.pauseReason ? ` · ${c.pauseReason}` : ''}</div>`
          : nothing}
        ${c.officer ? html`<div class="officer" id="pad-officer"><small>${t(l, 'pad.officer')}</small><b>${c.officer.name}</b></div>`
          : c.status !== 'closed' ? html`<div class="officer"><small>${t(l, 'pad.noOfficer')}</small></div>` : nothing}` : nothing}
      <div class="prompt"><span class="faces">${RATING_LEVELS.map((lv) => face(lv, 40))}</span>${t(l, 'pad.idlePrompt')}</div>
    </div>`;
  }

  private renderRate() {
    const l = this.locale;
    const req = this.session.request;
    if (!req) return nothing;
    const total = Math.max(1, Date.parse(req.until) - this.session.requestedAt);
    const left = Math.max(0, Date.parse(req.until) - this.session.now());
    const pct = Math.min(100, (left / total) * 100);
    return html`<div class="rate" id="rate">
      <div class="q">
        <div class="ticket">${t(l, 'pad.ticketLine', { number: req.ticket.number })}</div>
        <h1>${req.officerName ? t(l, 'pad.questionNamed', { name: req.officerName }) : t(l, 'pad.question')}</h1>
      </div>
      <pad-rating .locale=${l} .busy=${this.busy} @choose=${(e: CustomEvent<{ level: RatingLevel }>) => this.onChoose(e.detail.level)}></pad-rating>
      ${this.error ? html`<div class="err" role="alert">${this.error}</div>` : html`<div class="touch">${t(l, 'pad.touchOne')}</div>`}
      <div class="time" aria-hidden="true"><i style="width: ${pct}%"></i></div>
    </div>`;
  }

  private renderThanks() {
    const l = this.locale;
    return html`<div class="thanks" id="thanks">
      ${face(this.chosen === 'unsatisfied' ? 'satisfied' : 'very_satisfied', 180)}
      <h1>${t(l, 'pad.thanks')}</h1>
      <p>${t(l, 'pad.thanksBody')}</p>
    </div>`;
  }

  private renderUnpaired() {
    const l = this.locale;
    const err = this.session.pairError;
    return html`<div class="unpaired" id="unpaired">
      <h1>${this.started ? t(l, 'pad.notPaired') : t(l, 'pad.pairing')}</h1>
      ${err ? html`<div class="err">${t(l, 'pad.pairFailed')}: ${err.status === 0 ? t(l, 'pad.offline') : err.message}</div>` : nothing}
      <p>${t(l, 'pad.notPairedHint')}</p>
    </div>`;
  }

  render() {
    const s = this.session;
    const l = this.locale;
    const c = s.counter;
    const citizenFacing = this.view !== 'idle';
    return html`
      <header>
        <span class="site">${s.siteName}</span>
        ${c && citizenFacing ? html`<span class="counter">${t(l, 'common.counterNumber', { number: c.number })}</span>` : nothing}
        <luot-lang-switch id="lang" .lang=${l} @lang-change=${(e: CustomEvent<{ lang: Lang }>) => this.setLocale(e.detail.lang)}></luot-lang-switch>
      </header>
      ${s.paired ? html`<luot-connection-banner .connection=${s.client.connection} .lang=${l} .message=${t(l, 'pad.offline')}></luot-connection-banner>` : nothing}
      <main>
        ${!s.paired ? this.renderUnpaired()
          : this.view === 'rate' ? this.renderRate()
          : this.view === 'reason' ? html`<pad-reasons .locale=${l} .reasons=${s.unsatisfiedReasons} .busy=${this.busy} .error=${this.error}
              @back=${() => { this.error = ''; this.open('rate'); }}
              @submit=${(e: CustomEvent<{ reasons: string[]; comment: string }>) => this.send('unsatisfied', e.detail.reasons, e.detail.comment)}></pad-reasons>`
          : this.view === 'thanks' ? this.renderThanks()
          : this.view === 'notice' ? html`<div class="notice" id="notice">${face('satisfied', 120)}<p>${this.notice}</p></div>`
          : this.renderIdle()}
      </main>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'pad-app': PadApp } }
