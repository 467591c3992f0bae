// Services (lĩnh vực): letter, names, daily cap, issuing hours (sessions, weekdays, closed days),
// active. A list, and one editor for a new or an existing service.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Service } from '../common/types.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

interface Draft {
  id: string | null; code: string; nameVi: string; nameEn: string; dailyCap: string; limited: boolean;
  sessions: { start: string; end: string }[]; weekdays: number[]; closedDates: string[]; newClosed: string; active: boolean;
}

const OFFICE = { sessions: [{ start: '07:00', end: '11:15' }, { start: '13:15', end: '16:30' }], weekdays: [1, 2, 3, 4, 5] };

@customElement('admin-services')
export class AdminServices extends AdminSection {
  @state() private draft: Draft | null = null;

  static styles = [adminStyles, css`
    .sessions { display: flex; flex-direction: column; gap: 8px; }
    .session { display: flex; gap: 8px; align-items: center; }
    .session input { width: 130px; }
    .days { display: flex; gap: 12px; flex-wrap: wrap; }
    .chips { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
    .chip { display: inline-flex; gap: 6px; align-items: center; background: var(--luot-primary-soft); border-radius: 999px; padding: 2px 4px 2px 12px; }
    .editor { margin-bottom: var(--luot-space-4); }
    td.hours { font-size: var(--luot-size-s); }
  `];

  private edit(s: Service | null): void {
    const used = new Set(this.session.services.map((x) => x.code));
    const free = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((c) => !used.has(c)) ?? '';
    this.message = null;
    this.draft = s ? {
      id: s.id, code: s.code, nameVi: s.name.vi, nameEn: s.name.en ?? '', dailyCap: s.dailyCap === null ? '' : String(s.dailyCap),
      limited: !!s.hours, sessions: s.hours?.sessions.map((x) => ({ ...x })) ?? OFFICE.sessions.map((x) => ({ ...x })),
      weekdays: s.hours?.weekdays ?? [...OFFICE.weekdays], closedDates: [...(s.hours?.closedDates ?? [])], newClosed: '', active: s.active,
    } : {
      id: null, code: free, nameVi: '', nameEn: '', dailyCap: '300', limited: true, sessions: OFFICE.sessions.map((x) => ({ ...x })),
      weekdays: [...OFFICE.weekdays], closedDates: [], newClosed: '', active: true,
    };
  }

