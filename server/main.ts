// `npm start`: command line over environment over defaults (docs: README "Settings").
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { StoreError } from './store/errors.js';
import { StoreStartError } from './cluster/choose.js';
import { redactUrl } from './cluster/unavailable.js';
import { lanAddresses, startServer } from './server.js';
import { DEMO_PRINTER } from './app/hub.js';
import { PrinterEmulator } from './printing/emulator.js';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' },
    'admin-password': { type: 'string' }, tz: { type: 'string' }, demo: { type: 'string' },
    'database-url': { type: 'string' },
  },
  allowPositionals: false,
});
const env = process.env;
// Memory (docs/performance.md, bench h): after each full GC V8 lets the old generation grow to 2-4×
// what is live before the next one, and keeps those pages; a hub holding a province's day then sits at
// several times its live data. A smaller step (1 + LUOT_HEAP_GROWING_PERCENT/100, default 1.25; 0:
// V8's own) keeps the RSS near the live heap, for a few more (concurrent) collections.
const heapGrowingPercent = Number(env.LUOT_HEAP_GROWING_PERCENT ?? 25);
if (Number.isFinite(heapGrowingPercent) && heapGrowingPercent > 0) setFlagsFromString(`--heap-growing-percent=${Math.min(300, Math.round(heapGrowingPercent))}`);
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);
const settings = {
  port: Number(args.port ?? env.LUOT_PORT ?? 3000),
  host: args.host ?? env.LUOT_HOST ?? '0.0.0.0',
  dataDir: args['data-dir'] ?? env.LUOT_DATA_DIR ?? './data',
  adminPassword: args['admin-password'] ?? env.LUOT_ADMIN_PASSWORD ?? undefined,
  timeZone: args.tz ?? env.LUOT_TZ ?? 'Asia/Ho_Chi_Minh',
  demo: (args.demo ?? env.LUOT_DEMO ?? '1') !== '0',
  demoHistoryWeeks: env.LUOT_DEMO_HISTORY_WEEKS !== undefined && env.LUOT_DEMO_HISTORY_WEEKS !== '' ? Math.max(0, Math.min(12, Number(env.LUOT_DEMO_HISTORY_WEEKS) || 0)) : 4,
  publicUrl: env.LUOT_PUBLIC_URL || undefined,
  // PostgreSQL instead of the files; several hubs may share it (docs/operations.md "Several hubs").
  databaseUrl: args['database-url'] ?? (env.LUOT_DATABASE_URL || undefined),
  // Where screens reconnect when this hub goes away (comma-separated base URLs), given at pairing.
  hubUrls: (env.LUOT_HUB_URLS ?? '').split(',').map((x) => x.trim().replace(/\/$/, '')).filter(Boolean),
};
const storeName = settings.databaseUrl ? `PostgreSQL ${redactUrl(settings.databaseUrl)}` : settings.dataDir;


try {
  const started = Date.now();
  const running = await startServer(settings);
  const { hub, port } = running;
  const base = `http://localhost:${port}`;
  const lines = [
    `Lượt đang chạy / Lượt is running on port ${port} (data: ${storeName}, hub ${running.hubId}, ${Date.now() - started} ms)`,
    ...lanAddresses().map((a) => `  Trong mạng nội bộ / on the LAN: http://${a}:${port}`),
    `  Quản trị / Admin:            ${base}/admin`,
    `  Cán bộ / Officer console:    ${base}/counter`,
    `  Máy lấy số / Kiosk:          ${base}/kiosk?pair=CODE`,
    `  Màn hình sảnh / Display:     ${base}/display?pair=CODE`,
    `  Máy đánh giá / Rating pad:   ${base}/pad?pair=CODE`,
    `  Phiếu trên điện thoại / Ticket page: ${base}/t/<ticketId>`,
    `  (pairing codes: Admin → Thiết bị / Devices)`,
  ];
  if (hub.firstStart) {
    lines.push(`Lần chạy đầu / First start:`);
    if (hub.firstStart.adminPassword) lines.push(`  admin / ${hub.firstStart.adminPassword}   (mật khẩu chỉ in một lần / shown once)`);
    else lines.push(`  admin / (LUOT_ADMIN_PASSWORD)`);
    for (const o of hub.firstStart.officers) lines.push(`  cán bộ / officer: ${o.username} / ${o.password}   (${o.name}, demo)`);
  }
  if (hub.rotatedDemoLogins.length) {
    lines.push('Mật khẩu mẫu cũ đã được thay / the old fixed demo passwords were replaced:');
    for (const o of hub.rotatedDemoLogins) lines.push(`  cán bộ / officer: ${o.username} / ${o.password}   (${o.name}, demo)`);
  }
  const demo = hub.demoInfo();
  if (demo.present && !isLoopback(settings.host)) {
    // Every start, for as long as the demo's accounts exist on a hub others can reach.
    console.warn(`CẢNH BÁO / WARNING: dữ liệu mẫu và ${demo.accounts} tài khoản mẫu vẫn còn trên một hub nghe ở ${settings.host} (ngoài máy này). Xoá dữ liệu mẫu trước khi dùng thật: Quản trị → "Xoá dữ liệu mẫu". / demo data and ${demo.accounts} demo accounts are present on a hub listening beyond loopback (${settings.host}); remove the demo data (Admin → "Remove demo data") before going live.`);
  }
  // The demo kiosk prints to an emulated printer that saves each ticket as a PNG.
  let emulator: PrinterEmulator | null = null;
  if (settings.demo && env.LUOT_DEMO_PRINTER !== '0' && hub.devices.some((d) => d.printer === DEMO_PRINTER && !d.revokedAt)) {
    const u = new URL(DEMO_PRINTER.replace('tcp:', 'http:'));
    const outDir = join(settings.dataDir, 'printed');
    emulator = new PrinterEmulator({ host: u.hostname, port: Number(u.port), outDir, prefix: 'ticket' });
    try {
      await emulator.start();
      lines.push(`Máy in mô phỏng / printer emulator: ${DEMO_PRINTER} → ${outDir}/ticket-*.png`);
    } catch (e) {
      lines.push(`(printer emulator not started: ${(e as Error).message})`);
      emulator = null;
    }
  }
  if (settings.demo) {
    const codes = await hub.demoPairingCodes();
    if (codes.length) {
      lines.push('Thiết bị demo, mở trên máy đó / demo devices, open on the device (codes valid 15 min):');
      const path = { kiosk: '/kiosk', display: '/display', pad: '/pad' } as Record<string, string>;
      for (const c of codes) lines.push(`  ${c.name.padEnd(30)} ${base}${path[c.kind]}?pair=${c.code}`);
    }
  }
  console.log(lines.join('\n'));
  console.log(JSON.stringify({ event: 'listening', port }));

  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${sig}: dừng / stopping`);
    const t = setTimeout(() => process.exit(1), 5000);
    t.unref();
    await running.close();
    await emulator?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (e) {
  if (e instanceof StoreError) {
    console.error(`Không khởi động được / cannot start: ${e.message}`);
    process.exit(2);
  }
  if (e instanceof StoreStartError) {
    console.error(`Không khởi động được / cannot start: ${e.message}`);
    process.exit(3);
  }
  throw e;
}
