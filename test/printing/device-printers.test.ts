// Each kiosk drives its own printer: paper width, print mode, printer type and code page are set per
// kiosk (device.printerSettings), the site's settings filling what a kiosk leaves unset. Two kiosks
// with two printers (real TCP emulators) get each their own ESC/POS bytes; bad values are a coded
// 400 that changes nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrinterEmulator } from '../../server/printing/emulator.js';
import { api, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';

let hub: HubHandle;
const epson = new PrinterEmulator({ host: '127.0.0.1', port: 0, keepBytes: true });
const star = new PrinterEmulator({ host: '127.0.0.1', port: 0, keepBytes: true });
const ESC_T_WPC1258 = Buffer.from([0x1b, 0x74, 52]);
const ESC_INIT = Buffer.from([0x1b, 0x40]);
const STAR_QR = Buffer.from([0x1b, 0x1d, 0x79]);
const EPSON_QR = Buffer.from([0x1d, 0x28, 0x6b]);

/** The ticket's commands after the status queries (DLE EOT n) that come before it. */
function job(raw: Buffer): Buffer {
  let i = 0;
  while (raw[i] === 0x10 && raw[i + 1] === 0x04) i += 3;
  return raw.subarray(i);
}

type Dev = { id: string; printer: string | null; printerSettings?: Record<string, unknown> | null };

beforeAll(async () => {
  await epson.start();
  await star.start();
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
  hub?.cleanup();
  await epson.stop();
  await star.stop();
});

describe('printer settings per kiosk', () => {
  it('two kiosks, two printers: each gets its own type, code page, mode and width; the rest comes from the site', { timeout: 60_000 }, async () => {
    const admin = api(hub.url, hub.adminToken);
    // The site: raster on 80 mm, Epson, ascii (the defaults).
    const a = await admin<{ device: Dev; pairingCode: string }>('POST', '/api/devices', {
      siteId: 'demo', kind: 'kiosk', name: 'Kiosk tầng 1', printer: epson.url,
      printerSettings: { printMode: 'text', printerType: 'epson', textCodePage: 'wpc1258', paperWidthMm: 58 },
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.device.printerSettings).toEqual({ printMode: 'text', printerType: 'epson', textCodePage: 'wpc1258', paperWidthMm: 58 });
    const kioskA = await pairDevice(hub, { kind: 'kiosk', name: 'Kiosk tầng 2', printer: star.url });
    // The second kiosk's printer is a Star: set after creation, through PATCH.
    const b = await admin<{ device: Dev }>('PATCH', `/api/devices/${kioskA.id}`, { printerSettings: { printMode: 'text', printerType: 'star' } });
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    expect(b.body.device.printerSettings).toEqual({ printMode: 'text', printerType: 'star' });
    const pairedA = await api(hub.url)<{ token: string }>('POST', '/api/devices/pair', { code: a.body.pairingCode });

    expect((await api(hub.url, pairedA.body.token)('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    expect((await api(hub.url, kioskA.token)('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    const onEpson = await epson.waitForTicket(1);
    const onStar = await star.waitForTicket(1);

    // Epson, WPC1258, text: ESC @ first, ESC t 52, the printer's own QR command, Vietnamese kept.
    expect(onEpson.dialect).toBe('epson');
    expect(onEpson.raster).toBeNull();
    expect(job(onEpson.raw!).subarray(0, 2)).toEqual(ESC_INIT);
    expect(onEpson.raw!.includes(ESC_T_WPC1258)).toBe(true);
    expect(onEpson.raw!.includes(EPSON_QR)).toBe(true);
    expect(onEpson.text.join('\n')).toContain('Tư pháp');
    // 58 mm: 32 characters a line (80 mm: 48).
    expect(Math.max(...onEpson.text.map((l) => l.length))).toBeLessThanOrEqual(32);

    // Star, text, ascii (the site's code page; Star has no WPC1258 page): Star's commands, no ESC t.
    expect(onStar.dialect).toBe('star');
    expect(onStar.raster).toBeNull();
    expect(job(onStar.raw!).subarray(0, 2)).toEqual(ESC_INIT);
    expect(onStar.raw!.includes(ESC_T_WPC1258)).toBe(false);
    expect(onStar.raw!.includes(STAR_QR)).toBe(true);
    expect(onStar.raw!.includes(EPSON_QR)).toBe(false);
    expect(onStar.text.join('\n')).toContain('Tu phap');
    expect(Math.max(...onStar.text.map((l) => l.length))).toBeGreaterThan(32);

    // Clearing the Star kiosk's own settings: it follows the site again (raster, 80 mm, Epson).
    const cleared = await admin<{ device: Dev }>('PATCH', `/api/devices/${kioskA.id}`, { printerSettings: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.device.printerSettings ?? null).toBeNull();
    expect((await api(hub.url, kioskA.token)('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    const raster = await star.waitForTicket(2);
    expect(raster.dialect).toBe('epson');
    expect(raster.raster!.width).toBe(576);

    // A site setting reaches a kiosk that does not set it: the Epson kiosk sets no print mode now.
    expect((await admin('PATCH', `/api/devices/${a.body.device.id}`, { printerSettings: { textCodePage: 'wpc1258', paperWidthMm: 58 } })).status).toBe(200);
    expect((await api(hub.url, pairedA.body.token)('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    const rasterA = await epson.waitForTicket(2);
    expect(rasterA.raster!.width).toBe(384); // raster (the site's mode) on its own 58 mm

    const audit = readFileSync(join(hub.dataDir, 'audit.jsonl'), 'utf8');
    expect(audit.match(/"device\.update"/g)?.length).toBe(3);
  });

  it('bad values are a coded 400 and change nothing; a printer address moves the kiosk to another printer', { timeout: 60_000 }, async () => {
    const admin = api(hub.url, hub.adminToken);
    const kiosk = await pairDevice(hub, { kind: 'kiosk', name: 'Kiosk kiểm tra', printer: epson.url });
    const display = await pairDevice(hub, { kind: 'display', name: 'TV' });
    const before = await admin<{ devices: Dev[] }>('GET', '/api/devices?siteId=demo');
    const bad: [string, unknown, string][] = [
      [kiosk.id, { printerSettings: { paperWidthMm: 70 } }, 'printerSettings.paperWidthMm'],
      [kiosk.id, { printerSettings: { printerType: 'citizen' } }, 'printerSettings.printerType'],
      [kiosk.id, { printerSettings: { printMode: 'pdf' } }, 'printerSettings.printMode'],
      [kiosk.id, { printerSettings: { textCodePage: 'cp437' } }, 'printerSettings.textCodePage'],
      [kiosk.id, { printerSettings: { printerType: 'star', textCodePage: 'wpc1258' } }, 'printerSettings.textCodePage'],
      [kiosk.id, { printerSettings: { speed: 3 } }, 'printerSettings'],
      [kiosk.id, { printer: 'http://10.0.0.5' }, 'printer'],
      [display.id, { printerSettings: { printMode: 'text' } }, 'printerSettings'],
    ];
    for (const [id, body, field] of bad) {
      const r = await admin<{ error: { code: string; field?: string } }>('PATCH', `/api/devices/${id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
      expect(JSON.stringify(r.body)).toContain(field);
    }
    const created = await admin<{ error: { code: string } }>('POST', '/api/devices', { siteId: 'demo', kind: 'kiosk', name: 'X', printerSettings: { paperWidthMm: 57 } });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('invalid_input');
    expect((await admin('PATCH', '/api/devices/nope', { name: 'Y' })).status).toBe(404);
    expect((await api(hub.url, kiosk.token)('PATCH', `/api/devices/${kiosk.id}`, { printerSettings: { printMode: 'text' } })).status).toBe(403);
    const after = await admin<{ devices: Dev[] }>('GET', '/api/devices?siteId=demo');
    const strip = (ds: Dev[]) => ds.map(({ id, printer, printerSettings }) => ({ id, printer, printerSettings }));
    expect(strip(after.body.devices)).toEqual(strip(before.body.devices));

    // A new address: the next ticket goes to the other printer.
    const n = star.tickets.length;
    expect((await admin('PATCH', `/api/devices/${kiosk.id}`, { printer: star.url, name: 'Kiosk kiểm tra 2' })).status).toBe(200);
    expect((await api(hub.url, kiosk.token)('POST', '/api/tickets', { serviceId: 'svc-b' })).status).toBe(201);
    expect((await star.waitForTicket(n + 1)).cut).toBe(true);
  });
});
