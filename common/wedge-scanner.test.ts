// Scans told from typing by the time between keys.
import { describe, expect, it } from 'vitest';
import { WedgeScanner } from './wedge-scanner.js';

const feed = (s: WedgeScanner, keys: string[], gapMs: number, start = 1000) => keys.map((k, i) => s.feed(k, start + i * gapMs));

describe('keyboard-wedge scanner', () => {
  it('fast keystrokes ending in Enter are a scan', () => {
    const s = new WedgeScanner();
    const r = feed(s, [...'12345678', 'Enter'], 8);
    expect(r.at(-1)).toEqual({ kind: 'scan', text: '12345678' });
  });

  it('a person typing at a keyboard is not a scan, even fast-ish', () => {
    const s = new WedgeScanner();
    expect(feed(s, [...'12345678', 'Enter'], 180).at(-1)).toEqual({ kind: 'enter' });
    expect(feed(s, [...'1234', 'Enter'], 5, 10_000).at(-1)).toEqual({ kind: 'enter' }); // too short
    // one slow key inside the run
    const r = [...feed(s, [...'1234'], 10, 20_000), s.feed('5', 20_100), ...feed(s, [...'678', 'Enter'], 10, 20_110)];
    expect(r.at(-1)).toEqual({ kind: 'enter' });
  });

  it('a scan after a pause starts afresh', () => {
    const s = new WedgeScanner();
    s.feed('9', 0);
    const r = feed(s, [...'http://hub/book?code=87654321', 'Enter'], 5, 5000);
    expect(r.at(-1)).toEqual({ kind: 'scan', text: 'http://hub/book?code=87654321' });
  });
});
