// Site settings: ticket header and footer, ordering policy and priority, recalls, the rating
// window and its reasons, the display ticker, voice and the transparency panel, paper. Saved with
// PATCH /api/sites/:id/settings; the hub pushes them to the screens at once.
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { LocalText, SiteSettings } from '../common/types.js';
import { t } from '../common/i18n/index.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';
import './admin-onestop-settings.js';

@customElement('admin-settings')
export class AdminSettings extends AdminSection {
  @state() private draft: SiteSettings | null = null;
  private draftOf: string | null = null;

  static styles = [adminStyles, css`
    section.card { margin-bottom: var(--luot-space-3); }
    .reason { display: grid; grid-template-columns: 1fr 1fr auto; gap: 8px; margin-bottom: 6px; }
    textarea { width: 100%; min-height: 70px; }
    .sticky { position: sticky; bottom: 0; background: var(--luot-bg); padding: var(--luot-space-2) 0; }
  `];

  protected willUpdate(): void {
    const site = this.session.site;
    // A fresh copy when the site changes; keep the admin's edits otherwise.
    if (site && (this.draftOf !== site.id || !this.draft)) { this.draft = structuredClone(site.settings); this.draftOf = site.id; }
  }

  private set<K extends keyof SiteSettings>(k: K, v: SiteSettings[K]): void { this.draft = { ...this.draft!, [k]: v }; }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft!;
    const next: SiteSettings = { ...d, unsatisfiedReasons: d.unsatisfiedReasons.filter((r) => r.vi.trim()).map((r) => ({ vi: r.vi.trim(), ...(r.en?.trim() ? { en: r.en.trim() } : {}) })) };
    // Only what changed: a setting this screen does not know is left as it is.
    const current = this.session.site!.settings as unknown as Record<string, unknown>;
    const patch = Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k]))) as Partial<SiteSettings>;
    const ok = await this.act(() => this.session.saveSettings(patch), t(this.lang, 'admin.saved'));
    if (ok) this.draft = structuredClone(this.session.site!.settings);
  }

  render() {
    const d = this.draft;
    const l = this.lang;
    if (!d) return html``;
    const num = (e: Event) => Number((e.target as HTMLInputElement).value);
    const str = (e: Event) => (e.target as HTMLInputElement).value;
    const chk = (e: Event) => (e.target as HTMLInputElement).checked;
    const reasons = d.unsatisfiedReasons;
    const setReason = (i: number, r: LocalText) => { const v = [...reasons]; v[i] = r; this.set('unsatisfiedReasons', v); };
    return html`<form id="settings-form" @submit=${this.save}>
      <div class="bar"><h2>${t(l, 'admin.settingsTitle')}</h2></div>
      <section class="card"><h3>${t(l, 'admin.sec_queue')}</h3><div class="form">
        <label class="check wide"><input type="checkbox" name="priorityEnabled" .checked=${d.priorityEnabled} @change=${(e: Event) => this.set('priorityEnabled', chk(e))}>${t(l, 'admin.priorityEnabled')}</label>
        <label class="field">${t(l, 'admin.maxPriorityInRow')}<input name="maxPriorityInRow" type="number" min="0" max="100" .value=${String(d.ordering.maxPriorityInRow)} @input=${(e: Event) => this.set('ordering', { ...d.ordering, maxPriorityInRow: num(e) })}></label>
        <label class="field">${t(l, 'admin.maxWaitMinutes')}<input name="maxWaitMinutes" type="number" min="0" max="1440" .value=${String(Math.round(d.ordering.maxWaitSeconds / 60))} @input=${(e: Event) => this.set('ordering', { ...d.ordering, maxWaitSeconds: num(e) * 60 })}><span class="hint">${t(l, 'admin.maxWaitHint')}</span></label>
        <label class="field">${t(l, 'admin.recallLimit')}<input name="recallLimit" type="number" min="0" max="10" .value=${String(d.recallLimit)} @input=${(e: Event) => this.set('recallLimit', num(e))}><span class="hint">${t(l, 'admin.recallHint')}</span></label>
      </div></section>
      <section class="card"><h3>${t(l, 'admin.sec_rating')}</h3><div class="form">
        <label class="field">${t(l, 'admin.ratingWindow')}<input name="ratingWindowSeconds" type="number" min="10" max="3600" .value=${String(d.ratingWindowSeconds)} @input=${(e: Event) => this.set('ratingWindowSeconds', num(e))}></label>
        <div class="wide"><b>${t(l, 'admin.reasons')}</b>
          ${reasons.map((r, i) => html`<div class="reason">
            <input aria-label=${t(l, 'admin.reasonVi')} name="reason-vi-${i}" .value=${r.vi} @input=${(e: Event) => setReason(i, { ...r, vi: str(e) })}>
            <input aria-label=${t(l, 'admin.reasonEn')} name="reason-en-${i}" .value=${r.en ?? ''} @input=${(e: Event) => setReason(i, { ...r, en: str(e) })}>
            <button type="button" class="small danger" @click=${() => this.set('unsatisfiedReasons', reasons.filter((_, j) => j !== i))}>${t(l, 'admin.remove')}</button></div>`)}
          <button type="button" class="small" id="add-reason" @click=${() => this.set('unsatisfiedReasons', [...reasons, { vi: '', en: '' }])}>+ ${t(l, 'admin.addReason')}</button>
        </div>
      </div></section>
      <section class="card"><h3>${t(l, 'admin.sec_display')}</h3><div class="form">
        <label class="field wide">${t(l, 'admin.displayTicker')}<textarea name="displayTicker" .value=${d.displayTicker} @input=${(e: Event) => this.set('displayTicker', str(e))}></textarea></label>
        <label class="check"><input type="checkbox" name="voiceEnabled" .checked=${d.voice.enabled} @change=${(e: Event) => this.set('voice', { ...d.voice, enabled: chk(e) })}>${t(l, 'admin.voiceEnabled')}</label>
        <label class="field">${t(l, 'admin.voiceRepeat')}<select name="voiceRepeat" @change=${(e: Event) => this.set('voice', { ...d.voice, repeat: num(e) })}>
          ${[1, 2, 3].map((n) => html`<option value=${n} ?selected=${d.voice.repeat === n}>${n}</option>`)}</select></label>
        <label class="check"><input type="checkbox" name="voiceChime" .checked=${d.voice.chime} @change=${(e: Event) => this.set('voice', { ...d.voice, chime: chk(e) })}>${t(l, 'admin.voiceChime')}</label>
        <label class="check wide"><input type="checkbox" name="showTransparency" .checked=${d.showTransparency} @change=${(e: Event) => this.set('showTransparency', chk(e))}>${t(l, 'admin.showTransparency')}</label>
      </div></section>
      <section class="card"><h3>${t(l, 'admin.sec_ticket')}</h3><div class="form">
        <label class="field">${t(l, 'admin.agencyName')}<input name="agencyName" .value=${d.agencyName} @input=${(e: Event) => this.set('agencyName', str(e))}></label>
        <label class="field">${t(l, 'admin.branchName')}<input name="branchName" .value=${d.branchName} @input=${(e: Event) => this.set('branchName', str(e))}></label>
        <label class="field wide">${t(l, 'admin.ticketFooter')}<input name="ticketFooter" .value=${d.ticketFooter} @input=${(e: Event) => this.set('ticketFooter', str(e))}></label>
        <label class="field">${t(l, 'admin.paperWidth')}<select name="paperWidthMm" @change=${(e: Event) => this.set('paperWidthMm', num(e) as 80 | 58)}>
          ${[80, 58].map((w) => html`<option value=${w} ?selected=${d.paperWidthMm === w}>${w} mm</option>`)}</select></label>
        <label class="field">${t(l, 'admin.printMode')}<select name="printMode" @change=${(e: Event) => this.set('printMode', str(e) as 'raster' | 'text')}>
          ${(['raster', 'text'] as const).map((m) => html`<option value=${m} ?selected=${d.printMode === m}>${t(l, `admin.printMode_${m}`)}</option>`)}</select></label>
        <label class="field">${t(l, 'admin.printerType')}<select name="printerType" @change=${(e: Event) => this.set('printerType', str(e) as 'epson' | 'star')}>
          ${(['epson', 'star'] as const).map((m) => html`<option value=${m} ?selected=${(d.printerType ?? 'epson') === m}>${t(l, `admin.printerType_${m}`)}</option>`)}</select></label>
        <label class="field">${t(l, 'admin.textCodePage')}<select name="textCodePage" @change=${(e: Event) => this.set('textCodePage', str(e) as 'ascii' | 'wpc1258')}>
          ${(['ascii', 'wpc1258'] as const).map((m) => html`<option value=${m} ?selected=${(d.textCodePage ?? 'ascii') === m}>${t(l, `admin.textCodePage_${m}`)}</option>`)}</select></label>
      </div></section>
      <div class="sticky">${this.renderMessage()}
        <div class="actions"><button type="button" @click=${() => { this.draft = structuredClone(this.session.site!.settings); this.message = null; }}>${t(l, 'admin.cancel')}</button>
          <button class="primary" type="submit" id="save-settings" ?disabled=${this.busy}>${t(l, 'admin.save')}</button></div></div>
    </form>
    <admin-onestop-settings .session=${this.session} .lang=${l} .rev=${this.rev}></admin-onestop-settings>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-settings': AdminSettings } }
