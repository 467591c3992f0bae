// The voice recorder (Giọng đọc): one staff member with a headset records the centre's own voice pack
// clip by clip. The clip's text in large type; record (MediaRecorder), stop, and the browser decodes
// its recording (WebAudio) to PCM and uploads a WAV; the hub trims, levels, checks and encodes it
// (server/voice), or refuses it with the reason. Play back, record again, next; the clips every call
// needs come first. A preview says a whole call with the display's own announcer (display/voice.ts).
// Pace (gap, repetition), a shared pack, export and import. docs/voice.md.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t } from '../common/i18n/index.js';
import { encodeWav16 } from '../common/wav.js';
import { ApiError } from '../common/client.js';
import { Announcer } from '../display/voice.js';
import { AdminSection } from './admin-section.js';
import { adminStyles } from './admin-styles.js';

interface VoiceClip {
  name: string; text: string; needed: boolean; maxSeconds: number;
  recording: { durationMs: number; recordedBy: string; recordedAt: string; lufs: number } | null;
}
interface VoiceState {
  siteId: string; pack: string; base: string; updatedAt: string | null; targetLufs: number;
  voice: { enabled: boolean; repeat: number; chime: boolean; gapMs?: number; pack?: string };
  clips: VoiceClip[];
}
interface Saved { clip: { durationMs: number; lufs: number }; measured: { inputSeconds: number; seconds: number; lufs: number } }

const RATE = 48_000;
/** A recording stops by itself after this long (the longest clip allows ~5 s). */
const MAX_RECORD_MS = 15_000;

const fmt = (lang: string, n: number, digits = 1) => (lang === 'vi' ? n.toFixed(digits).replace('.', ',') : n.toFixed(digits));

@customElement('admin-voice')
export class AdminVoice extends AdminSection {
  @state() private data: VoiceState | null = null;
  @state() private index = 0;
  @state() private phase: 'idle' | 'recording' | 'processing' = 'idle';
  @state() private ticket = 'A025';
  @state() private counter = 3;
  @state() private gapMs = 0;
  @state() private repeat = 2;
  @state() private packName = '';
  private loadedFor: string | null = null;
  private recorder: MediaRecorder | null = null;
  private stream: MediaStream | null = null;
  private stopTimer: ReturnType<typeof setTimeout> | null = null;
  private player: HTMLAudioElement | null = null;
  /** The display's announcer, for the preview (exposed for tests: what it played). */
  readonly announcer = new Announcer();

  static styles = [adminStyles, css`
    .intro { max-width: 90ch; margin: 0 0 var(--luot-space-3); }
    .progress { display: grid; gap: 6px; margin-bottom: var(--luot-space-3); }
    .track { height: 18px; border-radius: 999px; background: #e6eaf0; overflow: hidden; }
    .track > div { height: 100%; background: var(--luot-ok); transition: width 0.3s; }
    .track.needed > div { background: var(--luot-primary); }
    .recorder { display: grid; gap: var(--luot-space-3); text-align: center; padding: var(--luot-space-4) var(--luot-space-4) var(--luot-space-3); }
    .meta { display: flex; gap: var(--luot-space-2); justify-content: center; align-items: center; flex-wrap: wrap; color: var(--luot-text-muted); font-weight: 700; }
    .text { font-size: 88px; line-height: 1.25; font-weight: 800; color: var(--luot-text); min-height: 2.6em;
      display: flex; align-items: center; justify-content: center; padding: 0 var(--luot-space-3); overflow-wrap: anywhere; }
    .buttons { display: flex; gap: var(--luot-space-3); justify-content: center; flex-wrap: wrap; }
    .buttons button { min-height: 64px; font-size: var(--luot-size-l); padding: 8px 26px; }
    button.rec { background: var(--luot-danger); border-color: var(--luot-danger); color: #fff; }
    button.rec .dot { display: inline-block; width: 18px; height: 18px; border-radius: 50%; background: #fff; margin-right: 10px; vertical-align: -2px; }
    .live { font-size: var(--luot-size-l); font-weight: 800; color: var(--luot-danger); }
    .cols { display: grid; grid-template-columns: 1fr 1fr; gap: var(--luot-space-3); margin-top: var(--luot-space-3); }
    .row { display: flex; gap: var(--luot-space-3); align-items: end; flex-wrap: wrap; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; max-height: 260px; overflow: auto; }
    .chips button { min-height: 34px; padding: 2px 10px; font-size: var(--luot-size-s); font-weight: 600; }
    .chips button.done { background: var(--luot-ok-soft); border-color: var(--luot-ok); color: var(--luot-ok); }
    .chips button.needed:not(.done) { border-color: var(--luot-primary); }
    .chips button[aria-current='true'] { outline: 3px solid var(--luot-gold); }
    input.ticket { width: 8ch; text-transform: uppercase; font-size: var(--luot-size-l); font-weight: 800; }
    input.counter { width: 6ch; font-size: var(--luot-size-l); font-weight: 800; }
    input[type='file'] { display: none; }
  `];

