// "Kết nối": the one-stop link of the site. Webhook subscriptions with the state of each site's
// stream (normal, retrying, parked with its last error), the deliveries of one with a resend button,
// and integration keys (created with their scopes, shown once, revoked). Secrets and keys are shown
// once, big, right after they are made; the hub never shows them again.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';
import { EVENT_TYPES, LinkData, SCOPES, type Delivery, type Integration, type Webhook } from './link-data.js';

const scopeKey = (s: string) => `link.scope_${s.replace(':', '_')}` as StringKey;

@customElement('admin-link')
export class AdminLink extends AdminSection {
  @state() private hooks: Webhook[] = [];
  @state() private keys: Integration[] = [];
  @state() private open: Webhook | null = null;
  @state() private deliveries: Delivery[] = [];
  @state() private hookDraft: { url: string; types: string[] } | null = null;
  @state() private keyDraft: { name: string; scopes: string[] } | null = null;
  @state() private shown: { title: string; hint: string; value: string } | null = null;
  private data!: LinkData;
  private loadedFor: string | null = null;

  static styles = [adminStyles, css`
    .intro { max-width: 90ch; margin: 0 0 var(--luot-space-4); }
    h3 { margin-top: var(--luot-space-4); }
    .secret { border: 3px solid var(--luot-primary); margin-bottom: var(--luot-space-4); }
    .secret code { display: block; font-family: var(--luot-font-mono); font-size: var(--luot-size-l); font-weight: 700; word-break: break-all;
      background: var(--luot-bg); padding: 10px 12px; border-radius: 6px; color: var(--luot-primary-strong); }
    .checks { display: flex; flex-wrap: wrap; gap: 8px 20px; }
    .checks label { display: flex; gap: 6px; align-items: center; font-weight: 600; }
    td.mono, .mono { font-family: var(--luot-font-mono); font-size: 15px; word-break: break-all; }
    td.err { color: var(--luot-danger); }
    .editor { margin-bottom: var(--luot-space-4); }
  `];

  protected updated(): void {
    if (this.session.siteId && this.session.siteId !== this.loadedFor) {
      this.loadedFor = this.session.siteId;
      this.data = new LinkData(this.session);
      this.open = null;
      void this.load();
    }
  }

  private siteId(): string { return this.session.siteId ?? ''; }

  private async load(): Promise<void> {
    await this.act(async () => {
      const [hooks, keys] = await Promise.all([this.data.webhooks(), this.data.integrations()]);
      const site = this.siteId();
      this.hooks = hooks.filter((h) => h.siteIds.includes(site));
      this.keys = keys.filter((k) => k.siteIds.includes(site));
      if (this.open) {
        this.open = this.hooks.find((h) => h.id === this.open!.id) ?? null;
        this.deliveries = this.open ? await this.data.deliveries(this.open.id) : [];
      }
    });
  }

