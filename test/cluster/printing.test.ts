// Two hubs, one network printer (the emulator, real TCP): a kiosk's tickets, issued on either hub,
// are each printed exactly once (only the holder of the printer's lease prints); when one hub is
// killed, the other takes the printer over and its tickets print, still once each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, pairDevice, type HubHandle } from '../helpers/hub.js';
import { PrinterEmulator } from '../../server/printing/emulator.js';
import { freshDatabase, startCluster, stopCluster, until } from './support.js';

let hubs: HubHandle[] = [];
let emu: PrinterEmulator;
beforeAll(async () => {
  emu = new PrinterEmulator({ host: '127.0.0.1', port: 0 });
  await emu.start();
  hubs = await startCluster(2, await freshDatabase());
}, 60_000);
afterAll(async () => { await stopCluster(hubs); await emu?.stop(); });

/** How many printed tickets show each number. */
function printedCount(number: string): number {
  return emu.tickets.filter((t) => t.text.some((l) => l.includes(number))).length;
}

describe('one printer, two hubs', () => {
  it('each ticket is printed exactly once, before and after a hub dies', async () => {
    const [h0, h1] = hubs as [HubHandle, HubHandle];
    // Text mode: the emulator reads the numbers back.
    expect((await api(h0.url, h0.adminToken)('PATCH', '/api/sites/demo/settings', { printMode: 'text' })).status).toBe(200);
    await until(async () => (await api(h1.url, h1.adminToken)<{ site: { settings: { printMode: string } } }>('GET', '/api/sites/demo')).body.site.settings.printMode === 'text', 'hub 1 has the setting');
    const kiosk = await pairDevice(h0, { kind: 'kiosk', printer: emu.url });
    const numbers: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await api(hubs[i % 2]!.url, kiosk.token)<{ ticket: { number: string } }>('POST', '/api/tickets', { serviceId: 'svc-a' });
      expect(r.status).toBe(201);
      numbers.push(r.body.ticket.number);
    }
    await until(() => emu.tickets.length >= 20, '20 tickets printed', 20_000);
    // Longer than a lease renewal: a second hub printing too would show now.
    await new Promise((r) => setTimeout(r, 2500));
    expect(emu.tickets.length).toBe(20);
    for (const n of numbers) expect(printedCount(n), n).toBe(1);

    // Hub 0 dies: hub 1 holds the printer at the latest when the lease runs out, and prints its tickets.
    await h0.kill();
    for (let i = 0; i < 5; i++) {
      const r = await api(h1.url, kiosk.token)<{ ticket: { number: string } }>('POST', '/api/tickets', { serviceId: 'svc-a' });
      expect(r.status).toBe(201);
      numbers.push(r.body.ticket.number);
    }
    await until(() => emu.tickets.length >= 25, '25 tickets printed', 20_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(emu.tickets.length).toBe(25);
    for (const n of numbers) expect(printedCount(n), n).toBe(1);
  }, 60_000);
});
