// The voice recorder's hub side, over real HTTP and socket.io: a WAV recording is cleaned (silence
// trimmed, DC removed, levelled to the target loudness, measured again by decoding the stored Ogg
// with an independent decoder), a silent / clipped / too quiet / too long one is refused with its
// reason and changes nothing, the displays are told, the record is audited; a pack exported as one
// file imports into another site, and a file with a missing or corrupt clip is refused whole.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integratedLoudness, TARGET_LUFS, writeWav } from '../../server/voice/audio.js';
import { api, connect, expectError, expectUnchanged, pairDevice, startTestHub, type HubHandle } from '../integration/support.js';
import { toneSamples, toneWav } from './wav.js';

let hub: HubHandle;
let admin: ReturnType<typeof api>;
let decoder: OggOpusDecoder;

const put = (name: string, wav: Buffer, siteId = 'demo') => fetch(`${hub.url}/api/voice/clips/${name}?siteId=${siteId}`, {
  method: 'PUT', headers: { Authorization: `Bearer ${hub.adminToken}`, 'Content-Type': 'audio/wav', 'Accept-Language': 'vi' }, body: new Uint8Array(wav),
}).then(async (r) => ({ status: r.status, body: await r.json() as any }));

async function decode(bytes: Uint8Array): Promise<Float32Array> {
  await decoder.reset();
  const r = await decoder.decodeFile(bytes);
  expect(r.sampleRate).toBe(48_000);
  return r.channelData[0];
}

beforeAll(async () => {
  hub = await startTestHub();
  admin = api(hub.url, hub.adminToken);
  decoder = new OggOpusDecoder();
  await decoder.ready;
}, 60_000);

afterAll(async () => {
  decoder?.free();
  await hub?.stop();
  hub?.cleanup();
});

describe('recording a clip', () => {
  it('lists the clips a call needs first', async () => {
    const r = await admin('GET', '/api/voice?siteId=demo');
    expect(r.status).toBe(200);
    const names = r.body.clips.map((c: { name: string }) => c.name);
    expect(names.slice(0, 12)).toEqual(['call', 'to-counter', ...Array.from({ length: 10 }, (_, i) => `digit-${i}`)]);
    expect(names).not.toContain('chime');
    const needed = r.body.clips.filter((c: { needed: boolean }) => c.needed).map((c: { name: string }) => c.name);
    expect(needed).toContain('letter-a'); // the demo's services start with letters
    expect(r.body.clips.find((c: { name: string }) => c.name === 'call').text).toBe('Xin mời công dân có số');
    expect(r.body.base).toBe('/voice/packs/demo/');
  });

  it('stores a trimmed, levelled Ogg Opus clip, audited, and tells the displays', async () => {
    const display = await pairDevice(hub, { kind: 'display' });
    const sock = await connect(hub.url, { token: display.token });
    // A quiet recording (-30 dBFS-ish) with a DC offset and silence around the words.
    const input = toneSamples({ leadS: 0.7, toneS: 0.9, tailS: 0.7, amp: 0.05, dc: 0.02 });
    const r = await put('call', writeWav(input));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.clip).toMatchObject({ name: 'call', source: 'recording', recordedBy: expect.any(String), text: 'Xin mời công dân có số' });
    const ev = await sock.waitFor('voice:pack');
    expect(ev).toMatchObject({ siteId: 'demo', pack: 'demo' });
    sock.close();

    const stored = readFileSync(join(hub.dataDir, 'voice', 'demo', 'call.ogg'));
    expect(stored.subarray(0, 4).toString()).toBe('OggS');
    const served = new Uint8Array(await (await fetch(`${hub.url}/voice/packs/demo/call.ogg`)).arrayBuffer());
    expect(Buffer.from(served).equals(stored)).toBe(true);
    const pcm = await decode(served);
    expect(pcm.length / 48_000).toBeLessThan(input.length / 48_000 - 1); // 2.3 s in, ~1 s kept
    expect(pcm.length / 48_000).toBeGreaterThan(0.9);
    expect(Math.abs(integratedLoudness(pcm) - TARGET_LUFS)).toBeLessThan(1);

    const m = await (await fetch(`${hub.url}/voice/packs/demo/manifest.json`)).json();
    const call = m.clips.find((c: { name: string }) => c.name === 'call');
    expect(call).toMatchObject({ source: 'recording', recordedAt: expect.any(String), recordedBy: expect.any(String) });
    // Not recorded: the shipped clip, byte for byte.
    expect(m.clips.find((c: { name: string }) => c.name === 'digit-1').source).toMatch(/^espeak-ng/);
    const d1 = Buffer.from(await (await fetch(`${hub.url}/voice/packs/demo/digit-1.ogg`)).arrayBuffer());
    expect(d1.equals(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'voice', 'vi', 'digit-1.ogg')))).toBe(true);

    const audit = readFileSync(join(hub.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.at(-1)).toMatchObject({ action: 'voice.record', target: 'voice:demo', detail: { clip: 'call' } });
  });

  it('refuses a silent, clipped, too quiet or too long recording with its reason, changing nothing', async () => {
    await expectUnchanged(hub, async () => {
      const silent = await put('digit-2', writeWav(new Float32Array(48_000)));
      expectError(silent, 400, 'voice_clip_silent');
      expect(silent.body.error.message).toMatch(/im lặng/);
      const clipped = await put('digit-2', toneWav({ amp: 3 }));
      expectError(clipped, 400, 'voice_clip_clipped');
      expect(clipped.body.error.message).toMatch(/vỡ tiếng/);
      expectError(await put('digit-2', toneWav({ amp: 0.006 })), 400, 'voice_clip_too_quiet');
      const long = await put('digit-2', toneWav({ toneS: 4 }));
      expectError(long, 400, 'voice_clip_too_long');
      expect(long.body.error.message).toMatch(/4\.\d giây/);
      expectError(await put('digit-2', Buffer.from('not a wav at all, not at all, no')), 400, 'voice_audio_invalid');
      expectError(await put('chime', toneWav()), 404, 'voice_clip_unknown');
      expectError(await put('no-such-clip', toneWav()), 404, 'voice_clip_unknown');
    });
  });
});

