// Ogg Opus like the shipped pack (mono, 48 kHz, 24 kbit/s), without native tools: libopus compiled to
// WebAssembly (opusscript) encodes 20 ms frames, and a small Ogg muxer (RFC 3533, RFC 7845) puts them
// in pages. The reader checks a file's pages (capture pattern, CRC, OpusHead) for imported packs.
import { createRequire } from 'node:module';
import { RATE } from './audio.js';

type OpusEncoder = {
  encode(pcm: Buffer, frameSize: number): Buffer;
  setBitrate(bitrate: number): void;
  encoderCTL(ctl: number, arg: number): void;
  delete(): void;
};
type OpusScriptCtor = { new (rate: number, channels: number, app: number): OpusEncoder; Application: { VOIP: number; AUDIO: number } };
const OpusScript = createRequire(import.meta.url)('opusscript') as OpusScriptCtor;

const FRAME = 960; // 20 ms at 48 kHz
/** Samples the decoder drops at the start: libopus's look-ahead at 48 kHz. */
const PRE_SKIP = 312;
const OPUS_SET_COMPLEXITY = 4010;
const OPUS_SET_SIGNAL = 4024, OPUS_SIGNAL_VOICE = 3001;
const VENDOR = 'Luot voice recorder (libopus via opusscript)';

// ---- Ogg pages ----------------------------------------------------------------------------------
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

function oggCrc(buf: Buffer): number {
  let crc = 0;
  for (let i = 0; i < buf.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ buf[i]) & 0xff]) >>> 0;
  return crc >>> 0;
}

function page(packets: Buffer[], granule: bigint, serial: number, seq: number, flags: number): Buffer {
  const lacing: number[] = [];
  for (const p of packets) {
    let n = p.length;
    while (n >= 255) { lacing.push(255); n -= 255; }
    lacing.push(n);
  }
  const head = Buffer.alloc(27 + lacing.length);
  head.write('OggS', 0, 'ascii');
  head[4] = 0; head[5] = flags;
  head.writeBigInt64LE(granule, 6);
  head.writeUInt32LE(serial, 14);
  head.writeUInt32LE(seq, 18);
  head.writeUInt32LE(0, 22);
  head[26] = lacing.length;
  lacing.forEach((l, i) => { head[27 + i] = l; });
  const out = Buffer.concat([head, ...packets]);
  out.writeUInt32LE(oggCrc(out), 22);
  return out;
}

/** Encode mono 48 kHz PCM (-1..1) to an Ogg Opus file. The end is trimmed exactly by the granule. */
export function encodeOggOpus(samples: Float32Array, bitrateKbps = 24): Buffer {
  const enc = new OpusScript(RATE, 1, OpusScript.Application.AUDIO);
  try {
    enc.setBitrate(bitrateKbps * 1000);
    enc.encoderCTL(OPUS_SET_COMPLEXITY, 10);
    enc.encoderCTL(OPUS_SET_SIGNAL, OPUS_SIGNAL_VOICE);
    // The look-ahead is made up by encoding PRE_SKIP more samples (zeros at the end).
    const total = samples.length + PRE_SKIP;
    const frames = Math.ceil(total / FRAME);
    const pcm = Buffer.alloc(FRAME * 2);
    const packets: Buffer[] = [];
    for (let f = 0; f < frames; f++) {
      pcm.fill(0);
      for (let i = 0; i < FRAME; i++) {
        const s = samples[f * FRAME + i];
        if (s !== undefined) pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2);
      }
      packets.push(Buffer.from(enc.encode(pcm, FRAME)));
    }
    const serial = 1;
    const headPkt = Buffer.alloc(19);
    headPkt.write('OpusHead', 0, 'ascii');
    headPkt[8] = 1; headPkt[9] = 1;
    headPkt.writeUInt16LE(PRE_SKIP, 10);
    headPkt.writeUInt32LE(RATE, 12);
    headPkt.writeInt16LE(0, 16); headPkt[18] = 0;
    const vendor = Buffer.from(VENDOR, 'utf8');
    const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
    tags.write('OpusTags', 0, 'ascii'); tags.writeUInt32LE(vendor.length, 8); vendor.copy(tags, 12); tags.writeUInt32LE(0, 12 + vendor.length);
    const pages = [page([headPkt], 0n, serial, 0, 0x02), page([tags], 0n, serial, 1, 0)];
    const PER_PAGE = 50; // one second of sound a page
    const end = BigInt(PRE_SKIP + samples.length);
    for (let i = 0, seq = 2; i < packets.length; i += PER_PAGE, seq++) {
      const last = i + PER_PAGE >= packets.length;
      // The granule: samples decoded through this page (pre-skip included); the last one trims the end.
      const granule = last ? end : BigInt((i + PER_PAGE) * FRAME);
      pages.push(page(packets.slice(i, i + PER_PAGE), granule, serial, seq, last ? 0x04 : 0));
    }
    return Buffer.concat(pages);
  } finally {
    enc.delete();
  }
}

/**
 * Check that a buffer is a whole, intact Ogg Opus stream: every page starts with "OggS" and carries a
 * right CRC, the first packet is an OpusHead and the last page ends the stream. Returns the duration
 * (ms, from the last granule less pre-skip), or a reason it is not valid.
 */
export function checkOggOpus(buf: Buffer): { ok: true; durationMs: number } | { ok: false; reason: string } {
  let off = 0, pages = 0, granule = 0n, eos = false, preSkip = 0;
  while (off < buf.length) {
    if (buf.length - off < 27 || buf.toString('ascii', off, off + 4) !== 'OggS') return { ok: false, reason: `no Ogg page at byte ${off}` };
    const nseg = buf[off + 26];
    let size = 0;
    for (let i = 0; i < nseg; i++) size += buf[off + 27 + i];
    const len = 27 + nseg + size;
    if (off + len > buf.length) return { ok: false, reason: 'truncated page' };
    const p = Buffer.from(buf.subarray(off, off + len));
    const crc = p.readUInt32LE(22);
    p.writeUInt32LE(0, 22);
    if (oggCrc(p) !== crc) return { ok: false, reason: `bad CRC in page ${pages}` };
    if (pages === 0) {
      const body = p.subarray(27 + nseg);
      if (body.toString('ascii', 0, 8) !== 'OpusHead') return { ok: false, reason: 'not Opus' };
      preSkip = body.readUInt16LE(10);
    }
    granule = p.readBigInt64LE(6) > granule ? p.readBigInt64LE(6) : granule;
    eos = (p[5] & 0x04) !== 0;
    pages++;
    off += len;
  }
  if (pages < 3) return { ok: false, reason: 'no audio pages' };
  if (!eos) return { ok: false, reason: 'stream not ended' };
  return { ok: true, durationMs: Math.round((Number(granule) - preSkip) / 48) };
}
