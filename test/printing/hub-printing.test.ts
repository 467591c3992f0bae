// The hub prints a kiosk's tickets on its network printer: a ticket issued through a kiosk with a
// printer arrives at the emulator as ESC/POS bytes over TCP; paper-out and unreachable printers
// reach the kiosk and the admins while tickets keep being issued; the last ticket can be reprinted.
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrinterEmulator } from '../../server/printing/emulator.js';
import { SCREENSHOT_DIR } from '../helpers/browser.js';
import { api, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';

let hub: HubHandle;
let emu: PrinterEmulator;
let printerUrl = '';
const sockets: Socket[] = [];

function listen(s: Socket, event: string): unknown[] {
  const got: unknown[] = [];
  s.on(event, (e: unknown) => got.push(e));
  return got;
}
async function until<T>(fn: () => T | undefined | null | false, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
function connect(token: string): Promise<Socket> {
  const s = io(hub.url, { auth: { token }, transports: ['websocket'] });
  sockets.push(s);
  return new Promise((res, rej) => { s.once('connect', () => res(s)); s.once('connect_error', rej); });
}

beforeAll(async () => {
  emu = new PrinterEmulator({ host: '127.0.0.1', port: 0 });
  printerUrl = `tcp://127.0.0.1:${(await emu.start()).port}`;
  hub = await startHub();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub?.stop();
  hub?.cleanup();
  await emu?.stop();
});

describe('printing through the hub', () => {
  it('prints a kiosk ticket with its number and Vietnamese text, after the 201', { timeout: 60_000 }, async () => {
    const kiosk = await pairDevice(hub, { kind: 'kiosk', name: 'Kiosk sảnh', printer: printerUrl });
    const r = await api(hub.url, kiosk.token)<{ ticket: { id: string; number: string } }>('POST', '/api/tickets', { serviceId: 'svc-a', priority: 'elderly' });
    expect(r.status).toBe(201);
    const printed = await emu.waitForTicket(1);
    expect(printed.cut).toBe(true);
    expect(printed.raster).not.toBeNull();
    expect(printed.raster!.width).toBe(576); // 80 mm
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, 'printed-via-hub.png'), printed.png);
    // The admin's device list shows the printer as ready.
    type Dev = { id: string; printerStatus?: { state: string; lastPrintedTicketId: string | null } };
    let d: Dev | undefined;
    const end = Date.now() + 10_000;
    do {
      const devices = await api(hub.url, hub.adminToken)<{ devices: Dev[] }>('GET', '/api/devices?siteId=demo');
      d = devices.body.devices.find((x) => x.id === kiosk.id);
      if (d?.printerStatus?.lastPrintedTicketId === r.body.ticket.id) break;
      await new Promise((res) => setTimeout(res, 100));
    } while (Date.now() < end);
    expect(d!.printerStatus!.state).toBe('ok');
    expect(d!.printerStatus!.lastPrintedTicketId).toBe(r.body.ticket.id);
  });

  it('the site\'s printer type and code page reach the printer: text mode in WPC1258 keeps the diacritics, ascii drops them', { timeout: 60_000 }, async () => {
    const admin = api(hub.url, hub.adminToken);
    const kiosk = await pairDevice(hub, { kind: 'kiosk', name: 'Kiosk chữ', printer: printerUrl });
    const k = api(hub.url, kiosk.token);
    const set = await admin('PATCH', '/api/sites/demo/settings', { printMode: 'text', printerType: 'epson', textCodePage: 'wpc1258' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.site.settings).toMatchObject({ printerType: 'epson', textCodePage: 'wpc1258' });
    const n0 = emu.tickets.length;
    expect((await k('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    const vi = await emu.waitForTicket(n0 + 1);
    expect(vi.raster).toBeNull();
    expect(vi.text.join('\n')).toContain('Tư pháp');
    expect((await admin('PATCH', '/api/sites/demo/settings', { textCodePage: 'ascii' })).status).toBe(200);
    expect((await k('POST', '/api/tickets', { serviceId: 'svc-a' })).status).toBe(201);
    const plain = await emu.waitForTicket(n0 + 2);
    expect(plain.text.join('\n')).toContain('Tu phap');
    expect((await admin('PATCH', '/api/sites/demo/settings', { printMode: 'raster' })).status).toBe(200);
  });

  it('paper out: tickets keep coming at full speed, the kiosk is told, admins see it, reprint after the roll is changed', { timeout: 90_000 }, async () => {
    const kiosk = await pairDevice(hub, { kind: 'kiosk', name: 'Kiosk 2', printer: printerUrl });
    const kioskSocket = await connect(kiosk.token);
    const failed = listen(kioskSocket, 'ticket:print-failed') as { ticketId: string; number: string; reason: string }[];
    const admin = await connect(hub.adminToken);
    const changes = listen(admin, 'device:changed') as { device: { id: string; printerStatus?: { state: string } } }[];
    emu.setPaperOut(true);
    const issue = api(hub.url, kiosk.token);
    const results = await Promise.all(Array.from({ length: 100 }, () => issue<{ ticket: { id: string; number: string } }>('POST', '/api/tickets', { serviceId: 'svc-b' })));
    expect(results.every((x) => x.status === 201)).toBe(true);
    const last = results.map((x) => x.body.ticket).sort((a, b) => a.number.localeCompare(b.number)).at(-1)!;
    await until(() => failed.find((f) => f.reason === 'paper_out'), 'print-failed paper_out');
    await until(() => changes.find((c) => c.device.id === kiosk.id && c.device.printerStatus?.state === 'paper_out'), 'admin sees paper_out');
    const before = emu.tickets.length;
    emu.setPaperOut(false);
    // Reprint from the console (an officer of the site) once the paper is back.
    const officer = await login(hub, 'canbo1', hub.demo.canbo1);
    const rp = await api(hub.url, officer)('POST', `/api/devices/${kiosk.id}/reprint`);
    expect(rp.status).toBe(200);
    const again = await emu.waitForTicket(before + 1);
    expect(again.cut).toBe(true);
    await until(() => changes.find((c) => c.device.id === kiosk.id && c.device.printerStatus?.state === 'ok'), 'admin sees ok again');
    void last;
  });

  it('an unreachable printer: the 201 does not wait, the kiosk and admins learn it', { timeout: 90_000 }, async () => {
    const closed = createServer();
    const port = await new Promise<number>((res) => closed.listen(0, '127.0.0.1', () => res((closed.address() as { port: number }).port)));
    await new Promise<void>((res) => closed.close(() => res()));
    const kiosk = await pairDevice(hub, { kind: 'kiosk', name: 'Kiosk 3', printer: `tcp://127.0.0.1:${port}` });
    const kioskSocket = await connect(kiosk.token);
    const failed = listen(kioskSocket, 'ticket:print-failed') as { reason: string }[];
    const issue = api(hub.url, kiosk.token);
    const results = await Promise.all(Array.from({ length: 50 }, () => issue('POST', '/api/tickets', { serviceId: 'svc-c' })));
    expect(results.every((x) => x.status === 201)).toBe(true);
    await until(() => failed.find((f) => f.reason === 'unreachable'), 'print-failed unreachable', 40_000);
    const devices = await api(hub.url, hub.adminToken)<{ devices: { id: string; printerStatus?: { state: string } }[] }>('GET', '/api/devices?siteId=demo');
    expect(devices.body.devices.find((x) => x.id === kiosk.id)!.printerStatus!.state).toBe('unreachable');
  });

  it('only staff of the site may reprint, and only a kiosk with a printer', async () => {
    const display = await pairDevice(hub, { kind: 'display' });
    const kiosk = await pairDevice(hub, { kind: 'kiosk', name: 'No printer' });
    expect((await api(hub.url, display.token)('POST', `/api/devices/${kiosk.id}/reprint`)).status).toBe(403);
    expect((await api(hub.url)('POST', `/api/devices/${kiosk.id}/reprint`)).status).toBe(401);
    expect((await api(hub.url, hub.adminToken)('POST', `/api/devices/${kiosk.id}/reprint`)).status).toBe(409);
    expect((await api(hub.url, hub.adminToken)('POST', '/api/devices/nope/reprint')).status).toBe(404);
  });
});
