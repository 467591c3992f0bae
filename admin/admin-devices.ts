// Devices: kiosks, lobby displays and rating pads. Creating one (or asking a new code) shows the
// pairing code big and a QR code of the pairing address, drawn offline; the list shows who is
// connected right now (device:changed), the kiosk's printer, and revokes a lost device.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Device, DeviceKind } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import '../common/ui/luot-qr.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

interface Draft { kind: DeviceKind; name: string; counterId: string; printer: string }
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
    return html`<form class="card editor" id="device-form" @submit=${this.create}>
      <h3>${t(l, 'admin.addDevice')}</h3>
      <div class="form">
        <label class="field">${t(l, 'admin.kind')}
          <select name="kind" @change=${(e: Event) => { this.draft = { ...d, kind: (e.target as HTMLSelectElement).value as DeviceKind }; }}>
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
      ${this.renderMessage()}
      <div class="actions">
        <button type="button" @click=${() => { this.draft = null; this.message = null; }}>${t(l, 'admin.cancel')}</button>
        <button type="submit" class="primary" id="create-device" ?disabled=${this.busy}>${t(l, 'admin.create')}</button>
      </div>
    </form>`;
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
        <button class="primary" id="add-device" @click=${() => { this.message = null; this.draft = { kind: 'kiosk', name: '', counterId: s.counters[0]?.id ?? '', printer: '' }; }}>+ ${t(l, 'admin.addDevice')}</button></div>
      ${this.pairing ? this.renderPairing() : nothing}
      ${this.draft ? this.renderEditor() : this.renderMessage()}
      <table id="devices">
        <thead><tr><th>${t(l, 'admin.deviceName')}</th><th>${t(l, 'admin.kind')}</th><th>${t(l, 'admin.status')}</th><th>${t(l, 'admin.printer')} / ${t(l, 'admin.deviceCounter')}</th><th></th></tr></thead>
        <tbody>${devices.map((d) => html`<tr data-device=${d.name}>
          <td><b>${d.name}</b></td>
          <td>${t(l, `admin.kind_${d.kind}`)}</td>
          <td class="state">${this.state(d)}</td>
          <td>${d.kind === 'kiosk' ? d.printer ?? '—' : d.kind === 'pad' ? s.counters.find((c) => c.id === d.counterId)?.name ?? '—' : '—'}</td>
          <td>${d.revokedAt ? nothing : html`<button class="small" @click=${() => this.newCode(d)}>${t(l, 'admin.newCode')}</button>
            <button class="small danger" @click=${() => this.revoke(d)}>${t(l, 'admin.revoke')}</button>`}</td>
        </tr>`)}</tbody>
      </table>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-devices': AdminDevices } }
