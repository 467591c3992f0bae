// Throttles kept in memory: a token bucket per key, and the failed-sign-in lock of an account.
// Both cost a Map lookup and a little arithmetic per call (the issue path runs one per ticket), and
// both stay bounded in memory whatever a script sends.

interface Bucket { tokens: number; at: number }

/** A token bucket per key: `burst` at once, refilled at `perMinute`. */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(readonly perMinute: number, readonly burst: number, private readonly maxKeys = 50_000) {
    this.perMs = perMinute / 60_000;
  }

  private refill(b: Bucket, now: number): void {
    if (now > b.at) b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
  }

  /** Take one token: 0 when allowed, otherwise the whole seconds until one is available. */
  take(key: string, now: number): number {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    } else {
      this.refill(b, now);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000));
  }

  /** Give a token back (the attempt turned out not to count, e.g. a successful sign-in). */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.burst, b.tokens + 1);
  }

  get size(): number { return this.buckets.size; }

  /** Forget full buckets; if that is not enough, the oldest half. */
  private prune(now: number): void {
    for (const [k, b] of this.buckets) {
      this.refill(b, now);
      if (b.tokens >= this.burst) this.buckets.delete(k);
    }
    if (this.buckets.size < this.maxKeys) return;
    let drop = this.buckets.size / 2;
    for (const k of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(k);
    }
  }
}

interface Account { failures: number; firstAt: number; lockedUntil: number; inFlight: number }

/**
 * Failed sign-ins per account: `maxFailures` within `lockoutMs` lock the account for `lockoutMs`,
 * a correct password included. Attempts still being checked count as failures until they are
 * decided, so that parallel guesses cannot slip past the limit.
 */
export class AccountLockout {
  private accounts = new Map<string, Account>();

  constructor(readonly maxFailures: number, readonly lockoutMs: number, private readonly maxKeys = 50_000) {}

  /** Start an attempt: 0 when it may go on, otherwise the seconds the account stays locked. */
  begin(key: string, now: number): number {
    let a = this.accounts.get(key);
    if (!a) {
      if (this.accounts.size >= this.maxKeys) this.prune(now);
      a = { failures: 0, firstAt: now, lockedUntil: 0, inFlight: 0 };
      this.accounts.set(key, a);
    }
    if (a.lockedUntil > now) return Math.ceil((a.lockedUntil - now) / 1000);
    if (a.failures > 0 && now - a.firstAt > this.lockoutMs) a.failures = 0;
    // Guesses already being checked fill the quota: wait for their verdict.
    if (a.failures + a.inFlight >= this.maxFailures) return 1;
    a.inFlight++;
    return 0;
  }

  /** The attempt failed. Returns the lock's end (epoch ms) when this failure locked the account. */
  fail(key: string, now: number): number | null {
    const a = this.accounts.get(key);
    if (!a) return null;
    a.inFlight = Math.max(0, a.inFlight - 1);
    if (a.failures === 0) a.firstAt = now;
    a.failures++;
    if (a.failures < this.maxFailures) return null;
    a.failures = 0;
    a.lockedUntil = now + this.lockoutMs;
    return a.lockedUntil;
  }

  /** The attempt succeeded: the account's count starts again. */
  succeed(key: string): void {
    const a = this.accounts.get(key);
    if (!a) return;
    a.failures = 0;
    a.inFlight = Math.max(0, a.inFlight - 1);
    if (a.inFlight === 0) this.accounts.delete(key);
  }

  /** The attempt ended without a verdict (invalid input, a dropped connection). */
  abandon(key: string): void {
    const a = this.accounts.get(key);
    if (a) a.inFlight = Math.max(0, a.inFlight - 1);
  }

  /** Whether the account is locked now (seconds left, or 0). */
  lockedFor(key: string, now: number): number {
    const a = this.accounts.get(key);
    return a && a.lockedUntil > now ? Math.ceil((a.lockedUntil - now) / 1000) : 0;
  }

  private prune(now: number): void {
    for (const [k, a] of this.accounts) {
      if (a.inFlight === 0 && a.lockedUntil <= now && (a.failures === 0 || now - a.firstAt > this.lockoutMs)) this.accounts.delete(k);
    }
    if (this.accounts.size < this.maxKeys) return;
    let drop = this.accounts.size / 2;
    for (const [k, a] of this.accounts) {
      if (drop-- <= 0) break;
      if (a.lockedUntil <= now) this.accounts.delete(k);
    }
  }
}
