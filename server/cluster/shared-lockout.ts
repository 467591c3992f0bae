// Several hubs: the sign-in lock after failed passwords holds across the cluster. Each hub keeps its
// own AccountLockout (parallel guesses, unknown names); on a shared store every failed password of a
// real account is also an audit entry (`auth.failed`), and before checking a password a hub reads
// the audit log's new entries and refuses while the account has `maxFailures` failures within
// `lockoutMs` since its last sign-in (or an `auth.lockout` that has not ended). The audit log is
// the store's own serialized, chained log, so every hub counts the same failures.
import type { StorePort } from '../store/port.js';
import type { AuditEntry } from '../store/audit.js';

interface Mark { at: number; kind: 'failed' | 'login' | 'lockout'; until?: number }

export class SharedLockout {
  private pos = 0;
  private marks = new Map<string, Mark[]>();
  private reading: Promise<void> | null = null;

  constructor(private readonly store: StorePort, private readonly maxFailures: number, private readonly lockoutMs: number) {}

  /** Read what the audit log gained since last time (one read at a time). */
  private sync(): Promise<void> {
    this.reading ??= (async () => {
      // The first time: the recent end of the log is enough (a lock lasts minutes).
      if (this.pos === 0) this.pos = Math.max(0, (await this.store.auditHead()).entries - 5000);
      const more = await this.store.readAudit(this.pos);
      this.pos += more.length;
      for (const e of more) this.note(e);
    })().finally(() => { this.reading = null; });
    return this.reading;
  }

  private note(e: AuditEntry): void {
    const kind = e.action === 'auth.failed' ? 'failed' : e.action === 'login' ? 'login' : e.action === 'auth.lockout' ? 'lockout' : null;
    if (!kind || !e.target) return;
    let list = this.marks.get(e.target);
    if (!list) { list = []; this.marks.set(e.target, list); }
    const until = kind === 'lockout' ? Date.parse(String((e.detail as { lockedUntil?: string }).lockedUntil ?? '')) : undefined;
    list.push({ at: e.at, kind, ...(until ? { until } : {}) });
    // Only the recent past decides.
    const keep = e.at - 2 * this.lockoutMs;
    while (list.length > 0 && list[0]!.at < keep && (list[0]!.until ?? 0) < e.at) list.shift();
  }

  /** Seconds the account (`user:<id>`) stays locked across the cluster now, or 0. */
  async lockedFor(target: string, now: number): Promise<number> {
    await this.sync();
    const list = this.marks.get(target) ?? [];
    let since = now - this.lockoutMs, failures = 0, lastFailure = 0, until = 0;
    for (const m of list) {
      if (m.kind === 'lockout' && m.until) until = Math.max(until, m.until);
      if (m.kind === 'login' || m.kind === 'lockout') since = Math.max(since, m.at);
    }
    for (const m of list) if (m.kind === 'failed' && m.at >= since) { failures++; lastFailure = Math.max(lastFailure, m.at); }
    if (failures >= this.maxFailures) until = Math.max(until, lastFailure + this.lockoutMs);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }
}
