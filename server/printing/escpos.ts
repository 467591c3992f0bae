// The ESC/POS bytes of a ticket, built with node-thermal-printer (no printer connected: getBuffer()).
// Raster mode: the rendered 1-bit image as GS v 0 (EPSON) or ESC k bands (STAR), so every
// Vietnamese diacritic prints on any printer. Text mode: the printer's own font, faster and
// lighter, but Vietnamese only as far as the printer's code page goes (see TextCodePage).
import ntp from 'node-thermal-printer';
import { paperWidthChars, ticketBlocks, type Block } from './layout.js';
import { renderTicket, type Bitmap, type RenderedTicket } from './render.js';
import type { PrintableTicket, PrinterType, PrintSettings, TextCodePage } from './types.js';

const { ThermalPrinter, PrinterTypes } = ntp;

/** Rows per GS v 0 command: printers limit one image's height (python-escpos uses 960 for the same reason). */
export const RASTER_BAND_ROWS = 960;

function newPrinter(settings: PrintSettings): InstanceType<typeof ThermalPrinter> {
  return new ThermalPrinter({
    type: settings.type === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: '', // none: only the bytes are taken (getBuffer); printer-service.ts does the network
    width: paperWidthChars(settings.paperWidthMm),
  });
}

/**
 * The raster commands for a 1-bit image, byte for byte what node-thermal-printer 4.6's
 * printImageBuffer emits for the same picture (a test holds them equal), built straight from the
 * bits: printImageBuffer makes an object per pixel and takes 300-600 ms of the hub's event loop
 * for one 80 mm ticket; this takes well under a millisecond.
 * EPSON: GS v 0 m xL xH yL yH d1...dk, in bands of at most RASTER_BAND_ROWS rows.
 * STAR: ESC 0, then per 24 rows ESC k n 0 + 24 rows of n bytes + LF, then ESC z 1.
 */
export function rasterBytes(b: Bitmap, type: PrinterType = 'epson'): Buffer {
  const parts: Buffer[] = [];
  if (type === 'star') {
    parts.push(Buffer.from([0x1b, 0x30]));
    for (let y = 0; y < b.height; y += 24) {
      const band = Buffer.alloc(24 * b.bytesPerRow);
      const rows = Math.min(24, b.height - y);
      band.set(b.bits.subarray(y * b.bytesPerRow, (y + rows) * b.bytesPerRow));
      parts.push(Buffer.from([0x1b, 0x6b, b.bytesPerRow & 0xff, 0x00]), band, Buffer.from('\n'));
    }
    parts.push(Buffer.from([0x1b, 0x7a, 0x01]));
  } else {
    for (let y = 0; y < b.height; y += RASTER_BAND_ROWS) {
      const rows = Math.min(RASTER_BAND_ROWS, b.height - y);
      parts.push(
        Buffer.from([0x1d, 0x76, 0x30, 48, b.bytesPerRow & 0xff, (b.bytesPerRow >> 8) & 0xff, rows & 0xff, (rows >> 8) & 0xff]),
        Buffer.from(b.bits.buffer, b.bits.byteOffset + y * b.bytesPerRow, rows * b.bytesPerRow),
      );
    }
  }
  return Buffer.concat(parts);
}

/**
 * ESC @ (initialize) before every ticket as well as after: a printer left in an odd state by another
 * program (a code page, bold, double size, upside down) prints the ticket as meant.
 */
export const ESC_INIT = Buffer.from([0x1b, 0x40]);
const initialized = (b: Buffer): Buffer => Buffer.concat([ESC_INIT, b]);

/** ESC/POS bytes that print the rendered ticket (a raster `paperWidthDots` wide) and cut. */
export function rasterJob(rendered: RenderedTicket, settings: PrintSettings): Buffer {
  const p = newPrinter(settings);
  p.alignLeft();
  p.add(rasterBytes(rendered.bitmap, settings.type));
  p.cut();
  return initialized(p.getBuffer());
}

/** The same job through node-thermal-printer's own printImageBuffer (slow; the reference for tests). */
export async function rasterJobViaPrintImageBuffer(png: Buffer, settings: PrintSettings): Promise<Buffer> {
  const p = newPrinter(settings);
  p.alignLeft();
  await p.printImageBuffer(png);
  p.cut();
  return initialized(p.getBuffer());
}

// ---------------------------------------------------------------- text mode

/** "Số người chờ trước" → "So nguoi cho truoc" (đ → d as well, which NFD leaves alone). */
export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .replace(/[–—]/g, '-').replace(/[^\x20-\x7e]/g, '?');
}

let cp1258: Map<string, number> | null = null;
/** Windows-1258 keeps â ê ô ă ơ ư đ as letters and writes the five tones as combining bytes after them. */
export function encodeCp1258(s: string): Buffer {
  if (!cp1258) {
    cp1258 = new Map();
    const dec = new TextDecoder('windows-1258');
    for (let b = 0x80; b <= 0xff; b++) {
      const ch = dec.decode(Uint8Array.of(b));
      if (ch !== '\ufffd' && !cp1258.has(ch)) cp1258.set(ch, b);
    }
  }
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/;
  const out: number[] = [];
  const put = (ch: string) => {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0x20 && code < 0x7f) out.push(code);
    else if (cp1258!.has(ch)) out.push(cp1258!.get(ch)!);
    else out.push(...Buffer.from(stripDiacritics(ch), 'latin1'));
  };
  // Per letter: the base with its non-tone marks recomposed ("ê", "ơ"), then the tone as a combining
  // byte: "ộ" (NFD o + dot below + circumflex) → "ô" + U+0323.
  for (const cluster of s.normalize('NFD').match(/\P{M}\p{M}*/gu) ?? []) {
    const marks = [...cluster.slice(1)];
    const base = (cluster[0]! + marks.filter((m) => !tones.test(m)).join('')).normalize('NFC');
    for (const ch of base) put(ch);
    for (const m of marks) if (tones.test(m)) put(m);
  }
  return Buffer.from(out);
}

