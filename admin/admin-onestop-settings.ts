// The site's one-stop link settings, on the settings page: the agency code (mã đơn vị, carried by
// every rating and the evaluation reports), the dossier code pattern the console checks codes
// against, and the portal URL template of the kiosk's procedure QR. Saved with PATCH /api/sites/:id.
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ot } from '../common/i18n/onestop.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

interface Draft { agencyCode: string; dossierPattern: string; procedureUrlTemplate: string }

@customElement('admin-onestop-settings')
export class AdminOnestopSettings extends AdminSection {
  @state() private draft: Draft | null = null;
  private draftOf: string | null = null;

  static styles = [adminStyles, css`
    section.card { margin-bottom: var(--luot-space-3); }
    input { font-family: var(--luot-font-mono); }
    .intro { color: var(--luot-text-muted); margin: 0 0 var(--luot-space-2); }
  `];

  private fromSite(): Draft {
    const s = this.session.site!;
    return { agencyCode: s.agencyCode ?? '', dossierPattern: s.dossierPattern ?? '', procedureUrlTemplate: s.procedureUrlTemplate ?? '' };
  }

  protected willUpdate(): void {
    const site = this.session.site;
    if (site && (this.draftOf !== site.id || !this.draft)) { this.draft = this.fromSite(); this.draftOf = site.id; }
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft!;
    const cur = this.fromSite();
    const v = (x: string) => (x.trim() ? x.trim() : null);
    const patch: Record<string, string | null> = {};
    for (const k of ['agencyCode', 'dossierPattern', 'procedureUrlTemplate'] as const) if (d[k].trim() !== cur[k]) patch[k] = v(d[k]);
    if (await this.act(() => this.session.updateSite(patch), ot(this.lang, 'saved'))) this.draft = this.fromSite();
  }

  render() {
    const d = this.draft;
    const l = this.lang;
    if (!d) return html``;
    const set = (k: keyof Draft) => (e: Event) => { this.draft = { ...this.draft!, [k]: (e.target as HTMLInputElement).value }; };
    return html`<form id="onestop-form" @submit=${this.save}>
      <section class="card"><h3>${ot(l, 'settingsTitle')}</h3>
        <p class="intro">${ot(l, 'settingsIntro')}</p>
        <div class="form">
          <label class="field">${ot(l, 'agencyCode')}<input name="agencyCode" maxlength="40" placeholder=${ot(l, 'agencyHint')}
            .value=${d.agencyCode} @input=${set('agencyCode')}></label>
          <label class="field wide">${ot(l, 'dossierPattern')}<input name="dossierPattern" maxlength="300" .value=${d.dossierPattern} @input=${set('dossierPattern')}>
            <span class="hint">${ot(l, 'dossierPatternHint')}</span></label>
          <label class="field wide">${ot(l, 'urlTemplate')}<input name="procedureUrlTemplate" maxlength="500" .value=${d.procedureUrlTemplate} @input=${set('procedureUrlTemplate')}
            placeholder="https://dichvucong.gov.vn/…?ma_thu_tuc={code}">
            <span class="hint">${ot(l, 'urlTemplateHint')}</span></label>
        </div>
        ${this.renderMessage()}
        <div class="actions"><button class="primary" type="submit" id="save-onestop" ?disabled=${this.busy}>${ot(l, 'save')}</button></div>
      </section>
    </form>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'admin-onestop-settings': AdminOnestopSettings } }