  private set<K extends keyof Draft>(k: K, v: Draft[K]): void { this.draft = { ...this.draft!, [k]: v }; }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft!;
    const body: Record<string, unknown> = {
      name: { vi: d.nameVi.trim(), ...(d.nameEn.trim() ? { en: d.nameEn.trim() } : {}) },
      dailyCap: d.dailyCap.trim() ? Number(d.dailyCap) : null,
      hours: d.limited ? { sessions: d.sessions, weekdays: [...d.weekdays].sort(), closedDates: [...d.closedDates].sort() } : null,
      active: d.active,
    };
    if (!d.id) body.code = d.code.trim().toUpperCase();
    const ok = await this.act(() => this.session.saveService(d.id, body), t(this.lang, d.id ? 'admin.saved' : 'admin.created'));
    if (ok) this.draft = null;
  }

  private hoursText(s: Service): string {
    const l = this.lang;
    if (!s.hours) return t(l, 'admin.hoursAlways');
    const days = s.hours.weekdays.map((w) => t(l, `admin.wd_${w}` as StringKey)).join(', ');
    const sessions = s.hours.sessions.map((x) => `${x.start}–${x.end}`).join(', ');
    const closed = s.hours.closedDates.length ? ` · ${t(l, 'admin.closedDates')}: ${s.hours.closedDates.join(', ')}` : '';
    return `${sessions} · ${days}${closed}`;
  }

  private renderEditor() {
    const d = this.draft!;
    const l = this.lang;
    return html`<form class="card editor" id="service-form" @submit=${this.save}>
      <h3>${d.id ? t(l, 'admin.editService', { code: d.code }) : t(l, 'admin.addService')}</h3>
      <div class="form">
        <label class="field">${t(l, 'admin.code')}
          <input name="code" maxlength="1" .value=${d.code} ?disabled=${!!d.id} required pattern="[A-Za-z]"
            @input=${(e: InputEvent) => this.set('code', (e.target as HTMLInputElement).value.toUpperCase())}>
          <span class="hint">${t(l, 'admin.codeHint')}</span></label>
        <label class="field">${t(l, 'admin.nameVi')}
          <input name="nameVi" .value=${d.nameVi} required @input=${(e: InputEvent) => this.set('nameVi', (e.target as HTMLInputElement).value)}></label>
        <label class="field">${t(l, 'admin.nameEn')}
          <input name="nameEn" .value=${d.nameEn} @input=${(e: InputEvent) => this.set('nameEn', (e.target as HTMLInputElement).value)}></label>
        <label class="field">${t(l, 'admin.dailyCap')}
          <input name="dailyCap" type="number" min="1" max="9999" .value=${d.dailyCap} @input=${(e: InputEvent) => this.set('dailyCap', (e.target as HTMLInputElement).value)}>
          <span class="hint">${t(l, 'admin.dailyCapHint')}</span></label>
        <div class="wide">
          <label class="check"><input type="checkbox" name="limited" .checked=${d.limited} @change=${(e: Event) => this.set('limited', (e.target as HTMLInputElement).checked)}>
            ${t(l, 'admin.hoursLimited')}</label>
          ${d.limited ? nothing : html`<span class="hint"> — ${t(l, 'admin.hoursAlways')}</span>`}
        </div>
        ${d.limited ? html`
          <div class="field wide sessions"><b>${t(l, 'admin.sessions')}</b>
            ${d.sessions.map((s, i) => html`<div class="session">
              <span>${t(l, 'admin.sessionFrom')}</span>
              <input type="time" name="start-${i}" .value=${s.start} required @input=${(e: InputEvent) => { const v = [...d.sessions]; v[i] = { ...s, start: (e.target as HTMLInputElement).value }; this.set('sessions', v); }}>
              <span>${t(l, 'admin.sessionTo')}</span>
              <input type="time" name="end-${i}" .value=${s.end} required @input=${(e: InputEvent) => { const v = [...d.sessions]; v[i] = { ...s, end: (e.target as HTMLInputElement).value }; this.set('sessions', v); }}>
              <button type="button" class="small danger" @click=${() => this.set('sessions', d.sessions.filter((_, j) => j !== i))}>${t(l, 'admin.remove')}</button>
            </div>`)}
            <div><button type="button" class="small" id="add-session" @click=${() => this.set('sessions', [...d.sessions, { start: '13:00', end: '17:00' }])}>+ ${t(l, 'admin.addSession')}</button></div>
          </div>
          <div class="wide"><b>${t(l, 'admin.weekdays')}</b>
            <div class="days">${[1, 2, 3, 4, 5, 6, 7].map((w) => html`<label class="check"><input type="checkbox" name="wd-${w}" .checked=${d.weekdays.includes(w)}
              @change=${(e: Event) => this.set('weekdays', (e.target as HTMLInputElement).checked ? [...d.weekdays, w] : d.weekdays.filter((x) => x !== w))}>${t(l, `admin.wd_${w}` as StringKey)}</label>`)}</div>
          </div>
          <div class="wide"><b>${t(l, 'admin.closedDates')}</b>
            <div class="chips">
              ${d.closedDates.map((c) => html`<span class="chip">${c}<button type="button" class="small" aria-label=${t(l, 'admin.remove')} @click=${() => this.set('closedDates', d.closedDates.filter((x) => x !== c))}>✕</button></span>`)}
              <input type="date" name="newClosed" .value=${d.newClosed} @input=${(e: InputEvent) => this.set('newClosed', (e.target as HTMLInputElement).value)}>
              <button type="button" class="small" id="add-closed" ?disabled=${!d.newClosed} @click=${() => { if (d.newClosed && !d.closedDates.includes(d.newClosed)) this.draft = { ...d, closedDates: [...d.closedDates, d.newClosed].sort(), newClosed: '' }; }}>+ ${t(l, 'admin.addClosedDate')}</button>
            </div>
          </div>` : nothing}
        <div class="wide"><label class="check"><input type="checkbox" name="active" .checked=${d.active} @change=${(e: Event) => this.set('active', (e.target as HTMLInputElement).checked)}>${t(l, 'admin.active')}</label></div>
      </div>
      ${this.renderMessage()}
      <div class="actions">
        <button type="button" @click=${() => { this.draft = null; this.message = null; }}>${t(l, 'admin.cancel')}</button>
        <button type="submit" class="primary" id="save-service" ?disabled=${this.busy}>${t(l, 'admin.save')}</button>
      </div>
    </form>`;
  }

  render() {
    const l = this.lang;
    const services = [...this.session.services].sort((a, b) => a.code.localeCompare(b.code));
    return html`
      <div class="bar"><h2>${t(l, 'admin.servicesTitle')}</h2>
        <button class="primary" id="add-service" @click=${() => this.edit(null)}>+ ${t(l, 'admin.addService')}</button></div>
      ${this.draft ? this.renderEditor() : this.renderMessage()}
      <table id="services">
        <thead><tr><th></th><th>${t(l, 'admin.nameVi')}</th><th class="num">${t(l, 'admin.dailyCap')}</th><th>${t(l, 'admin.hours')}</th><th>${t(l, 'admin.status')}</th><th></th></tr></thead>
        <tbody>${services.map((s) => html`<tr data-code=${s.code}>
          <td><span class="letter">${s.code}</span></td>
          <td><b>${s.name.vi}</b><br><span class="muted">${s.name.en ?? ''}</span></td>
          <td class="num">${s.dailyCap ?? t(l, 'admin.noCap')}</td>
          <td class="hours">${this.hoursText(s)}</td>
          <td><span class="pill ${s.active ? 'ok' : 'off'}">${t(l, s.active ? 'admin.active' : 'admin.inactive')}</span></td>
          <td><button class="small" data-edit=${s.code} @click=${() => this.edit(s)}>${t(l, 'admin.edit')}</button></td>
        </tr>`)}</tbody>
      </table>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-services': AdminServices } }
