// Counters: number, name and the services each serves, in order (the order the counter calls them
// when tickets have waited alike). Live status and officer from the socket.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Counter } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

interface Draft { id: string | null; number: string; name: string; serviceIds: string[] }

@customElement('admin-counters')
export class AdminCounters extends AdminSection {
  @state() private draft: Draft | null = null;

  static styles = [adminStyles, css`
    .order { display: flex; flex-direction: column; gap: 6px; }
    .order .item { display: flex; align-items: center; gap: 8px; padding: 4px 8px; border-radius: var(--luot-radius-s); background: var(--luot-bg); }
    .order .item.on { background: var(--luot-primary-soft); }
    .order .item .name { flex: 1; }
    .editor { margin-bottom: var(--luot-space-4); }
    .letters { display: flex; gap: 4px; }
    .letters .letter { width: 30px; height: 30px; font-size: var(--luot-size-m); }
  `];

  private edit(c: Counter | null): void {
    const next = Math.max(0, ...this.session.counters.map((x) => x.number)) + 1;
    this.message = null;
    this.draft = c ? { id: c.id, number: String(c.number), name: c.name, serviceIds: [...c.serviceIds] } : { id: null, number: String(next), name: '', serviceIds: [] };
  }

  private move(id: string, by: number): void {
    const v = [...this.draft!.serviceIds];
    const i = v.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= v.length) return;
    [v[i], v[j]] = [v[j]!, v[i]!];
    this.draft = { ...this.draft!, serviceIds: v };
  }

  private toggle(id: string, on: boolean): void {
    const d = this.draft!;
    this.draft = { ...d, serviceIds: on ? [...d.serviceIds, id] : d.serviceIds.filter((x) => x !== id) };
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft!;
    const body: Record<string, unknown> = { name: d.name.trim(), serviceIds: d.serviceIds };
    if (!d.id) body.number = Number(d.number);
    const ok = await this.act(() => this.session.saveCounter(d.id, body), t(this.lang, d.id ? 'admin.saved' : 'admin.created'));
    if (ok) this.draft = null;
  }

  private renderEditor() {
    const d = this.draft!;
    const l = this.lang;
    const services = this.session.services;
    // Chosen services first, in their order; then the others by letter.
    const chosen = d.serviceIds.map((id) => services.find((s) => s.id === id)!).filter(Boolean);
    const others = services.filter((s) => !d.serviceIds.includes(s.id)).sort((a, b) => a.code.localeCompare(b.code));
    return html`<form class="card editor" id="counter-form" @submit=${this.save}>
      <h3>${d.id ? t(l, 'admin.editCounter', { number: d.number }) : t(l, 'admin.addCounter')}</h3>
      <div class="form">
        <label class="field">${t(l, 'admin.number')}
          <input name="number" type="number" min="1" max="999" required .value=${d.number} ?disabled=${!!d.id}
            @input=${(e: InputEvent) => { this.draft = { ...d, number: (e.target as HTMLInputElement).value }; }}></label>
        <label class="field">${t(l, 'admin.counterName')}
          <input name="name" .value=${d.name} @input=${(e: InputEvent) => { this.draft = { ...d, name: (e.target as HTMLInputElement).value }; }}>
          <span class="hint">${t(l, 'admin.counterNameHint')}</span></label>
        <div class="wide"><b>${t(l, 'admin.counterServices')}</b>
          <div class="order" id="counter-services">
            ${chosen.map((s, i) => html`<div class="item on" data-service=${s.code}>
              <input type="checkbox" checked @change=${() => this.toggle(s.id, false)} aria-label=${s.name.vi}>
              <span class="letter">${s.code}</span><span class="name">${i + 1}. ${s.name.vi}</span>
              <button type="button" class="small" ?disabled=${i === 0} @click=${() => this.move(s.id, -1)}>↑ ${t(l, 'admin.moveUp')}</button>
              <button type="button" class="small" ?disabled=${i === chosen.length - 1} @click=${() => this.move(s.id, 1)}>↓ ${t(l, 'admin.moveDown')}</button>
            </div>`)}
            ${others.map((s) => html`<label class="item" data-service=${s.code}>
              <input type="checkbox" @change=${() => this.toggle(s.id, true)}><span class="letter">${s.code}</span><span class="name">${s.name.vi}</span></label>`)}
          </div>
        </div>
      </div>
      ${this.renderMessage()}
      <div class="actions">
        <button type="button" @click=${() => { this.draft = null; this.message = null; }}>${t(l, 'admin.cancel')}</button>
        <button type="submit" class="primary" id="save-counter" ?disabled=${this.busy || d.serviceIds.length === 0}>${t(l, 'admin.save')}</button>
      </div>
    </form>`;
  }

  render() {
    const l = this.lang;
    const s = this.session;
    const counters = [...s.counters].sort((a, b) => a.number - b.number);
    const svc = (id: string) => s.services.find((x) => x.id === id);
    return html`
      <div class="bar"><h2>${t(l, 'admin.countersTitle')}</h2>
        <button class="primary" id="add-counter" @click=${() => this.edit(null)}>+ ${t(l, 'admin.addCounter')}</button></div>
      ${this.draft ? this.renderEditor() : this.renderMessage()}
      <table id="counters">
        <thead><tr><th class="num">${t(l, 'admin.number')}</th><th>${t(l, 'admin.counterName')}</th><th>${t(l, 'admin.counterServices')}</th><th>${t(l, 'admin.status')}</th><th>${t(l, 'admin.officer')}</th><th></th></tr></thead>
        <tbody>${counters.map((c) => html`<tr data-number=${c.number}>
          <td class="num"><b>${c.number}</b></td>
          <td>${c.name}</td>
          <td><span class="letters">${c.serviceIds.map((id) => html`<span class="letter" title=${svc(id)?.name.vi ?? ''}>${svc(id)?.code ?? '?'}</span>`)}</span></td>
          <td><span class="pill ${c.status === 'open' ? 'ok' : c.status === 'paused' ? 'warn' : 'off'}">${t(l, `admin.counterStatus_${c.status}`)}</span>
            ${c.pauseReason ? html`<span class="muted"> ${c.pauseReason}</span>` : nothing}</td>
          <td>${c.officer?.name ?? '—'}</td>
          <td><button class="small" @click=${() => this.edit(c)}>${t(l, 'admin.edit')}</button></td>
        </tr>`)}</tbody>
      </table>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-counters': AdminCounters } }
