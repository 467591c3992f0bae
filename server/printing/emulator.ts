// A network receipt printer for tests and demos: a TCP server that takes ESC/POS (and the Star
// commands node-thermal-printer sends), answers the DLE EOT / GS r status queries with a paper-out
// and a paper-low switch, decodes text, QR codes and raster images, and keeps each ticket (split at
// the cut) as a PNG. Used in-process by the tests (port 0) and by tools/printer-emulator.ts.
import { createCanvas } from '@napi-rs/canvas';
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { bitmapToPng, loadTicketFont, packBits, TICKET_FONT, type Bitmap } from './render.js';

export interface EmulatorOptions {
  host?: string;
  /** 9100 by default; 0 picks a free port. */
  port?: number;
  /** Where to save each ticket as a PNG; none when null or absent. */
  outDir?: string | null;
  /** File name prefix: `${prefix}-${seq}.png`. */
  prefix?: string;
  paperOut?: boolean;
  paperLow?: boolean;
  /** false: ignore status queries, like a printer without DLE EOT (Star line mode). */
  answerStatus?: boolean;
  /** Width of a text-only ticket in dots (576 for 80 mm, 384 for 58 mm); a raster sets its own. */
  widthDots?: number;
  /** Bytes sent as soon as a client connects, like the 4-byte block of a printer with automatic status back (ASB). */
  greeting?: Buffer;
  /** Command set: Star line mode or ESC/POS; 'auto' switches to Star on the first Star-only command. */
  dialect?: 'auto' | 'epson' | 'star';
  /** Keep each ticket's bytes as received (EmulatedTicket.raw), for tests that check the commands. */
  keepBytes?: boolean;
}

export interface EmulatedTicket {
  seq: number;
  receivedAt: string;
  /** Whether a cut command ended it (false: the connection closed first). */
  cut: boolean;
  dialect: 'epson' | 'star';
  /** The whole ticket as the printer would print it. */
  bitmap: Bitmap;
  png: Buffer;
  file: string | null;
  /** The raster images received, stacked as sent (null when the ticket had none). */
  raster: Bitmap | null;
  /** Decoded text lines, in order. */
  text: string[];
  /** Contents of QR codes printed with the printer's own QR command. */
  qr: string[];
  bytes: number;
  /** The ticket's bytes as received, status queries included (only with keepBytes). */
  raw?: Buffer;
}

interface TextStyle { align: 0 | 1 | 2; bold: boolean; invert: boolean; widthMul: number; heightMul: number }
type Element =
  | { kind: 'raster'; bitmap: Bitmap; align: 0 | 1 | 2 }
  | { kind: 'text'; text: string; style: TextStyle }
  | { kind: 'feed'; dots: number }
  | { kind: 'qr'; data: string; cell: number; align: 0 | 1 | 2 };

const DLE = 0x10, EOT = 0x04, ESC = 0x1b, GS = 0x1d, FS = 0x1c, LF = 0x0a;
const LINE_DOTS = 30; // Font A (24 dots) with the default line spacing

function decoderFor(page: number, dialect: 'epson' | 'star'): TextDecoder | null {
  if (dialect === 'star') return page === 32 ? new TextDecoder('windows-1252') : null;
  if (page === 16) return new TextDecoder('windows-1252');
  if (page === 52) return new TextDecoder('windows-1258');
  return null; // PC437 and the rest: ASCII only here
}

/** The state of one connection: a parser of the byte stream and the ticket being built. */
class Session {
  buf: Buffer = Buffer.alloc(0);
  dialect: 'epson' | 'star';
  elements: Element[] = [];
  line: number[] = [];
  style: TextStyle = { align: 0, bold: false, invert: false, widthMul: 1, heightMul: 1 };
  codePage = 0;
  qrData = '';
  qrCell = 3;
  bytes = 0;
  /** What this ticket's commands were, as received (keepBytes only). */
  raw: Buffer[] | null = null;
  afterBand = false;

