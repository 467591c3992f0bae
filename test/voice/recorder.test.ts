// The voice recorder in real Chromium with a fake microphone (a WAV made here: a tone between two
// silences): three clips recorded through the real admin page (Giọng đọc), stored by the hub as Ogg
// Opus, trimmed (shorter than what was recorded) and levelled (within 1 LU of the target, measured by
// decoding the stored file with an independent decoder); a lobby display already open switches to
// the new clips without a reload and fetches and plays them for a call; the preview says a call with
// the display's announcer; a silent microphone is refused with its reason.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import type { HTTPResponse } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integratedLoudness, TARGET_LUFS, writeWav } from '../../server/voice/audio.js';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, api, createDevice, login, startHub, type HubHandle } from '../helpers/hub.js';
import { click, signIn, until, waitForSelectorText, type TestPage } from '../browser/counter-helpers.js';
import { toneSamples } from './wav.js';

const INPUT_S = 0.8 + 0.9 + 0.9;
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let silentBrowser: Awaited<ReturnType<typeof launchBrowser>>;
let tmp: string;
let admin: TestPage;
let display: TestPage;
/** What the display fetched from the pack, with the hub's X-Voice-Source. */
const fetched: { name: string; source: string | null }[] = [];

const mic = (wav: string) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}%noloop`];

async function openRecorder(b: typeof browser): Promise<TestPage> {
  const p = await openPage(b, `${hub.url}/admin#voice`, 1440, 1000) as TestPage;
  await signIn(p, 'admin', ADMIN_PASSWORD);
  await waitForSelectorText(p, '#clip-text', 'Xin mời công dân có số');
  return p;
}

/** Record the clip on screen: record, let the fake microphone play its file, stop, wait for the verdict. */
async function recordClip(p: TestPage): Promise<string> {
  await click(p, '#record');
  await waitForSelectorText(p, '#recorder', 'Đang thu', 20_000);
  await new Promise((r) => setTimeout(r, INPUT_S * 1000 + 300)); // the length of the fake microphone's file
  await click(p, '#stop');
  return waitForSelectorText(p, '#message', /Đã lưu|Bản ghi/, 30_000);
}

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'luot-voice-'));
  writeFileSync(join(tmp, 'tone.wav'), writeWav(toneSamples({ leadS: 0.8, toneS: 0.9, tailS: 0.9, amp: 0.2 })));
  writeFileSync(join(tmp, 'silence.wav'), writeWav(new Float32Array(Math.round(48_000 * INPUT_S))));
  hub = await startHub();
  browser = await launchBrowser(mic(join(tmp, 'tone.wav')));
  silentBrowser = await launchBrowser(mic(join(tmp, 'silence.wav')));
  // A display of the demo hall, open before anything is recorded.
  const { pairingCode } = await createDevice(hub, { kind: 'display', name: 'TV sảnh' });
  display = await openPage(browser, `${hub.url}/display?pair=${pairingCode}`, 1280, 720) as TestPage;
  display.on('response', (r: HTTPResponse) => {
    const m = /\/voice\/packs\/demo\/([a-z0-9-]+)\.ogg/.exec(r.url());
    if (m) fetched.push({ name: m[1]!, source: r.headers()['x-voice-source'] ?? null });
  });
  await until(() => fetched.length >= 100, 'the display to load the pack', 30_000);
  await display.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });
}, 120_000);

