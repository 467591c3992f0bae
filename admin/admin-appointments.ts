// Appointments (lịch hẹn): slots per service (by weekday, or for one date which overrides its
// weekday; a date with no times is a day without appointments), the bookings of a day (phones
// masked, as the hub gives them), and an A4 poster with the QR code of the public booking page
// (<origin>/book) for the hall. Printing on this page prints the poster only.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Appointment, SlotRule } from '../common/appointments.js';
import { formatAppointmentCode } from '../common/appointments.js';
import { t, type StringKey } from '../common/i18n/index.js';
import '../common/ui/luot-qr.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

interface Draft { mode: 'weekdays' | 'date'; weekdays: number[]; date: string; times: string; from: string; to: string; every: string; capacity: string }

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function minutes(hhmm: string): number { return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)); }
function hhmm(m: number): string { return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`; }

/** Start times from `from` while before `to`, every `every` minutes. */
export function slotTimes(from: string, to: string, every: number): string[] {
  if (!TIME.test(from) || !TIME.test(to) || !(every >= 5)) return [];
  const out: string[] = [];
  for (let m = minutes(from); m < minutes(to); m += every) out.push(hhmm(m));
  return out;
}

@customElement('admin-appointments')
export class AdminAppointments extends AdminSection {
  @state() private serviceId = '';
  @state() private rules: SlotRule[] = [];
  @state() private draft: Draft = { mode: 'weekdays', weekdays: [1, 2, 3, 4, 5], date: '', times: '08:00, 08:30, 09:00, 09:30, 10:00', from: '08:00', to: '10:30', every: '30', capacity: '3' };
  @state() private day = '';
  @state() private bookings: Appointment[] | null = null;
  private loadedFor: string | null = null;

  static styles = [adminStyles, css`
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: var(--luot-space-4); align-items: start; }
    .stack { display: flex; flex-direction: column; gap: var(--luot-space-4); }
    .days { display: flex; gap: 12px; flex-wrap: wrap; }
    .modes { display: flex; gap: var(--luot-space-4); }
    .gen { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; }
    .gen input { width: 150px; }
    .gen input[name='every'] { width: 90px; }
    textarea { width: 100%; min-height: 64px; font-family: var(--luot-font-mono); }
    td.times { font-family: var(--luot-font-mono); font-size: var(--luot-size-s); }
    .bar h3 { margin: 0; flex: 1; }
    .poster { text-align: center; border: 3px solid var(--luot-primary); }
    .poster .site { font-weight: 700; color: var(--luot-text-muted); }
    .poster .heading { font-size: var(--luot-size-l); font-weight: 800; color: var(--luot-primary-strong); margin: 8px 0 2px; }
    .poster .heading-en { font-weight: 700; color: var(--luot-text-muted); margin-bottom: 8px; }
    .poster luot-qr { width: 240px; margin: 8px auto; }
    .poster .address { font-family: var(--luot-font-mono); font-weight: 700; word-break: break-all; font-size: var(--luot-size-m); }
    .poster .sub { font-size: var(--luot-size-s); margin: 8px 0 0; }
    .poster .sub-en { font-size: var(--luot-size-s); color: var(--luot-text-muted); margin: 4px 0 0; }
    .poster-card { position: sticky; top: var(--luot-space-3); }
    @media print {
      .no-print { display: none !important; }
      .layout { display: block; }
      .poster-card { position: static; box-shadow: none; padding: 0; }
      .poster { border: 2mm solid #000; border-radius: 0; box-shadow: none; height: 270mm; padding: 14mm 12mm;
        display: flex; flex-direction: column; align-items: center; justify-content: center; color: #000; break-inside: avoid; }
      .poster .site { font-size: 20pt; color: #000; }
      .poster .heading { font-size: 34pt; color: #000; margin: 8mm 0 2mm; }
      .poster .heading-en { font-size: 18pt; color: #333; margin-bottom: 6mm; }
      .poster luot-qr { width: 115mm; margin: 4mm auto; }
      .poster .address { font-size: 18pt; margin-top: 4mm; }
      .poster .sub { font-size: 15pt; max-width: 160mm; margin-top: 8mm; }
      .poster .sub-en { font-size: 12pt; color: #333; max-width: 160mm; }
    }
  `];

  protected updated(): void {
    const s = this.session;
    if (!s.siteId || s.siteId === this.loadedFor) return;
    this.loadedFor = s.siteId;
    const first = [...s.services].filter((x) => x.active).sort((a, b) => a.code.localeCompare(b.code))[0];
    this.serviceId = first?.id ?? '';
    this.day = s.siteToday();
    void this.loadRules();
    void this.loadBookings();
  }

  private async loadRules(): Promise<void> {
    if (!this.serviceId) { this.rules = []; return; }
    const id = this.serviceId;
    await this.act(async () => {
      const rules = await this.session.slots(id);
      if (id === this.serviceId) this.rules = rules;
    });
  }

  private async loadBookings(): Promise<void> {
    const day = this.day;
    await this.act(async () => {
      const list = await this.session.appointments(day);
      if (day === this.day) this.bookings = list;
    });
  }

  private set<K extends keyof Draft>(k: K, v: Draft[K]): void { this.draft = { ...this.draft, [k]: v }; }

  private parseTimes(): string[] | string {
    const parts = this.draft.times.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean)
      .map((x) => (/^\d:\d\d$/.test(x) ? `0${x}` : x));
    const bad = parts.find((x) => !TIME.test(x));
    if (bad) return bad;
    return [...new Set(parts)].sort();
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft;
    const l = this.lang;
    const times = this.parseTimes();
    if (typeof times === 'string') { this.say('error', t(l, 'admin.apptBadTime', { time: times })); return; }
    if (d.mode === 'weekdays' ? d.weekdays.length === 0 : !d.date) { this.say('error', t(l, 'admin.apptNeedDay')); return; }
    const id = this.serviceId;
    await this.act(async () => {
      this.rules = await this.session.setSlots({
        serviceId: id, ...(d.mode === 'weekdays' ? { weekdays: [...d.weekdays].sort() } : { dates: [d.date] }),
        times, capacity: Number(d.capacity),
      });
    }, t(l, 'admin.apptSlotsSaved'));
  }

  private async removeRule(r: SlotRule): Promise<void> {
    await this.act(async () => {
      this.rules = await this.session.setSlots({
        serviceId: r.serviceId, ...(r.weekday !== null ? { weekdays: [r.weekday] } : { dates: [r.date!] }), times: [], capacity: r.capacity,
      });
    });
  }

  private bookUrl(): string {
    const s = this.session;
    return s.sites.length > 1 && s.siteId ? `${location.origin}/book?siteId=${encodeURIComponent(s.siteId)}` : `${location.origin}/book`;
  }

  private ruleDay(r: SlotRule): string {
    const l = this.lang;
    if (r.weekday !== null) return t(l, `admin.wd_${r.weekday}` as StringKey);
    const [y, m, d] = r.date!.split('-');
    return l === 'vi' ? `${d}/${m}/${y}` : r.date!;
  }

  private renderRules() {
    const l = this.lang;
    const rules = [...this.rules].sort((a, b) => (a.weekday ?? 8) - (b.weekday ?? 8) || String(a.date).localeCompare(String(b.date)));
    return html`<table id="rules">
      <thead><tr><th>${t(l, 'admin.apptDay')}</th><th>${t(l, 'admin.apptTimes')}</th><th class="num">${t(l, 'admin.apptCapacity')}</th><th></th></tr></thead>
      <tbody>
        ${rules.length === 0 ? html`<tr><td colspan="4" class="empty">${t(l, 'admin.apptNoRules')}</td></tr>` : nothing}
        ${rules.map((r) => html`<tr data-rule=${r.weekday !== null ? `wd-${r.weekday}` : r.date}>
          <td><b>${this.ruleDay(r)}</b></td>
          <td class="times">${r.times.length ? r.times.join(', ') : html`<span class="pill off">${t(l, 'admin.apptNoTimes')}</span>`}</td>
          <td class="num">${r.times.length ? r.capacity : '—'}</td>
          <td>${r.weekday !== null ? html`<button class="small danger" @click=${() => this.removeRule(r)}>${t(l, 'admin.apptRemoveRule')}</button>` : nothing}</td>
        </tr>`)}
      </tbody>
    </table>`;
  }

  private renderEditor() {
    const d = this.draft;
    const l = this.lang;
    const generated = slotTimes(d.from, d.to, Number(d.every));
    return html`<form class="card" id="slots-form" @submit=${this.save}>
      <h3>${t(l, 'admin.apptEditTitle')}</h3>
      <div class="form">
        <div class="wide modes">
          <label class="check"><input type="radio" name="mode" value="weekdays" .checked=${d.mode === 'weekdays'} @change=${() => this.set('mode', 'weekdays')}>${t(l, 'admin.apptByWeekday')}</label>
          <label class="check"><input type="radio" name="mode" value="date" .checked=${d.mode === 'date'} @change=${() => this.set('mode', 'date')}>${t(l, 'admin.apptByDate')}</label>
        </div>
        ${d.mode === 'weekdays' ? html`<div class="wide days">${[1, 2, 3, 4, 5, 6, 7].map((w) => html`<label class="check"><input type="checkbox" name="wd-${w}" .checked=${d.weekdays.includes(w)}
            @change=${(e: Event) => this.set('weekdays', (e.target as HTMLInputElement).checked ? [...d.weekdays, w] : d.weekdays.filter((x) => x !== w))}>${t(l, `admin.wd_${w}` as StringKey)}</label>`)}</div>`
          : html`<label class="field">${t(l, 'admin.apptDate')}
            <input type="date" name="date" .value=${d.date} required @input=${(e: InputEvent) => this.set('date', (e.target as HTMLInputElement).value)}></label>`}
        <div class="wide gen">
          <label class="field">${t(l, 'admin.apptFrom')}<input type="time" name="from" .value=${d.from} @input=${(e: InputEvent) => this.set('from', (e.target as HTMLInputElement).value)}></label>
          <label class="field">${t(l, 'admin.apptTo')}<input type="time" name="to" .value=${d.to} @input=${(e: InputEvent) => this.set('to', (e.target as HTMLInputElement).value)}></label>
          <label class="field">${t(l, 'admin.apptEvery')}<input type="number" name="every" min="5" max="240" step="5" .value=${d.every} @input=${(e: InputEvent) => this.set('every', (e.target as HTMLInputElement).value)}></label>
          <button type="button" id="generate" ?disabled=${generated.length === 0} @click=${() => this.set('times', generated.join(', '))}>${t(l, 'admin.apptGenerate')}</button>
        </div>
        <label class="field wide">${t(l, 'admin.apptTimes')}
          <textarea name="times" .value=${d.times} @input=${(e: InputEvent) => this.set('times', (e.target as HTMLTextAreaElement).value)}></textarea>
          <span class="hint">${t(l, 'admin.apptTimesHint')}</span></label>
        <label class="field">${t(l, 'admin.apptCapacity')}
          <input type="number" name="capacity" min="1" max="100" required .value=${d.capacity} @input=${(e: InputEvent) => this.set('capacity', (e.target as HTMLInputElement).value)}></label>
      </div>
      ${this.renderMessage()}
      <div class="actions"><button type="submit" class="primary" id="save-slots" ?disabled=${this.busy || !this.serviceId}>${t(l, 'admin.apptSaveSlots')}</button></div>
    </form>`;
  }

  private renderBookings() {
    const l = this.lang;
    const list = this.bookings;
    const service = (id: string) => this.session.services.find((s) => s.id === id);
    const pill = (a: Appointment) => html`<span class="pill ${a.status === 'booked' ? 'warn' : a.status === 'checked_in' ? 'ok' : 'off'}">${t(l, `admin.appt_${a.status}` as StringKey)}</span>`;
    return html`<section class="card" id="bookings-card">
      <div class="bar"><h3>${t(l, 'admin.apptBookings')}</h3>
        <input type="date" name="day" aria-label=${t(l, 'admin.apptDay')} .value=${this.day}
          @change=${(e: Event) => { this.day = (e.target as HTMLInputElement).value; this.bookings = null; void this.loadBookings(); }}></div>
      <table id="bookings">
        <thead><tr><th>${t(l, 'admin.apptTimes')}</th><th>${t(l, 'admin.apptCode')}</th><th>${t(l, 'admin.apptService')}</th><th>${t(l, 'admin.apptName')}</th><th>${t(l, 'admin.apptPhone')}</th><th>${t(l, 'admin.apptStatus')}</th><th>${t(l, 'admin.apptTicket')}</th></tr></thead>
        <tbody>
          ${list && list.length === 0 ? html`<tr><td colspan="7" class="empty">${t(l, 'admin.apptNoBookings')}</td></tr>` : nothing}
          ${(list ?? []).map((a) => html`<tr data-code=${a.code}>
            <td><b>${a.time}</b></td>
            <td class="times">${formatAppointmentCode(a.code)}</td>
            <td>${service(a.serviceId) ? html`<span class="letter" style="width:28px;height:28px;font-size:16px">${service(a.serviceId)!.code}</span> ${service(a.serviceId)!.name[l] ?? service(a.serviceId)!.name.vi}` : a.serviceId}</td>
            <td>${a.name}</td>
            <td class="times">${a.phoneMasked}</td>
            <td>${pill(a)}</td>
            <td>${a.ticketNumber ?? '—'}</td>
          </tr>`)}
        </tbody>
      </table>
    </section>`;
  }

  private renderPoster() {
    const l = this.lang;
    const url = this.bookUrl();
    const site = this.session.site?.name ?? '';
    return html`<div class="poster-card">
      <div class="bar no-print"><h3>${t(l, 'admin.apptPosterTitle')}</h3>
        <button id="print-poster" @click=${() => window.print()}>🖨 ${t(l, 'admin.apptPrintPoster')}</button></div>
      <p class="hint no-print">${t(l, 'admin.apptPosterHint')}</p>
      <section class="card poster" id="poster">
        <div class="site">${site}</div>
        <div class="heading">${t('vi', 'admin.apptPosterHeading')}</div>
        <div class="heading-en" lang="en">${t('en', 'admin.apptPosterHeading')}</div>
        <luot-qr .text=${url} label=${url}></luot-qr>
        <div class="address" id="book-url">${url}</div>
        <p class="sub">${t('vi', 'admin.apptPosterSub')}</p>
        <p class="sub-en" lang="en">${t('en', 'admin.apptPosterSub')}</p>
      </section>
    </div>`;
  }

  render() {
    const l = this.lang;
    const services = [...this.session.services].sort((a, b) => a.code.localeCompare(b.code));
    return html`
      <div class="bar no-print"><h2>${t(l, 'admin.apptTitle')}</h2>
        <label class="check">${t(l, 'admin.apptService')}
          <select name="service" id="appt-service" @change=${(e: Event) => { this.serviceId = (e.target as HTMLSelectElement).value; this.message = null; void this.loadRules(); }}>
            ${services.map((s) => html`<option value=${s.id} ?selected=${s.id === this.serviceId}>${s.code} – ${s.name[l] ?? s.name.vi}</option>`)}
          </select></label></div>
      <div class="layout">
        <div class="stack no-print">
          <section class="card"><h3>${t(l, 'admin.apptRules')}</h3>${this.renderRules()}</section>
          ${this.renderEditor()}
          ${this.renderBookings()}
        </div>
        ${this.renderPoster()}
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-appointments': AdminAppointments } }
