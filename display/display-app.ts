// The lobby display (1920x1080 TV, dark): the newest call large, every counter's number, the last
// calls, waiting counts, the site's date and time, the admin's ticker, and the link to the hub.
// Every live call and recall is spoken through the announcer. Nobody touches it; it heals itself.
// Read from 10 m: no text under 28 px (--luot-size-xl), numbers much larger. The lower right
// panel takes turns: the waiting counts (a page at a time), then the transparency panel (công
// khai) when the site shows it, so that the calls keep their size. `?rotate=SECONDS` sets the turn.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import '../common/ui/luot-clock.js';
import '../common/ui/luot-connection-banner.js';
import '../common/ui/luot-connection-indicator.js';
import { announceCall, getAnnouncer, syncVoicePack } from './display-announce.js';
import { DisplayData } from './display-data.js';
import { latestCall, lowerPanels, waitingPages, type LowerPanel } from './display-state.js';
import './display-call-board.js';
import './display-now-calling.js';
import './display-recent-calls.js';
import './display-ticker.js';
import './display-transparency.js';
import './display-waiting.js';
import './display-unpaired.js';

/** How long the board keeps the counter of the newest call highlighted. */
export const HIGHLIGHT_MS = 15_000;

/** Seconds a page of waiting counts and the transparency panel stay before the next turns up. */
export const WAITING_SECONDS = 20;
export const TRANSPARENCY_SECONDS = 12;

@customElement('display-app')
export class DisplayApp extends LitElement {
  readonly data = new DisplayData();
  /** Primary language of the screen: Vietnamese, or English with `?lang=en`; the other is shown small. */
  @state() private uiLang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi';
  @state() private highlightUntil = 0;
  /** The browser refused to play sound until a touch (a TV started without the autoplay flag). */
  @state() private soundBlocked = false;
  /** Turns taken by the lower right panel so far (the panel shown is this modulo the panels). */
  @state() private turn = 0;
  private hlTimer: ReturnType<typeof setTimeout> | null = null;
  private turnTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly rotateSeconds = Number(new URLSearchParams(location.search).get('rotate')) || 0;

  static styles = css`
    :host { display: flex; flex-direction: column; height: 100vh; width: 100vw; overflow: hidden; cursor: none;
      background: var(--luot-display-bg); color: var(--luot-display-text); font-family: var(--luot-font); }
    header { flex: none; display: flex; align-items: center; gap: var(--luot-space-4); padding: 10px 32px;
      background: var(--luot-primary-strong); border-bottom: 4px solid var(--luot-gold); }
    .emblem { flex: none; width: 84px; height: 84px; border-radius: 50%; background: var(--luot-accent);
      display: grid; place-items: center; border: 4px solid var(--luot-gold); }
    .emblem svg { width: 52px; height: 52px; color: var(--luot-gold); }
    .names { flex: 1; min-width: 0; }
    .agency { font-size: var(--luot-size-xl); text-transform: uppercase; letter-spacing: 0.04em; opacity: 0.9; line-height: 1.2; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .branch { font-size: 48px; font-weight: 800; line-height: 1.1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .right { flex: none; display: flex; align-items: center; gap: var(--luot-space-4); }
    .meta { display: flex; flex-direction: column; align-items: flex-end; gap: 2px; }
    luot-clock.date { --luot-clock-date-size: var(--luot-size-xl); }
    luot-clock.time { --luot-clock-time-size: 84px; line-height: 1; }
    luot-connection-indicator { font-size: var(--luot-size-xl); opacity: 0.9; }
    luot-connection-banner { flex: none; --luot-banner-size: 34px; min-height: 76px; }
    main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 700px; gap: var(--luot-space-4); padding: var(--luot-space-3) var(--luot-space-4); }
    .left { display: grid; grid-template-rows: 450px minmax(0, 1fr); gap: var(--luot-space-3); min-height: 0; }
    .right-col { display: grid; grid-template-rows: auto minmax(0, 1fr); gap: var(--luot-space-4); min-height: 0; }
    .lower { display: grid; min-height: 0; }
    .lower > * { grid-area: 1 / 1; }
    display-ticker { flex: none; background: var(--luot-gold); color: var(--luot-display-bg); --luot-ticker-size: 40px; --luot-ticker-height: 76px; }
    .sound { flex: none; background: var(--luot-warn); color: var(--luot-display-text); font-size: var(--luot-size-xl); font-weight: 700; padding: 8px 36px; cursor: default; }
    .center { flex: 1; display: grid; place-items: center; font-size: 48px; opacity: 0.8; }
  `;

  /** The voice announcer (its `played` list is read by the browser tests). */
  get announcer() { return getAnnouncer(); }

