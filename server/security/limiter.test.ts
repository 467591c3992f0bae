// The throttles on a simulated clock: the pace of a busy hall is never limited, a script is.
import { describe, expect, it } from 'vitest';
import { AccountLockout, RateLimiter } from './limiter.js';
import { DEFAULT_SECURITY, loadSecuritySettings } from './settings.js';

const { issue, ticketPagePerIpPerMinute: page } = DEFAULT_SECURITY;

describe('RateLimiter', () => {
  it('never limits a kiosk at a busy hall\'s pace: a ticket every 3 s for a whole morning, with bursts of 10', () => {
    const l = new RateLimiter(issue.perMinute, issue.burst);
    let now = 0;
    for (let i = 0; i < 4 * 3600 / 3; i++) {
      // Every 5 minutes a group of ten arrives at once.
      const group = i % 100 === 0 ? 10 : 1;
      for (let g = 0; g < group; g++) expect(l.take('kiosk-1', now)).toBe(0);
      now += group === 10 ? 30_000 : 3_000;
    }
  });

  it('holds a script to the burst, then to the steady rate, and says how long to wait', () => {
    const l = new RateLimiter(issue.perMinute, issue.burst);
    let allowed = 0;
    let firstWait = 0;
    // 100 requests a second for a minute.
    for (let t = 0; t < 60_000; t += 10) {
      const w = l.take('script', t);
      if (w === 0) allowed++;
      else firstWait ||= w;
    }
    expect(allowed).toBe(issue.burst + issue.perMinute - 1);
    expect(firstWait).toBe(2); // one ticket every 2 s at 30 a minute
    // Another kiosk is not affected.
    expect(new RateLimiter(issue.perMinute, issue.burst).take('kiosk-2', 60_000)).toBe(0);
    expect(l.take('kiosk-2', 60_000)).toBe(0);
  });

  it('lets every phone of a hall open its ticket page from one address (120 a minute)', () => {
    const l = new RateLimiter(page, page);
    // 60 phones behind the hall's Wi-Fi, each loading its page (a read and a socket) within the same minute.
    for (let i = 0; i < 120; i++) expect(l.take('10.0.0.1', i * 400)).toBe(0);
  });

  it('refunds, and stays bounded in memory whatever the number of keys', () => {
    const l = new RateLimiter(60, 2, 1000);
    expect(l.take('a', 0)).toBe(0);
    expect(l.take('a', 0)).toBe(0);
    expect(l.take('a', 0)).toBeGreaterThan(0);
    l.refund('a');
    expect(l.take('a', 0)).toBe(0);
    for (let i = 0; i < 10_000; i++) l.take(`ip-${i}`, 0);
    expect(l.size).toBeLessThanOrEqual(1000);
  });
});

describe('AccountLockout', () => {
  it('locks after 5 failures within 15 minutes, for 15 minutes, the right password included', () => {
    const l = new AccountLockout(5, 15 * 60_000);
    for (let i = 0; i < 4; i++) { expect(l.begin('canbo1', i)).toBe(0); expect(l.fail('canbo1', i)).toBeNull(); }
    expect(l.begin('canbo1', 10)).toBe(0);
    expect(l.fail('canbo1', 10)).toBe(10 + 15 * 60_000);
    expect(l.begin('canbo1', 20)).toBe(900);
    expect(l.begin('canbo1', 15 * 60_000 + 11)).toBe(0);
    l.succeed('canbo1');
    expect(l.lockedFor('canbo1', 15 * 60_000 + 12)).toBe(0);
  });

  it('counts guesses still being checked, so that parallel guesses cannot pass the limit', () => {
    const l = new AccountLockout(5, 15 * 60_000);
    const started = Array.from({ length: 50 }, () => l.begin('admin', 0)).filter((w) => w === 0).length;
    expect(started).toBe(5);
  });

  it('forgets failures older than the window, and a success starts the count again', () => {
    const l = new AccountLockout(5, 15 * 60_000);
    for (let i = 0; i < 4; i++) { l.begin('a', 0); l.fail('a', 0); }
    l.begin('a', 16 * 60_000);
    expect(l.fail('a', 16 * 60_000)).toBeNull();
    for (let i = 0; i < 3; i++) { l.begin('b', 0); l.fail('b', 0); }
    l.begin('b', 1); l.succeed('b');
    for (let i = 0; i < 4; i++) { l.begin('b', 2); expect(l.fail('b', 2)).toBeNull(); }
  });
});

describe('settings', () => {
  it('reads the environment, falls back on bad values, and turns off', () => {
    const warnings: string[] = [];
    const s = loadSecuritySettings({ LUOT_ISSUE_PER_MINUTE: '12', LUOT_ISSUE_BURST: 'many', LUOT_SESSION_SECONDS: '60' }, (m) => warnings.push(m));
    expect(s.issue).toEqual({ perMinute: 12, burst: 10 });
    expect(s.sessionTtlMs).toBe(60_000);
    expect(warnings).toEqual(['LUOT_ISSUE_BURST=many is not a positive number; using 10']);
    expect(loadSecuritySettings({}).rateLimits).toBe(true);
    expect(loadSecuritySettings({ LUOT_RATE_LIMITS: 'off' }).rateLimits).toBe(false);
  });
});
