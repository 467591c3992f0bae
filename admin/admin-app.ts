// The admin console (/admin): sign in, pick a site, then the sections: today's live board,
// reports, services, counters, devices, appointments, accounts, settings and the audit. The
// section is kept in the address (#reports), so a reload stays where it was.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { diskLowParams, type HealthWarning } from '../common/disk.js';
import { storeLang, storedLang } from '../common/client.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { AdminSession, toApiError } from './admin-session.js';
import { adminStyles } from './admin-styles.js';
import '../common/ui/luot-lang-switch.js';
import '../common/ui/luot-connection-banner.js';
import './admin-sign-in.js';
import './admin-today.js';
import './admin-reports.js';
import './admin-services.js';
import './admin-counters.js';
import './admin-devices.js';
import './admin-accounts.js';
import './admin-settings.js';
import './admin-appointments.js';
import './admin-audit.js';
import './admin-voice.js';
import './admin-privacy.js';
import './admin-link.js';
import './admin-procedures.js';

const SECTIONS = ['today', 'reports', 'services', 'counters', 'devices', 'appointments', 'accounts', 'settings', 'audit', 'privacy', 'voice', 'link', 'procedures'] as const;
type Section = (typeof SECTIONS)[number];

@customElement('admin-app')
export class AdminApp extends LitElement {
  readonly session = new AdminSession();
  @state() private locale: Lang = storedLang();
  @state() private view: 'loading' | 'sign-in' | 'main' = 'loading';
  @state() private section: Section = 'today';
  @state() private busy = false;
  @state() private error = '';
  @state() private rev = 0;
  /** The warnings of /api/health (disk_low), checked at sign-in and every minute. */
  @state() private warnings: HealthWarning[] = [];
  private healthTimer: ReturnType<typeof setInterval> | undefined;
  @state() private notice = '';

  static styles = [adminStyles, css`
    :host { display: flex; flex-direction: column; min-height: 100vh; background: var(--luot-bg); }
    header {
      display: flex; align-items: center; gap: var(--luot-space-3); padding: 0 var(--luot-space-4); height: 64px; flex: none;
      background: var(--luot-primary-strong); color: #fff;
    }
    .brand { font-weight: 800; font-size: var(--luot-size-l); white-space: nowrap; }
    header select { min-width: 260px; background: rgba(255, 255, 255, 0.12); color: #fff; border-color: rgba(255, 255, 255, 0.4); }
    header select option { color: var(--luot-text); }
    header button { background: transparent; color: #fff; border-color: rgba(255, 255, 255, 0.5); }
    .spacer { flex: 1; }
    .warning { margin: var(--luot-space-3) var(--luot-space-4) 0; padding: var(--luot-space-3) var(--luot-space-4); border-radius: 8px;
      background: #fff4d6; border: 2px solid #b45309; color: #5c2d00; font-size: var(--luot-size-l); font-weight: 700; }
    .who { opacity: 0.9; white-space: nowrap; }
    .conn { font-size: var(--luot-size-s); font-weight: 700; padding: 2px 10px; border-radius: 999px; background: var(--luot-ok); }
    .conn.off { background: var(--luot-danger); }
    luot-lang-switch { --luot-touch-min: 40px; --luot-space-4: 12px; font-size: var(--luot-size-m); }
    /* Every section in sight: the menu wraps onto a second line on a narrower screen, never scrolls out of view. */
    nav { display: flex; flex-wrap: wrap; column-gap: 2px; padding: 0 var(--luot-space-4); background: var(--luot-surface); border-bottom: 1px solid var(--luot-border); flex: none; }
    nav a {
      padding: 14px 14px; color: var(--luot-text-muted); text-decoration: none; font-weight: 700; border-bottom: 4px solid transparent; white-space: nowrap;
    }
    nav a[aria-current='page'] { color: var(--luot-primary-strong); border-bottom-color: var(--luot-primary); }
    .demo {
      display: flex; align-items: center; gap: var(--luot-space-3); flex-wrap: wrap; padding: 12px var(--luot-space-4);
      background: #fff4d6; color: #5c3b00; border-bottom: 2px solid #e0a800; font-size: var(--luot-size-m); font-weight: 600;
    }
    .demo span { flex: 1; min-width: 280px; }
    .demo button { background: var(--luot-danger); color: #fff; border-color: var(--luot-danger); font-weight: 700; }
    .notice { padding: 12px var(--luot-space-4); background: var(--luot-surface); border-bottom: 1px solid var(--luot-border); font-weight: 600; }
    main { flex: 1; padding: var(--luot-space-4); max-width: 1500px; width: 100%; margin: 0 auto; }
    /* Printing (the audit digests, the booking poster): only the section, on white. */
    @media print {
      :host { background: #fff; min-height: 0; }
      header, nav, luot-connection-banner, .demo, .warning, .notice { display: none !important; }
      main { padding: 0; max-width: none; }
    }
  `];

