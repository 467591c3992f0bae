// The audit page (kiểm toán): check every hash chain now and say plainly whether the record is
// intact or where it first breaks; list each finished day's digest of the site (and whether it is
// still what the hub recorded at the day's close), and print that list to sign and file (công khai):
// the print stylesheet keeps only the site, the date printed, the table and the signature lines.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t } from '../common/i18n/index.js';
import type { AuditDigests, AuditVerify } from './admin-session.js';
import { AdminSection } from './admin-section.js';
import { adminStyles, fmtInt } from './admin-styles.js';

function fmtDate(lang: string, date: string): string {
  const [y, m, d] = date.split('-');
  return lang === 'vi' ? `${d}/${m}/${y}` : date;
}

@customElement('admin-audit')
export class AdminAudit extends AdminSection {
  @state() private result: AuditVerify | null = null;
  @state() private checking = false;
  @state() private digests: AuditDigests | null = null;
  private loadedFor: string | null = null;

  static styles = [adminStyles, css`
    .intro { max-width: 80ch; margin: 0 0 var(--luot-space-3); }
    .verdict { display: flex; gap: var(--luot-space-3); align-items: center; padding: var(--luot-space-3) var(--luot-space-4);
      border-radius: var(--luot-radius); margin-bottom: var(--luot-space-4); border-left: 10px solid; }
    .verdict .icon { font-size: 44px; line-height: 1; font-weight: 800; }
    .verdict .head { font-size: var(--luot-size-xl); font-weight: 800; }
    .verdict.ok { background: var(--luot-ok-soft); color: var(--luot-ok); border-color: var(--luot-ok); }
    .verdict.bad { background: var(--luot-danger-soft); color: var(--luot-danger); border-color: var(--luot-danger); }
    .verdict .where { font-family: var(--luot-font-mono); font-weight: 700; font-size: var(--luot-size-l); color: var(--luot-text); }
    .verdict .why { color: var(--luot-text); }
    td.digest { font-family: var(--luot-font-mono); font-size: 14px; word-break: break-all; }
    tr.mismatch td { background: var(--luot-danger-soft); }
    .spacer { flex: 1; }
    .bar h3 { margin: 0; }
    .print-only { display: none; }
    .signatures div { min-height: 110px; font-weight: 700; }
    @media print {
      :host { color: #000; }
      .no-print { display: none !important; }
      .print-only { display: block; }
      .signatures.print-only { display: grid; grid-template-columns: 1fr 1fr; gap: 48px; margin-top: 32px; text-align: center; }
      .print-head h1 { font-size: 18pt; margin: 0 0 4pt; }
      .print-head p { margin: 0 0 2pt; font-size: 11pt; }
      table { font-size: 10pt; page-break-inside: auto; }
      tr { page-break-inside: avoid; }
      th { background: none; border-bottom: 2px solid #000; position: static; color: #000; }
      td { border-bottom: 1px solid #999; padding: 4pt 6pt; }
      td.digest { font-size: 9pt; }
      .pill { padding: 0; background: none !important; color: #000 !important; }
    }
  `];

  protected updated(): void {
    if (this.session.siteId && this.session.siteId !== this.loadedFor) {
      this.loadedFor = this.session.siteId;
      this.result = null;
      void this.loadDigests();
    }
  }

  private async loadDigests(): Promise<void> {
    await this.act(async () => { this.digests = await this.session.auditDigests(); });
  }

  private async verify(): Promise<void> {
    this.checking = true;
    try {
      await this.act(async () => {
        this.result = await this.session.auditVerify();
        this.digests = await this.session.auditDigests();
      });
    } finally {
      this.checking = false;
    }
  }

  private print(): void {
    window.print();
  }