  constructor(private readonly emu: PrinterEmulator, private readonly socket: Socket, dialect: EmulatorOptions['dialect']) {
    this.dialect = dialect === 'star' ? 'star' : 'epson';
    this.auto = dialect === 'auto' || dialect === undefined;
    if (emu.keepsBytes) this.raw = [];
  }
  private auto: boolean;

  feed(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      const used = this.step(this.buf, pos);
      if (used <= 0) break;
      this.raw?.push(this.buf.subarray(pos, pos + used));
      pos += used;
    }
    this.buf = this.buf.subarray(pos);
  }

  private star(): void { if (this.auto) this.dialect = 'star'; }

  private flushLine(force = false): void {
    if (this.line.length === 0 && !force) return;
    const dec = decoderFor(this.codePage, this.dialect);
    const bytes = Uint8Array.from(this.line);
    const text = (dec ? dec.decode(bytes) : String.fromCharCode(...bytes.map((b) => (b < 0x80 ? b : 0x3f)))).normalize('NFC');
    this.elements.push({ kind: 'text', text, style: { ...this.style } });
    this.line = [];
  }

  private reset(): void {
    this.style = { align: 0, bold: false, invert: false, widthMul: 1, heightMul: 1 };
    this.codePage = 0;
  }

  /** Consumes one command or character at `pos`; returns the bytes used, or 0 when more are needed. */
  private step(b: Buffer, pos: number): number {
    const left = b.length - pos;
    if (left <= 0) return 0;
    const c = b[pos]!;
    const need = (n: number) => (left >= n ? n : 0);
    const at = (i: number) => b[pos + i]!;
    if (c === DLE) {
      if (left < 3) return 0;
      if (at(1) === EOT) { this.emu.answerStatus(this.socket, 'dle', at(2)); return 3; }
      if (at(1) === 0x05) return 3; // DLE ENQ
      if (at(1) === 0x14) return need(5); // DLE DC4
      return 1;
    }
    if (c === LF) {
      // Star ends each 24-row raster band with LF: the band itself is the line.
      if (this.afterBand) { this.afterBand = false; return 1; }
      this.flushLine(true);
      return 1;
    }
    this.afterBand = false;
    if (c === 0x0d) return 1;
    if (c === 0x0b || c === 0x0c) { this.flushLine(); this.elements.push({ kind: 'feed', dots: LINE_DOTS }); return 1; }
    if (c === 0x09) { this.line.push(0x20); return 1; }
    if (c === ESC) {
      if (left < 2) return 0;
      const k = at(1);
      if (k === 0x1d) { // ESC GS ...: Star only
        this.star();
        if (left < 3) return 0;
        const k2 = at(2);
        if (k2 === 0x61) { if (!need(4)) return 0; this.style.align = (at(3) & 3) as 0 | 1 | 2; return 4; }
        if (k2 === 0x74) { if (!need(4)) return 0; this.codePage = at(3); return 4; }
        if (k2 === 0x79) { // QR: ESC GS y S n m | ESC GS y D 1 m nL nH d... | ESC GS y P
          if (left < 4) return 0;
          const f = at(3);
          if (f === 0x53) { if (!need(6)) return 0; if (at(4) === 0x32) this.qrCell = at(5); return 6; }
          if (f === 0x44) {
            if (left < 8) return 0;
            const n = at(6) + at(7) * 256;
            if (!need(8 + n)) return 0;
            this.qrData = b.subarray(pos + 8, pos + 8 + n).toString('latin1');
            return 8 + n;
          }
          if (f === 0x50) { this.flushLine(); this.elements.push({ kind: 'qr', data: this.qrData, cell: this.qrCell, align: this.style.align }); return 4; }
          return 4;
        }
        return need(4);
      }
      if (k === 0x1e) { this.star(); return need(4); } // ESC RS F n: Star font
      switch (k) {
        case 0x40: this.flushLine(); this.reset(); return 2; // ESC @
        case 0x61: if (!need(3)) return 0; this.style.align = (at(2) % 48 & 3) as 0 | 1 | 2; return 3;
        case 0x45:
          if (this.dialect === 'star') { this.style.bold = true; return 2; }
          if (!need(3)) return 0; this.style.bold = (at(2) & 1) === 1; return 3;
        case 0x46: if (this.dialect === 'star') { this.style.bold = false; return 2; } return need(3);
        case 0x21: {
          if (!need(3)) return 0;
          const n = at(2);
          this.style.bold = (n & 0x08) !== 0;
          this.style.heightMul = n & 0x10 ? 2 : 1;
          this.style.widthMul = n & 0x20 ? 2 : 1;
          return 3;
        }
        case 0x74: if (!need(3)) return 0; this.codePage = at(2); return 3;
        case 0x64: // ESC d n: feed n lines (ESC/POS) or cut (Star)
          if (!need(3)) return 0;
          if (this.dialect === 'star') { this.cut(); return 3; }
          this.flushLine();
          this.elements.push({ kind: 'feed', dots: LINE_DOTS * at(2) });
          return 3;
        case 0x4a: if (!need(3)) return 0; this.flushLine(); this.elements.push({ kind: 'feed', dots: at(2) }); return 3;
        case 0x69: // Star ESC i n1 n2: character expansion
          this.star();
          if (!need(4)) return 0;
          this.style.heightMul = at(2) + 1; this.style.widthMul = at(3) + 1;
          return 4;
        case 0x6b: { // Star ESC k n1 n2 + 24 rows of n1 bytes: one band of a raster image
          this.star();
          if (left < 4) return 0;
          const bytesPerRow = at(2) + at(3) * 256;
          const n = 24 * bytesPerRow;
          if (!need(4 + n)) return 0;
          this.addRaster(bytesPerRow * 8, 24, bytesPerRow, b.subarray(pos + 4, pos + 4 + n), true);
          this.afterBand = true;
          return 4 + n;
        }
        case 0x34: if (this.dialect === 'star') { this.style.invert = true; return 2; } return 2;
        case 0x35: if (this.dialect === 'star') { this.style.invert = false; return 2; } return 2;
        case 0x30: case 0x31: case 0x32: case 0x38: case 0x39: return 2; // line spacing presets
        case 0x7a: this.star(); return need(3);
        case 0x07: return need(5); // Star drawer
        case 0x70: return need(5); // ESC p m t1 t2: drawer pulse
        case 0x3f: return need(4); // Star reset
        default: return need(3); // ESC x n: modes this emulator does not draw (underline, font, spacing)
      }
    }
    if (c === GS) {
      if (left < 2) return 0;
      const k = at(1);
      switch (k) {
        case 0x21: {
          if (!need(3)) return 0;
          const n = at(2);
          this.style.widthMul = ((n >> 4) & 7) + 1;
          this.style.heightMul = (n & 7) + 1;
          return 3;
        }
        case 0x42: if (!need(3)) return 0; this.style.invert = (at(2) & 1) === 1; return 3;
        case 0x56: { // GS V m [n]: cut
          if (left < 3) return 0;
          const m = at(2);
          const len = m >= 65 ? 4 : 3;
          if (!need(len)) return 0;
          this.cut();
          return len;
        }
        case 0x76: { // GS v 0 m xL xH yL yH d1...dk
          if (left < 8) return 0;
          const bytesPerRow = at(4) + at(5) * 256;
          const rows = at(6) + at(7) * 256;
          const n = bytesPerRow * rows;
          if (!need(8 + n)) return 0;
          this.addRaster(bytesPerRow * 8, rows, bytesPerRow, b.subarray(pos + 8, pos + 8 + n), false);
          return 8 + n;
        }
        case 0x28: { // GS ( x pL pH ...
          if (left < 5) return 0;
          const n = at(3) + at(4) * 256;
          if (!need(5 + n)) return 0;
          if (at(2) === 0x6b && n >= 3 && at(5) === 0x31) { // GS ( k: QR code, cn = 49
            const fn = at(6);
            if (fn === 0x43) this.qrCell = at(7);
            else if (fn === 0x50) this.qrData = b.subarray(pos + 8, pos + 5 + n).toString('latin1');
            else if (fn === 0x51) { this.flushLine(); this.elements.push({ kind: 'qr', data: this.qrData, cell: this.qrCell, align: this.style.align }); }
          }
          return 5 + n;
        }
        case 0x72: if (!need(3)) return 0; this.emu.answerStatus(this.socket, 'gsr', at(2)); return 3;
        case 0x6b: { // GS k m ...: barcode, skipped
          if (left < 3) return 0;
          if (at(2) >= 65) { if (left < 4) return 0; return need(4 + at(3)); }
          const end = b.indexOf(0, pos + 3);
          return end < 0 ? 0 : end - pos + 1;
        }
        default: return need(3);
      }
    }
    if (c === FS) return need(2);
    if (c < 0x20) return 1;
    this.line.push(c);
    return 1;
  }

  private addRaster(width: number, rows: number, bytesPerRow: number, data: Buffer, starBand: boolean): void {
    this.flushLine();
    const last = this.elements.at(-1);
    // Star sends 24-row bands: join them back into one image.
    if (starBand && last?.kind === 'raster' && last.bitmap.bytesPerRow === bytesPerRow) {
      const bits = new Uint8Array(last.bitmap.bits.length + data.length);
      bits.set(last.bitmap.bits);
      bits.set(data, last.bitmap.bits.length);
      last.bitmap = { width, height: last.bitmap.height + rows, bytesPerRow, bits };
      return;
    }
    this.elements.push({ kind: 'raster', bitmap: { width, height: rows, bytesPerRow, bits: Uint8Array.from(data) }, align: this.style.align });
  }

  cut(closed = false): void {
    this.flushLine();
    const hasInk = this.elements.some((e) => e.kind !== 'feed');
    const elements = this.elements;
    this.elements = [];
    const bytes = this.bytes;
    this.bytes = 0;
    const raw = this.raw ? Buffer.concat(this.raw) : undefined;
    if (this.raw) this.raw = [];
    if (hasInk) this.emu.finishTicket(elements, !closed, this.dialect, bytes, raw);
  }
}

