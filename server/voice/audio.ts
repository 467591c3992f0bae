// Sound for the voice pack, in plain TypeScript (no native tools): read a WAV, make it mono 48 kHz,
// remove the DC offset, trim leading and trailing silence, measure loudness (ITU-R BS.1770 / EBU R128:
// K-weighting, 400 ms blocks, absolute and relative gates) and check a recording before it is taken.
import { DomainError } from '../../common/errors.js';
import { encodeWav16 } from '../../common/wav.js';

export const RATE = 48_000;
/** Every recorded clip is brought to this integrated loudness. */
export const TARGET_LUFS = -20;
/** …unless that would push its sample peak above this (then it stays a little quieter). */
export const PEAK_CEILING_DB = -1;

export interface Pcm { rate: number; samples: Float32Array }

const db = (x: number) => (x > 0 ? 20 * Math.log10(x) : -Infinity);

/** PCM of a RIFF/WAVE file: 16/24/32-bit integer or 32-bit float, any channels (mixed to mono). */
export function readWav(buf: Buffer): Pcm {
  const bad = (reason: string) => new DomainError('voice_audio_invalid', undefined, { reason });
  if (buf.length < 44 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw bad('not a WAV file');
  let off = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | null = null;
  let data: Buffer | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = buf.subarray(off + 8, Math.min(buf.length, off + 8 + size));
    if (id === 'fmt ' && body.length >= 16) {
      let format = body.readUInt16LE(0);
      if (format === 0xfffe && body.length >= 26) format = body.readUInt16LE(24); // WAVE_FORMAT_EXTENSIBLE
      fmt = { format, channels: body.readUInt16LE(2), rate: body.readUInt32LE(4), bits: body.readUInt16LE(14) };
    } else if (id === 'data') {
      data = body;
    }
    off += 8 + size + (size & 1);
  }
  if (!fmt || !data) throw bad('no fmt or data chunk');
  const { format, channels, rate, bits } = fmt;
  if (channels < 1 || channels > 8 || rate < 8000 || rate > 192_000) throw bad(`${channels} channels at ${rate} Hz`);
  const bytes = bits / 8;
  const read = format === 3 && bits === 32 ? (o: number) => data!.readFloatLE(o)
    : format === 1 && bits === 16 ? (o: number) => data!.readInt16LE(o) / 32768
      : format === 1 && bits === 24 ? (o: number) => data!.readIntLE(o, 3) / 8388608
        : format === 1 && bits === 32 ? (o: number) => data!.readInt32LE(o) / 2147483648
          : null;
  if (!read) throw bad(`sample format ${format}/${bits} bit`);
  const frames = Math.floor(data.length / (bytes * channels));
  if (frames === 0) throw bad('no samples');
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += read((i * channels + c) * bytes);
    samples[i] = s / channels;
  }
  return { rate, samples };
}

/** A mono 16-bit WAV (the tests' recordings); the same encoder as the browser's upload. */
export function writeWav(samples: Float32Array, rate = RATE): Buffer {
  const b = encodeWav16(samples, rate);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** Linear resampling to 48 kHz (the browser already sends 48 kHz; this covers other WAVs). */
export function to48k(pcm: Pcm): Float32Array {
  if (pcm.rate === RATE) return pcm.samples;
  const n = Math.floor((pcm.samples.length * RATE) / pcm.rate);
  const out = new Float32Array(n);
  const step = pcm.rate / RATE;
  for (let i = 0; i < n; i++) {
    const x = i * step, j = Math.floor(x), f = x - j;
    const a = pcm.samples[j] ?? 0, b = pcm.samples[j + 1] ?? a;
    out[i] = a + (b - a) * f;
  }
  return out;
}

/** Remove the DC offset (the mean) and low rumble: a first-order high-pass at 60 Hz. */
export function removeDc(x: Float32Array, rate = RATE): Float32Array {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length || 1;
  const r = Math.exp((-2 * Math.PI * 60) / rate);
  const y = new Float32Array(x.length);
  let px = 0, py = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] - mean;
    py = r * py + v - px;
    px = v;
    y[i] = py;
  }
  return y;
}

/** RMS level (dBFS) of each 10 ms frame. */
function frameLevels(x: Float32Array, rate = RATE): number[] {
  const n = Math.round(rate / 100);
  const out: number[] = [];
  for (let s = 0; s < x.length; s += n) {
    let e = 0;
    const end = Math.min(x.length, s + n);
    for (let i = s; i < end; i++) e += x[i] * x[i];
    out.push(10 * Math.log10(e / Math.max(1, end - s) + 1e-20));
  }
  return out;
}

export function peakDb(x: Float32Array): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) p = Math.max(p, Math.abs(x[i]));
  return db(p);
}

/**
 * Trim leading and trailing silence: frames quieter than 35 dB below the loudest frame (and at most
 * -50 dBFS) are silence; 20 ms before the first sound and 60 ms after the last are kept, so a soft
 * start or end is not cut.
 */
export function trimSilence(x: Float32Array, rate = RATE): Float32Array {
  const levels = frameLevels(x, rate);
  const loudest = Math.max(...levels);
  const threshold = Math.max(-50, loudest - 35);
  const first = levels.findIndex((l) => l > threshold);
  if (first < 0) return x.subarray(0, 0);
  let last = levels.length - 1;
  while (last > first && levels[last] <= threshold) last--;
  const n = rate / 100;
  const start = Math.max(0, Math.round(first * n - 0.02 * rate));
  const end = Math.min(x.length, Math.round((last + 1) * n + 0.06 * rate));
  return x.slice(start, end);
}

// ---- loudness (ITU-R BS.1770-4) ---------------------------------------------------------------

