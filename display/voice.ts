// Voice announcements on the lobby display. Kiosk Chromium has no speech voices, so a call is said
// by playing short recorded clips from the voice pack the hub serves (public/voice/vi, made by
// scripts/make-voice-pack.sh; see docs/voice.md). No framework: the display imports this module.

/** What is announced: a ticket number such as "A025", the counter, and whether it is a recall. */
export interface CallToAnnounce {
  number: string;
  counterNumber: number;
  recall: boolean;
}

export interface ClipOptions {
  /** Say the sentence this many times (1-5); default 2. The chime is played once, before. */
  repeat?: number;
  /** Play the two-tone chime first; default true. */
  chime?: boolean;
  /** "A025" as "a không hai năm" (default true) or as a number, "a hai mươi lăm" (false). */
  digitByDigit?: boolean;
  /** URL of the pack, ending in "/"; default the announcer's pack ("/voice/vi/" unless usePack). */
  base?: string;
  /** Silence between two clips of the sentence, in ms (site setting voice.gapMs); default 0. */
  gapMs?: number;
}

export const DEFAULT_VOICE_BASE = '/voice/vi/';
/** The pack's clips are Ogg Opus files named `<clip name>.ogg`. */
export const VOICE_CLIP_EXT = '.ogg';
export const VOICE_CLIP_MIME = 'audio/ogg; codecs=opus';

/**
 * Clip names of a number said as a number: 7 "bảy", 21 "hai mươi mốt", 105 "một trăm lẻ năm",
 * 1025 "một nghìn không trăm hai mươi lăm". 10..99 are whole clips, because Vietnamese number words
 * change with their place (mốt, lăm, mươi). Above 9999 the digits are read one by one.
 */
