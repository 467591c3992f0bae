// The transparency panel's figures as the hall reads them, and its refresh schedule on a simulated clock.
import { describe, expect, it } from 'vitest';
import { durationParts, formatCount, partsText, rateParts, ratingCount, RefreshSchedule, servedParts, type ScheduleTimers } from './transparency.js';

describe('figures', () => {
  it('counts with the language\'s thousands separator', () => {
    expect(formatCount(3921, 'vi')).toBe('3.921');
    expect(formatCount(3921, 'en')).toBe('3,921');
    expect(partsText(servedParts(187, 'vi'))).toBe('187 lượt');
    expect(partsText(servedParts(0, 'en'))).toBe('0');
  });

  it('durations in at most two units, Vietnamese first', () => {
    expect(durationParts(null, 'vi')).toBeNull();
    expect(partsText(durationParts(0, 'vi')!)).toBe('0 giây');
    expect(partsText(durationParts(45, 'vi')!)).toBe('45 giây');
    expect(partsText(durationParts(412, 'vi')!)).toBe('6 phút 52 giây');
    expect(partsText(durationParts(360, 'vi')!)).toBe('6 phút');
    expect(partsText(durationParts(3900, 'vi')!)).toBe('1 giờ 5 phút');
    expect(partsText(durationParts(7199, 'vi')!)).toBe('2 giờ');
    expect(partsText(durationParts(412, 'en')!)).toBe('6 min 52 s');
  });

  it('rates with one decimal and the language\'s decimal mark; none without ratings', () => {
    expect(rateParts(null, 'vi')).toBeNull();
    expect(partsText(rateParts(0.9412, 'vi')!)).toBe('94,1 %');
    expect(partsText(rateParts(0.6667, 'vi')!)).toBe('66,7 %');
    expect(partsText(rateParts(1, 'vi')!)).toBe('100 %');
    expect(partsText(rateParts(0.9412, 'en')!)).toBe('94.1 %');
    expect(ratingCount({ ratings: { very_satisfied: 2, satisfied: 1, unsatisfied: 1 } })).toBe(4);
  });
});

/** A simulated clock: timers fire when `advance` passes their time. */
function fakeTimers() {
  let now = 1_000_000;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const t: ScheduleTimers & { advance(ms: number): void } = {
    now: () => now,
    setTimeout(fn, ms) { const id = ++seq; pending.set(id, { at: now + ms, fn }); return id; },
    clearTimeout(h) { pending.delete(h as number); },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        pending.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
  return t;
}

describe('refresh schedule', () => {
  it('runs at start, every minute, and soon after a change but never twice within 10 s', () => {
    const timers = fakeTimers();
    const runs: number[] = [];
    const s = new RefreshSchedule(() => runs.push(timers.now()), 60_000, 10_000, timers);
    const t0 = timers.now();
    s.start();
    expect(runs).toEqual([t0]);
    // three changes within the gap: one run when the gap ends
    timers.advance(2_000); s.request();
    timers.advance(1_000); s.request(); s.request();
    timers.advance(20_000);
    expect(runs).toEqual([t0, t0 + 10_000]);
    // a change long after the last run: at once
    timers.advance(15_000); s.request();
    expect(runs).toEqual([t0, t0 + 10_000, t0 + 38_000]);
    // then every minute from the last run
    timers.advance(60_000);
    expect(runs).toEqual([t0, t0 + 10_000, t0 + 38_000, t0 + 98_000]);
    timers.advance(60_000);
    expect(runs.length).toBe(5);
    // stopped: nothing more, requests ignored; started again: at once if the gap allows
    s.stop(); s.request(); timers.advance(300_000);
    expect(runs.length).toBe(5);
    s.start();
    expect(runs.length).toBe(6);
  });
});
