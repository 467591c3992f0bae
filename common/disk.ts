// The figures of the disk_low warning, formatted alike by the hub (/api/health) and the admin console.
// Vietnamese writes decimals with a comma (0,59 GB).
export function diskLowParams(freeBytes: number, totalBytes: number, lang: 'vi' | 'en' = 'vi'): { free: string; pct: string } {
  const g = freeBytes / 1024 ** 3;
  const dec = (s: string) => (lang === 'vi' ? s.replace('.', ',') : s);
  return { free: `${dec(g.toFixed(g < 10 ? 2 : 1))} GB`, pct: totalBytes > 0 ? dec(((freeBytes / totalBytes) * 100).toFixed(1)) : '?' };
}

export interface HealthWarning { code: string; message: string; freeBytes?: number; totalBytes?: number }
