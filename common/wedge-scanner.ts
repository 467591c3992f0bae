// A keyboard-wedge scanner types what its code holds as fast keystrokes and ends with Enter. Feed
// every key with its time: a run of at least `minLength` characters, each within `maxGapMs` of the
// previous, ended by Enter, is a scan; anything slower is a person typing. Used by the kiosk
// (appointment codes, the ID card's QR) and the officer console (dossier codes).
export type ScanResult = { kind: 'scan'; text: string } | { kind: 'enter' } | { kind: 'key' } | { kind: 'other' };

export class WedgeScanner {
  private buffer = '';
  private last = -Infinity;
  private slow = false;

  constructor(private readonly maxGapMs = 50, private readonly minLength = 6) {}

  feed(key: string, timeMs: number): ScanResult {
    const gap = timeMs - this.last;
    if (key === 'Enter') {
      const scan = !this.slow && this.buffer.length >= this.minLength && gap <= this.maxGapMs * 2;
      const text = this.buffer;
      this.reset();
      return scan ? { kind: 'scan', text } : { kind: 'enter' };
    }
    if (key.length !== 1) return { kind: 'other' };
    // A pause starts a new run; a run with a slow key in it is typing.
    if (gap > this.maxGapMs * 2) { this.buffer = ''; this.slow = false; }
    else if (this.buffer.length > 0 && gap > this.maxGapMs) this.slow = true;
    this.buffer += key;
    this.last = timeMs;
    return { kind: 'key' };
  }

  /** A key at `timeMs` would continue a fast run (a scan under way): not a shortcut. */
  inRun(timeMs: number): boolean {
    return this.buffer.length > 0 && !this.slow && timeMs - this.last <= this.maxGapMs;
  }

  reset(): void {
    this.buffer = '';
    this.last = -Infinity;
    this.slow = false;
  }
}
