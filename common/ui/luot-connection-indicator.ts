// A small dot with a word that shows the link to the hub: green online, amber connecting, red offline.
// <luot-connection-indicator .connection=${c} .labels=${{online:'Đã kết nối', offline:'Mất kết nối', connecting:'Đang kết nối'}}>
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Connection } from '../client.js';

@customElement('luot-connection-indicator')
export class LuotConnectionIndicator extends LitElement {
  @property() connection: Connection = 'connecting';
  @property({ attribute: false }) labels: Partial<Record<Connection, string>> = {};

  static styles = css`
    :host { display: inline-flex; align-items: center; gap: 0.4em; font-size: var(--luot-size-m); }
    .dot { width: 0.75em; height: 0.75em; border-radius: 50%; background: var(--luot-warn); flex: none; }
    :host([data-state='online']) .dot { background: var(--luot-ok); box-shadow: 0 0 0 3px color-mix(in srgb, var(--luot-ok) 35%, transparent); }
    :host([data-state='offline']) .dot, :host([data-state='revoked']) .dot { background: var(--luot-danger); animation: blink 1s steps(2) infinite; }
    @keyframes blink { 50% { opacity: 0.25; } }
  `;

  updated() { this.dataset.state = this.connection; }

  render() {
    const label = this.labels[this.connection] ?? '';
    return html`<span class="dot" aria-hidden="true"></span><span>${label}</span>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'luot-connection-indicator': LuotConnectionIndicator } }