  connectedCallback(): void {
    super.connectedCallback();
    this.session.subscribe(() => this.onSession());
    window.addEventListener('hashchange', this.onHash);
    this.onHash();
    document.documentElement.lang = this.locale;
    document.title = t(this.locale, 'admin.title');
    void this.start();
  }

  disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  private onHash = (): void => {
    const h = location.hash.slice(1) as Section;
    this.section = SECTIONS.includes(h) ? h : 'today';
  };

  private async start(): Promise<void> {
    try {
      this.view = (await this.session.resume()) ? 'main' : 'sign-in';
    } catch (e) {
      this.error = toApiError(e).message;
      this.view = 'sign-in';
    }
  }

  private onSession(): void {
    const c = this.session.client.connection;
    if (this.view === 'main' && (c === 'revoked' || c === 'unpaired') && !this.session.client.token) {
      this.error = t(this.locale, 'errors.token_expired');
      this.session.signOut();
      this.view = 'sign-in';
    }
    this.rev++;
  }

  private async signIn(e: CustomEvent<{ username: string; password: string }>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await this.session.signIn(e.detail.username, e.detail.password);
      this.view = 'main';
    } catch (err) {
      const a = toApiError(err);
      this.error = a.code === 'not_admin' ? t(this.locale, 'admin.notAdmin') : a.message || a.code;
    } finally {
      this.busy = false;
    }
  }

  private toggleLang(): void {
    this.locale = this.locale === 'vi' ? 'en' : 'vi';
    storeLang(this.locale);
    document.documentElement.lang = this.locale;
    document.title = t(this.locale, 'admin.title');
  }

  private async pickSite(e: Event): Promise<void> {
    const v = (e.target as HTMLSelectElement).value;
    if (v === '__new') {
      const name = prompt(t(this.locale, 'admin.newSiteName'));
      if (name?.trim()) await this.session.createSite(name.trim()).catch((err) => alert(toApiError(err).message));
      else this.rev++;
      return;
    }
    await this.session.chooseSite(v);
  }

  private async checkHealth(): Promise<void> {
    try {
      this.warnings = await this.session.healthWarnings();
    } catch { /* offline: the connection banner says so */ }
  }

  override updated(): void {
    if (this.view === 'main' && !this.healthTimer) {
      void this.checkHealth();
      this.healthTimer = setInterval(() => void this.checkHealth(), 60_000);
    } else if (this.view !== 'main' && this.healthTimer) {
      clearInterval(this.healthTimer);
      this.healthTimer = undefined;
    }
  }

  private renderWarnings() {
    const l = this.locale;
    return this.warnings.map((w) => html`<div class="warning" role="alert" id="warning-${w.code}">⚠ ${w.code === 'disk_low' && w.freeBytes !== undefined
      ? t(l, 'admin.diskLow', diskLowParams(w.freeBytes, w.totalBytes ?? 0, l)) : w.message}</div>`);
  }

  private renderHeader() {
    const s = this.session;
    const l = this.locale;
    const online = s.client.connection === 'online';
    return html`<header>
      <span class="brand">${t(l, 'admin.brand')}</span>
      ${this.view === 'main' ? html`
        <select id="site-picker" aria-label=${t(l, 'admin.site')} @change=${this.pickSite}>
          ${s.sites.map((x) => html`<option value=${x.id} ?selected=${x.id === s.siteId}>${x.name}</option>`)}
          <option value="__new">+ ${t(l, 'admin.newSite')}</option>
        </select>
        <span class="conn ${online ? '' : 'off'}">${online ? t(l, 'admin.live') : t(l, 'admin.offlineShort')}</span>` : nothing}
      <span class="spacer"></span>
      ${s.user ? html`<span class="who">${s.user.name}</span>` : nothing}
      <luot-lang-switch .lang=${l} @lang-change=${() => this.toggleLang()}></luot-lang-switch>
      ${s.user ? html`<button id="sign-out" @click=${() => { s.signOut(); this.view = 'sign-in'; }}>${t(l, 'admin.signOut')}</button>` : nothing}
    </header>`;
  }

  private async removeDemo(): Promise<void> {
    const l = this.locale;
    if (!confirm(t(l, 'admin.demoConfirm'))) return;
    this.busy = true;
    try {
      await this.session.removeDemo();
      this.notice = t(l, 'admin.demoRemoved');
    } catch (e) {
      alert(toApiError(e).message);
    } finally {
      this.busy = false;
      this.rev++;
    }
  }

  private renderDemo() {
    const d = this.session.demo;
    const l = this.locale;
    if (!d?.present) return this.notice ? html`<div class="notice" id="notice" role="status">${this.notice}</div>` : nothing;
    return html`<div class="demo" id="demo-banner" role="alert">
      <span>${t(l, 'admin.demoBanner', { site: d.siteName ?? '—', accounts: d.accounts, devices: d.devices })}</span>
      <button id="remove-demo" ?disabled=${this.busy} @click=${() => void this.removeDemo()}>${t(l, 'admin.demoRemove')}</button>
    </div>`;
  }

  private renderSection() {
    const s = this.session;
    const l = this.locale;
    switch (this.section) {
      case 'today': return html`<admin-today .session=${s} .lang=${l} .rev=${this.rev}></admin-today>`;
      case 'reports': return html`<admin-reports .session=${s} .lang=${l} .rev=${this.rev}></admin-reports>`;
      case 'services': return html`<admin-services .session=${s} .lang=${l} .rev=${this.rev}></admin-services>`;
      case 'counters': return html`<admin-counters .session=${s} .lang=${l} .rev=${this.rev}></admin-counters>`;
      case 'devices': return html`<admin-devices .session=${s} .lang=${l} .rev=${this.rev}></admin-devices>`;
      case 'accounts': return html`<admin-accounts .session=${s} .lang=${l} .rev=${this.rev}></admin-accounts>`;
      case 'settings': return html`<admin-settings .session=${s} .lang=${l} .rev=${this.rev}></admin-settings>`;
      case 'appointments': return html`<admin-appointments .session=${s} .lang=${l} .rev=${this.rev}></admin-appointments>`;
      case 'audit': return html`<admin-audit .session=${s} .lang=${l} .rev=${this.rev}></admin-audit>`;
      case 'voice': return html`<admin-voice .session=${s} .lang=${l} .rev=${this.rev}></admin-voice>`;
      case 'privacy': return html`<admin-privacy .session=${s} .lang=${l} .rev=${this.rev}></admin-privacy>`;
      case 'link': return html`<admin-link .session=${s} .lang=${l} .rev=${this.rev}></admin-link>`;
      case 'procedures': return html`<admin-procedures .session=${s} .lang=${l} .rev=${this.rev}></admin-procedures>`;
    }
  }

  render() {
    const l = this.locale;
    if (this.view === 'loading') return html`${this.renderHeader()}`;
    if (this.view === 'sign-in') {
      return html`${this.renderHeader()}<admin-sign-in .lang=${l} .error=${this.error} .busy=${this.busy} @sign-in=${this.signIn}></admin-sign-in>`;
    }
    return html`${this.renderHeader()}
      <luot-connection-banner .connection=${this.session.client.connection} .lang=${l} style="--luot-banner-size: var(--luot-size-l)"></luot-connection-banner>
      ${this.renderWarnings()}
      <nav aria-label="${t(l, 'admin.brand')}">
        ${SECTIONS.map((x) => html`<a href="#${x}" id="nav-${x}" aria-current=${x === this.section ? 'page' : 'false'}>${t(l, `admin.nav_${x}` as StringKey)}</a>`)}
      </nav>
      ${this.renderDemo()}
      <main>${this.session.siteId ? this.renderSection() : html`<p id="no-site">${t(l, 'admin.noSite')}</p>`}</main>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-app': AdminApp } }