describe('one pack, many halls', () => {
  let exported: any;
  let other: string;

  beforeAll(async () => {
    expect((await put('to-counter', toneWav({ toneS: 0.6 }))).status).toBe(200);
    expect((await put('digit-3', toneWav({ toneS: 0.4, rate: 44_100 }))).status).toBe(200);
    const r = await admin('GET', '/api/voice/export?siteId=demo');
    expect(r.status).toBe(200);
    exported = r.body;
    const site = await admin('POST', '/api/sites', { name: 'Điểm phục vụ Hòa Bình', timeZone: 'Asia/Ho_Chi_Minh' });
    other = site.body.site.id;
  });

  it('exports the pack as one file and imports it in another site', async () => {
    expect(Object.keys(exported.clips).sort()).toEqual(['call', 'digit-3', 'to-counter']);
    const r = await admin('POST', `/api/voice/import?siteId=${other}`, exported);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.clips).toBe(3);
    const a = Buffer.from(await (await fetch(`${hub.url}/voice/packs/demo/digit-3.ogg`)).arrayBuffer());
    const b = Buffer.from(await (await fetch(`${hub.url}/voice/packs/${other}/digit-3.ogg`)).arrayBuffer());
    expect(b.equals(a)).toBe(true);
  });

  it('refuses a file with a missing or corrupt clip, changing nothing', async () => {
    const missing = structuredClone(exported);
    delete missing.clips['digit-3'];
    const corrupt = structuredClone(exported);
    const bytes = Buffer.from(corrupt.clips['to-counter'], 'base64');
    bytes[bytes.length - 10] ^= 0xff;
    corrupt.clips['to-counter'] = bytes.toString('base64');
    const resealed = structuredClone(corrupt); // the sha-256 made to match: the Ogg CRC still catches it
    resealed.manifest.clips.find((c: { name: string }) => c.name === 'to-counter').sha256 = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    await expectUnchanged(hub, async () => {
      const r1 = await admin('POST', `/api/voice/import?siteId=${other}`, missing);
      expectError(r1, 400, 'voice_pack_invalid');
      expect(r1.body.error.message).toContain('digit-3');
      expectError(await admin('POST', `/api/voice/import?siteId=${other}`, corrupt), 400, 'voice_pack_invalid');
      const r3 = await admin('POST', `/api/voice/import?siteId=${other}`, resealed);
      expectError(r3, 400, 'voice_pack_invalid');
      expect(r3.body.error.message).toMatch(/CRC/);
      expectError(await admin('POST', `/api/voice/import?siteId=${other}`, { hello: 1 }), 400, 'voice_pack_invalid');
    }, ['demo', other]);
  });

  it('lets two sites share one pack by the site setting', async () => {
    const r = await admin('PATCH', `/api/sites/${other}/settings`, { voice: { enabled: true, repeat: 2, chime: true, pack: 'demo', gapMs: 150 } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await admin('GET', `/api/voice?siteId=${other}`)).body.base).toBe('/voice/packs/demo/');
    expectError(await admin('PATCH', `/api/sites/${other}/settings`, { voice: { enabled: true, repeat: 2, chime: true, gapMs: 5000 } }), 400, 'invalid_input');
  });

  it('a deleted clip falls back to the shipped one', async () => {
    expect((await admin('DELETE', '/api/voice/clips/digit-3?siteId=demo')).status).toBe(200);
    const r = await fetch(`${hub.url}/voice/packs/demo/digit-3.ogg`);
    expect(r.headers.get('x-voice-source')).toBe('shipped');
  });
});