function textFont(px: number, bold: boolean): string {
  return `${bold ? 700 : 500} ${Math.round(px)}px "${TICKET_FONT}"`;
}

/** Lays the received elements out on paper, as the printer would. */
function compose(elements: Element[], paperWidth: number): { bitmap: Bitmap; raster: Bitmap | null; text: string[]; qr: string[] } {
  loadTicketFont();
  // A ticket of images only is as wide as they are (384 dots on 58 mm paper); text needs the paper width.
  const rasterWidth = Math.max(0, ...elements.map((e) => (e.kind === 'raster' ? e.bitmap.width : 0)));
  const onlyImages = rasterWidth > 0 && !elements.some((e) => e.kind === 'text' || e.kind === 'qr');
  const width = onlyImages ? rasterWidth : Math.max(paperWidth, rasterWidth);
  const heightOf = (e: Element): number => {
    switch (e.kind) {
      case 'raster': return e.bitmap.height;
      case 'feed': return e.dots;
      case 'text': return LINE_DOTS * e.style.heightMul;
      case 'qr': return QRCode.create(e.data || ' ', { errorCorrectionLevel: 'M' }).modules.size * e.cell + 8;
    }
  };
  const height = Math.max(1, elements.reduce((s, e) => s + heightOf(e), 0));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000';
  const stamps: Array<(b: Bitmap) => void> = [];
  const text: string[] = [];
  const qr: string[] = [];
  const rasters: Bitmap[] = [];
  let y = 0;
  for (const e of elements) {
    const h = heightOf(e);
    if (e.kind === 'text') {
      text.push(e.text);
      // The printer's font A is monospaced, 12 x 24 dots a character: each glyph of the shipped font
      // is drawn in its own cell, narrowed where it is wider than the cell.
      const px = 22 * e.style.heightMul;
      const cell = 12 * e.style.widthMul;
      const chars = [...e.text];
      const w = chars.length * cell;
      const x = e.style.align === 1 ? Math.floor((width - w) / 2) : e.style.align === 2 ? width - w : 0;
      ctx.font = textFont(px, e.style.bold);
      ctx.textAlign = 'center';
      if (e.style.invert) { ctx.fillRect(x, y, w, h); ctx.fillStyle = '#fff'; }
      chars.forEach((ch, i) => {
        if (ch === ' ') return;
        const natural = ctx.measureText(ch).width;
        const sx = natural > cell * 0.95 ? (cell * 0.95) / natural : 1;
        ctx.save();
        ctx.translate(x + i * cell + cell / 2, y + Math.round(px * 1.05));
        ctx.scale(sx, 1);
        ctx.fillText(ch, 0, 0);
        ctx.restore();
      });
      ctx.fillStyle = '#000';
    } else if (e.kind === 'raster') {
      rasters.push(e.bitmap);
      const x0 = e.align === 1 ? Math.floor((width - e.bitmap.width) / 16) * 8 : e.align === 2 ? width - e.bitmap.width : 0;
      const top = y;
      stamps.push((b) => blit(b, e.bitmap, x0, top));
    } else if (e.kind === 'qr') {
      qr.push(e.data);
      const m = QRCode.create(e.data || ' ', { errorCorrectionLevel: 'M' }).modules;
      const side = m.size * e.cell;
      const x0 = e.align === 1 ? Math.round((width - side) / 2) : e.align === 2 ? width - side : 0;
      for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.get(r, c)) ctx.fillRect(x0 + c * e.cell, y + 4 + r * e.cell, e.cell, e.cell);
    }
    y += h;
  }
  const bitmap = packBits(canvas.data(), width, height);
  for (const s of stamps) s(bitmap);
  return { bitmap, raster: rasters.length ? stack(rasters) : null, text, qr };
}