  connectedCallback() {
    super.connectedCallback();
    document.documentElement.lang = this.uiLang;
    this.data.subscribe(() => { this.requestUpdate(); void syncVoicePack(this.data.state?.siteId, this.data.state?.settings); });
    this.data.onVoicePack((e) => { void syncVoicePack(this.data.state?.siteId, this.data.state?.settings, e.clips ?? true); });
    this.data.onCall((call) => {
      announceCall(call, this.data.state?.settings);
      this.highlightUntil = Date.now() + HIGHLIGHT_MS;
      if (this.hlTimer) clearTimeout(this.hlTimer);
      this.hlTimer = setTimeout(() => { this.highlightUntil = 0; }, HIGHLIGHT_MS);
    });
    getAnnouncer((blocked) => { this.soundBlocked = blocked; });
    void this.data.start();
    this.nextTurn();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.turnTimer) clearTimeout(this.turnTimer);
    this.turnTimer = null;
  }

  private panels(): LowerPanel[] {
    const s = this.data.state;
    if (!s) return lowerPanels(1, false);
    const t = this.data.transparency;
    return lowerPanels(waitingPages(s.services).length, s.settings.showTransparency && !!t && t.siteId === s.siteId);
  }

  /** Keep the current panel up for its time, then show the next one. */
  private nextTurn(): void {
    const panels = this.panels();
    const current = panels[this.turn % panels.length]!;
    const seconds = this.rotateSeconds || (current.kind === 'transparency' ? TRANSPARENCY_SECONDS : WAITING_SECONDS);
    this.turnTimer = setTimeout(() => {
      const now = this.panels(); // pages or the setting may have changed meanwhile
      this.turn = ((this.turn % now.length) + 1) % now.length;
      this.nextTurn();
    }, seconds * 1000);
  }

  render() {
    const lang = this.uiLang;
    const conn = this.data.connection;
    if (conn === 'unpaired' || conn === 'revoked') {
      const err = this.data.pairError;
      return html`<display-unpaired .lang=${lang} ?revoked=${conn === 'revoked'} .errorCode=${err?.code ?? ''} .errorMessage=${err?.message ?? ''}></display-unpaired>`;
    }
    const s = this.data.state;
    const labels = { online: t(lang, 'display.online'), offline: t(lang, 'display.offline'), connecting: t(lang, 'display.connecting') };
    const call = s ? latestCall(s) : null;
    const highlight = call && this.highlightUntil > Date.now() ? call.counter.id : '';
    const panels = this.panels();
    const panel = panels[this.turn % panels.length]!;
    return html`
      <header>
        <div class="emblem" aria-hidden="true"><svg viewBox="0 0 24 24"><path fill="currentColor" d="m12 2 2.9 6.9 7.1.6-5.4 4.7 1.6 7.1L12 17.5 5.8 21.3l1.6-7.1L2 9.5l7.1-.6z"/></svg></div>
        <div class="names">
          <div class="agency">${s?.settings.agencyName ?? ''}</div>
          <div class="branch">${s ? s.settings.branchName || s.siteName : t(lang, 'display.title')}</div>
        </div>
        <div class="right">
          <div class="meta">
            ${s ? html`<luot-clock class="date" show="date" .clock=${this.data.clock} .lang=${lang}></luot-clock>` : nothing}
            <luot-connection-indicator .connection=${conn} .labels=${labels}></luot-connection-indicator>
          </div>
          ${s ? html`<luot-clock class="time" show="time" .clock=${this.data.clock} .lang=${lang}></luot-clock>` : nothing}
        </div>
      </header>
      ${this.soundBlocked ? html`<div class="sound" role="alert">${t(lang, 'display.soundBlocked')}</div>` : nothing}
      ${s ? html`<main>
        <div class="left">
          <display-now-calling .call=${call} .seq=${s.callSeq} .lang=${lang}></display-now-calling>
          <display-call-board .counters=${s.counters} .current=${s.current} .highlight=${highlight} .lang=${lang}></display-call-board>
        </div>
        <div class="right-col">
          <display-recent-calls .calls=${s.recentCalls} .max=${3} .lang=${lang}></display-recent-calls>
          <div class="lower">
            <display-waiting .services=${s.services} .waiting=${s.waiting} .lang=${lang}
              .page=${panel.kind === 'waiting' ? panel.page : 0} ?hidden=${panel.kind !== 'waiting'}></display-waiting>
            <display-transparency .data=${this.data.transparency} .lang=${lang} ?hidden=${panel.kind !== 'transparency'}></display-transparency>
          </div>
        </div>
      </main>
      ${conn === 'offline'
        // the warning takes the ticker's place, so that nothing else moves on the screen
        ? html`<luot-connection-banner .connection=${'offline'} .lang=${lang} .message=${t(lang, 'display.offlineBanner')}></luot-connection-banner>`
        : html`<display-ticker .text=${s.settings.displayTicker ?? ''}></display-ticker>`}`
      : html`<div class="center">${conn === 'offline' ? nothing : `${t(lang, 'display.connecting')}…`}</div>
        <luot-connection-banner .connection=${conn === 'offline' ? 'offline' : 'online'} .lang=${lang} .message=${t(lang, 'display.offlineBanner')}></luot-connection-banner>`}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'display-app': DisplayApp } }