afterAll(async () => {
  await browser?.cleanup();
  await silentBrowser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the voice recorder', { timeout: 180_000 }, () => {
  it('records three clips; the hub stores them trimmed and levelled as Ogg Opus', async () => {
    admin = await openRecorder(browser);
    expect(await admin.$eval('>>> #clip-text', (e) => getComputedStyle(e).fontSize)).toBe('88px');
    await screenshot(admin, 'voice-recorder');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      names.push((await admin.$eval('>>> #recorder', (e) => (e as HTMLElement).dataset.clip))!);
      const verdict = await recordClip(admin);
      expect(verdict).toMatch(/^Đã lưu/);
      await waitForSelectorText(admin, '#clip-state', 'Đã thu');
      if (i === 0) await screenshot(admin, 'voice-recorder-saved');
      await click(admin, '#next');
    }
    expect(names).toEqual(['call', 'to-counter', 'digit-0']);
    await waitForSelectorText(admin, '#progress-text', 'Đã thu 3/');

    const decoder = new OggOpusDecoder();
    await decoder.ready;
    try {
      for (const name of names) {
        const bytes = readFileSync(join(hub.dataDir, 'voice', 'demo', `${name}.ogg`));
        expect(bytes.subarray(0, 4).toString()).toBe('OggS');
        await decoder.reset();
        const pcm = (await decoder.decodeFile(new Uint8Array(bytes))).channelData[0]!;
        const seconds = pcm.length / 48_000;
        expect(seconds, name).toBeLessThan(INPUT_S - 0.8); // the silences around the tone are gone
        expect(seconds, name).toBeGreaterThan(0.6);
        expect(Math.abs(integratedLoudness(pcm) - TARGET_LUFS), name).toBeLessThan(1);
      }
    } finally {
      decoder.free();
    }
    const m = await (await fetch(`${hub.url}/voice/packs/demo/manifest.json`)).json();
    for (const name of names) {
      expect(m.clips.find((c: { name: string }) => c.name === name)).toMatchObject({ source: 'recording', recordedBy: 'Quản trị viên', recordedAt: expect.any(String) });
    }
  });

  it('the open display switches to the new clips without a reload, and says a call with them', async () => {
    // Told by the hub (voice:pack), the display fetched the recorded clips.
    await until(() => ['call', 'to-counter', 'digit-0'].every((n) => fetched.some((f) => f.name === n && f.source === 'recording')), 'recorded clips fetched', 30_000);
    expect(await display.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // Only the recorded clips were fetched again: every other clip of the pack once, at the start.
    const recorded = new Set(['call', 'to-counter', 'digit-0']);
    const again = [...new Set(fetched.map((f) => f.name))].filter((n) => !recorded.has(n) && fetched.filter((f) => f.name === n).length > 1);
    expect(again).toEqual([]);
    const officer = await login(hub, 'canbo1', hub.demo.canbo1);
    const a = api(hub.url, hub.adminToken);
    expect((await a('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    expect((await api(hub.url, officer)('POST', '/api/counters/counter-1/open', {})).status).toBe(200);
    // A tab in the background may hold its media back: the display is the front tab, as in a hall.
    await display.bringToFront();
    // Each recorded clip told the display to fetch it again: wait until those fetches are over.
    let seen = -1;
    await until(async () => { const n = fetched.length; const still = n === seen; seen = n; await new Promise((r) => setTimeout(r, 1500)); return still && fetched.length === n; }, 'the pack loaded', 30_000);
    const before = fetched.length;
    const called = await api(hub.url, officer)<{ ticket: { number: string } }>('POST', '/api/counters/counter-1/call-next', {});
    expect(called.body.ticket.number).toMatch(/^A0/);
    const played = await until(async () => {
      const p = await display.evaluate(() => {
        const app = document.querySelector('display-app') as unknown as { announcer: { idle: boolean; played: string[] } };
        return app.announcer.idle ? app.announcer.played : [];
      });
      return p.includes('to-counter') ? p : null;
    }, 'the call said', 60_000).catch(async (e) => {
      console.log('voice test: announcer', await display.evaluate(() => {
        const a = (document.querySelector('display-app') as unknown as { announcer: { current: unknown; queue: unknown; played: string[]; skipped: string[]; blocked: boolean } }).announcer;
        return JSON.stringify({ current: a.current, queue: a.queue, played: a.played, skipped: a.skipped, blocked: a.blocked });
      }), display.errors);
      throw e;
    });
    expect(played).toEqual(expect.arrayContaining(['chime', 'call', 'letter-a', 'digit-0', 'to-counter', 'digit-1']));
    // Played from memory: nothing new fetched for the call, and what it holds is the recording.
    expect(fetched.length).toBe(before);
  });

  it('previews a whole call as the display says it', async () => {
    await admin.bringToFront();
    await click(admin, '#preview-ticket');
    await admin.locator('>>> #preview-ticket').fill('A025');
    await admin.locator('>>> #preview-counter').fill('3');
    await click(admin, '#preview');
    const played = await until(() => admin.evaluate(async () => {
      const v = document.querySelector('admin-app')!.shadowRoot!.querySelector('admin-voice') as unknown as { announcer: { whenIdle(): Promise<void>; played: string[] } };
      await v.announcer.whenIdle();
      return v.announcer.played.length ? v.announcer.played : null;
    }), 'the preview', 60_000);
    expect(played).toEqual(['chime', 'call', 'letter-a', 'digit-0', 'digit-2', 'digit-5', 'to-counter', 'digit-3',
      'pause', 'call', 'letter-a', 'digit-0', 'digit-2', 'digit-5', 'to-counter', 'digit-3']);
    await screenshot(admin, 'voice-recorder-preview');
  });

  it('refuses a silent recording with its reason, keeping the clip as it was', async () => {
    const p = await openRecorder(silentBrowser);
    await click(p, '#chips button[data-clip="digit-1"]');
    await waitForSelectorText(p, '#clip-text', 'một');
    const verdict = await recordClip(p);
    expect(verdict).toMatch(/Bản ghi im lặng/);
    expect(await p.$eval('>>> #message', (e) => e.getAttribute('role'))).toBe('alert');
    await waitForSelectorText(p, '#clip-state', 'giọng máy');
    await screenshot(p, 'voice-recorder-silent');
    const r = await fetch(`${hub.url}/voice/packs/demo/digit-1.ogg`);
    expect(r.headers.get('x-voice-source')).toBe('shipped');
    expect(p.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