/** A biquad filter, direct form I. */
function biquad(x: Float64Array, b: number[], a: number[]): Float64Array {
  const y = new Float64Array(x.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = b[0] * x[i] + b[1] * x1 + b[2] * x2 - a[1] * y1 - a[2] * y2;
    x2 = x1; x1 = x[i]; y2 = y1; y1 = v; y[i] = v;
  }
  return y;
}

/** K-weighting coefficients at any rate (the BS.1770 pre-filter and RLB high-pass, bilinear form). */
function kWeighting(rate: number): Array<{ b: number[]; a: number[] }> {
  // Stage 1: high shelf, +4 dB above ~1.5 kHz.
  let f0 = 1681.974450955533, G = 3.999843853973347, Q = 0.7071752369554196;
  let K = Math.tan((Math.PI * f0) / rate);
  const Vh = 10 ** (G / 20), Vb = Vh ** 0.4996667741545416;
  let a0 = 1 + K / Q + K * K;
  const shelf = {
    b: [(Vh + (Vb * K) / Q + K * K) / a0, (2 * (K * K - Vh)) / a0, (Vh - (Vb * K) / Q + K * K) / a0],
    a: [1, (2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0],
  };
  // Stage 2: high-pass at ~38 Hz.
  f0 = 38.13547087602444; Q = 0.5003270373238773;
  K = Math.tan((Math.PI * f0) / rate);
  a0 = 1 + K / Q + K * K;
  const hp = { b: [1, -2, 1], a: [1, (2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0] };
  return [shelf, hp];
}

/**
 * Integrated loudness of a mono signal in LUFS (EBU R128): K-weighted mean square over 400 ms blocks
 * overlapping by 75 %, blocks below -70 LUFS dropped, then blocks more than 10 LU below the mean of
 * the rest dropped. A clip shorter than one block is measured as one block. -Infinity for silence.
 */
export function integratedLoudness(x: Float32Array, rate = RATE): number {
  if (x.length === 0) return -Infinity;
  let y: Float64Array = Float64Array.from(x);
  for (const { b, a } of kWeighting(rate)) y = biquad(y, b, a);
  const block = Math.round(0.4 * rate), step = Math.round(0.1 * rate);
  const powers: number[] = [];
  const meanSquare = (s: number, e: number) => {
    let sum = 0;
    for (let i = s; i < e; i++) sum += y[i] * y[i];
    return sum / (e - s);
  };
  if (y.length < block) powers.push(meanSquare(0, y.length));
  else for (let s = 0; s + block <= y.length; s += step) powers.push(meanSquare(s, s + block));
  const lufs = (p: number) => -0.691 + 10 * Math.log10(p);
  const mean = (ps: number[]) => ps.reduce((a, b) => a + b, 0) / ps.length;
  const abs = powers.filter((p) => lufs(p) > -70);
  if (abs.length === 0) return -Infinity;
  const relGate = lufs(mean(abs)) - 10;
  const rel = abs.filter((p) => lufs(p) > relGate);
  return lufs(mean(rel));
}

// ---- a recording, checked and cleaned ---------------------------------------------------------

/** The longest a clip of this text may be: 1.2 s plus 0.6 s a word (syllable). */
export function maxSecondsFor(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length || 1;
  return Math.round((1.2 + 0.6 * words) * 10) / 10;
}

export interface Cleaned {
  samples: Float32Array;
  /** Loudness of the recording as it came (after DC removal and trimming), and after levelling. */
  inputLufs: number;
  lufs: number;
  peakDb: number;
  inputSeconds: number;
  seconds: number;
}

/**
 * Clean a recording of a clip that says `text`, or refuse it with the reason (a coded 400):
 * silent, clipped, too quiet, too long. Then: DC removed, silence trimmed, levelled to TARGET_LUFS.
 */
export function cleanRecording(pcm: Pcm, text: string): Cleaned {
  const raw = to48k(pcm);
  const inputSeconds = raw.length / RATE;
  // Clipping is judged on what the microphone gave: samples at (or within 0.1 % of) full scale.
  let atFull = 0;
  for (let i = 0; i < raw.length; i++) if (Math.abs(raw[i]) >= 0.999) atFull++;
  const clippedShare = atFull / Math.max(1, raw.length);
  const x = removeDc(raw);
  const loudestFrame = Math.max(-Infinity, ...frameLevels(x));
  if (raw.length === 0 || loudestFrame < -60) throw new DomainError('voice_clip_silent');
  if (clippedShare > 0.0005) throw new DomainError('voice_clip_clipped', undefined, { percent: (clippedShare * 100).toFixed(2) });
  const trimmed = trimSilence(x);
  const inputLufs = integratedLoudness(trimmed);
  if (!Number.isFinite(inputLufs) || inputLufs < -45) throw new DomainError('voice_clip_too_quiet', undefined, { lufs: Number.isFinite(inputLufs) ? inputLufs.toFixed(1) : '-∞' });
  const seconds = trimmed.length / RATE;
  const max = maxSecondsFor(text);
  if (seconds > max) throw new DomainError('voice_clip_too_long', undefined, { seconds: seconds.toFixed(1), max: max.toFixed(1) });
  let gainDb = TARGET_LUFS - inputLufs;
  const peak = peakDb(trimmed);
  if (peak + gainDb > PEAK_CEILING_DB) gainDb = PEAK_CEILING_DB - peak;
  const g = 10 ** (gainDb / 20);
  const out = new Float32Array(trimmed.length);
  for (let i = 0; i < out.length; i++) out[i] = trimmed[i] * g;
  return { samples: out, inputLufs, lufs: inputLufs + gainDb, peakDb: peak + gainDb, inputSeconds, seconds };
}
