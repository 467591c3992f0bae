// npm run printer-emulator -- [options]
//   A network receipt printer on this machine: receives ESC/POS on TCP, answers status queries,
//   saves each ticket as a PNG. Also probes and test-prints on a real printer.
//
//   --host 127.0.0.1 --port 9100   where to listen
//   --out DIR                      where tickets go (./printed)
//   --width 576|384                width of text-mode tickets in dots (80 / 58 mm paper)
//   --paper-out, --paper-low       start without paper / with the near-end sensor on
//   --no-status                    do not answer DLE EOT (like a printer in Star line mode)
//   --control-port N               HTTP control: GET / (state), POST /paper-out?on=1|0,
//                                  POST /paper-low?on=1|0, GET /last.png (the last ticket)
//   SIGUSR1 toggles paper-out, SIGUSR2 toggles paper-low (kill -USR1 <pid>)
//
//   --probe tcp://HOST:PORT        ask a printer for its status (DLE EOT) and exit
//   --test-print tcp://HOST:PORT   print a sample ticket on it and exit;
//                                  with --paper 58, --mode text, --type star, --codepage wpc1258
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PrinterEmulator } from '../server/printing/emulator.js';
import { PrinterService } from '../server/printing/printer-service.js';
import { sampleTicket } from '../server/printing/sample.js';
import type { PrintSettings } from '../server/printing/types.js';

const { values: args } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '9100' },
    out: { type: 'string', default: 'printed' },
    width: { type: 'string', default: '576' },
    'paper-out': { type: 'boolean', default: false },
    'paper-low': { type: 'boolean', default: false },
    'no-status': { type: 'boolean', default: false },
    'control-port': { type: 'string' },
    probe: { type: 'string' },
    'test-print': { type: 'string' },
    paper: { type: 'string', default: '80' },
    mode: { type: 'string', default: 'raster' },
    type: { type: 'string', default: 'epson' },
    codepage: { type: 'string', default: 'ascii' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

async function probeOrTestPrint(url: string, print: boolean): Promise<number> {
  let finished: () => void = () => {};
  const jobDone = new Promise<void>((r) => { finished = r; });
  const svc = new PrinterService({
    onChange: () => {},
    onJob: (j) => { console.log(`print: ${j.outcome}${j.error ? ` (${j.error})` : ''}`); finished(); },
    retries: 0,
    timeoutMs: 4000,
  });
  const settings: PrintSettings = {
    paperWidthMm: args.paper === '58' ? 58 : 80,
    printMode: args.mode === 'text' ? 'text' : 'raster',
    type: args.type === 'star' ? 'star' : 'epson',
    textCodePage: args.codepage === 'wpc1258' ? 'wpc1258' : 'ascii',
  };
  if (print) {
    svc.print('cli', url, sampleTicket({ issuedAt: new Date().toISOString() }), settings);
    await jobDone;
  } else {
    svc.register('cli', url);
    await svc.check('cli');
  }
  const status = svc.status('cli');
  await svc.close();
  console.log(`${url}: ${status?.state ?? 'invalid address'}${status?.lastError ? ` (${status.lastError})` : ''}`);
  return status && ['ok', 'paper_low', 'unknown'].includes(status.state) ? 0 : 1;
}

async function main(): Promise<void> {
  if (args.help) {
    console.log('usage: npm run printer-emulator -- [--port 9100] [--out DIR] [--paper-out] [--control-port N] | --probe tcp://HOST:9100 | --test-print tcp://HOST:9100');
    return;
  }
  if (args.probe) { process.exitCode = await probeOrTestPrint(args.probe, false); return; }
  if (args['test-print']) { process.exitCode = await probeOrTestPrint(args['test-print'], true); return; }

  const outDir = resolve(args.out);
  const emu = new PrinterEmulator({
    host: args.host,
    port: Number(args.port),
    outDir,
    paperOut: args['paper-out'],
    paperLow: args['paper-low'],
    answerStatus: !args['no-status'],
    widthDots: Number(args.width) || 576,
  });
  const { url } = await emu.start();
  const paper = () => (emu.state.paperOut ? 'OUT' : emu.state.paperLow ? 'low' : 'ok');
  console.log(`printer emulator on ${url} (paper ${paper()}), tickets to ${outDir}; pid ${process.pid}`);
  emu.on('ticket', (t) => console.log(`ticket ${t.seq}: ${t.bitmap.width}x${t.bitmap.height} dots, ${t.bytes} bytes${t.text.length ? `, ${t.text.length} text lines` : ''} → ${t.file}`));
  emu.on('discarded', () => console.log('ticket not printed: paper out'));
  emu.on('paper', () => console.log(`paper ${paper()}`));
  process.on('SIGUSR1', () => emu.setPaperOut(!emu.state.paperOut));
  process.on('SIGUSR2', () => emu.setPaperLow(!emu.state.paperLow));

  if (args['control-port']) {
    const http = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const on = u.searchParams.get('on');
      if (req.method === 'POST' && (u.pathname === '/paper-out' || u.pathname === '/paper-low')) {
        const cur = u.pathname === '/paper-out' ? emu.state.paperOut : emu.state.paperLow;
        const next = on === null ? !cur : on === '1' || on === 'true';
        if (u.pathname === '/paper-out') emu.setPaperOut(next); else emu.setPaperLow(next);
      } else if (u.pathname === '/last.png') {
        const last = emu.tickets.at(-1);
        if (!last) { res.writeHead(404).end(); return; }
        res.writeHead(200, { 'content-type': 'image/png' }).end(last.png);
        return;
      } else if (u.pathname !== '/') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ url, ...emu.state, tickets: emu.tickets.length, discarded: emu.discarded, statusQueries: emu.statusQueries }));
    });
    http.listen(Number(args['control-port']), args.host, () => console.log(`control on http://${args.host}:${args['control-port']}/`));
  }
  const stop = async () => { await emu.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => { console.error(e); process.exit(1); });
