// Voice packs recorded by a centre: files under the data dir, <dataDir>/voice/<pack>/<clip>.ogg and
// manifest.json (the recorded clips only: who, when, loudness, sha-256). A site says its clips from
// the pack named in its settings (voice.pack; by default its own id), and every clip the pack has not
// recorded falls back, one by one, to the shipped espeak-ng clip (dist/voice/vi). docs/voice.md.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../../common/errors.js';
import { fsyncDir } from '../store/fsync.js';
import { checkOggOpus } from './ogg-opus.js';

export const PACK_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const CLIP_NAME = /^[a-z0-9-]{1,32}$/;
export const PACK_FORMAT = 'luot-voice-pack';

export interface ShippedClip { name: string; file: string; durationMs: number; text: string; source: string }
export interface RecordedClip {
  name: string; file: string; durationMs: number; text: string; source: 'recording';
  recordedBy: string; recordedAt: string; lufs: number; sha256: string;
}
export interface PackManifest { lang: 'vi'; pack: string; updatedAt: string | null; clips: RecordedClip[] }
/** The exported file: the manifest and every recorded clip, base64. */
export interface PackFile { format: typeof PACK_FORMAT; version: 1; manifest: PackManifest; clips: Record<string, string> }

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function writeDurable(path: string, data: Buffer | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w');
  try { await fh.writeFile(data); await fh.sync(); } finally { await fh.close(); }
  await rename(tmp, path);
}

export class VoicePacks {
  readonly shipped: ShippedClip[];
  readonly shippedManifest: Record<string, unknown>;
  private readonly cache = new Map<string, PackManifest>();
  /** One write at a time per pack (a clip and its manifest line together). */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(readonly dataDir: string, readonly shippedDir: string) {
    const path = join(shippedDir, 'manifest.json');
    this.shippedManifest = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : { clips: [] };
    this.shipped = (this.shippedManifest.clips ?? []) as ShippedClip[];
  }

  dir(pack: string): string {
    if (!PACK_ID.test(pack)) throw new DomainError('invalid_input', 'pack', { field: 'pack' });
    return join(this.dataDir, 'voice', pack);
  }

  shippedClip(name: string): ShippedClip {
    const c = CLIP_NAME.test(name) ? this.shipped.find((x) => x.name === name) : undefined;
    if (!c) throw new DomainError('voice_clip_unknown', undefined, { name: name.slice(0, 40) });
    return c;
  }

  /** The recorded clips of a pack (an empty pack when nothing was recorded). */
  manifest(pack: string): PackManifest {
    const hit = this.cache.get(pack);
    if (hit) return hit;
    const path = join(this.dir(pack), 'manifest.json');
    const m: PackManifest = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : { lang: 'vi', pack, updatedAt: null, clips: [] };
    this.cache.set(pack, m);
    return m;
  }

  /** What the display loads: every shipped clip, the recorded ones in place of theirs. */
  mergedManifest(pack: string): Record<string, unknown> {
    const rec = new Map(this.manifest(pack).clips.map((c) => [c.name, c]));
    return {
      ...this.shippedManifest, pack, updatedAt: this.manifest(pack).updatedAt, recorded: rec.size,
      clips: this.shipped.map((c) => rec.get(c.name) ?? c),
    };
  }

  /** The file to send for /voice/packs/<pack>/<name>.ogg: the recording, or the shipped clip. */
  clipPath(pack: string, name: string): string | null {
    if (!PACK_ID.test(pack) || !CLIP_NAME.test(name)) return null;
    if (this.manifest(pack).clips.some((c) => c.name === name)) return join(this.dir(pack), `${name}.ogg`);
    const shipped = this.shipped.find((c) => c.name === name);
    return shipped ? join(this.shippedDir, shipped.file) : null;
  }

  private serial<T>(pack: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(pack) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.chains.set(pack, next.catch(() => {}));
    return next;
  }

  private async saveManifest(pack: string, m: PackManifest): Promise<void> {
    await writeDurable(join(this.dir(pack), 'manifest.json'), JSON.stringify(m, null, 1) + '\n');
    await fsyncDir(this.dir(pack));
    this.cache.set(pack, m);
  }

  /** Store one processed clip (durable before it resolves) and record it in the manifest. */
  putClip(pack: string, clip: Omit<RecordedClip, 'file' | 'source' | 'sha256'>, ogg: Buffer): Promise<RecordedClip> {
    return this.serial(pack, async () => {
      const dir = this.dir(pack);
      await mkdir(dir, { recursive: true });
      await writeDurable(join(dir, `${clip.name}.ogg`), ogg);
      const entry: RecordedClip = { ...clip, file: `${clip.name}.ogg`, source: 'recording', sha256: sha256(ogg) };
      const m = this.manifest(pack);
      const clips = m.clips.filter((c) => c.name !== clip.name).concat(entry);
      clips.sort((a, b) => this.order(a.name) - this.order(b.name));
      await this.saveManifest(pack, { ...m, updatedAt: clip.recordedAt, clips });
      return entry;
    });
  }

