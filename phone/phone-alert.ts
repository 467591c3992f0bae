// The call alert of the ticket page: the hub's chime (public/voice/vi/chime.ogg, served by the hub)
// through Web Audio, a two-tone beep when the phone cannot decode it, and vibration where the
// phone allows. Browsers play sound only after a tap on the page: `unlock()` is called from the
// first tap (the "turn on the call alert" button, or any tap), and the page says when sound is
// still blocked. `played` records what was done, newest last (tests and diagnostics).
export type AlertKind = 'call' | 'recall' | 'test';

const CHIME_URL = '/voice/vi/chime.ogg';
const VIBRATE_PATTERN = [400, 150, 400, 150, 800];

export class PhoneAlert extends EventTarget {
  private ctx: AudioContext | null = null;
  private chime: AudioBuffer | null = null;
  private loading: Promise<void> | null = null;
  /** What the alerter did: 'chime', 'beep', 'vibrate', 'blocked:<kind>'. */
  readonly played: string[] = [];

  /** Whether sound may play now (an AudioContext that runs). */
  get enabled(): boolean { return this.ctx?.state === 'running'; }

  /** Call from a tap: create and resume the audio context, load the chime. */
  async unlock(): Promise<boolean> {
    try {
      const AC = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!AC) return false;
      this.ctx ??= new AC();
      if (this.ctx.state !== 'running') await this.ctx.resume();
      this.loading ??= this.loadChime();
      await this.loading;
    } catch {
      // Some browsers refuse outside a gesture: the page keeps offering the button.
    }
    this.dispatchEvent(new Event('change'));
    return this.enabled;
  }

  private async loadChime(): Promise<void> {
    try {
      const res = await fetch(CHIME_URL);
      const bytes = await res.arrayBuffer();
      this.chime = await this.ctx!.decodeAudioData(bytes);
    } catch {
      this.chime = null; // e.g. a phone without Opus: the beep stands in
    }
  }

  /** Ring (and vibrate) for a call, a recall, or a test of the sound. */
  async alert(kind: AlertKind): Promise<void> {
    if (kind !== 'test' && 'vibrate' in navigator) {
      try { if (navigator.vibrate(VIBRATE_PATTERN)) this.played.push('vibrate'); } catch { /* not allowed */ }
    }
    if (!this.enabled) await this.unlock();
    if (!this.ctx || this.ctx.state !== 'running') {
      this.played.push(`blocked:${kind}`);
      this.dispatchEvent(new Event('blocked'));
      return;
    }
    const times = kind === 'test' ? 1 : 2;
    for (let i = 0; i < times; i++) {
      const start = this.ctx.currentTime + 0.05 + i * 1.6;
      if (this.chime) this.playBuffer(this.chime, start);
      else this.beep(start);
    }
    this.played.push(this.chime ? 'chime' : 'beep');
  }

  private playBuffer(buf: AudioBuffer, at: number): void {
    const src = this.ctx!.createBufferSource();
    src.buffer = buf;
    src.connect(this.ctx!.destination);
    src.start(at);
  }

  /** Two tones, like a door chime. */
  private beep(at: number): void {
    const ctx = this.ctx!;
    for (const [freq, offset] of [[880, 0], [660, 0.35]] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at + offset);
      gain.gain.exponentialRampToValueAtTime(0.6, at + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + offset + 0.6);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at + offset);
      osc.stop(at + offset + 0.65);
    }
  }
}
