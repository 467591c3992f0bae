// Free space of the data dir, watched before it is full: below `minFreeBytes` (default 1 GB) or
// `minFreePercent` (default 5 %) of the filesystem, /api/health carries a `disk_low` warning, the
// admin console shows a banner and `luot_disk_low` is 1. Checked every minute with fs.statfs.
// Tests (and a drill) inject the figures: LUOT_DISK_FREE_BYTES / LUOT_DISK_TOTAL_BYTES.
import { statfs } from 'node:fs/promises';
import { t } from '../../common/i18n/index.js';
import { diskLowParams } from '../../common/disk.js';

export interface DiskFigures { freeBytes: number; totalBytes: number }
export interface DiskWarning { code: 'disk_low'; message: string; freeBytes: number; totalBytes: number }
export type DiskProbe = () => Promise<DiskFigures>;

export interface DiskSettings { minFreeBytes: number; minFreePercent: number; everyMs: number }

export function diskSettingsFromEnv(env: Record<string, string | undefined>): DiskSettings {
  const num = (k: string, d: number) => { const v = Number(env[k]); return env[k] !== undefined && env[k] !== '' && Number.isFinite(v) && v >= 0 ? v : d; };
  return {
    minFreeBytes: num('LUOT_DISK_MIN_FREE_MB', 1024) * 1024 * 1024,
    minFreePercent: num('LUOT_DISK_MIN_FREE_PERCENT', 5),
    everyMs: num('LUOT_DISK_CHECK_SECONDS', 60) * 1000,
  };
}

/** statfs of the dir, or the injected figures of LUOT_DISK_FREE_BYTES (and LUOT_DISK_TOTAL_BYTES). */
export function diskProbe(dir: string, env: Record<string, string | undefined> = process.env): DiskProbe {
  const injected = env.LUOT_DISK_FREE_BYTES;
  if (injected !== undefined && injected !== '') {
    const freeBytes = Number(injected), totalBytes = Number(env.LUOT_DISK_TOTAL_BYTES ?? 0) || 100 * 1024 ** 3;
    return async () => ({ freeBytes, totalBytes });
  }
  return async () => {
    const s = await statfs(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  };
}


export class DiskWatch {
  figures: DiskFigures | null = null;
  low = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private probe: DiskProbe, readonly settings: DiskSettings, private onChange: (low: boolean, f: DiskFigures) => void = () => {}) {}

  async check(): Promise<void> {
    try {
      const f = await this.probe();
      this.figures = f;
      const pct = f.totalBytes > 0 ? (f.freeBytes / f.totalBytes) * 100 : 100;
      const low = f.freeBytes < this.settings.minFreeBytes || pct < this.settings.minFreePercent;
      if (low !== this.low) { this.low = low; this.onChange(low, f); }
    } catch {
      // A probe that fails (the dir vanished) leaves the last figures; writes will say more.
    }
  }

  async start(): Promise<void> {
    await this.check();
    if (this.settings.everyMs > 0) {
      this.timer = setInterval(() => void this.check(), this.settings.everyMs);
      this.timer.unref();
    }
  }

  stop(): void { if (this.timer) clearInterval(this.timer); this.timer = null; }

  /** The warnings of /api/health: `[{code:'disk_low', message, freeBytes, totalBytes}]` or none. */
  warnings(lang: 'vi' | 'en'): DiskWarning[] {
    if (!this.low || !this.figures) return [];
    const f = this.figures;
    const message = t(lang, 'admin.diskLow', diskLowParams(f.freeBytes, f.totalBytes, lang));
    return [{ code: 'disk_low', message, freeBytes: f.freeBytes, totalBytes: f.totalBytes }];
  }
}