/** Copies a bitmap into another at a byte-aligned x (rasters are sent in whole bytes). */
function blit(dst: Bitmap, src: Bitmap, x: number, y: number): void {
  const xb = x >> 3;
  for (let r = 0; r < src.height && y + r < dst.height; r++) {
    for (let i = 0; i < src.bytesPerRow && xb + i < dst.bytesPerRow; i++) {
      dst.bits[(y + r) * dst.bytesPerRow + xb + i] = src.bits[r * src.bytesPerRow + i]!;
    }
  }
}

function stack(list: Bitmap[]): Bitmap {
  const bytesPerRow = Math.max(...list.map((b) => b.bytesPerRow));
  const height = list.reduce((s, b) => s + b.height, 0);
  const out: Bitmap = { width: bytesPerRow * 8, height, bytesPerRow, bits: new Uint8Array(bytesPerRow * height) };
  let y = 0;
  for (const b of list) { blit(out, b, 0, y); y += b.height; }
  return out;
}

export class PrinterEmulator extends EventEmitter {
  readonly tickets: EmulatedTicket[] = [];
  /** Status queries answered (DLE EOT n and GS r n), for tests. */
  statusQueries = 0;
  /** Tickets that arrived while the paper was out: not printed. */
  discarded = 0;
  connections = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private seq = 0;
  private paperOut: boolean;
  private paperLow: boolean;