  private time(iso: string | null): string {
    if (!iso) return '—';
    return new Date(iso).toLocaleString(this.lang === 'vi' ? 'vi-VN' : 'en-GB', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  private async createHook(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.hookDraft!;
    const l = this.lang;
    await this.act(async () => {
      const r = await this.data.createWebhook({ url: d.url.trim(), siteIds: [this.siteId()], ...(d.types.length ? { types: d.types } : {}) });
      this.shown = { title: t(l, 'link.secretTitle'), hint: t(l, 'link.secretHint'), value: r.secret };
      this.hookDraft = null;
    });
    await this.load();
  }

  private async createKey(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.keyDraft!;
    const l = this.lang;
    await this.act(async () => {
      const r = await this.data.createIntegration({ name: d.name.trim(), siteIds: [this.siteId()], scopes: d.scopes });
      this.shown = { title: t(l, 'link.keyTitle', { name: r.integration.name }), hint: t(l, 'link.keyHint'), value: r.key };
      this.keyDraft = null;
    });
    await this.load();
  }

  /** Open (or refresh) the deliveries of a webhook; the streams' states are read again too. */
  private async showDeliveries(h: Webhook): Promise<void> {
    this.open = h;
    await this.load();
  }

  private async resend(d: Delivery): Promise<void> {
    const ok = await this.act(() => this.data.resend(d.webhookId, d.id));
    await this.load();
    if (ok) this.say('ok', t(this.lang, 'link.resent', { id: d.eventId }));
  }

  private async deleteHook(h: Webhook): Promise<void> {
    if (!confirm(t(this.lang, 'link.deleteConfirm', { url: h.url }))) return;
    if (this.open?.id === h.id) this.open = null;
    await this.act(() => this.data.deleteWebhook(h.id));
    await this.load();
  }

  private async revokeKey(k: Integration): Promise<void> {
    if (!confirm(t(this.lang, 'link.revokeConfirm', { name: k.name }))) return;
    await this.act(() => this.data.revokeIntegration(k.id));
    await this.load();
  }

  private toggle(list: string[], v: string, on: boolean): string[] {
    return on ? [...new Set([...list, v])] : list.filter((x) => x !== v);
  }

  private renderShown() {
    const s = this.shown!;
    return html`<section class="card secret" id="shown-once">
      <h3>${s.title}</h3><p class="hint">${s.hint}</p><code id="shown-value">${s.value}</code>
      <div class="actions"><button @click=${() => { this.shown = null; }}>${t(this.lang, 'link.close')}</button></div>
    </section>`;
  }

  private renderHookEditor() {
    const d = this.hookDraft!;
    const l = this.lang;
    return html`<form class="card editor" id="webhook-form" @submit=${this.createHook}>
      <h3>${t(l, 'link.addWebhook')}</h3>
      <div class="form">
        <label class="field">${t(l, 'link.url')}
          <input name="url" type="url" required placeholder="https://motcua.example.gov.vn/luot" .value=${d.url}
            @input=${(e: InputEvent) => { this.hookDraft = { ...d, url: (e.target as HTMLInputElement).value }; }}></label>
        <fieldset class="field"><legend>${t(l, 'link.types')} (${t(l, 'link.allTypes').toLowerCase()} ${l === 'vi' ? 'nếu không chọn' : 'when none is ticked'})</legend>
          <div class="checks">${EVENT_TYPES.map((ty) => html`<label><input type="checkbox" name="type" value=${ty} .checked=${d.types.includes(ty)}
            @change=${(e: Event) => { this.hookDraft = { ...d, types: this.toggle(d.types, ty, (e.target as HTMLInputElement).checked) }; }}><span class="mono">${ty}</span></label>`)}</div>
        </fieldset>
      </div>
      ${this.renderMessage()}
      <div class="actions">
        <button type="button" @click=${() => { this.hookDraft = null; this.message = null; }}>${t(l, 'link.cancel')}</button>
        <button type="submit" class="primary" id="create-webhook" ?disabled=${this.busy}>${t(l, 'link.create')}</button>
      </div>
    </form>`;
  }

  private renderKeyEditor() {
    const d = this.keyDraft!;
    const l = this.lang;
    return html`<form class="card editor" id="key-form" @submit=${this.createKey}>
      <h3>${t(l, 'link.addKey')}</h3>
      <div class="form">
        <label class="field">${t(l, 'link.keyName')}
          <input name="name" required maxlength="80" .value=${d.name} @input=${(e: InputEvent) => { this.keyDraft = { ...d, name: (e.target as HTMLInputElement).value }; }}></label>
        <fieldset class="field"><legend>${t(l, 'link.scopes')}</legend>
          <div class="checks">${SCOPES.map((sc) => html`<label><input type="checkbox" name="scope" value=${sc} .checked=${d.scopes.includes(sc)}
            @change=${(e: Event) => { this.keyDraft = { ...d, scopes: this.toggle(d.scopes, sc, (e.target as HTMLInputElement).checked) }; }}>${t(l, scopeKey(sc))}</label>`)}</div>
        </fieldset>
      </div>
      ${this.renderMessage()}
      <div class="actions">
        <button type="button" @click=${() => { this.keyDraft = null; this.message = null; }}>${t(l, 'link.cancel')}</button>
        <button type="submit" class="primary" id="create-key" ?disabled=${this.busy || d.scopes.length === 0}>${t(l, 'link.create')}</button>
      </div>
    </form>`;
  }

  private renderStream(h: Webhook) {
    const st = h.streams.find((s) => s.siteId === this.siteId());
    const l = this.lang;
    if (!st) return '—';
    const cls = st.state === 'ok' ? 'ok' : st.state === 'retrying' ? 'warn' : 'bad';
    return html`<span class="pill ${cls}">${t(l, `link.state_${st.state}` as StringKey)}</span>${st.lastError ? html`<div class="muted mono">${st.lastError}</div>` : nothing}`;
  }

  private renderDeliveries() {
    const h = this.open!;
    const l = this.lang;
    return html`<section class="card" id="deliveries">
      <div class="bar"><h3>${t(l, 'link.deliveriesOf', { url: h.url })}</h3>
        <button class="small" @click=${() => this.showDeliveries(h)}>↻</button>
        <button class="small" @click=${() => { this.open = null; }}>${t(l, 'link.close')}</button></div>
      ${this.deliveries.length === 0 ? html`<p class="muted">${t(l, 'link.noDeliveries')}</p>` : html`<table>
        <thead><tr><th>${t(l, 'link.event')}</th><th>${t(l, 'link.status')}</th><th>${t(l, 'link.attempts')}</th><th>${t(l, 'link.lastAttempt')}</th><th>${t(l, 'link.lastError')}</th><th></th></tr></thead>
        <tbody>${this.deliveries.map((d) => html`<tr data-delivery=${d.id} data-status=${d.status}>
          <td><span class="mono">${d.type}</span><div class="muted mono">#${d.eventId}</div></td>
          <td><span class="pill ${d.status === 'delivered' ? 'ok' : d.status === 'pending' ? 'warn' : 'bad'}">${t(l, `link.status_${d.status}` as StringKey)}</span>
            ${d.status === 'pending' && d.nextAttemptAt ? html`<div class="muted">${t(l, 'link.nextAttempt')}: ${this.time(d.nextAttemptAt)}</div>` : nothing}</td>
          <td>${d.attempts}</td>
          <td>${this.time(d.lastAttemptAt)}</td>
          <td class="err mono">${d.lastError ?? ''}</td>
          <td><button class="small resend" @click=${() => this.resend(d)} ?disabled=${this.busy}>${t(l, 'link.resend')}</button></td>
        </tr>`)}</tbody></table>`}
    </section>`;
  }

  render() {
    const l = this.lang;
    return html`
      <div class="bar"><h2>${t(l, 'link.title')}</h2></div>
      <p class="intro hint">${t(l, 'link.intro')}</p>
      ${this.shown ? this.renderShown() : nothing}
      ${!this.hookDraft && !this.keyDraft ? this.renderMessage() : nothing}
      <div class="bar"><h3>${t(l, 'link.webhooks')}</h3>
        <button class="primary" id="add-webhook" @click=${() => { this.message = null; this.keyDraft = null; this.hookDraft = { url: '', types: [] }; }}>+ ${t(l, 'link.addWebhook')}</button></div>
      ${this.hookDraft ? this.renderHookEditor() : nothing}
      ${this.hooks.length === 0 ? html`<p class="muted">${t(l, 'link.noWebhooks')}</p>` : html`<table id="webhooks">
        <thead><tr><th>${t(l, 'link.url')}</th><th>${t(l, 'link.types')}</th><th>${t(l, 'link.stream')}</th><th></th></tr></thead>
        <tbody>${this.hooks.map((h) => html`<tr data-webhook=${h.id}>
          <td class="mono"><b>${h.url}</b></td>
          <td>${h.types.length === EVENT_TYPES.length ? t(l, 'link.allTypes') : html`<span class="mono">${h.types.join(', ')}</span>`}</td>
          <td class="state">${this.renderStream(h)}</td>
          <td><button class="small show-deliveries" @click=${() => this.showDeliveries(h)}>${t(l, 'link.showDeliveries')}</button>
            <button class="small danger" @click=${() => this.deleteHook(h)}>${t(l, 'link.delete')}</button></td>
        </tr>`)}</tbody></table>`}
      ${this.open ? this.renderDeliveries() : nothing}
      <div class="bar"><h3>${t(l, 'link.keys')}</h3>
        <button class="primary" id="add-key" @click=${() => { this.message = null; this.hookDraft = null; this.keyDraft = { name: '', scopes: ['events:read'] }; }}>+ ${t(l, 'link.addKey')}</button></div>
      ${this.keyDraft ? this.renderKeyEditor() : nothing}
      ${this.keys.length === 0 ? html`<p class="muted">${t(l, 'link.noKeys')}</p>` : html`<table id="keys">
        <thead><tr><th>${t(l, 'link.keyName')}</th><th>${t(l, 'link.scopes')}</th><th>${t(l, 'link.keyPrefix')}</th><th>${t(l, 'link.created')}</th><th></th></tr></thead>
        <tbody>${this.keys.map((k) => html`<tr data-key=${k.name}>
          <td><b>${k.name}</b></td>
          <td>${k.scopes.map((s) => t(l, scopeKey(s))).join(', ')}</td>
          <td class="mono">${k.keyPrefix}…</td>
          <td>${this.time(k.createdAt)}</td>
          <td>${k.revokedAt ? html`<span class="pill bad">${t(l, 'link.revoked')}</span>` : html`<button class="small danger revoke" @click=${() => this.revokeKey(k)}>${t(l, 'link.revoke')}</button>`}</td>
        </tr>`)}</tbody></table>`}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-link': AdminLink } }
