// The lobby display's voice: which clips say a call (checked against the shipped pack), the order in
// which the Announcer plays them, and, in real Chromium, that two calls never talk over each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { transformWithEsbuild } from 'vite';
import {
  Announcer, clipName, clipNamesForCall, clipsForCall, numberClipNames,
  type AudioLike, type CallToAnnounce,
} from './voice.js';
import { launchBrowser, openPage } from '../test/helpers/browser.js';

const PUBLIC = resolve(import.meta.dirname, '..', 'public');
const PACK = join(PUBLIC, 'voice', 'vi');
const manifest = JSON.parse(readFileSync(join(PACK, 'manifest.json'), 'utf8')) as {
  clips: Array<{ name: string; file: string; durationMs: number; text: string }>;
};
const textOf = (name: string) => manifest.clips.find((c) => c.name === name)?.text;
/** What a listener hears, as text: the clips' words joined (the chime and the pause as marks). */
const spoken = (names: string[]) =>
  names.map((n) => (n === 'chime' ? '♪' : n === 'pause' ? '|' : textOf(n))).join(' ');

const A025: CallToAnnounce = { number: 'A025', counterNumber: 3, recall: false };
const B101: CallToAnnounce = { number: 'B101', counterNumber: 12, recall: false };

describe('clipsForCall', () => {
  it('says a call after a chime, twice, digit by digit', () => {
    const urls = clipsForCall(A025, { repeat: 2, chime: true });
    expect(urls).toEqual([
      '/voice/vi/chime.ogg',
      '/voice/vi/call.ogg', '/voice/vi/letter-a.ogg', '/voice/vi/digit-0.ogg', '/voice/vi/digit-2.ogg',
      '/voice/vi/digit-5.ogg', '/voice/vi/to-counter.ogg', '/voice/vi/digit-3.ogg',
      '/voice/vi/pause.ogg',
      '/voice/vi/call.ogg', '/voice/vi/letter-a.ogg', '/voice/vi/digit-0.ogg', '/voice/vi/digit-2.ogg',
      '/voice/vi/digit-5.ogg', '/voice/vi/to-counter.ogg', '/voice/vi/digit-3.ogg',
    ]);
    expect(spoken(urls.map(clipName))).toBe(
      '♪ Xin mời công dân có số a không hai năm đến quầy số ba | Xin mời công dân có số a không hai năm đến quầy số ba',
    );
  });

  it('says a recall with "Xin mời lại"', () => {
    const names = clipNamesForCall({ ...A025, recall: true }, { repeat: 2, chime: true });
    expect(spoken(names)).toBe(
      '♪ Xin mời lại công dân có số a không hai năm đến quầy số ba | Xin mời lại công dân có số a không hai năm đến quầy số ba',
    );
  });

  it('reads B101 at counter 12 digit by digit, or as a number', () => {
    expect(spoken(clipNamesForCall(B101, { repeat: 1, chime: false })))
      .toBe('Xin mời công dân có số bê một không một đến quầy số mười hai');
    expect(spoken(clipNamesForCall(B101, { repeat: 1, chime: false, digitByDigit: false })))
      .toBe('Xin mời công dân có số bê một trăm lẻ một đến quầy số mười hai');
    expect(spoken(clipNamesForCall({ ...A025, number: 'A025' }, { repeat: 1, chime: false, digitByDigit: false })))
      .toBe('Xin mời công dân có số a hai mươi lăm đến quầy số ba');
  });

  it('reads a two-digit counter as a number: 21 "hai mươi mốt"', () => {
    const names = clipNamesForCall({ number: 'C007', counterNumber: 21, recall: false }, { repeat: 1, chime: false });
    expect(spoken(names)).toBe('Xin mời công dân có số xê không không bảy đến quầy số hai mươi mốt');
  });

  it('repeats as asked, chimes once, and defaults to twice with a chime', () => {
    const count = (names: string[], n: string) => names.filter((x) => x === n).length;
    const three = clipNamesForCall(A025, { repeat: 3, chime: true });
    expect(count(three, 'call')).toBe(3);
    expect(count(three, 'chime')).toBe(1);
    expect(count(three, 'pause')).toBe(2);
    expect(clipNamesForCall(A025, { repeat: 1, chime: false })[0]).toBe('call');
    expect(clipNamesForCall(A025)).toEqual(clipNamesForCall(A025, { repeat: 2, chime: true }));
    expect(clipsForCall(A025, { repeat: 1, chime: false, base: 'http://hub:8080/voice/vi' })[0])
      .toBe('http://hub:8080/voice/vi/call.ogg');
  });

  it('reads numbers the Vietnamese way', () => {
    const say = (n: number) => numberClipNames(n).map(textOf).join(' ');
    expect(say(1)).toBe('một');
    expect(say(10)).toBe('mười');
    expect(say(11)).toBe('mười một');
    expect(say(15)).toBe('mười lăm');
    expect(say(20)).toBe('hai mươi');
    expect(say(21)).toBe('hai mươi mốt');
    expect(say(25)).toBe('hai mươi lăm');
    expect(say(99)).toBe('chín mươi chín');
    expect(say(100)).toBe('một trăm');
    expect(say(105)).toBe('một trăm lẻ năm');
    expect(say(115)).toBe('một trăm mười lăm');
    expect(say(250)).toBe('hai trăm năm mươi');
    expect(say(1005)).toBe('một nghìn không trăm lẻ năm');
    expect(say(1025)).toBe('một nghìn không trăm hai mươi lăm');
    expect(say(2300)).toBe('hai nghìn ba trăm');
    expect(say(12345)).toBe('một hai ba bốn năm');
  });

  it('names every letter the Vietnamese way, Đ included', () => {
    const letter = (l: string) => clipNamesForCall({ number: l + '1', counterNumber: 1, recall: false }, { repeat: 1, chime: false })[1];
    const names = Object.fromEntries('ABCDĐEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((l) => [l, textOf(letter(l))]));
    expect(names).toMatchObject({
      A: 'a', B: 'bê', C: 'xê', D: 'dê', Đ: 'đê', E: 'e', G: 'giê', H: 'hát', K: 'ca', L: 'e lờ', M: 'em mờ',
      N: 'en nờ', P: 'pê', Q: 'quy', R: 'e rờ', S: 'ét xì', T: 'tê', V: 'vê', X: 'ích xì', Y: 'i dài',
    });
    for (const l of 'FIJOUWZ') expect(names[l], l).toBeTruthy();
  });
});

describe('the shipped voice pack', () => {
  it('has a clip for every URL clipsForCall can return', () => {
    const needed = new Set<string>();
    const add = (urls: string[]) => urls.forEach((u) => needed.add(u));
    for (const recall of [false, true]) {
      for (const digitByDigit of [true, false]) {
        add(clipsForCall({ ...A025, recall }, { repeat: 2, chime: true, digitByDigit }));
        add(clipsForCall({ ...B101, recall }, { repeat: 2, chime: true, digitByDigit }));
      }
    }
    for (let counter = 0; counter <= 99; counter++) add(clipsForCall({ number: 'A1', counterNumber: counter, recall: false }));
    for (const l of 'ABCDĐEFGHIJKLMNOPQRSTUVWXYZ') add(clipsForCall({ number: `${l}0123456789`, counterNumber: 1, recall: false }));
    for (let n = 0; n <= 9999; n++) add(clipsForCall({ number: `A${n}`, counterNumber: 1, recall: false }, { digitByDigit: false }));
    const missing = [...needed].filter((u) => !existsSync(join(PUBLIC, u)));
    expect(missing).toEqual([]);
    expect(needed.size).toBe(manifest.clips.length); // and nothing shipped is unused
  });

  it('lists every clip with its duration, and stays small', () => {
    const files = readdirSync(PACK).filter((f) => f.endsWith('.ogg')).sort();
    expect(manifest.clips.map((c) => c.file).sort()).toEqual(files);
    for (const c of manifest.clips) expect(c.durationMs, c.name).toBeGreaterThan(100);
    for (const c of manifest.clips) expect(c.durationMs, c.name).toBeLessThan(3000);
    const bytes = readdirSync(PACK).reduce((sum, f) => sum + statSync(join(PACK, f)).size, 0);
    expect(bytes).toBeLessThan(600 * 1024);
    // Ogg Opus: every file starts with an Ogg page holding the OpusHead.
    const head = readFileSync(join(PACK, 'chime.ogg')).subarray(0, 64).toString('latin1');
    expect(head.startsWith('OggS')).toBe(true);
    expect(head).toContain('OpusHead');
  });
});

/** Stands in for an audio element in plain node: "plays" for a moment, then ends. */
class FakeAudio extends EventTarget implements AudioLike {
  static playing = new Set<FakeAudio>();
  static overlaps = 0;
  preload = '';
  currentTime = 0;
  constructor(public src: string, readonly behaviour: (name: string) => 'ok' | 'fail' | 'hang' | 'refuse') {
    super();
  }
  load() {}
  pause() { FakeAudio.playing.delete(this); }
  play(): Promise<void> {
    const how = this.behaviour(clipName(this.src));
    if (how === 'refuse') return Promise.reject(new DOMException('no gesture yet', 'NotAllowedError'));
    if (how === 'fail') { setTimeout(() => this.dispatchEvent(new Event('error')), 1); return Promise.resolve(); }
    if (FakeAudio.playing.size > 0) FakeAudio.overlaps++;
    FakeAudio.playing.add(this);
    if (how === 'ok') setTimeout(() => { FakeAudio.playing.delete(this); this.dispatchEvent(new Event('ended')); }, 1);
    return Promise.resolve();
  }
}

describe('Announcer (plain node, stand-in audio)', () => {
  const names = (call: CallToAnnounce, opts = { repeat: 2, chime: true }) => clipNamesForCall(call, opts);

  it('says queued calls one after another, in order, never together', async () => {
    FakeAudio.overlaps = 0;
    const a = new Announcer({ audioFactory: (src) => new FakeAudio(src, () => 'ok'), gestureTarget: null });
    let idleEvents = 0;
    a.addEventListener('idle', () => idleEvents++);
    a.announce(A025, { repeat: 2, chime: true });
    a.announce(B101, { repeat: 2, chime: true });
    a.announce({ ...A025, recall: true }, { repeat: 2, chime: true });
    expect(a.queue.map((q) => q.call.number)).toEqual(['B101', 'A025']); // A025 is being said
    expect(a.current?.call).toEqual(A025);
    await a.whenIdle();
    expect(a.played).toEqual([...names(A025), ...names(B101), ...names({ ...A025, recall: true })]);
    expect(a.skipped).toEqual([]);
    expect(FakeAudio.overlaps).toBe(0);
    expect(idleEvents).toBe(1);
    expect(a.idle).toBe(true);
  });

  it('skips a clip that fails or hangs and goes on', async () => {
    const a = new Announcer({
      audioFactory: (src) => new FakeAudio(src, (n) => (n === 'letter-a' ? 'fail' : n === 'to-counter' ? 'hang' : 'ok')),
      clipTimeoutMs: 50,
      gestureTarget: null,
    });
    a.announce(A025, { repeat: 1, chime: false });
    a.announce(B101, { repeat: 1, chime: false });
    await a.whenIdle();
    expect(a.skipped).toEqual(['letter-a', 'to-counter', 'to-counter']);
    expect(a.played).toEqual(['call', 'digit-0', 'digit-2', 'digit-5', 'digit-3', 'call', 'letter-b', 'digit-1', 'digit-0', 'digit-1', 'n-12']);
  });

  it('waits for a first touch when autoplay is refused, then says the whole call', async () => {
    let allowed = false;
    const hall = new EventTarget();
    const a = new Announcer({ audioFactory: (src) => new FakeAudio(src, () => (allowed ? 'ok' : 'refuse')), gestureTarget: hall });
    const blocked = new Promise((r) => a.addEventListener('blocked', r, { once: true }));
    a.announce(A025, { repeat: 1, chime: true });
    await blocked;
    a.announce(B101, { repeat: 1, chime: true });
    expect(a.blocked).toBe(true);
    expect(a.played).toEqual([]);
    expect(a.queue.map((q) => q.call.number)).toEqual(['A025', 'B101']);
    allowed = true;
    hall.dispatchEvent(new Event('pointerdown'));
    await a.whenIdle();
    expect(a.blocked).toBe(false);
    expect(a.played).toEqual([...names(A025, { repeat: 1, chime: true }), ...names(B101, { repeat: 1, chime: true })]);
  });

  it('does not queue the same call twice, drops the oldest beyond maxQueued, and clears', async () => {
    const a = new Announcer({ audioFactory: (src) => new FakeAudio(src, () => 'hang'), maxQueued: 2, clipTimeoutMs: 60_000, gestureTarget: null });
    const dropped: string[] = [];
    a.addEventListener('dropped', (e) => dropped.push((e as CustomEvent).detail.call.number));
    a.announce(A025, {});
    a.announce(B101, {});
    a.announce(B101, {});
    expect(a.queue.map((q) => q.call.number)).toEqual(['B101']);
    a.announce({ number: 'C001', counterNumber: 1, recall: false }, {});
    a.announce({ number: 'D002', counterNumber: 2, recall: false }, {});
    expect(a.queue.map((q) => q.call.number)).toEqual(['C001', 'D002']);
    expect(dropped).toEqual(['B101']);
    a.clear();
    await a.whenIdle();
    expect(a.idle).toBe(true);
    expect(a.played).toEqual([]);
  });
});

// ---- real Chromium ----------------------------------------------------------------------------

const PAGE = `<!doctype html><meta charset="utf-8"><title>voice</title><link rel="icon" href="data:,">
<script type="module">
import { Announcer, clipsForCall, clipName } from '/voice.js';
const log = [];
const elements = [];
const announcer = new Announcer({
  audioFactory: (src, clipUrl) => {
    const el = new Audio(src);
    el.defaultPlaybackRate = 4; // the same clips in the same order, four times faster
    const name = clipName(clipUrl);
    el.addEventListener('play', () => log.push({ ev: 'start', name, othersPlaying: elements.filter((o) => o !== el && !o.paused && !o.ended).length }));
    el.addEventListener('ended', () => log.push({ ev: 'end', name }));
    el.addEventListener('error', () => log.push({ ev: 'error', name }));
    elements.push(el);
    return el;
  },
});
Object.assign(window, { announcer, clipsForCall, clipName, log, elements, ready: true });
</script>`;

describe('Announcer in real Chromium', { timeout: 120_000 }, () => {
  let server: Server;
  let url = '';
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const fileRequests: string[] = [];

  beforeAll(async () => {
    const source = readFileSync(resolve(import.meta.dirname, 'voice.ts'), 'utf8');
    const js = (await transformWithEsbuild(source, 'voice.ts', { format: 'esm', target: 'es2022' })).code;
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      if (path === '/voice.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      const file = join(PUBLIC, path);
      if (path.startsWith('/voice/') && !path.includes('..') && existsSync(file)) {
        fileRequests.push(path);
        const type = file.endsWith('.json') ? 'application/json' : 'audio/ogg';
        return void res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.cleanup();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('plays Opus, and says two calls back to back in sequence without overlap', async () => {
    const page = await openPage(browser, url, 800, 600);
    await page.waitForFunction('window.ready === true');
    expect(await page.evaluate(() => new Audio().canPlayType('audio/ogg; codecs=opus'))).toBe('probably');

    const result = await page.evaluate(async (a, b) => {
      const w = window as any;
      w.announcer.announce(a, { repeat: 2, chime: true });
      w.announcer.announce(b, { repeat: 2, chime: true });
      await w.announcer.whenIdle();
      return { log: w.log, played: w.announcer.played, skipped: w.announcer.skipped };
    }, A025, B101);

    const expected = [...clipNamesForCall(A025), ...clipNamesForCall(B101)];
    expect(result.skipped).toEqual([]);
    expect(result.played).toEqual(expected);
    // Each clip starts only after the one before it ended, and nothing else sounds when it starts.
    expect(result.log.map((e: { ev: string }) => e.ev)).toEqual(expected.flatMap(() => ['start', 'end']));
    expect(result.log.filter((e: { ev: string }) => e.ev === 'start').map((e: { name: string }) => e.name)).toEqual(expected);
    expect(result.log.filter((e: { ev: string }) => e.ev === 'end').map((e: { name: string }) => e.name)).toEqual(expected);
    expect(result.log.every((e: { othersPlaying?: number }) => !e.othersPlaying)).toBe(true);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('skips clips the hub does not have, then says the next call', async () => {
    const page = await openPage(browser, url, 800, 600);
    await page.waitForFunction('window.ready === true');
    const result = await page.evaluate(async (a) => {
      const w = window as any;
      w.announcer.announce({ number: 'Z999', counterNumber: 9, recall: false }, { repeat: 1, chime: true, base: '/voice/nowhere/' });
      w.announcer.announce(a, { repeat: 1, chime: false });
      await w.announcer.whenIdle();
      return { played: w.announcer.played, skipped: w.announcer.skipped };
    }, A025);
    expect(result.skipped).toEqual(clipNamesForCall({ number: 'Z999', counterNumber: 9, recall: false }, { repeat: 1, chime: true }));
    expect(result.played).toEqual(clipNamesForCall(A025, { repeat: 1, chime: false }));
    await page.close();
  });

  it('holds the pack in memory and says a call while the hub is away', async () => {
    const page = await openPage(browser, url, 800, 600);
    await page.waitForFunction('window.ready === true');
    const held = await page.evaluate(() => (window as any).announcer.preloadPack('/voice/vi/'));
    expect(held).toBe(manifest.clips.length);
    const before = fileRequests.length;
    server.closeAllConnections();
    await new Promise((r) => server.close(r)); // the hub is gone
    const result = await page.evaluate(async (a) => {
      const w = window as any;
      w.announcer.announce(a, { repeat: 2, chime: true });
      await w.announcer.whenIdle();
      return { played: w.announcer.played, skipped: w.announcer.skipped };
    }, { number: 'K042', counterNumber: 21, recall: true });
    expect(result.skipped).toEqual([]);
    expect(result.played).toEqual(clipNamesForCall({ number: 'K042', counterNumber: 21, recall: true }));
    expect(fileRequests.length).toBe(before);
    await page.close();
  });
});