  constructor(private readonly opts: EmulatorOptions = {}) {
    super();
    this.paperOut = opts.paperOut ?? false;
    this.paperLow = opts.paperLow ?? false;
  }

  async start(): Promise<{ host: string; port: number; url: string }> {
    if (this.opts.outDir) mkdirSync(this.opts.outDir, { recursive: true });
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    const host = this.opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 9100, host, () => { server.off('error', reject); resolve(); });
    });
    return { host, port: this.port, url: this.url };
  }

  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : 0;
  }

  /** "tcp://host:port", the form a kiosk's `printer` setting takes. */
  get url(): string {
    return `tcp://${this.opts.host ?? '127.0.0.1'}:${this.port}`;
  }

  get keepsBytes(): boolean { return this.opts.keepBytes === true; }

  get state(): { paperOut: boolean; paperLow: boolean } {
    return { paperOut: this.paperOut, paperLow: this.paperLow };
  }

  setPaperOut(on: boolean): void { this.paperOut = on; this.emit('paper', this.state); }
  setPaperLow(on: boolean): void { this.paperLow = on; this.emit('paper', this.state); }

  private accept(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    const session = new Session(this, socket, this.opts.dialect ?? 'auto');
    if (this.opts.greeting) socket.write(this.opts.greeting);
    socket.on('data', (chunk) => {
      try { session.feed(chunk); } catch (e) { this.emit('error', e); socket.destroy(); }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.sockets.delete(socket);
      session.cut(true);
    });
  }

  /** @internal The answer to a real-time status query (DLE EOT n) or GS r n. */
  answerStatus(socket: Socket, kind: 'dle' | 'gsr', n: number): void {
    if (this.opts.answerStatus === false) return;
    this.statusQueries++;
    const out = this.paperOut;
    const low = this.paperLow || out;
    let byte: number;
    if (kind === 'gsr') {
      byte = (low ? 0x03 : 0) | (out ? 0x0c : 0); // paper sensor status
    } else {
      switch (n) {
        case 1: byte = 0x12 | (out ? 0x08 : 0); break; // printer status: offline while out of paper
        case 2: byte = 0x12 | (out ? 0x20 : 0); break; // offline cause: stopped by paper end
        case 3: byte = 0x12; break; // error cause: none
        case 4: byte = 0x12 | (low ? 0x0c : 0) | (out ? 0x60 : 0); break; // roll paper sensors
        default: return;
      }
    }
    if (!socket.destroyed) socket.write(Buffer.from([byte]));
    this.emit('status', { kind, n, byte });
  }

  /** @internal */
  finishTicket(elements: Element[], cut: boolean, dialect: 'epson' | 'star', bytes: number, raw?: Buffer): void {
    if (this.paperOut) {
      this.discarded++;
      this.emit('discarded', { reason: 'paper_out' });
      return;
    }
    const { bitmap, raster, text, qr } = compose(elements, this.opts.widthDots ?? 576);
    const seq = ++this.seq;
    const png = bitmapToPng(bitmap);
    let file: string | null = null;
    if (this.opts.outDir) {
      file = join(this.opts.outDir, `${this.opts.prefix ?? 'ticket'}-${String(seq).padStart(4, '0')}.png`);
      writeFileSync(file, png);
    }
    const ticket: EmulatedTicket = { seq, receivedAt: new Date().toISOString(), cut, dialect, bitmap, png, file, raster, text, qr, bytes, ...(raw ? { raw } : {}) };
    this.tickets.push(ticket);
    this.emit('ticket', ticket);
  }

  /** Resolves with the `count`-th ticket (1-based) once it has been printed. */
  waitForTicket(count = this.tickets.length + 1): Promise<EmulatedTicket> {
    const have = this.tickets[count - 1];
    if (have) return Promise.resolve(have);
    return new Promise((resolve) => {
      const on = () => {
        const t = this.tickets[count - 1];
        if (t) { this.off('ticket', on); resolve(t); }
      };
      this.on('ticket', on);
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