  /** Remove a recorded clip: the shipped one is said again. */
  deleteClip(pack: string, name: string, at: string): Promise<boolean> {
    return this.serial(pack, async () => {
      const m = this.manifest(pack);
      if (!m.clips.some((c) => c.name === name)) return false;
      await this.saveManifest(pack, { ...m, updatedAt: at, clips: m.clips.filter((c) => c.name !== name) });
      await rm(join(this.dir(pack), `${name}.ogg`), { force: true });
      return true;
    });
  }

  private order(name: string): number {
    const i = this.shipped.findIndex((c) => c.name === name);
    return i < 0 ? 1e9 : i;
  }

  /** The pack as one file: the manifest and every recorded clip. */
  async exportPack(pack: string): Promise<PackFile> {
    const m = this.manifest(pack);
    const clips: Record<string, string> = {};
    for (const c of m.clips) clips[c.name] = (await readFile(join(this.dir(pack), c.file))).toString('base64');
    return { format: PACK_FORMAT, version: 1, manifest: m, clips };
  }

  /**
   * Replace a pack by an exported file. Every clip is checked first (listed, present, its sha-256
   * right, a whole Ogg Opus stream); anything wrong rejects the whole file and changes nothing. The
   * new pack is written beside the old one and swapped in with a rename.
   */
  importPack(pack: string, file: unknown, by: string, at: string): Promise<PackManifest> {
    const bad = (reason: string) => new DomainError('voice_pack_invalid', undefined, { reason });
    const f = file as Partial<PackFile> | null;
    if (!f || typeof f !== 'object' || f.format !== PACK_FORMAT || f.version !== 1) throw bad('not a Lượt voice pack');
    const m = f.manifest as PackManifest | undefined;
    if (!m || !Array.isArray(m.clips) || !f.clips || typeof f.clips !== 'object') throw bad('no manifest');
    const data = new Map<string, Buffer>();
    for (const c of m.clips) {
      if (!c || typeof c.name !== 'string' || !CLIP_NAME.test(c.name) || !this.shipped.some((s) => s.name === c.name)) throw bad(`unknown clip ${String(c?.name).slice(0, 40)}`);
      const b64 = (f.clips as Record<string, unknown>)[c.name];
      if (typeof b64 !== 'string' || !b64) throw bad(`clip ${c.name} is missing`);
      const bytes = Buffer.from(b64, 'base64');
      if (sha256(bytes) !== c.sha256) throw bad(`clip ${c.name} is corrupt (sha-256 differs)`);
      const ok = checkOggOpus(bytes);
      if (!ok.ok) throw bad(`clip ${c.name} is not Ogg Opus: ${ok.reason}`);
      data.set(c.name, bytes);
    }
    for (const name of Object.keys(f.clips)) if (!data.has(name)) throw bad(`clip ${name.slice(0, 40)} is not in the manifest`);
    return this.serial(pack, async () => {
      const dir = this.dir(pack);
      const fresh = `${dir}.import-${process.pid}-${Date.now()}`;
      await mkdir(fresh, { recursive: true });
      const clips: RecordedClip[] = m.clips.map((c) => ({
        name: c.name, file: `${c.name}.ogg`, durationMs: Number(c.durationMs) || 0, text: this.shippedClip(c.name).text, source: 'recording',
        recordedBy: String(c.recordedBy ?? ''), recordedAt: String(c.recordedAt ?? ''), lufs: Number(c.lufs), sha256: c.sha256,
      }));
      for (const [name, bytes] of data) await writeDurable(join(fresh, `${name}.ogg`), bytes);
      const manifest: PackManifest = { lang: 'vi', pack, updatedAt: at, clips, ...{ importedBy: by, importedAt: at } };
      await writeDurable(join(fresh, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
      await fsyncDir(fresh);
      const old = `${dir}.old-${process.pid}-${Date.now()}`;
      if (existsSync(dir)) await rename(dir, old);
      await rename(fresh, dir);
      await fsyncDir(join(this.dataDir, 'voice'));
      await rm(old, { recursive: true, force: true });
      this.cache.set(pack, manifest);
      return manifest;
    });
  }

  /** The pack ids that have recordings (for the admin's list). */
  async packs(): Promise<string[]> {
    const root = join(this.dataDir, 'voice');
    if (!existsSync(root)) return [];
    return (await readdir(root)).filter((n) => PACK_ID.test(n) && existsSync(join(root, n, 'manifest.json'))).sort();
  }
}