  protected updated(): void {
    if (this.session.siteId && this.session.siteId !== this.loadedFor) {
      this.loadedFor = this.session.siteId;
      this.index = 0;
      void this.load();
    }
  }

  disconnectedCallback(): void {
    this.stopRecording(true);
    this.announcer.clear();
    super.disconnectedCallback();
  }

  private async load(): Promise<void> {
    try {
      const d = await this.session.api<VoiceState>('GET', `/api/voice?siteId=${encodeURIComponent(this.session.siteId!)}`);
      this.data = d;
      this.gapMs = d.voice.gapMs ?? 0;
      this.repeat = d.voice.repeat;
      this.packName = d.voice.pack ?? '';
      if (this.index >= d.clips.length) this.index = 0;
    } catch (e) {
      this.fail(e);
    }
  }

  private get clip(): VoiceClip | null { return this.data?.clips[this.index] ?? null; }

  // ---- recording ------------------------------------------------------------------------------
  private async startRecording(): Promise<void> {
    this.message = null;
    try {
      // No echo cancellation, noise suppression or automatic gain: they colour a voice recording.
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
      });
    } catch (e) {
      this.say('error', t(this.lang, 'voice.noMic', { reason: (e as Error).message || String(e) }));
      return;
    }
    const chunks: Blob[] = [];
    const rec = new MediaRecorder(this.stream);
    rec.ondataavailable = (ev) => { if (ev.data.size) chunks.push(ev.data); };
    rec.onstop = () => { void this.upload(new Blob(chunks, { type: rec.mimeType })); };
    this.recorder = rec;
    rec.start();
    this.phase = 'recording';
    this.stopTimer = setTimeout(() => this.stopRecording(), MAX_RECORD_MS);
  }

  private stopRecording(discard = false): void {
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.stopTimer = null;
    const rec = this.recorder;
    this.recorder = null;
    if (rec && rec.state !== 'inactive') {
      if (discard) rec.onstop = null;
      rec.stop();
      if (!discard) this.phase = 'processing';
    }
    for (const tr of this.stream?.getTracks() ?? []) tr.stop();
    this.stream = null;
  }

  /** Decode the browser's recording to 48 kHz PCM, mix to mono, send it as a WAV. */
  private async upload(blob: Blob): Promise<void> {
    const clip = this.clip;
    if (!clip) return;
    try {
      const ctx = new OfflineAudioContext(1, 1, RATE);
      const audio = await ctx.decodeAudioData(await blob.arrayBuffer());
      const mono = new Float32Array(audio.length);
      for (let c = 0; c < audio.numberOfChannels; c++) {
        const ch = audio.getChannelData(c);
        for (let i = 0; i < mono.length; i++) mono[i] += ch[i] / audio.numberOfChannels;
      }
      const wav = encodeWav16(mono, audio.sampleRate);
      const res = await fetch(`/api/voice/clips/${clip.name}?siteId=${encodeURIComponent(this.session.siteId!)}`, {
        method: 'PUT', body: new Blob([wav as BlobPart], { type: 'audio/wav' }),
        headers: { Authorization: `Bearer ${this.session.client.token}`, 'Content-Type': 'audio/wav', 'Accept-Language': this.lang },
      });
      const body = await res.json() as Saved & { error?: { code: string; message: string } };
      if (!res.ok) throw new ApiError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText);
      this.say('ok', t(this.lang, 'voice.saved', {
        s: fmt(this.lang, body.measured.seconds), lufs: fmt(this.lang, body.measured.lufs), in: fmt(this.lang, body.measured.inputSeconds),
      }));
      await this.load();
    } catch (e) {
      this.fail(e);
    } finally {
      this.phase = 'idle';
    }
  }

  // ---- listening ------------------------------------------------------------------------------
  private play(url: string): void {
    this.player?.pause();
    this.player = new Audio(url);
    void this.player.play().catch(() => {});
  }

  private async preview(): Promise<void> {
    const d = this.data;
    if (!d) return;
    this.announcer.clear();
    await this.announcer.usePack(d.base).catch(() => 0);
    this.announcer.announce(
      { number: this.ticket.trim().toUpperCase() || 'A025', counterNumber: Math.max(0, Math.floor(this.counter) || 0), recall: false },
      { repeat: this.repeat, chime: d.voice.chime, gapMs: this.gapMs },
    );
  }

  // ---- pace, pack, export, import -------------------------------------------------------------
  private async savePace(): Promise<void> {
    const v = this.session.site!.settings.voice;
    const pack = this.packName.trim();
    const voice = { ...v, repeat: this.repeat, gapMs: this.gapMs, ...(pack ? { pack } : {}) };
    if (!pack) delete (voice as { pack?: string }).pack;
    if (await this.act(() => this.session.saveSettings({ voice }), t(this.lang, 'voice.saved2'))) await this.load();
  }

  private async exportPack(): Promise<void> {
    await this.act(async () => {
      const res = await fetch(`/api/voice/export?siteId=${encodeURIComponent(this.session.siteId!)}`, { headers: { Authorization: `Bearer ${this.session.client.token}`, 'Accept-Language': this.lang } });
      if (!res.ok) {
        const body = await res.json().catch(() => ({})) as { error?: { code: string; message: string } };
        throw new ApiError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText);
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'giong-doc.luot-voice.json';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url; a.download = name; document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.say('ok', t(this.lang, 'voice.exported', { name }));
    });
  }

  private async importPack(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    await this.act(async () => {
      const res = await fetch(`/api/voice/import?siteId=${encodeURIComponent(this.session.siteId!)}`, {
        method: 'POST', body: await file.text(),
        headers: { Authorization: `Bearer ${this.session.client.token}`, 'Content-Type': 'application/json', 'Accept-Language': this.lang },
      });
      const body = await res.json() as { clips: number; error?: { code: string; message: string } };
      if (!res.ok) throw new ApiError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText);
      this.say('ok', t(this.lang, 'voice.imported', { n: body.clips }));
      await this.load();
    });
  }

  private async removeClip(): Promise<void> {
    const clip = this.clip;
    if (!clip) return;
    if (await this.act(() => this.session.api('DELETE', `/api/voice/clips/${clip.name}?siteId=${encodeURIComponent(this.session.siteId!)}`), t(this.lang, 'voice.removed'))) await this.load();
  }

  private go(i: number): void {
    if (!this.data || this.phase !== 'idle') return;
    this.index = Math.max(0, Math.min(this.data.clips.length - 1, i));
    this.message = null;
  }

  // ---- the page -------------------------------------------------------------------------------
  render() {
    const l = this.lang;
    const d = this.data;
    if (!d) return html`<h2>${t(l, 'voice.title')}</h2>${this.renderMessage()}`;
    const c = this.clip!;
    const done = d.clips.filter((x) => x.recording).length;
    const needed = d.clips.filter((x) => x.needed);
    const neededDone = needed.filter((x) => x.recording).length;
    const pct = (a: number, b: number) => `${b ? Math.round((a / b) * 100) : 0}%`;
    const recording = this.phase === 'recording';
    return html`
      <h2>${t(l, 'voice.title')}</h2>
      <p class="intro">${t(l, 'voice.intro')}</p>
      <div class="progress">
        <div id="progress-text"><b>${t(l, 'voice.progress', { done, total: d.clips.length })}</b> · ${t(l, 'voice.progressNeeded', { done: neededDone, total: needed.length })}</div>
        <div class="track" role="progressbar" aria-valuemin="0" aria-valuemax=${d.clips.length} aria-valuenow=${done}><div style="width:${pct(done, d.clips.length)}"></div></div>
        <div class="track needed"><div style="width:${pct(neededDone, needed.length)}"></div></div>
      </div>
      ${this.renderMessage()}
      <section class="card recorder" id="recorder" data-clip=${c.name}>
        <div class="meta">
          <span>${t(l, 'voice.clipOf', { n: this.index + 1, total: d.clips.length })}</span>
          ${c.needed ? html`<span class="pill warn">${t(l, 'voice.needed')}</span>` : nothing}
          ${c.recording ? html`<span class="pill ok" id="clip-state">${t(l, 'voice.recorded')} · ${fmt(l, c.recording.durationMs / 1000)} s</span>`
            : html`<span class="pill off" id="clip-state">${t(l, 'voice.machine')}</span>`}
          <span>${t(l, 'voice.maxSeconds', { s: fmt(l, c.maxSeconds) })}</span>
        </div>
        <div class="text" id="clip-text" lang="vi">${c.text}</div>
        ${recording ? html`<div class="live" role="status">${t(l, 'voice.recording')}</div>` : nothing}
        ${this.phase === 'processing' ? html`<div class="muted" role="status">${t(l, 'voice.processing')}</div>` : nothing}
        <div class="buttons">
          <button id="prev" ?disabled=${this.index === 0 || this.phase !== 'idle'} @click=${() => this.go(this.index - 1)}>← ${t(l, 'voice.prev')}</button>
          ${recording
            ? html`<button id="stop" class="rec" @click=${() => this.stopRecording()}>■ ${t(l, 'voice.stop')}</button>`
            : html`<button id="record" class="rec" ?disabled=${this.phase !== 'idle'} @click=${() => this.startRecording()}><span class="dot"></span>${t(l, c.recording ? 'voice.recordAgain' : 'voice.record')}</button>`}
          <button id="play" ?disabled=${!c.recording || this.phase !== 'idle'} @click=${() => this.play(`${d.base}${c.name}.ogg?t=${Date.now()}`)}>▶ ${t(l, 'voice.playBack')}</button>
          <button id="next" class="primary" ?disabled=${this.index >= d.clips.length - 1 || this.phase !== 'idle'} @click=${() => this.go(this.index + 1)}>${t(l, 'voice.next')} →</button>
        </div>
        <div class="buttons">
          <button class="small" id="play-machine" @click=${() => this.play(`/voice/vi/${c.name}.ogg`)}>▶ ${t(l, 'voice.playMachine')}</button>
          ${c.recording ? html`<button class="small danger" id="remove" ?disabled=${this.phase !== 'idle'} @click=${() => this.removeClip()}>${t(l, 'voice.remove')}</button>` : nothing}
        </div>
      </section>
      <div class="cols">
        <section class="card">
          <h3>${t(l, 'voice.preview')}</h3>
          <div class="row">
            <label class="field">${t(l, 'voice.previewTicket')}<input class="ticket" id="preview-ticket" .value=${this.ticket} maxlength="8" @input=${(e: Event) => { this.ticket = (e.target as HTMLInputElement).value; }}></label>
            <label class="field">${t(l, 'voice.previewCounter')}<input class="counter" id="preview-counter" type="number" min="0" max="9999" .value=${String(this.counter)} @input=${(e: Event) => { this.counter = Number((e.target as HTMLInputElement).value); }}></label>
            <button class="primary" id="preview" @click=${() => this.preview()}>▶ ${t(l, 'voice.previewPlay')}</button>
          </div>
          <h3>${t(l, 'voice.pace')}</h3>
          <div class="row">
            <label class="field">${t(l, 'voice.gap')}<select id="gap" @change=${(e: Event) => { this.gapMs = Number((e.target as HTMLSelectElement).value); }}>
              ${[0, 100, 200, 300, 500].map((n) => html`<option value=${n} ?selected=${this.gapMs === n}>${t(l, 'voice.ms', { n })}</option>`)}</select></label>
            <label class="field">${t(l, 'voice.repeat')}<select id="repeat" @change=${(e: Event) => { this.repeat = Number((e.target as HTMLSelectElement).value); }}>
              ${[1, 2, 3].map((n) => html`<option value=${n} ?selected=${this.repeat === n}>${n}</option>`)}</select></label>
            <label class="field">${t(l, 'voice.pack')}<input id="pack" .value=${this.packName} placeholder=${d.siteId} @input=${(e: Event) => { this.packName = (e.target as HTMLInputElement).value; }}></label>
            <button id="save-pace" ?disabled=${this.busy} @click=${() => this.savePace()}>${t(l, 'voice.save')}</button>
          </div>
          <p class="hint">${t(l, 'voice.packHint')}</p>
          <div class="row">
            <button id="export" ?disabled=${this.busy} @click=${() => this.exportPack()}>${t(l, 'voice.exportPack')}</button>
            <button id="import" ?disabled=${this.busy} @click=${() => (this.renderRoot.querySelector('#import-file') as HTMLInputElement).click()}>${t(l, 'voice.importPack')}</button>
            <input type="file" id="import-file" accept=".json,application/json" @change=${(e: Event) => this.importPack(e)}>
          </div>
        </section>
        <section class="card">
          <h3>${t(l, 'voice.all')}</h3>
          <div class="chips" id="chips">
            ${d.clips.map((x, i) => html`<button class="${x.recording ? 'done' : ''} ${x.needed ? 'needed' : ''}" data-clip=${x.name} aria-current=${i === this.index ? 'true' : 'false'} title=${x.name} @click=${() => this.go(i)}>${x.text}</button>`)}
          </div>
        </section>
      </div>`;
  }
}
