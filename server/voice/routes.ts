// The voice recorder's routes (admin of the site) and the packs the displays play (public, like the
// shipped /voice/vi/). A recording is uploaded as a WAV (the browser decodes its own recording to PCM),
// cleaned and checked here (server/voice/audio.ts), encoded to Ogg Opus and stored durably, audited,
// and the displays of every site using the pack are told to load it again. docs/voice.md, docs/api.md.
import { asFileStore } from '../store/store.js';
import express, { type Express, type Request } from 'express';
import { join } from 'node:path';
import { DomainError } from '../../common/errors.js';
import type { Site } from '../../common/types.js';
import { numberClipNames, ticketClipNames } from '../../display/voice.js';
import type { Hub } from '../app/hub.js';
import type { RouteHelpers } from '../http/app.js';
import { cleanRecording, maxSecondsFor, readWav, TARGET_LUFS } from './audio.js';
import { encodeOggOpus } from './ogg-opus.js';
import { VoicePacks } from './pack.js';

/** The pack a site says its calls with: its setting, else its own id. */
export const packOf = (site: Site): string => site.settings.voice?.pack ?? site.id;

/** Clips that never come from a microphone (the chime is a sound, the pause is silence). */
const NOT_SPOKEN = new Set(['chime', 'pause']);

/**
 * The clips in the order to record them: those every call of this site needs first (the call
 * phrase, "đến quầy số", the digits, the letters of its services' codes, its counters' numbers),
 * then the recall phrase, then the rest of the pack.
 */
export function recordingOrder(hub: Hub, siteId: string, names: string[]): { name: string; needed: boolean }[] {
  const d = hub.configData;
  const needed: string[] = ['call', 'to-counter', ...Array.from({ length: 10 }, (_, i) => `digit-${i}`)];
  for (const s of d.services.filter((x) => x.siteId === siteId).sort((a, b) => a.code.localeCompare(b.code))) {
    needed.push(...ticketClipNames(s.code).filter((n) => n.startsWith('letter-')));
  }
  for (const c of d.counters.filter((x) => x.siteId === siteId).sort((a, b) => a.number - b.number)) needed.push(...numberClipNames(c.number));
  const first = [...new Set(needed)].filter((n) => names.includes(n));
  const rest = names.filter((n) => !first.includes(n));
  return [...first.map((name) => ({ name, needed: true })), ...rest.map((name) => ({ name, needed: false }))];
}

