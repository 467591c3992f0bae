// Printing over real TCP sockets: PrinterService → emulator (in process, port 0) → decoded PNGs in
// test/screenshots/printed-*.png; status queries with and without paper; a closed port; a printer
// that accepts and never reads. No timed assertions: the tests wait for events.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { closedPort } from '../helpers/net.js';
import { join, resolve } from 'node:path';
import { PrinterEmulator, type EmulatedTicket } from '../../server/printing/emulator.js';
import { PrinterService, parsePrinterUrl, type PrintJobResult } from '../../server/printing/printer-service.js';
import { renderTicket } from '../../server/printing/render.js';
import { sampleTicket } from '../../server/printing/sample.js';
import type { PrinterStatus, PrintSettings } from '../../server/printing/types.js';

const SHOTS = resolve(import.meta.dirname, '..', 'screenshots');
const RASTER_80: PrintSettings = { paperWidthMm: 80, printMode: 'raster' };

function save(name: string, t: EmulatedTicket): string {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `printed-${name}.png`);
  writeFileSync(file, t.png);
  return file;
}

/** A service whose job results and status changes the test can wait for. */
function service(opts: Partial<ConstructorParameters<typeof PrinterService>[0]> = {}) {
  const jobs: PrintJobResult[] = [];
  const changes: PrinterStatus[] = [];
  const waiters: Array<() => void> = [];
  const poke = () => { for (const w of waiters.splice(0)) w(); };
  const svc = new PrinterService({
    onChange: (s) => { changes.push(s); poke(); },
    onJob: (j) => { jobs.push(j); poke(); },
    retries: 2,
    backoffMs: 20,
    timeoutMs: 2000,
    ...opts,
  });
  const until = async (pred: () => boolean): Promise<void> => {
    while (!pred()) await new Promise<void>((r) => waiters.push(r));
  };
  return { svc, jobs, changes, until };
}

