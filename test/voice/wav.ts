// WAVs made by the tests: a tone (a voice stand-in, with a few partials) between two silences.
import { writeWav } from '../../server/voice/audio.js';

export interface ToneOptions { leadS?: number; toneS?: number; tailS?: number; amp?: number; rate?: number; freq?: number; dc?: number; noise?: number }

export function toneSamples(o: ToneOptions = {}): Float32Array {
  const rate = o.rate ?? 48_000, lead = o.leadS ?? 0.8, tone = o.toneS ?? 0.8, tail = o.tailS ?? 0.8, amp = o.amp ?? 0.25, f = o.freq ?? 220;
  const n = Math.round((lead + tone + tail) * rate);
  const x = new Float32Array(n);
  let seed = 7;
  const rnd = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32 - 0.5; };
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    let v = 0;
    if (t >= lead && t < lead + tone) {
      const u = t - lead, env = Math.min(1, u / 0.02, (tone - u) / 0.02);
      v = amp * env * (0.6 * Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(2 * Math.PI * 2 * f * t) + 0.1 * Math.sin(2 * Math.PI * 3 * f * t));
    }
    x[i] = v + (o.dc ?? 0) + (o.noise ?? 0) * rnd();
  }
  return x;
}

export const toneWav = (o: ToneOptions = {}) => writeWav(toneSamples(o), o.rate ?? 48_000);
