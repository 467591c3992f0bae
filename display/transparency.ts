// The transparency panel's data (công khai): the payload of GET /api/reports/transparency, the
// way its figures are written for the hall (Vietnamese numbers, minutes and seconds, a rate with
// one decimal), and the refresh schedule (every minute, sooner after a change, never too often).
import type { Lang, RatingLevel, Transparency } from '../common/types.js';

export type { Transparency };

/** One number and its unit, e.g. {value: "6", unit: "phút"}: the value is drawn large, the unit small. */
export interface Part { value: string; unit: string }

const LOCALE: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };
const UNITS: Record<Lang, { h: string; min: string; s: string; served: string }> = {
  vi: { h: 'giờ', min: 'phút', s: 'giây', served: 'lượt' },
  en: { h: 'h', min: 'min', s: 's', served: '' },
};

/** 3921 → "3.921" (vi) or "3,921" (en). */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 0 }).format(n);
}

/** The count of served citizens with its unit: [{value: "187", unit: "lượt"}]. */
export function servedParts(n: number, lang: Lang): Part[] {
  return [{ value: formatCount(n, lang), unit: UNITS[lang].served }];
}

/**
 * A duration for the hall, in at most two units: 45 → "45 giây", 412 → "6 phút 52 giây",
 * 360 → "6 phút", 3900 → "1 giờ 5 phút". Whole seconds; null when nothing was measured.
 */
export function durationParts(seconds: number | null, lang: Lang): Part[] | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  const u = UNITS[lang];
  const s = Math.round(seconds);
  if (s < 60) return [{ value: String(s), unit: u.s }];
  if (s < 3600) {
    const m = Math.floor(s / 60), r = s % 60;
    return r ? [{ value: String(m), unit: u.min }, { value: String(r), unit: u.s }] : [{ value: String(m), unit: u.min }];
  }
  const h = Math.floor(s / 3600), m = Math.round((s % 3600) / 60);
  if (m === 60) return [{ value: String(h + 1), unit: u.h }];
  return m ? [{ value: String(h), unit: u.h }, { value: String(m), unit: u.min }] : [{ value: String(h), unit: u.h }];
}

/** 0.9412 → "94,1" with unit "%" (vi) or "94.1" (en); 1 → "100"; null when there are no ratings. */
export function rateParts(rate: number | null, lang: Lang): Part[] | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  const pct = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(Math.round(rate * 1000) / 10);
  return [{ value: pct, unit: '%' }];
}

/** The parts as one line of text, e.g. "6 phút 52 giây", "94,1 %", "187 lượt" (the tests read this). */
export function partsText(parts: Part[]): string {
  return parts.map((p) => (p.unit ? `${p.value} ${p.unit}` : p.value)).join(' ');
}

/** The number of ratings in the payload (0 = "chưa có đánh giá"). */
export function ratingCount(t: Pick<Transparency, 'ratings'>): number {
  return Object.values(t.ratings ?? {}).reduce((a, b) => a + (b || 0), 0);
}

export interface ScheduleTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ScheduleTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * When to ask the hub again: every `everyMs` while running, and on `request()` (a ticket done, the
 * settings changed, a reconnect), but never twice within `minGapMs`: a request inside the gap
 * runs once when the gap ends, however many requests came meanwhile. Each run restarts the period.
 */
export class RefreshSchedule {
  private last = Number.NEGATIVE_INFINITY;
  private soon: unknown = null;
  private periodic: unknown = null;
  private running = false;

  constructor(
    private readonly run: () => void,
    readonly everyMs = 60_000,
    readonly minGapMs = 10_000,
    private readonly timers: ScheduleTimers = realTimers,
  ) {}

  get active(): boolean { return this.running; }

  /** Start (runs at once, or when the gap since the last run ends). Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.request();
  }

  stop(): void {
    this.running = false;
    if (this.soon !== null) this.timers.clearTimeout(this.soon);
    if (this.periodic !== null) this.timers.clearTimeout(this.periodic);
    this.soon = this.periodic = null;
  }

  /** Ask for a refresh as soon as the gap allows; ignored while stopped. */
  request(): void {
    if (!this.running || this.soon !== null) return;
    const wait = this.last + this.minGapMs - this.timers.now();
    if (wait <= 0) this.fire();
    else this.soon = this.timers.setTimeout(() => { this.soon = null; this.fire(); }, wait);
  }

  private fire(): void {
    if (!this.running) return;
    this.last = this.timers.now();
    if (this.periodic !== null) this.timers.clearTimeout(this.periodic);
    this.periodic = this.timers.setTimeout(() => { this.periodic = null; this.request(); }, this.everyMs);
    this.run();
  }
}
