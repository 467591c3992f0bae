// The officer's sign-in form. Emits `sign-in` {username, password}; the app does the rest.
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { baseStyles } from './counter-styles.js';

@customElement('counter-sign-in')
export class CounterSignIn extends LitElement {
  @property() locale: Lang = 'vi';
  @property({ type: Boolean }) busy = false;
  @property() error = '';
  @query('#username') private usernameInput!: HTMLInputElement;
  @query('#password') private passwordInput!: HTMLInputElement;

  static styles = [baseStyles, css`
    :host { display: flex; align-items: center; justify-content: center; height: 100%; }
    form {
      width: 460px; background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow);
      padding: var(--luot-space-5); display: flex; flex-direction: column; gap: var(--luot-space-3);
    }
    h1 { margin: 0; font-size: var(--luot-size-2xl); color: var(--luot-primary-strong); }
    p { margin: 0 0 var(--luot-space-2); color: var(--luot-text-muted); }
    label { display: flex; flex-direction: column; gap: var(--luot-space-1); font-weight: 600; }
    button { min-height: 56px; font-size: var(--luot-size-l); margin-top: var(--luot-space-2); }
    .error {
      background: var(--luot-danger-soft); color: var(--luot-danger); border-left: 4px solid var(--luot-danger);
      padding: var(--luot-space-2) var(--luot-space-3); border-radius: var(--luot-radius-s); font-weight: 600;
    }
  `];

  firstUpdated(): void { this.usernameInput?.focus(); }

  private submit(e: Event): void {
    e.preventDefault();
    const username = this.usernameInput.value.trim();
    const password = this.passwordInput.value;
    if (!username) { this.usernameInput.focus(); return; }
    if (!password) { this.passwordInput.focus(); return; }
    this.dispatchEvent(new CustomEvent('sign-in', { detail: { username, password }, bubbles: true, composed: true }));
  }

  render() {
    const l = this.locale;
    return html`
      <form @submit=${this.submit} novalidate>
        <h1>${t(l, 'counter.signInTitle')}</h1>
        <p>${t(l, 'counter.signInSubtitle')}</p>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
        <label>${t(l, 'counter.username')}
          <input id="username" name="username" autocomplete="username" autocapitalize="off" spellcheck="false" ?disabled=${this.busy}>
        </label>
        <label>${t(l, 'counter.password')}
          <input id="password" name="password" type="password" autocomplete="current-password" ?disabled=${this.busy}>
        </label>
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? t(l, 'counter.signingIn') : t(l, 'counter.signIn')}
        </button>
      </form>
    `;
  }
}

declare global { interface HTMLElementTagNameMap { 'counter-sign-in': CounterSignIn } }
