// The personal data page (dữ liệu cá nhân, docs/privacy.md): the retention policy per kind and the
// fields marked personal, the daily job's last run (and running it now), the register of data
// subjects' requests with their age against the deadline, and a person's items by phone number or
// appointment code: shown, exported as JSON, printed in Vietnamese, erased.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t, type StringKey } from '../common/i18n/index.js';
import { MARKABLE_FIELDS, type PrivacyOverview, type SubjectItem } from '../common/privacy.js';
import { AdminSection } from './admin-section.js';
import { adminStyles, fmtInt } from './admin-styles.js';

const fmtTime = (lang: string, iso: string) => new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

@customElement('admin-privacy')
export class AdminPrivacy extends AdminSection {
  @state() private ov: PrivacyOverview | null = null;
  @state() private query = '';
  @state() private requestId = '';
  @state() private items: SubjectItem[] | null = null;
  @state() private erased: Record<string, number> | null = null;
  @state() private newKind: 'access' | 'erase' = 'access';
  private loaded = false;

  static styles = [adminStyles, css`
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: var(--luot-space-3); max-width: 960px; }
    .card { border: 1px solid var(--luot-border); border-radius: var(--luot-radius); padding: var(--luot-space-3); background: var(--luot-surface); }
    .intro { max-width: 80ch; margin: 0 0 var(--luot-space-3); }
    section, form.card { margin-bottom: var(--luot-space-4); }
    .late td { background: var(--luot-danger-soft); }
    .fields { font-size: 15px; }
    .fields div { margin: 2px 0; }
    .print-only { display: none; }
    @media print {
      .no-print { display: none !important; }
      .print-only { display: block; }
      table { font-size: 10pt; }
      th { background: none; border-bottom: 2px solid #000; position: static; color: #000; }
    }
  `];

  protected updated(): void {
    if (!this.loaded && this.session) { this.loaded = true; void this.load(); }
  }

  private async load(): Promise<void> {
    await this.act(async () => { this.ov = await this.session.api<PrivacyOverview>('GET', '/api/privacy'); });
  }

  private subjectQuery(): string {
    const v = this.query.trim();
    const q = /^\d{8}$/.test(v.replace(/\s/g, '')) ? `code=${v.replace(/\s/g, '')}` : `phone=${encodeURIComponent(v)}`;
    return this.requestId ? `${q}&requestId=${encodeURIComponent(this.requestId)}` : q;
  }

  private async lookUp(): Promise<void> {
    this.erased = null;
    await this.act(async () => {
      this.items = (await this.session.api<{ items: SubjectItem[] }>('GET', `/api/privacy/subject?${this.subjectQuery()}`)).items;
      await this.load();
    });
  }