  private renderVerdict() {
    const r = this.result;
    const l = this.lang;
    if (!r) return nothing;
    if (r.ok) {
      const time = new Date(r.checkedAt).toLocaleTimeString(l === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      return html`<section class="verdict ok no-print" id="verdict" role="status">
        <span class="icon" aria-hidden="true">✓</span>
        <div><div class="head">${t(l, 'admin.auditIntact')}</div>
          <div>${t(l, 'admin.auditIntactDetail', { files: fmtInt(l, r.files), entries: fmtInt(l, r.entries), time })}</div></div>
      </section>`;
    }
    const bad = r.firstBad;
    return html`<section class="verdict bad no-print" id="verdict" role="alert">
      <span class="icon" aria-hidden="true">✗</span>
      <div><div class="head">${t(l, 'admin.auditTampered')}</div>
        ${bad ? html`<div class="where" id="bad-where">${bad.line === null ? t(l, 'admin.auditBadFile', { file: bad.file }) : t(l, 'admin.auditBadAt', { file: bad.file, line: bad.line })}</div>
          <div class="why">${bad.message}</div>` : nothing}</div>
    </section>`;
  }

  private renderTable() {
    const d = this.digests;
    const l = this.lang;
    if (!d) return nothing;
    return html`
      <table id="digests">
        <thead><tr><th>${t(l, 'admin.auditDate')}</th><th class="num">${t(l, 'admin.auditEntries')}</th><th>${t(l, 'admin.auditDigest')}</th><th>${t(l, 'admin.auditMatches')}</th></tr></thead>
        <tbody>
          ${d.days.length === 0 ? html`<tr><td colspan="4" class="empty">${t(l, 'admin.auditNoDays')}</td></tr>` : nothing}
          ${d.days.map((x) => html`<tr data-date=${x.date} class=${x.recorded && !x.matches ? 'mismatch' : ''}>
            <td>${fmtDate(l, x.date)}</td>
            <td class="num">${fmtInt(l, x.entries)}</td>
            <td class="digest">${x.digest}</td>
            <td>${!x.recorded ? html`<span class="pill off">${t(l, 'admin.auditNotRecorded')}</span>`
              : x.matches ? html`<span class="pill ok">✓ ${t(l, 'admin.auditMatchYes')}</span>`
              : html`<span class="pill bad">✗ ${t(l, 'admin.auditMatchNo')}</span>`}</td>
          </tr>`)}
          <tr class="total" id="audit-head"><td>${t(l, 'admin.auditLogHead')}</td><td class="num">${fmtInt(l, d.audit.entries)}</td><td class="digest">${d.audit.digest}</td><td></td></tr>
        </tbody>
      </table>`;
  }

  render() {
    const l = this.lang;
    const d = this.digests;
    const now = new Date();
    const p2 = (n: number) => String(n).padStart(2, '0');
    const printed = `${fmtDate(l, `${now.getFullYear()}-${p2(now.getMonth() + 1)}-${p2(now.getDate())}`)} ${p2(now.getHours())}:${p2(now.getMinutes())}`;
    return html`
      <div class="bar no-print"><h2>${t(l, 'admin.auditTitle')}</h2>
        <button class="primary" id="verify" ?disabled=${this.checking} @click=${this.verify}>${this.checking ? t(l, 'admin.auditChecking') : t(l, 'admin.auditVerify')}</button></div>
      <p class="intro muted no-print">${t(l, 'admin.auditIntro')}</p>
      ${this.renderVerdict()}
      <div class="no-print">${this.renderMessage()}</div>
      <div class="bar no-print"><h3>${t(l, 'admin.auditDigestsTitle')}</h3><span class="spacer"></span>
        <button id="print" ?disabled=${!d} @click=${this.print}>🖨 ${t(l, 'admin.auditPrint')}</button></div>
      <header class="print-only print-head" id="print-head">
        <h1>${t(l, 'admin.auditPrintTitle')}</h1>
        <p><b>${d?.siteName ?? ''}</b></p>
        <p>${t(l, 'admin.auditPrinted', { date: printed })}</p>
      </header>
      ${this.renderTable()}
      <div class="signatures print-only"><div>${t(l, 'admin.auditSignPrepared')}</div><div>${t(l, 'admin.auditSignApproved')}</div></div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-audit': AdminAudit } }