/** Word wrap to `width` characters, evened out so that no word is left alone on the last line. */
function fold(text: string, width: number): string[] {
  const lines = foldGreedy(text, width);
  if (lines.length < 2) return lines;
  let w = width;
  while (w > 8 && foldGreedy(text, w - 1).length === lines.length) w--;
  return foldGreedy(text, w);
}

function foldGreedy(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if ([...candidate].length <= width) { line = candidate; continue; }
    if (line) lines.push(line);
    line = word;
    while ([...line].length > width) { lines.push([...line].slice(0, width).join('')); line = [...line].slice(width).join(''); }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Star's QR commands (model 2, level M, cell size, data, print). node-thermal-printer 4.6's STAR
 * printQR leaves out the "ESC GS y D 1 0" before the data, so the printer would print the URL as text.
 */
function starQr(data: string, cell: number): Buffer {
  const d = Buffer.from(data, 'latin1');
  return Buffer.concat([
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x30, 0x02]),
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x31, 0x01]),
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x32, cell]),
    Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, d.length & 0xff, (d.length >> 8) & 0xff]),
    d,
    Buffer.from([0x1b, 0x1d, 0x79, 0x50]),
  ]);
}

/** ESC/POS bytes of the ticket in the printer's own font, with the printer's own QR code command. */
export function textJob(ticket: PrintableTicket, settings: PrintSettings): Buffer {
  const p = newPrinter(settings);
  // WPC1258 is ESC t 52 on Epson and its clones; Star's own command set has no page for it.
  const codePage: TextCodePage = settings.type === 'star' ? 'ascii' : settings.textCodePage ?? 'ascii';
  const width = paperWidthChars(settings.paperWidthMm);
  // Text is folded here (not by node-thermal-printer) because in 4.6 its per-character code page
  // search switches code pages in the middle of a Vietnamese line.
  const encode = (s: string): Buffer => (codePage === 'wpc1258' ? encodeCp1258(s) : Buffer.from(stripDiacritics(s), 'latin1'));
  const glyphs = (s: string) => (codePage === 'wpc1258' ? s.normalize('NFC') : stripDiacritics(s));
  const raw = (s: string) => { p.add(encode(s)); p.newLine(); };
  const line = (s: string, chars = width) => { for (const l of fold(s, chars)) raw(l); };
  if (codePage === 'wpc1258') p.add(Buffer.from([0x1b, 0x74, 52]));

  const draw = (b: Block) => {
    switch (b.kind) {
      case 'text':
        p.alignCenter();
        p.bold(b.bold);
        if (b.size === 'lg' || b.size === 'xl') { p.setTextDoubleHeight(); line(b.text); p.setTextNormal(); } else line(b.text);
        p.bold(false);
        break;
      case 'number':
        p.alignCenter();
        p.bold(true);
        // Font A is 12 x 24 dots: x6 makes a 4-character number 288 dots wide and 144 dots tall.
        if (settings.type === 'star') p.add(Buffer.from([0x1b, 0x69, 5, 5])); // ESC i: Star's character expansion
        else p.setTextSize(5, 5);
        line(b.text, Math.floor(width / 6));
        p.setTextNormal();
        p.bold(false);
        break;
      case 'badge':
        p.alignCenter();
        p.invert(true);
        p.bold(true);
        line(` ${b.text} `);
        p.bold(false);
        p.invert(false);
        break;
      case 'rule':
        p.alignLeft();
        p.add(Buffer.from('-'.repeat(width), 'latin1'));
        p.newLine();
        break;
      case 'row': {
        p.alignLeft();
        const label = glyphs(b.label);
        const value = glyphs(b.value);
        const gap = width - [...label].length - [...value].length;
        if (gap >= 1) raw(`${b.label}${' '.repeat(gap)}${b.value}`);
        else { line(b.label); p.alignRight(); line(b.value); p.alignLeft(); }
        break;
      }
      case 'qr':
        p.alignCenter();
        if (settings.type === 'star') p.add(starQr(b.data, settings.paperWidthMm === 58 ? 5 : 6));
        else p.printQR(b.data, { cellSize: settings.paperWidthMm === 58 ? 5 : 6, correction: 'M', model: 2 });
        p.newLine();
        line(b.caption);
        break;
    }
  };
  for (const b of ticketBlocks(ticket)) draw(b);
  p.cut();
  return initialized(p.getBuffer());
}

/** The bytes to send for a ticket, in the mode of the site's settings. */
export async function buildTicketJob(ticket: PrintableTicket, settings: PrintSettings): Promise<Buffer> {
  if (settings.printMode === 'text') return textJob(ticket, settings);
  return rasterJob(await renderTicket(ticket, { paperWidthMm: settings.paperWidthMm }), settings);
}