  private exportJson(): void {
    if (!this.items) return;
    const blob = new Blob([JSON.stringify({ exportedAt: new Date().toISOString(), items: this.items }, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'du-lieu-ca-nhan.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  private async erase(): Promise<void> {
    if (!confirm(t(this.lang, 'admin.privEraseConfirm'))) return;
    const v = this.query.trim().replace(/\s/g, '');
    const body: Record<string, string> = /^\d{8}$/.test(v) ? { code: v } : { phone: this.query.trim() };
    if (this.requestId) body.requestId = this.requestId;
    await this.act(async () => {
      this.erased = (await this.session.api<{ erased: Record<string, number> }>('POST', '/api/privacy/erase', body)).erased;
      this.items = null;
      this.requestId = '';
      await this.load();
    }, t(this.lang, 'admin.privErased'));
  }

  private async savePolicy(e: Event): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const n = (k: string) => Number(f.get(k));
    const body = {
      booking_contact: n('booking_contact'), rating_comment: n('rating_comment'), event_field: n('event_field'), accountAuditYears: n('accountAuditYears'),
      personalFields: MARKABLE_FIELDS.filter((x) => f.get(`field-${x}`) === 'on'),
    };
    await this.act(async () => { this.ov = await this.session.api<PrivacyOverview>('PUT', '/api/privacy/policy', body); }, t(this.lang, 'admin.saved'));
  }

  private async runNow(): Promise<void> {
    await this.act(async () => { await this.session.api('POST', '/api/privacy/retention/run'); await this.load(); });
  }

  private async newRequest(): Promise<void> {
    await this.act(async () => {
      const r = (await this.session.api<{ request: { id: string } }>('POST', '/api/privacy/requests', { kind: this.newKind })).request;
      this.requestId = r.id;
      await this.load();
    });
  }

  private counts(c: Record<string, number | undefined>): string {
    const parts = Object.entries(c).filter(([, v]) => v).map(([k, v]) => `${t(this.lang, `admin.privKind_${k}` as StringKey)}: ${fmtInt(this.lang, v!)}`);
    return parts.length ? parts.join(' · ') : t(this.lang, 'admin.privNothing');
  }

  private renderPolicy() {
    const l = this.lang;
    const ov = this.ov!;
    const num = (k: 'booking_contact' | 'rating_comment' | 'event_field' | 'accountAuditYears', max: number) => html`<label>${t(l, `admin.privPolicy_${k}` as StringKey)}
      <input type="number" name=${k} id="policy-${k}" min="1" max=${max} required .value=${String(ov.policy[k])}></label>`;
    return html`<form class="card no-print" id="policy" @submit=${this.savePolicy}>
      <h3>${t(l, 'admin.privPolicyTitle')}</h3>
      <div class="grid">${num('booking_contact', 36500)}${num('rating_comment', 36500)}${num('event_field', 36500)}${num('accountAuditYears', 100)}</div>
      <p class="muted">${t(l, 'admin.privAuditNote')}</p>
      <fieldset><legend>${t(l, 'admin.privMarkedTitle')}</legend>
        ${MARKABLE_FIELDS.map((x) => html`<label class="check"><input type="checkbox" name="field-${x}" ?checked=${ov.personalFields.includes(x)}> ${t(l, `admin.privField_${x}` as StringKey)}</label>`)}
      </fieldset>
      <button class="primary" type="submit" ?disabled=${this.busy}>${t(l, 'admin.privSave')}</button>
    </form>`;
  }

  private renderRun() {
    const l = this.lang;
    const ov = this.ov!;
    return html`<section class="card no-print" id="last-run"><h3>${t(l, 'admin.privRunTitle')}</h3>
      <p>${ov.lastRun ? html`${t(l, 'admin.privLastRun', { at: fmtTime(l, ov.lastRun.at), by: t(l, ov.lastRun.by === 'daily' ? 'admin.privByDaily' : 'admin.privByAdmin') })}<br>
        <strong>${t(l, 'admin.privErasedCounts')}</strong> ${this.counts(ov.lastRun.erased)}` : t(l, 'admin.privNeverRun')}</p>
      <p><strong>${t(l, 'admin.privHeld')}</strong> ${this.counts(ov.held)}</p>
      <button id="run-now" ?disabled=${this.busy} @click=${this.runNow}>${t(l, 'admin.privRunNow')}</button></section>`;
  }

  private renderRequests() {
    const l = this.lang;
    const ov = this.ov!;
    const open = ov.requests.filter((r) => !r.closedAt);
    return html`<section class="no-print"><div class="bar"><h3>${t(l, 'admin.privRequestsTitle', { n: open.length, days: ov.deadlineDays })}</h3>
        <select .value=${this.newKind} @change=${(e: Event) => { this.newKind = (e.target as HTMLSelectElement).value as 'access' | 'erase'; }}>
          <option value="access">${t(l, 'admin.privReq_access')}</option><option value="erase">${t(l, 'admin.privReq_erase')}</option></select>
        <button id="new-request" @click=${this.newRequest}>${t(l, 'admin.privNewRequest')}</button></div>
      <table id="requests"><thead><tr><th>${t(l, 'admin.privReqKind')}</th><th>${t(l, 'admin.privReqReceived')}</th><th class="num">${t(l, 'admin.privReqAge')}</th><th>${t(l, 'admin.privReqDue')}</th><th>${t(l, 'admin.privReqState')}</th><th></th></tr></thead>
        <tbody>${ov.requests.length === 0 ? html`<tr><td colspan="6" class="empty">${t(l, 'admin.privNoRequests')}</td></tr>` : nothing}
        ${ov.requests.map((r) => html`<tr data-request=${r.id} class=${!r.closedAt && r.ageDays >= ov.deadlineDays ? 'late' : ''}>
          <td>${t(l, `admin.privReq_${r.kind}` as StringKey)}</td><td>${fmtTime(l, r.receivedAt)}</td><td class="num">${fmtInt(l, r.ageDays)}</td><td>${fmtTime(l, r.dueAt)}</td>
          <td>${r.closedAt ? html`<span class="pill ok">${t(l, 'admin.privReqClosed', { at: fmtTime(l, r.closedAt) })}</span>` : html`<span class="pill off">${t(l, 'admin.privReqOpen')}</span>`}</td>
          <td>${r.closedAt ? nothing : html`<button @click=${() => { this.requestId = r.id; }} ?disabled=${this.requestId === r.id}>${t(l, 'admin.privReqHandle')}</button>`}</td></tr>`)}
        </tbody></table></section>`;
  }

  private renderSubject() {
    const l = this.lang;
    return html`<section id="subject"><h3 class="no-print">${t(l, 'admin.privSubjectTitle')}</h3>
      <div class="bar no-print">
        <input id="subject-query" placeholder=${t(l, 'admin.privSubjectPlaceholder')} .value=${this.query} @input=${(e: Event) => { this.query = (e.target as HTMLInputElement).value; }}
          @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') void this.lookUp(); }}>
        <button class="primary" id="subject-look" ?disabled=${this.busy || !this.query.trim()} @click=${this.lookUp}>${t(l, 'admin.privLookUp')}</button>
        ${this.requestId ? html`<span class="pill">${t(l, 'admin.privForRequest')}</span>` : nothing}
      </div>
      ${this.erased ? html`<p id="erased-counts" class="no-print"><strong>${t(l, 'admin.privErasedCounts')}</strong> ${this.counts(this.erased)}</p>` : nothing}
      ${this.items ? html`
        <div class="print-only"><h1>${t('vi', 'admin.privPrintTitle')}</h1><p>${t('vi', 'admin.privPrintIntro', { at: fmtTime('vi', new Date().toISOString()) })}</p></div>
        <table id="subject-items"><thead><tr><th>${t(l, 'admin.privItemKind')}</th><th>${t(l, 'admin.privItemAt')}</th><th>${t(l, 'admin.privItemFields')}</th></tr></thead>
          <tbody>${this.items.length === 0 ? html`<tr><td colspan="3" class="empty">${t(l, 'admin.privNoItems')}</td></tr>` : nothing}
          ${this.items.map((i) => html`<tr><td>${t(l, `admin.privKind_${i.kind}` as StringKey)}</td><td>${fmtTime(l, i.at)}</td>
            <td class="fields">${Object.entries(i.fields).filter(([, v]) => v !== null).map(([k, v]) => html`<div><strong>${t(l, `admin.privF_${k}` as StringKey) || k}:</strong> ${v}</div>`)}</td></tr>`)}</tbody></table>
        <div class="bar no-print">
          <button id="subject-export" ?disabled=${!this.items.length} @click=${this.exportJson}>${t(l, 'admin.privExport')}</button>
          <button id="subject-print" ?disabled=${!this.items.length} @click=${() => window.print()}>${t(l, 'admin.privPrint')}</button>
          <button class="danger" id="subject-erase" ?disabled=${this.busy || !this.items.length} @click=${this.erase}>${t(l, 'admin.privErase')}</button>
        </div>` : nothing}
    </section>`;
  }

  render() {
    const l = this.lang;
    return html`
      <div class="bar no-print"><h2>${t(l, 'admin.privTitle')}</h2></div>
      <p class="intro muted no-print">${t(l, 'admin.privIntro')}</p>
      <div class="no-print">${this.renderMessage()}</div>
      ${this.ov ? html`${this.renderSubject()}${this.renderRequests()}<div class="grid">${this.renderRun()}</div>${this.renderPolicy()}` : nothing}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-privacy': AdminPrivacy } }
