// A QR code drawn as SVG in the browser (no network): <luot-qr .text=${url} label="..."></luot-qr>.
// Sized by the host's CSS width; black on white with the quiet zone the standard asks for.
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { generate } from 'lean-qr/nano';
import { toSvgPath } from 'lean-qr/extras/svg';

@customElement('luot-qr')
export class LuotQr extends LitElement {
  @property() text = '';
  /** Accessible name, e.g. "Mã QR để theo dõi phiếu". */
  @property() label = '';
  private cache: { text: string; size: number; path: string } | null = null;

  static styles = css`
    /* Black on white whatever the theme: scanners need the contrast and the quiet zone. */
    :host { display: inline-block; width: 240px; background: #fff; line-height: 0; }
    svg { width: 100%; height: auto; display: block; shape-rendering: crispEdges; }
  `;

  private code(): { size: number; path: string } | null {
    if (!this.text) return null;
    if (this.cache?.text !== this.text) {
      const bitmap = generate(this.text);
      this.cache = { text: this.text, size: bitmap.size, path: toSvgPath(bitmap) };
    }
    return this.cache;
  }

  render() {
    const c = this.code();
    if (!c) return nothing;
    const quiet = 4;
    const box = c.size + quiet * 2;
    return html`<svg viewBox="${-quiet} ${-quiet} ${box} ${box}" role="img" aria-label=${this.label || this.text}>
      ${svg`<rect x=${-quiet} y=${-quiet} width=${box} height=${box} fill="#fff"/><path d=${c.path} fill="#000"/>`}
    </svg>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'luot-qr': LuotQr } }