export function voiceRoutes(app: Express, { actor, handle }: RouteHelpers, hub: Hub, shippedDir: string): VoicePacks {
  // Recordings are files beside the hub (on PostgreSQL: the hub's local data dir).
  const packs = new VoicePacks(asFileStore(hub.store)?.dataDir ?? hub.localDir, shippedDir);
  const siteOf = (req: Request): Site => {
    const siteId = typeof req.query.siteId === 'string' ? req.query.siteId : '';
    if (!siteId) throw new DomainError('invalid_input', 'siteId', { field: 'siteId' });
    return hub.getSite(actor(req), siteId);
  };
  const adminSite = (req: Request): Site => {
    const a = actor(req);
    const site = siteOf(req);
    hub.assertAdmin(a, site.id);
    return site;
  };
  /** Tell the pack's displays its clips changed: `clips` names the ones (a recording), absent = all (an import). */
  const tellDisplays = (pack: string, clips?: string[]) => {
    const updatedAt = packs.manifest(pack).updatedAt;
    const e = { pack, updatedAt, ...(clips ? { clips } : {}) };
    for (const s of hub.configData.sites.filter((x) => packOf(x) === pack)) {
      hub.broadcaster.emit({ site: s.id }, 'voice:pack', { siteId: s.id, ...e });
      hub.broadcaster.emit({ staff: s.id }, 'voice:pack', { siteId: s.id, ...e });
    }
  };
  const who = (req: Request) => { const a = actor(req); return 'name' in a && a.name ? a.name : a.kind; };

  // The recorder's page: every clip to record, in order, and what is recorded.
  app.get('/api/voice', handle((req) => {
    const site = adminSite(req);
    const pack = packOf(site);
    const m = packs.manifest(pack);
    const rec = new Map(m.clips.map((c) => [c.name, c]));
    const spoken = packs.shipped.filter((c) => !NOT_SPOKEN.has(c.name));
    const text = new Map(spoken.map((c) => [c.name, c.text]));
    return {
      siteId: site.id, pack, updatedAt: m.updatedAt, targetLufs: TARGET_LUFS,
      base: `/voice/packs/${pack}/`,
      voice: site.settings.voice,
      clips: recordingOrder(hub, site.id, spoken.map((c) => c.name)).map(({ name, needed }) => ({
        name, text: text.get(name) ?? '', needed, maxSeconds: maxSecondsFor(text.get(name) ?? ''), recording: rec.get(name) ?? null,
      })),
    };
  }));

  // One recording: a WAV body (any rate, mono or stereo). 400 with the reason when it is refused.
  const wav = express.raw({ type: () => true, limit: '8mb' });
  app.put('/api/voice/clips/:name', wav, handle(async (req) => {
    const site = adminSite(req);
    const pack = packOf(site);
    const shipped = packs.shippedClip(String(req.params.name));
    if (NOT_SPOKEN.has(shipped.name)) throw new DomainError('voice_clip_unknown', undefined, { name: shipped.name });
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new DomainError('voice_audio_invalid', undefined, { reason: 'no body' });
    const clean = cleanRecording(readWav(req.body), shipped.text);
    const ogg = encodeOggOpus(clean.samples);
    const at = new Date(hub.clock()).toISOString();
    const clip = await packs.putClip(pack, {
      name: shipped.name, text: shipped.text, durationMs: Math.round(clean.seconds * 1000),
      recordedBy: who(req), recordedAt: at, lufs: Math.round(clean.lufs * 10) / 10,
    }, ogg);
    await hub.appendAudit(actor(req), 'voice.record', `voice:${pack}`, {
      clip: clip.name, siteId: site.id, durationMs: clip.durationMs, lufs: clip.lufs, inputLufs: Math.round(clean.inputLufs * 10) / 10, sha256: clip.sha256,
    });
    tellDisplays(pack, [clip.name]);
    return {
      clip, url: `/voice/packs/${pack}/${clip.file}`,
      measured: { inputSeconds: clean.inputSeconds, seconds: clean.seconds, inputLufs: clean.inputLufs, lufs: clean.lufs, peakDb: clean.peakDb },
    };
  }));

  app.delete('/api/voice/clips/:name', handle(async (req) => {
    const site = adminSite(req);
    const pack = packOf(site);
    const shipped = packs.shippedClip(String(req.params.name));
    const removed = await packs.deleteClip(pack, shipped.name, new Date(hub.clock()).toISOString());
    if (removed) {
      await hub.appendAudit(actor(req), 'voice.delete', `voice:${pack}`, { clip: shipped.name, siteId: site.id });
      tellDisplays(pack, [shipped.name]);
    }
    return { ok: true, removed };
  }));

  // The pack as one file, to import in another hall.
  app.get('/api/voice/export', handle(async (req, res) => {
    const site = adminSite(req);
    const pack = packOf(site);
    const file = await packs.exportPack(pack);
    res.setHeader('Content-Disposition', `attachment; filename="giong-doc-${pack}.luot-voice.json"`);
    res.json(file);
  }));

  app.post('/api/voice/import', express.json({ type: () => true, limit: '40mb' }), handle(async (req) => {
    const site = adminSite(req);
    const pack = packOf(site);
    const at = new Date(hub.clock()).toISOString();
    const m = await packs.importPack(pack, req.body, who(req), at);
    await hub.appendAudit(actor(req), 'voice.import', `voice:${pack}`, {
      siteId: site.id, clips: m.clips.length, from: (req.body as { manifest?: { pack?: string } }).manifest?.pack ?? null,
    });
    tellDisplays(pack);
    return { pack, clips: m.clips.length, updatedAt: m.updatedAt };
  }));

  // What the displays play. Public like /voice/vi/: clips are no secret and a display loads them
  // with plain <audio> elements. Never cached: a new recording replaces a clip under the same name.
  app.get('/voice/packs/:pack/manifest.json', (req, res) => {
    const pack = String(req.params.pack);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(pack)) { res.status(404).end(); return; }
    res.setHeader('Cache-Control', 'no-store');
    res.json(packs.mergedManifest(pack));
  });
  app.get('/voice/packs/:pack/:file', (req, res, next) => {
    const m = /^([a-z0-9-]{1,32})\.ogg$/.exec(String(req.params.file));
    const path = m ? packs.clipPath(String(req.params.pack), m[1]) : null;
    if (!path) { next(); return; }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Voice-Source', path.startsWith(join(packs.dataDir, 'voice')) ? 'recording' : 'shipped');
    res.type('audio/ogg').sendFile(path, { etag: false, lastModified: false });
  });
  return packs;
}
