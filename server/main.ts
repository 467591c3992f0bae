// `npm start`: command line over environment over defaults (docs: README "Settings").
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { StoreError } from './store/errors.js';
import { startServer } from './server.js';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' },
    'admin-password': { type: 'string' }, tz: { type: 'string' }, demo: { type: 'string' },
  },
  allowPositionals: false,
});
const env = process.env;
const settings = {
  port: Number(args.port ?? env.LUOT_PORT ?? 3000),
  host: args.host ?? env.LUOT_HOST ?? '0.0.0.0',
  dataDir: args['data-dir'] ?? env.LUOT_DATA_DIR ?? './data',
  adminPassword: args['admin-password'] ?? env.LUOT_ADMIN_PASSWORD ?? undefined,
  timeZone: args.tz ?? env.LUOT_TZ ?? 'Asia/Ho_Chi_Minh',
  demo: (args.demo ?? env.LUOT_DEMO ?? '1') !== '0',
};

function lanAddresses(): string[] {
  return Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
}

try {
  const started = Date.now();
  const running = await startServer(settings);
  const { hub, port } = running;
  const base = `http://localhost:${port}`;
  const lines = [
    `Lượt đang chạy / Lượt is running on port ${port} (data: ${settings.dataDir}, ${Date.now() - started} ms)`,
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
    if (hub.firstStart.officer) lines.push(`  cán bộ / officer: ${hub.firstStart.officer.username} / ${hub.firstStart.officer.password} (demo)`);
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
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (e) {
  if (e instanceof StoreError) {
    console.error(`Không khởi động được / cannot start: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
