// Printing figures: raster render (layout + text + 1-bit PNG), ESC/POS bytes, and what print()
// costs its caller when the printer is dead. `npx tsx test/bench/printing.ts` prints a table.
// Target: the raster costs <= 30 ms per ticket.
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { rasterJob, textJob } from '../../server/printing/escpos.js';
import { PrinterService } from '../../server/printing/printer-service.js';
import { renderTicket } from '../../server/printing/render.js';
import { sampleTicket } from '../../server/printing/sample.js';

export interface PrintingBench {
  rasterMsP50: number;
  rasterMsP99: number;
  /** CPU time of one raster render (user + system): what it costs when other processes share the cores. */
  rasterCpuMs: number;
  escposMsP50: number;
  raster58MsP50: number;
  textEscposMsP50: number;
  /** Time print() holds its caller, with a printer that refuses connections. */
  printCallMsP99: number;
  /** Tickets per second end to end (status query, render, send) over TCP to a printer that reads at once. */
  printedPerSecond: number;
  /** Longest event-loop stall while those tickets printed. */
  eventLoopMaxStallMs: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

async function time<T>(n: number, f: (i: number) => Promise<T> | T): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export async function benchPrinting(opts: { samples?: number } = {}): Promise<PrintingBench> {
  const n = opts.samples ?? 200;
  const ticket = (i: number) => sampleTicket({
    number: `A${String(i % 1000).padStart(3, '0')}`, waitingAhead: i % 40, priorityLabel: i % 5 === 0 ? 'Người cao tuổi' : null,
  });
  // warm-up: font registration, JIT
  for (let i = 0; i < 10; i++) rasterJob(await renderTicket(ticket(i), { paperWidthMm: 80 }), { paperWidthMm: 80, printMode: 'raster' });

  const cpu0 = process.cpuUsage();
  const raster = await time(n, (i) => renderTicket(ticket(i), { paperWidthMm: 80 }));
  const cpu = process.cpuUsage(cpu0);
  const raster58 = await time(n, (i) => renderTicket(ticket(i), { paperWidthMm: 58 }));
  const rendered = await renderTicket(ticket(1), { paperWidthMm: 80 });
  const escpos = await time(n, () => rasterJob(rendered, { paperWidthMm: 80, printMode: 'raster' }));
  const text = await time(n, (i) => textJob(ticket(i), { paperWidthMm: 80, printMode: 'text' }));

  // print() to a dead printer: the caller's cost only.
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
  const deadPort = (dead.address() as { port: number }).port;
  await new Promise<void>((r) => dead.close(() => r()));
  const deadSvc = new PrinterService({ onChange: () => {}, retries: 2, backoffMs: 10 });
  const calls = await time(n, (i) => deadSvc.print(`k${i % 10}`, `tcp://127.0.0.1:${deadPort}`, ticket(i), { paperWidthMm: 80, printMode: 'raster' }));
  await deadSvc.close();

  // End to end over TCP, with the event loop watched. The far end is a bare sink that answers the
  // status queries and discards the data (the emulator's decoding would run in this process too).
  const sink = createServer((sock) => {
    sock.on('data', (chunk) => {
      for (let i = 0; i + 2 < chunk.length; i++) if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) sock.write(Buffer.from([0x12]));
    });
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const sinkUrl = `tcp://127.0.0.1:${(sink.address() as { port: number }).port}`;
  let printed = 0;
  let finish = () => {};
  const all = new Promise<void>((r) => { finish = r; });
  const count = 50;
  const svc = new PrinterService({ onChange: () => {}, onJob: () => { if (++printed === count) finish(); } });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) svc.print(`kiosk${i % 5}`, sinkUrl, ticket(i), { paperWidthMm: 80, printMode: 'raster' });
  await all;
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  await svc.close();
  await new Promise<void>((r) => sink.close(() => r()));

  return {
    rasterMsP50: r2(pct(raster, 50)),
    rasterMsP99: r2(pct(raster, 99)),
    rasterCpuMs: r2((cpu.user + cpu.system) / 1000 / n),
    escposMsP50: r2(pct(escpos, 50)),
    raster58MsP50: r2(pct(raster58, 50)),
    textEscposMsP50: r2(pct(text, 50)),
    printCallMsP99: r2(pct(calls, 99)),
    printedPerSecond: Math.round(count / seconds),
    eventLoopMaxStallMs: r2(loop.max / 1e6),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchPrinting();
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  console.table({
    'raster 80 mm p50 (ms)': r.rasterMsP50,
    'raster 80 mm p99 (ms)': r.rasterMsP99,
    'raster 80 mm CPU per ticket (ms)': r.rasterCpuMs,
    'raster 58 mm p50 (ms)': r.raster58MsP50,
    'ESC/POS bytes, raster p50 (ms)': r.escposMsP50,
    'ESC/POS bytes, text p50 (ms)': r.textEscposMsP50,
    'print() to a dead printer p99 (ms)': r.printCallMsP99,
    'tickets printed per s (TCP, one printer)': r.printedPerSecond,
    'longest event-loop stall while printing (ms)': r.eventLoopMaxStallMs,
  });
  const verdict = (x: number) => (x <= 30 ? 'met' : 'MISSED');
  console.log(`raster target (<= 30 ms per ticket): ${verdict(r.rasterMsP50)} by wall-clock p50, ${verdict(r.rasterCpuMs)} by CPU time`);
}
