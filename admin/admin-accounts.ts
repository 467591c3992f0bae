// Accounts: officers and admins, and the sites each works at.
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Role } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

interface Draft { username: string; name: string; password: string; role: Role; siteIds: string[] }

@customElement('admin-accounts')
export class AdminAccounts extends AdminSection {
  @state() private draft: Draft | null = null;

  static styles = [adminStyles, css`.editor { margin-bottom: var(--luot-space-4); } .sites { display: flex; gap: 16px; flex-wrap: wrap; }`];

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft!;
    const ok = await this.act(() => this.session.createUser({ username: d.username.trim(), name: d.name.trim(), password: d.password, role: d.role, siteIds: d.siteIds }), t(this.lang, 'admin.created'));
    if (ok) this.draft = null;
  }

  private renderEditor() {
    const d = this.draft!;
    const l = this.lang;
    const set = (p: Partial<Draft>) => { this.draft = { ...d, ...p }; };
    return html`<form class="card editor" id="account-form" @submit=${this.save}>
      <h3>${t(l, 'admin.addAccount')}</h3>
      <div class="form">
        <label class="field">${t(l, 'admin.fullName')}<input name="name" required .value=${d.name} @input=${(e: InputEvent) => set({ name: (e.target as HTMLInputElement).value })}></label>
        <label class="field">${t(l, 'admin.username')}<input name="username" required pattern="[a-zA-Z0-9._\\-]{2,32}" autocomplete="off" .value=${d.username} @input=${(e: InputEvent) => set({ username: (e.target as HTMLInputElement).value })}></label>
        <label class="field">${t(l, 'admin.password')}<input name="password" type="password" minlength="6" required autocomplete="new-password" .value=${d.password} @input=${(e: InputEvent) => set({ password: (e.target as HTMLInputElement).value })}>
          <span class="hint">${t(l, 'admin.passwordHint')}</span></label>
        <label class="field">${t(l, 'admin.role')}<select name="role" @change=${(e: Event) => set({ role: (e.target as HTMLSelectElement).value as Role })}>
          <option value="officer" ?selected=${d.role === 'officer'}>${t(l, 'admin.role_officer')}</option>
          <option value="admin" ?selected=${d.role === 'admin'}>${t(l, 'admin.role_admin')}</option></select></label>
        <div class="wide"><b>${t(l, 'admin.accountSites')}</b> <span class="hint">(${t(l, 'admin.allSites')}: ${t(l, 'admin.none')})</span>
          <div class="sites">${this.session.sites.map((s) => html`<label class="check"><input type="checkbox" .checked=${d.siteIds.includes(s.id)}
            @change=${(e: Event) => set({ siteIds: (e.target as HTMLInputElement).checked ? [...d.siteIds, s.id] : d.siteIds.filter((x) => x !== s.id) })}>${s.name}</label>`)}</div></div>
      </div>
      ${this.renderMessage()}
      <div class="actions">
        <button type="button" @click=${() => { this.draft = null; this.message = null; }}>${t(l, 'admin.cancel')}</button>
        <button type="submit" class="primary" id="save-account" ?disabled=${this.busy}>${t(l, 'admin.create')}</button>
      </div>
    </form>`;
  }

  render() {
    const l = this.lang;
    const s = this.session;
    const siteName = (id: string) => s.sites.find((x) => x.id === id)?.name ?? id;
    return html`
      <div class="bar"><h2>${t(l, 'admin.accountsTitle')}</h2>
        <button class="primary" id="add-account" @click=${() => { this.message = null; this.draft = { username: '', name: '', password: '', role: 'officer', siteIds: s.siteId ? [s.siteId] : [] }; }}>+ ${t(l, 'admin.addAccount')}</button></div>
      ${this.draft ? this.renderEditor() : this.renderMessage()}
      <table id="accounts">
        <thead><tr><th>${t(l, 'admin.fullName')}</th><th>${t(l, 'admin.username')}</th><th>${t(l, 'admin.role')}</th><th>${t(l, 'admin.accountSites')}</th></tr></thead>
        <tbody>${[...s.users].sort((a, b) => a.name.localeCompare(b.name, 'vi')).map((u) => html`<tr data-username=${u.username}>
          <td><b>${u.name}</b></td><td>${u.username}</td>
          <td><span class="pill ${u.role === 'admin' ? 'warn' : 'ok'}">${t(l, `admin.role_${u.role}`)}</span></td>
          <td>${u.siteIds.length ? u.siteIds.map(siteName).join(', ') : t(l, 'admin.allSites')}</td>
        </tr>`)}</tbody>
      </table>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-accounts': AdminAccounts } }