describe('printing a ticket on a network printer', () => {
  let emu: PrinterEmulator;
  beforeAll(async () => { emu = new PrinterEmulator({ port: 0 }); await emu.start(); });
  afterAll(async () => { await emu.stop(); });
  afterEach(() => { emu.setPaperOut(false); emu.setPaperLow(false); });

  it('prints the rendered raster dot for dot (80 mm, EPSON)', async () => {
    const { svc, jobs, until } = service();
    const ticket = sampleTicket({ priorityLabel: 'Người cao tuổi' });
    const before = emu.tickets.length;
    svc.print('kiosk-1', emu.url, ticket, RASTER_80);
    const printed = await emu.waitForTicket(before + 1);
    await until(() => jobs.length === 1);
    save('raster-80', printed);

    const rendered = await renderTicket(ticket, { paperWidthMm: 80 });
    expect(printed.cut).toBe(true);
    expect(printed.raster).not.toBeNull();
    expect(printed.raster!.width).toBe(576);
    expect(printed.raster!.height).toBe(rendered.bitmap.height);
    expect(Buffer.from(printed.raster!.bits).equals(Buffer.from(rendered.bitmap.bits))).toBe(true);
    expect(jobs[0]).toMatchObject({ deviceId: 'kiosk-1', ticketId: ticket.ticketId, outcome: 'printed', state: 'ok' });
    expect(svc.status('kiosk-1')).toMatchObject({ state: 'ok', lastPrintedTicketId: ticket.ticketId, lastError: null });
    await svc.close();
  });

  it('prints 58 mm and STAR rasters, and text mode with and without a Vietnamese code page', async () => {
    const { svc, jobs, until } = service();
    const ticket = sampleTicket({ number: 'F107', serviceName: 'Lao động – Người có công – Bảo trợ xã hội', priorityLabel: 'Người có công', counterNumbers: [5, 6] });
    const cases: Array<[string, PrintSettings]> = [
      ['raster-58', { paperWidthMm: 58, printMode: 'raster' }],
      ['raster-80-star', { paperWidthMm: 80, printMode: 'raster', type: 'star' }],
      ['text-80-ascii', { paperWidthMm: 80, printMode: 'text' }],
      ['text-80-wpc1258', { paperWidthMm: 80, printMode: 'text', textCodePage: 'wpc1258' }],
    ];
    const first = emu.tickets.length + 1;
    for (const [, settings] of cases) svc.print('kiosk-2', emu.url, ticket, settings);
    await until(() => jobs.length === cases.length);
    const got = await Promise.all(cases.map((_, i) => emu.waitForTicket(first + i)));
    cases.forEach(([name], i) => save(name, got[i]!));
    expect(jobs.map((j) => j.outcome)).toEqual(['printed', 'printed', 'printed', 'printed']);

    const [r58, star, ascii, cp1258] = got as [EmulatedTicket, EmulatedTicket, EmulatedTicket, EmulatedTicket];
    const rendered58 = await renderTicket(ticket, { paperWidthMm: 58 });
    expect(r58.raster!.width).toBe(384);
    expect(Buffer.from(r58.raster!.bits).equals(Buffer.from(rendered58.bitmap.bits))).toBe(true);

    expect(star.dialect).toBe('star');
    const rendered80 = await renderTicket(ticket, { paperWidthMm: 80 });
    // Star bands are 24 rows: the last one is padded with blank rows.
    expect(star.raster!.height).toBe(Math.ceil(rendered80.bitmap.height / 24) * 24);
    expect(Buffer.from(star.raster!.bits.subarray(0, rendered80.bitmap.bits.length)).equals(Buffer.from(rendered80.bitmap.bits))).toBe(true);

    expect(ascii.text).toContain('PHIEU SO THU TU');
    expect(ascii.text).toContain('F107');
    expect(ascii.text.some((l) => /^So nguoi cho truoc +12$/.test(l))).toBe(true);
    expect(ascii.qr).toEqual([ticket.url]);

    expect(cp1258.text).toContain('PHIẾU SỐ THỨ TỰ');
    expect(cp1258.text).toContain('ƯU TIÊN: NGƯỜI CÓ CÔNG');
    expect(cp1258.text.some((l) => /^Số người chờ trước +12$/.test(l))).toBe(true);
    expect(cp1258.text.some((l) => /^Quầy +5, 6$/.test(l))).toBe(true);
    expect(cp1258.qr).toEqual([ticket.url]);
    await svc.close();
  });

  it('keeps the order of tickets on one printer', async () => {
    const { svc, jobs, until } = service();
    const first = emu.tickets.length + 1;
    for (const n of ['A030', 'A031', 'A032']) svc.print('kiosk-3', emu.url, sampleTicket({ number: n }), { paperWidthMm: 80, printMode: 'text' });
    await until(() => jobs.length === 3);
    const got = await Promise.all([0, 1, 2].map((i) => emu.waitForTicket(first + i)));
    expect(got.map((t) => t.text.find((l) => /^A03\d$/.test(l)))).toEqual(['A030', 'A031', 'A032']);
    await svc.close();
  });

  it('reads the paper state with DLE EOT: ok, near end, out; holds the ticket back when out, reprints after', async () => {
    const { svc, jobs, until } = service();
    svc.register('kiosk-4', emu.url);
    expect(svc.status('kiosk-4')).toMatchObject({ state: 'unknown', lastCheckedAt: null });

    const queries = emu.statusQueries;
    expect((await svc.check('kiosk-4'))?.state).toBe('ok');
    expect(emu.statusQueries).toBeGreaterThan(queries);

    emu.setPaperLow(true);
    expect((await svc.check('kiosk-4'))?.state).toBe('paper_low');
    const lowTicket = sampleTicket({ ticketId: 'tk_low', number: 'B010' });
    const before = emu.tickets.length;
    svc.print('kiosk-4', emu.url, lowTicket, RASTER_80);
    await until(() => jobs.length === 1);
    expect(jobs[0]).toMatchObject({ outcome: 'printed', state: 'paper_low' });
    expect(emu.tickets.length).toBe(before + 1);

    emu.setPaperOut(true);
    const outTicket = sampleTicket({ ticketId: 'tk_out', number: 'B011' });
    svc.print('kiosk-4', emu.url, outTicket, RASTER_80);
    await until(() => jobs.length === 2);
    expect(jobs[1]).toMatchObject({ ticketId: 'tk_out', outcome: 'failed', state: 'paper_out', error: 'paper out' });
    expect(emu.tickets.length).toBe(before + 1); // nothing was sent to a printer without paper
    const out = svc.status('kiosk-4')!;
    expect(out.state).toBe('paper_out');
    expect(out.log.map((l) => l.event)).toEqual(expect.arrayContaining(['paper_low', 'printed', 'paper_out', 'failed']));

    emu.setPaperOut(false);
    emu.setPaperLow(false);
    const back = await svc.check('kiosk-4');
    expect(back?.state).toBe('ok');
    expect(back?.log.at(-1)?.event).toBe('paper_ok');

    expect(svc.reprintLast('kiosk-4')).toBe(true);
    const reprinted = await emu.waitForTicket(before + 2);
    await until(() => jobs.length === 3);
    expect(jobs[2]).toMatchObject({ ticketId: 'tk_out', outcome: 'printed', state: 'ok' });
    const rendered = await renderTicket(outTicket, { paperWidthMm: 80 });
    expect(Buffer.from(reprinted.raster!.bits).equals(Buffer.from(rendered.bitmap.bits))).toBe(true);
    expect(svc.status('kiosk-4')?.lastPrintedTicketId).toBe('tk_out');
    expect(svc.reprintLast('nobody')).toBe(false);
    await svc.close();
  });

  it('polls printers and reports paper out and back without a ticket being printed', async () => {
    const { svc, changes, until } = service();
    svc.register('kiosk-5', emu.url);
    svc.startPolling(100);
    await until(() => changes.some((c) => c.deviceId === 'kiosk-5' && c.state === 'ok'));
    emu.setPaperOut(true);
    await until(() => changes.some((c) => c.deviceId === 'kiosk-5' && c.state === 'paper_out'));
    emu.setPaperOut(false);
    const n = changes.length;
    await until(() => changes.slice(n).some((c) => c.deviceId === 'kiosk-5' && c.state === 'ok'));
    const log = svc.status('kiosk-5')!.log.map((l) => l.event);
    expect(log).toEqual(['paper_out', 'paper_ok']); // a steady state is not logged on every poll
    await svc.close();
  });

  it('reads the status past bytes a printer sends by itself (automatic status back on connect)', async () => {
    const chatty = new PrinterEmulator({ port: 0, greeting: Buffer.from([0x14, 0x00, 0x00, 0x0f]), paperLow: true });
    await chatty.start();
    const { svc } = service();
    svc.register('kiosk-asb', chatty.url);
    expect((await svc.check('kiosk-asb'))?.state).toBe('paper_low');
    await svc.close();
    await chatty.stop();
  });

  it('answers a printer that does not speak DLE EOT as "unknown", and still prints', async () => {
    const quiet = new PrinterEmulator({ port: 0, answerStatus: false });
    await quiet.start();
    const { svc, jobs, until } = service({ statusTimeoutMs: 200 });
    svc.print('kiosk-6', quiet.url, sampleTicket(), RASTER_80);
    await until(() => jobs.length === 1);
    await quiet.waitForTicket(1);
    expect(jobs[0]).toMatchObject({ outcome: 'printed', state: 'unknown' });
    expect(svc.status('kiosk-6')?.log.map((l) => l.event)).toEqual(['no_status', 'printed']);
    await svc.close();
    await quiet.stop();
  });
});

