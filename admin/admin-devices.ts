// Devices: kiosks, lobby displays and rating pads. Creating one (or asking a new code) shows the
// pairing code big and a QR code of the pairing address, drawn offline; the list shows who is
// connected right now (device:changed), the kiosk's printer and its own print settings (paper width,
// mode, printer type, code page; each may follow the site's), and revokes a lost device.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Device, DeviceKind, DevicePrinterSettings, SiteSettings } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import '../common/ui/luot-qr.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

/** A kiosk printer's own settings in the form: '' is the site's setting. */
type PrinterDraft = { [K in keyof Required<DevicePrinterSettings>]: string };
interface Draft { kind: DeviceKind; name: string; counterId: string; printer: string; own: PrinterDraft; editing?: Device }

const NO_OWN: PrinterDraft = { paperWidthMm: '', printMode: '', printerType: '', textCodePage: '' };
const ownDraft = (p: DevicePrinterSettings | null | undefined): PrinterDraft => ({
  paperWidthMm: p?.paperWidthMm ? String(p.paperWidthMm) : '', printMode: p?.printMode ?? '', printerType: p?.printerType ?? '', textCodePage: p?.textCodePage ?? '',
});
/** The form's own settings for the API: only the ones set, null when none. */
function ownSettings(d: PrinterDraft): DevicePrinterSettings | null {
  const out: DevicePrinterSettings = {};
  if (d.paperWidthMm) out.paperWidthMm = Number(d.paperWidthMm) as 80 | 58;
  if (d.printMode) out.printMode = d.printMode as 'raster' | 'text';
  if (d.printerType) out.printerType = d.printerType as 'epson' | 'star';
  if (d.textCodePage) out.textCodePage = d.textCodePage as 'ascii' | 'wpc1258';
  return Object.keys(out).length ? out : null;
}
interface Pairing { device: Device; code: string; expiresAt: string }

const PATH: Record<DeviceKind, string> = { kiosk: '/kiosk', display: '/display', pad: '/pad' };

@customElement('admin-devices')
export class AdminDevices extends AdminSection {
  @state() private draft: Draft | null = null;
  @state() private pairing: Pairing | null = null;

  static styles = [adminStyles, css`
    .editor { margin-bottom: var(--luot-space-4); }
    .pairing { display: grid; grid-template-columns: 1fr auto; gap: var(--luot-space-4); align-items: center; margin-bottom: var(--luot-space-4); border: 3px solid var(--luot-primary); }
    .code { font-family: var(--luot-font-mono); font-size: var(--luot-size-3xl); font-weight: 800; letter-spacing: 0.12em; color: var(--luot-primary-strong); line-height: 1.1; }
    .address { font-family: var(--luot-font-mono); font-size: var(--luot-size-l); word-break: break-all; background: var(--luot-bg); padding: 6px 10px; border-radius: 6px; }
    luot-qr { width: 240px; }
    .printer-own { border: 1px solid var(--luot-border, #ccd); border-radius: 8px; margin: var(--luot-space-3) 0; padding: var(--luot-space-3); }
    .printer-own legend { font-weight: 700; padding: 0 6px; }
    .printer-own .form { grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); }
  `];

  private address(p: Pairing): string {
    return `${location.origin}${PATH[p.device.kind]}?pair=${p.code}`;
  }

  private async create(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft!;
    const body: Record<string, unknown> = { kind: d.kind, name: d.name.trim() };
    if (d.kind === 'pad') body.counterId = d.counterId;
    if (d.kind === 'kiosk' && d.printer.trim()) body.printer = d.printer.trim();
    const own = ownSettings(d.own);
    if (d.kind === 'kiosk' && own) body.printerSettings = own;
    if (d.editing) {
      const dev = d.editing;
      await this.act(async () => {
        await this.session.updateDevice(dev.id, { name: d.name.trim(), printer: d.printer.trim() || null, printerSettings: own });
        this.draft = null;
      }, t(this.lang, 'admin.saved'));
      return;
    }
    await this.act(async () => {
      const r = await this.session.createDevice(body);
      this.pairing = { device: r.device, code: r.pairingCode, expiresAt: r.pairingExpiresAt };
      this.draft = null;
    });
  }

  private async newCode(d: Device): Promise<void> {
    await this.act(async () => {
      const r = await this.session.newPairingCode(d.id);
      this.pairing = { device: d, code: r.pairingCode, expiresAt: r.pairingExpiresAt };
    });
  }

  private async revoke(d: Device): Promise<void> {
    if (!confirm(t(this.lang, 'admin.revokeConfirm', { name: d.name }))) return;
    await this.act(() => this.session.revokeDevice(d.id));
  }

