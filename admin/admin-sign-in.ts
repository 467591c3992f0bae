// The admin sign-in form. Fires `sign-in` {username, password}; the app shows `error`.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { adminStyles, fire } from './admin-styles.js';

@customElement('admin-sign-in')
export class AdminSignIn extends LitElement {
  @property() lang: Lang = 'vi';
  @property() error = '';
  @property({ type: Boolean }) busy = false;
  @state() private username = '';
  @state() private password = '';

  static styles = [adminStyles, css`
    :host { display: flex; align-items: center; justify-content: center; min-height: calc(100vh - 64px); }
    form { width: min(440px, 92vw); display: flex; flex-direction: column; gap: var(--luot-space-3); }
    h1 { margin: 0; font-size: var(--luot-size-2xl); color: var(--luot-primary-strong); }
    button { min-height: 52px; font-size: var(--luot-size-l); }
    input { font-size: var(--luot-size-l); }
  `];

  private submit(e: Event): void {
    e.preventDefault();
    fire(this, 'sign-in', { username: this.username.trim(), password: this.password });
  }

  render() {
    const l = this.lang;
    return html`<form class="card" @submit=${this.submit}>
      <h1>${t(l, 'admin.signInTitle')}</h1>
      <p class="hint">${t(l, 'admin.signInHint')}</p>
      <label class="field">${t(l, 'admin.username')}
        <input id="username" autocomplete="username" .value=${this.username} @input=${(e: InputEvent) => { this.username = (e.target as HTMLInputElement).value; }} required></label>
      <label class="field">${t(l, 'admin.password')}
        <input id="password" type="password" autocomplete="current-password" .value=${this.password} @input=${(e: InputEvent) => { this.password = (e.target as HTMLInputElement).value; }} required></label>
      ${this.error ? html`<div class="msg error" role="alert" id="sign-in-error">${this.error}</div>` : nothing}
      <button class="primary" type="submit" ?disabled=${this.busy}>${t(l, 'admin.signIn')}</button>
    </form>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-sign-in': AdminSignIn } }