describe('a printer that fails', () => {
  it('unreachable (closed port): print() returns at once, bounded retries, then state unreachable', async () => {
    const port = await closedPort();
    const { svc, jobs, until } = service({ retries: 2 });
    const url = `tcp://127.0.0.1:${port}`;
    const result = svc.print('kiosk-7', url, sampleTicket(), RASTER_80);
    // Nothing happened yet when print() returned: no attempt, no result.
    expect(result).toBeUndefined();
    expect(jobs).toHaveLength(0);
    expect(svc.status('kiosk-7')).toMatchObject({ state: 'unknown', lastCheckedAt: null, log: [] });
    await until(() => jobs.length === 1);
    expect(jobs[0]).toMatchObject({ outcome: 'failed', state: 'unreachable', error: 'ECONNREFUSED' });
    const status = svc.status('kiosk-7')!;
    expect(status.state).toBe('unreachable');
    expect(status.lastError).toBe('ECONNREFUSED');
    expect(status.log.map((l) => l.event)).toEqual(['retry', 'retry', 'unreachable', 'failed']);
    await svc.close();
  });

  it('slow (accepts, never reads nor answers): does not hold up the caller nor another printer', async () => {
    const held: Socket[] = [];
    const slow: Server = createServer((s) => { s.pause(); held.push(s); });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    const slowUrl = `tcp://127.0.0.1:${(slow.address() as { port: number }).port}`;
    const good = new PrinterEmulator({ port: 0 });
    await good.start();
    const { svc, jobs, until } = service({ timeoutMs: 10_000, statusTimeoutMs: 10_000 });

    svc.print('kiosk-slow', slowUrl, sampleTicket({ ticketId: 'tk_slow' }), RASTER_80);
    svc.print('kiosk-slow', slowUrl, sampleTicket({ ticketId: 'tk_slow2' }), RASTER_80);
    svc.print('kiosk-good', good.url, sampleTicket({ ticketId: 'tk_good' }), RASTER_80);
    expect(jobs).toHaveLength(0);

    await good.waitForTicket(1);
    await until(() => jobs.some((j) => j.ticketId === 'tk_good'));
    // The good printer has printed while the slow one still holds its first ticket.
    expect(jobs.map((j) => j.ticketId)).toEqual(['tk_good']);
    while (held.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(held.length).toBe(1); // only the first slow ticket got a connection; the second waits behind it
    expect(svc.status('kiosk-slow')?.state).toBe('unknown');

    await svc.close(); // closes the stuck connection; nothing is left waiting
    for (const s of held) s.destroy();
    await new Promise<void>((r) => slow.close(() => r()));
    await good.stop();
  });

  it('never throws: a malformed address or a broken ticket only shows in the status', async () => {
    const { svc, jobs, until } = service();
    expect(() => svc.print('kiosk-8', 'not a url at all', sampleTicket(), RASTER_80)).not.toThrow();
    expect(svc.status('kiosk-8')).toMatchObject({ state: 'error', lastError: 'invalid printer address: not a url at all' });
    expect(jobs).toMatchObject([{ deviceId: 'kiosk-8', outcome: 'failed', state: 'error' }]);
    const emu = new PrinterEmulator({ port: 0 });
    await emu.start();
    expect(() => svc.print('kiosk-9', emu.url, sampleTicket({ issuedAt: 'yesterday' }), RASTER_80)).not.toThrow();
    await until(() => jobs.length === 2);
    expect(jobs[1]).toMatchObject({ deviceId: 'kiosk-9', outcome: 'failed' });
    expect(jobs[1]!.error).toMatch(/cannot build ticket/);
    await svc.close();
    await emu.stop();
  });

  it('reads printer addresses as written in a kiosk setting', () => {
    expect(parsePrinterUrl('tcp://192.168.1.50:9100')).toEqual({ host: '192.168.1.50', port: 9100 });
    expect(parsePrinterUrl('192.168.1.50')).toEqual({ host: '192.168.1.50', port: 9100 });
    expect(parsePrinterUrl('tcp://printer-hall.local:9101')).toEqual({ host: 'printer-hall.local', port: 9101 });
    expect(parsePrinterUrl('tcp://[fe80::1]:9100')).toEqual({ host: 'fe80::1', port: 9100 });
    expect(parsePrinterUrl('http://x/y')).toBeNull();
    expect(parsePrinterUrl('tcp://host:99999')).toBeNull();
  });
});