  private renderPairing() {
    const p = this.pairing!;
    const l = this.lang;
    const time = new Date(p.expiresAt).toLocaleTimeString(l === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
    return html`<section class="card pairing" id="pairing">
      <div>
        <h3>${t(l, 'admin.pairingTitle', { name: p.device.name })}</h3>
        <p class="hint">${t(l, 'admin.pairingHint')}</p>
        <div class="muted">${t(l, 'admin.pairingCode')}</div>
        <div class="code" id="pairing-code">${p.code}</div>
        <div class="muted">${t(l, 'admin.pairingExpires', { time })}</div>
        <p><span class="muted">${t(l, 'admin.pairingAddress')}</span><br><span class="address" id="pairing-address">${this.address(p)}</span></p>
        <button @click=${() => { this.pairing = null; }}>${t(l, 'admin.close')}</button>
      </div>
      <luot-qr .text=${this.address(p)} label=${this.address(p)}></luot-qr>
    </section>`;
  }

  private renderEditor() {
    const d = this.draft!;
    const l = this.lang;
    const counters = [...this.session.counters].sort((a, b) => a.number - b.number);
    const starWpc = d.kind === 'kiosk' && this.effective(d.own, 'printerType') === 'star' && d.own.textCodePage === 'wpc1258';
    return html`<form class="card editor" id="device-form" @submit=${this.create}>
      <h3>${d.editing ? t(l, 'admin.editDeviceTitle', { name: d.editing.name }) : t(l, 'admin.addDevice')}</h3>
      <div class="form">
        <label class="field">${t(l, 'admin.kind')}
          <select name="kind" ?disabled=${!!d.editing} @change=${(e: Event) => { this.draft = { ...d, kind: (e.target as HTMLSelectElement).value as DeviceKind }; }}>
            ${(['kiosk', 'display', 'pad'] as const).map((k) => html`<option value=${k} ?selected=${k === d.kind}>${t(l, `admin.kind_${k}`)}</option>`)}
          </select></label>
        <label class="field">${t(l, 'admin.deviceName')}
          <input name="name" required .value=${d.name} @input=${(e: InputEvent) => { this.draft = { ...d, name: (e.target as HTMLInputElement).value }; }}></label>
        ${d.kind === 'pad' ? html`<label class="field">${t(l, 'admin.deviceCounter')}
          <select name="counterId" required @change=${(e: Event) => { this.draft = { ...d, counterId: (e.target as HTMLSelectElement).value }; }}>
            ${counters.map((c) => html`<option value=${c.id} ?selected=${c.id === d.counterId}>${c.name}</option>`)}
          </select></label>` : nothing}
        ${d.kind === 'kiosk' ? html`<label class="field">${t(l, 'admin.printer')}
          <input name="printer" placeholder="tcp://192.168.1.50:9100" .value=${d.printer} @input=${(e: InputEvent) => { this.draft = { ...d, printer: (e.target as HTMLInputElement).value }; }}>
          <span class="hint">${t(l, 'admin.printerHint')}</span></label>` : nothing}
      </div>
      ${d.kind === 'kiosk' ? this.renderPrinterSettings(d) : nothing}
      ${this.renderMessage()}
      <div class="actions">
        <button type="button" @click=${() => { this.draft = null; this.message = null; }}>${t(l, 'admin.cancel')}</button>
        <button type="submit" class="primary" id="create-device" ?disabled=${this.busy || starWpc}>${d.editing ? t(l, 'admin.save') : t(l, 'admin.create')}</button>
      </div>
    </form>`;
  }

  /** What a setting comes to for a kiosk: its own, else the site's. */
  private effective(own: PrinterDraft, key: keyof PrinterDraft): string {
    return own[key] || this.siteValue(key);
  }

  private siteValue(key: keyof PrinterDraft): string {
    const s = this.session.site?.settings as SiteSettings | undefined;
    switch (key) {
      case 'paperWidthMm': return String(s?.paperWidthMm ?? 80);
      case 'printMode': return s?.printMode ?? 'raster';
      case 'printerType': return s?.printerType ?? 'epson';
      case 'textCodePage': return s?.textCodePage ?? 'ascii';
    }
  }

  private optionLabel(key: keyof PrinterDraft, value: string): string {
    const l = this.lang;
    return key === 'paperWidthMm' ? `${value} mm` : t(l, `admin.${key}_${value}` as Parameters<typeof t>[1]);
  }

  /** Paper width, print mode, printer type and code page of this kiosk's printer; each may follow the site. */
  private renderPrinterSettings(d: Draft) {
    const l = this.lang;
    const fields: [keyof PrinterDraft, string, string[]][] = [
      ['paperWidthMm', t(l, 'admin.paperWidth'), ['80', '58']],
      ['printMode', t(l, 'admin.printMode'), ['raster', 'text']],
      ['printerType', t(l, 'admin.printerType'), ['epson', 'star']],
      ['textCodePage', t(l, 'admin.textCodePage'), ['ascii', 'wpc1258']],
    ];
    const starWpc = this.effective(d.own, 'printerType') === 'star' && d.own.textCodePage === 'wpc1258';
    return html`<fieldset class="printer-own" id="printer-settings"><legend>${t(l, 'admin.printerOwn')}</legend>
      <p class="hint">${t(l, 'admin.printerOwnHint')}</p>
      <div class="form">${fields.map(([key, label, values]) => html`<label class="field">${label}
        <select name=${key} @change=${(e: Event) => { this.draft = { ...d, own: { ...d.own, [key]: (e.target as HTMLSelectElement).value } }; }}>
          <option value="" ?selected=${d.own[key] === ''}>${t(l, 'admin.siteDefault', { value: this.optionLabel(key, this.siteValue(key)) })}</option>
          ${values.map((v) => html`<option value=${v} ?selected=${d.own[key] === v}>${this.optionLabel(key, v)}</option>`)}
        </select></label>`)}</div>
      ${starWpc ? html`<div class="msg error" role="alert">${t(l, 'admin.starNoWpc1258')}</div>` : nothing}
    </fieldset>`;
  }

  /** The kiosk's printer in the list: its address and what it sets of its own. */
  private printerCell(d: Device) {
    if (!d.printer) return '—';
    const own = d.printerSettings;
    const parts = own ? (Object.entries(own) as [keyof PrinterDraft, string | number][]).map(([k, v]) => this.optionLabel(k, String(v))) : [];
    return html`${d.printer}${parts.length ? html`<br><span class="muted printer-own-summary">${parts.join(' · ')}</span>` : nothing}`;
  }

  private edit(d: Device): void {
    this.message = null;
    this.pairing = null;
    this.draft = { kind: d.kind, name: d.name, counterId: d.counterId ?? '', printer: d.printer ?? '', own: ownDraft(d.printerSettings), editing: d };
  }

  private state(d: Device) {
    const l = this.lang;
    if (d.revokedAt) return html`<span class="pill bad">${t(l, 'admin.revoked')}</span>`;
    if (!d.pairedAt) return html`<span class="pill warn">${t(l, 'admin.neverPaired')}</span>`;
    return d.online ? html`<span class="pill ok">● ${t(l, 'admin.online')}</span>` : html`<span class="pill off">○ ${t(l, 'admin.offline')}</span>`;
  }

  render() {
    const l = this.lang;
    const s = this.session;
    const devices = [...s.devices].sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'vi'));
    return html`
      <div class="bar"><h2>${t(l, 'admin.devicesTitle')}</h2>
        <button class="primary" id="add-device" @click=${() => { this.message = null; this.draft = { kind: 'kiosk', name: '', counterId: s.counters[0]?.id ?? '', printer: '', own: { ...NO_OWN } }; }}>+ ${t(l, 'admin.addDevice')}</button></div>
      ${this.pairing ? this.renderPairing() : nothing}
      ${this.draft ? this.renderEditor() : this.renderMessage()}
      <table id="devices">
        <thead><tr><th>${t(l, 'admin.deviceName')}</th><th>${t(l, 'admin.kind')}</th><th>${t(l, 'admin.status')}</th><th>${t(l, 'admin.printer')} / ${t(l, 'admin.deviceCounter')}</th><th></th></tr></thead>
        <tbody>${devices.map((d) => html`<tr data-device=${d.name}>
          <td><b>${d.name}</b></td>
          <td>${t(l, `admin.kind_${d.kind}`)}</td>
          <td class="state">${this.state(d)}</td>
          <td>${d.kind === 'kiosk' ? this.printerCell(d) : d.kind === 'pad' ? s.counters.find((c) => c.id === d.counterId)?.name ?? '—' : '—'}</td>
          <td>${d.revokedAt ? nothing : html`${d.kind === 'kiosk' ? html`<button class="small edit-printer" @click=${() => this.edit(d)}>${t(l, 'admin.editPrinter')}</button> ` : nothing}<button class="small" @click=${() => this.newCode(d)}>${t(l, 'admin.newCode')}</button>
            <button class="small danger" @click=${() => this.revoke(d)}>${t(l, 'admin.revoke')}</button>`}</td>
        </tr>`)}</tbody>
      </table>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-devices': AdminDevices } }
