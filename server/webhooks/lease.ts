// Who delivers webhooks when several hubs share one store: the hub holding the store's named lease
// (StorePort.tryLease). The keeper takes or renews it every third of its time to live and answers
// "am I the leader" from the last answer, so a delivery never waits on a round trip to the store.
// A hub that stops (or dies) stops renewing; after the time to live another hub's keeper takes it.
// On files (one hub) tryLease is always true.
import type { StorePort } from '../store/port.js';

export const WEBHOOK_LEASE = 'webhooks';
export const DEFAULT_LEASE_TTL_MS = 15_000;

export class LeaseKeeper {
  private held = false;
  private confirmedAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<boolean> | null = null;

  constructor(
    private readonly store: Pick<StorePort, 'tryLease'>,
    readonly name: string = WEBHOOK_LEASE,
    readonly ttlMs: number = DEFAULT_LEASE_TTL_MS,
    private readonly log: (m: string) => void = () => {},
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Take or renew the lease now; true when this hub holds it. */
  renew(): Promise<boolean> {
    this.renewing ??= (async () => {
      const before = this.held;
      const asked = this.now();
      try {
        this.held = await this.store.tryLease(this.name, this.ttlMs);
      } catch (e) {
        // The store is unreachable: another hub may take the lease once it expires.
        this.held = false;
        this.log(`lease ${this.name}: ${(e as Error).message}`);
      }
      if (this.held) this.confirmedAt = asked;
      if (before !== this.held) this.log(`lease ${this.name}: ${this.held ? 'taken' : 'lost'}`);
      return this.held;
    })().finally(() => { this.renewing = null; });
    return this.renewing;
  }

  /**
   * Whether this hub holds the lease: renewed within the safe part of its time to live (the store
   * counts the time from before our question; we stop acting well before it can expire there).
   */
  isLeader = (): boolean => this.held && this.now() - this.confirmedAt < this.ttlMs * 0.75;

  start(): Promise<boolean> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.renew(), Math.max(10, Math.floor(this.ttlMs / 3)));
      this.timer.unref();
    }
    return this.renew();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.held = false;
  }
}