export function numberClipNames(n: number): string[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a whole number: ${n}`);
  if (n < 10) return [`digit-${n}`];
  if (n < 100) return [`n-${n}`];
  if (n < 1000) {
    const rest = n % 100;
    return [`hundred-${Math.floor(n / 100)}`, ...(rest === 0 ? [] : rest < 10 ? ['odd', `digit-${rest}`] : [`n-${rest}`])];
  }
  if (n < 10000) {
    const rest = n % 1000;
    const head = `thousand-${Math.floor(n / 1000)}`;
    if (rest === 0) return [head];
    if (rest >= 100) return [head, ...numberClipNames(rest)];
    return [head, 'zero-hundred', ...(rest < 10 ? ['odd', `digit-${rest}`] : [`n-${rest}`])];
  }
  return String(n).split('').map((d) => `digit-${d}`);
}

/** Clip names of a ticket number: its letters by their Vietnamese names, then its digits. */
export function ticketClipNames(ticketNumber: string, digitByDigit = true): string[] {
  const names: string[] = [];
  // Letters, and runs of digits; anything else (a dash, a space) is not said.
  for (const [, letters, digits] of ticketNumber.normalize('NFC').matchAll(/([A-Za-zĐđ]+)|(\d+)/g)) {
    if (letters) {
      for (const ch of letters) names.push(ch === 'Đ' || ch === 'đ' ? 'letter-dd' : `letter-${ch.toLowerCase()}`);
    } else if (digits) {
      if (digitByDigit) for (const d of digits) names.push(`digit-${d}`);
      else names.push(...numberClipNames(Number(digits)));
    }
  }
  return names;
}

/** Clip names of one call, in the order they are played. */
export function clipNamesForCall(call: CallToAnnounce, opts: ClipOptions = {}): string[] {
  const repeat = Math.min(5, Math.max(1, Math.floor(opts.repeat ?? 2)));
  const sentence = [
    call.recall ? 'recall' : 'call',
    ...ticketClipNames(call.number, opts.digitByDigit ?? true),
    'to-counter',
    ...numberClipNames(call.counterNumber),
  ];
  const names: string[] = opts.chime ?? true ? ['chime'] : [];
  for (let i = 0; i < repeat; i++) {
    if (i > 0) names.push('pause');
    names.push(...sentence);
  }
  return names;
}

/**
 * URLs of the clips of one call, in order: chime, "Xin mời công dân có số" (or "Xin mời lại ..."
 * for a recall), the letter, the digits, "đến quầy số", the counter number; the sentence repeated
 * after a short pause.
 */
export function clipsForCall(call: CallToAnnounce, opts: ClipOptions = {}): string[] {
  let base = opts.base ?? DEFAULT_VOICE_BASE;
  if (!base.endsWith('/')) base += '/';
  return clipNamesForCall(call, opts).map((name) => `${base}${name}${VOICE_CLIP_EXT}`);
}

/** The clip name of a clip URL: "/voice/vi/letter-a.ogg" → "letter-a". */
export function clipName(url: string): string {
  const file = url.split(/[?#]/)[0].split('/').pop() ?? url;
  return file.replace(/\.[^.]+$/, '');
}

// ---- the player ----------------------------------------------------------------------------

/** The part of HTMLAudioElement the announcer uses; tests may pass their own. */
export interface AudioLike {
  src: string;
  preload: string;
  currentTime: number;
  play(): Promise<void> | void;
  pause(): void;
  load(): void;
  addEventListener(type: 'ended' | 'error', listener: () => void): void;
  removeEventListener(type: 'ended' | 'error', listener: () => void): void;
}

/**
 * Makes the element of one clip. `src` is what to load: the clip's URL, or a blob: URL once the pack
 * is held in memory (preloadPack); `clipUrl` is always the clip's URL.
 */
export type AudioFactory = (src: string, clipUrl: string) => AudioLike;

export interface AnnouncerOptions {
  /** Default: `new Audio(src)`. */
  audioFactory?: AudioFactory;
  /** A clip that neither ends nor fails within this time is skipped; default 15000 ms. */
  clipTimeoutMs?: number;
  /** Calls waiting beyond this number are dropped, oldest first; default 10. */
  maxQueued?: number;
  /** Where a first touch or key press unlocks sound if autoplay was refused; default `document`. */
  gestureTarget?: EventTarget | null;
}

export interface QueuedCall {
  call: CallToAnnounce;
  /** Clip URLs, as from clipsForCall. */
  clips: string[];
  /** Silence between two clips, ms. */
  gapMs?: number;
}

type ClipResult = 'ended' | 'failed' | 'blocked' | 'stopped';

/** A display runs for weeks: keep the record of played clips bounded. */
function remember(list: string[], name: string, limit = 1000): void {
  list.push(name);
  if (list.length > limit) list.splice(0, list.length - limit);
}

/**
 * Says calls one after another: the clips of one call strictly in sequence, further calls queued,
 * so that two calls never talk over each other. A clip that fails or hangs is skipped. Clip elements
 * are created ahead and kept, so a clip is fetched from the hub once.
 *
 * Events (plain `Event`s, or `CustomEvent`s with `detail`): `callstart` / `callend` (detail:
 * QueuedCall), `clipstart` / `clipend` (detail: {url, name, result}), `blocked` (autoplay refused,
 * waiting for a gesture or unlock()), `unblocked`, `dropped` (detail: QueuedCall), `idle`.
 */
export class Announcer extends EventTarget {
  /** Names of the clips played to their end, in order ("chime", "call", "letter-a", ...); the last 1000. */
  readonly played: string[] = [];
  /** Names of the clips skipped because they failed or hung; the last 1000. */
  readonly skipped: string[] = [];

  /** The pack calls are said from (see usePack). */
  base = DEFAULT_VOICE_BASE;
  private readonly pending: QueuedCall[] = [];
  private currentCall: QueuedCall | null = null;
  private readonly elements = new Map<string, AudioLike>();
  /** Clip URL → blob: URL of its bytes held in memory (see preloadPack). */
  private readonly cached = new Map<string, string>();
  private readonly audioFactory: AudioFactory;
  private readonly clipTimeoutMs: number;
  private readonly maxQueued: number;
  private readonly gestureTarget: EventTarget | null;
  private running = false;
  /** Bumped by usePack: a preload of an earlier pack that finishes late must not fill the cache. */
  private generation = 0;
  private isBlocked = false;
  private stopCurrent: (() => void) | null = null;
  private idleWaiters: Array<() => void> = [];
  private removeGestureListeners: (() => void) | null = null;

  constructor(opts: AnnouncerOptions = {}) {
    super();
    this.audioFactory = opts.audioFactory ?? ((src) => new Audio(src));
    this.clipTimeoutMs = opts.clipTimeoutMs ?? 15_000;
    this.maxQueued = Math.max(1, opts.maxQueued ?? 10);
    this.gestureTarget = opts.gestureTarget !== undefined ? opts.gestureTarget : (globalThis.document ?? null);
  }

  /** Calls waiting to be said (not the one being said). */
  get queue(): readonly QueuedCall[] {
    return this.pending.slice();
  }

  /** The call being said, if any. */
  get current(): QueuedCall | null {
    return this.currentCall;
  }

  /** Nothing is being said and nothing waits. */
  get idle(): boolean {
    return !this.currentCall && this.pending.length === 0;
  }

  /** The browser refused to play without a user gesture; calls wait until a touch/key or unlock(). */
  get blocked(): boolean {
    return this.isBlocked;
  }

  /** Queue a call. A call identical to one still waiting is not queued twice. */
  announce(call: CallToAnnounce, opts: ClipOptions = {}): void {
    const clips = clipsForCall(call, { ...opts, base: opts.base ?? this.base });
    const same = (q: QueuedCall) => q.call.number === call.number && q.call.counterNumber === call.counterNumber && q.call.recall === call.recall;
    if (this.pending.some(same)) return;
    const item: QueuedCall = { call: { ...call }, clips, gapMs: Math.max(0, Math.min(2000, opts.gapMs ?? 0)) };
    this.pending.push(item);
    while (this.pending.length > this.maxQueued) this.emit('dropped', this.pending.shift());
    this.preload(clips);
    void this.run();
  }

  /** Create (and start loading) the elements of these clips, so they play without a wait. */
  preload(urls: readonly string[]): void {
    for (const url of urls) this.element(url);
  }

  /**
   * Fetch every clip of the pack's manifest into memory, so that calls are said even while the hub
   * is unreachable. Resolves to the number of clips held; clips that fail to load are played from
   * the hub as usual.
   */
  async preloadPack(base = this.base): Promise<number> {
    if (!base.endsWith('/')) base += '/';
    const gen = this.generation;
    const res = await fetch(`${base}manifest.json`);
    if (!res.ok) throw new Error(`voice manifest: HTTP ${res.status}`);
    const manifest = (await res.json()) as { clips: Array<{ file: string }> };
    await Promise.all(manifest.clips.map(async ({ file }) => {
      const url = `${base}${file}`;
      if (!this.cached.has(url)) await this.hold(url, gen);
    }));
    return this.cached.size;
  }

  /**
   * Fetch one clip into memory, unless the pack changed meanwhile (`gen`); it replaces what was held
   * under its URL. A clip that fails to load stays as it was (played from the hub if not held).
   */
  private async hold(url: string, gen: number, init?: RequestInit): Promise<void> {
    try {
      const clip = await fetch(url, init);
      if (!clip.ok || gen !== this.generation) return;
      const blob = await clip.blob();
      if (gen !== this.generation) return;
      const old = this.cached.get(url);
      this.cached.set(url, URL.createObjectURL(blob));
      // An element made before these bytes were in memory still points at the hub or the old bytes: remake it.
      this.elements.delete(url);
      if (old) { try { URL.revokeObjectURL(old); } catch { /* not a blob */ } }
    } catch { /* played from the hub */ }
  }

  /**
   * Say calls from another pack from now on (a site's recorded pack, or the same pack after its clips
   * changed): the clips held in memory are dropped and the new pack is loaded. A call being said ends
   * with the clips it started with; calls still waiting switch to the new pack.
   */
  async usePack(base: string): Promise<number> {
    if (!base.endsWith('/')) base += '/';
    const old = this.base;
    this.base = base;
    this.generation++;
    for (const url of this.cached.values()) { try { URL.revokeObjectURL(url); } catch { /* not a blob */ } }
    this.cached.clear();
    this.elements.clear();
    for (const q of this.pending) q.clips = q.clips.map((u) => (u.startsWith(old) ? base + u.slice(old.length) : u));
    return this.preloadPack(base);
  }

  /**
   * Some clips of the pack in use changed (recorded or removed on the hub): fetch those again, and
   * only those (a display holds 152). Resolves to the number of clips held.
   */
  async refreshClips(names: readonly string[]): Promise<number> {
    const gen = this.generation;
    await Promise.all(names.map((name) => this.hold(`${this.base}${name}.ogg`, gen, { cache: 'no-store' })));
    return this.cached.size;
  }

  /** After autoplay was refused: call from a touch or key handler to start saying the queue. */
  unlock(): void {
    if (!this.isBlocked) return;
    this.isBlocked = false;
    this.removeGestureListeners?.();
    this.emit('unblocked');
    void this.run();
  }

  /** Drop every waiting call and stop the one being said (e.g. when voice is switched off). */
  clear(): void {
    this.pending.length = 0;
    this.stopCurrent?.();
  }

  /** Resolves when nothing is being said and nothing waits. */
  whenIdle(): Promise<void> {
    if (this.idle && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private emit(type: string, detail?: unknown): void {
    this.dispatchEvent(typeof CustomEvent === 'function' ? new CustomEvent(type, { detail }) : new Event(type));
  }

  private element(url: string): AudioLike {
    let el = this.elements.get(url);
    if (!el) {
      el = this.audioFactory(this.cached.get(url) ?? url, url);
      el.preload = 'auto';
      try { el.load(); } catch { /* loads on play */ }
      this.elements.set(url, el);
    }
    return el;
  }

  private async run(): Promise<void> {
    if (this.running || this.isBlocked) return;
    this.running = true;
    try {
      while (!this.isBlocked && this.pending.length > 0) {
        const item = this.pending.shift()!;
        this.currentCall = item;
        this.emit('callstart', item);
        let result: ClipResult = 'ended';
        for (let i = 0; i < item.clips.length; i++) {
          const url = item.clips[i];
          // The site's gap between two words (not around the chime or the pause between repetitions).
          const prev = i > 0 ? clipName(item.clips[i - 1]) : '';
          if (item.gapMs && i > 0 && prev !== 'chime' && prev !== 'pause' && clipName(url) !== 'pause') {
            await new Promise((r) => setTimeout(r, item.gapMs));
          }
          result = await this.playClip(url);
          if (result === 'blocked' || result === 'stopped') break;
        }
        this.currentCall = null;
        if (result === 'blocked') {
          // Say the whole call again once sound is allowed.
          this.pending.unshift(item);
          this.waitForGesture();
          break;
        }
        this.emit('callend', item);
      }
    } finally {
      this.running = false;
    }
    if (this.idle) {
      this.emit('idle');
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private playClip(url: string): Promise<ClipResult> {
    const name = clipName(url);
    const el = this.element(url);
    return new Promise<ClipResult>((resolve) => {
      let settled = false;
      const finish = (result: ClipResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        el.removeEventListener('ended', onEnded);
        el.removeEventListener('error', onError);
        this.stopCurrent = null;
        if (result === 'ended') remember(this.played, name);
        if (result === 'failed') {
          remember(this.skipped, name);
          this.elements.delete(url); // made afresh next time: the hub may be back
        }
        if (result !== 'ended') { try { el.pause(); } catch { /* nothing to stop */ } }
        this.emit('clipend', { url, name, result });
        resolve(result);
      };
      const onEnded = () => finish('ended');
      const onError = () => finish('failed');
      const timer = setTimeout(() => finish('failed'), this.clipTimeoutMs);
      this.stopCurrent = () => finish('stopped');
      el.addEventListener('ended', onEnded);
      el.addEventListener('error', onError);
      this.emit('clipstart', { url, name });
      try {
        el.currentTime = 0;
        const p = el.play();
        if (p && typeof p.then === 'function') {
          p.then(undefined, (e: unknown) => {
            const errName = (e as { name?: string } | null)?.name;
            if (errName === 'NotAllowedError') {
              this.isBlocked = true;
              finish('blocked');
            } else if (errName !== 'AbortError') {
              finish('failed');
            }
          });
        }
      } catch {
        finish('failed');
      }
    });
  }

  private waitForGesture(): void {
    this.emit('blocked');
    const target = this.gestureTarget;
    if (!target || this.removeGestureListeners) return;
    const types = ['pointerdown', 'keydown', 'touchstart'];
    const onGesture = () => this.unlock();
    for (const t of types) target.addEventListener(t, onGesture, true);
    this.removeGestureListeners = () => {
      for (const t of types) target.removeEventListener(t, onGesture, true);
      this.removeGestureListeners = null;
    };
  }
}
