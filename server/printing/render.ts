// The ticket as a 1-bit raster PNG, drawn with @napi-rs/canvas and the Noto Sans that ships with the
// product (@fontsource/noto-sans: latin, latin-ext and vietnamese subsets registered as one family),
// so every diacritic prints on any ESC/POS printer and no system font is needed.
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { paperWidthDots, ticketBlocks, type Block, type TextSize } from './layout.js';
import type { PaperWidthMm, PrintableTicket } from './types.js';

/** Family name under which the shipped font is registered (distinct from any system "Noto Sans"). */
export const TICKET_FONT = 'Luot Ticket Sans';

let fontsLoaded = false;
/** Registers the shipped font once per process; throws if the font files are missing. */
export function loadTicketFont(): void {
  if (fontsLoaded) return;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
  for (const subset of ['latin', 'latin-ext', 'vietnamese']) {
    for (const weight of [500, 700]) {
      const file = join(dir, `noto-sans-${subset}-${weight}-normal.woff2`);
      const key = GlobalFonts.registerFromPath(file, TICKET_FONT);
      if (!key) throw new Error(`cannot load ticket font ${file}`);
    }
  }
  fontsLoaded = true;
}

/** Same test as node-thermal-printer's printImageBuffer: luminance < 128 with alpha > 126 prints a dot. */
export function isInk(r: number, g: number, b: number, a: number): boolean {
  return a > 126 && Math.trunc(0.2126 * r + 0.7152 * g + 0.0722 * b) < 128;
}

interface Metrics { margin: number; width: number; scale: number }

const SIZES: Record<TextSize, number> = { sm: 22, md: 26, lg: 32, xl: 40 };

type Op = (ctx: SKRSContext2D, y: number) => void;
interface Placed { height: number; draw: Op; stamp?: (b: Bitmap, y: number) => void }

function font(ctx: SKRSContext2D, px: number, bold: boolean): void {
  ctx.font = `${bold ? 700 : 500} ${Math.round(px)}px "${TICKET_FONT}"`;
}

/** Greedy word wrap; a word longer than the line is cut by characters. */
function wrap(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width <= maxWidth) { line = candidate; continue; }
    if (line) lines.push(line);
    line = word;
    while (ctx.measureText(line).width > maxWidth && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && ctx.measureText(line.slice(0, cut)).width > maxWidth) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Wraps into as few lines as `wrap`, but of even length, so that no word is left alone on the last line. */
function balancedWrap(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines = wrap(ctx, text, maxWidth);
  if (lines.length < 2) return lines;
  let lo = maxWidth / lines.length;
  let hi = maxWidth;
  while (hi - lo > 4) {
    const mid = (lo + hi) / 2;
    if (wrap(ctx, text, mid).length > lines.length) lo = mid; else hi = mid;
  }
  return wrap(ctx, text, hi);
}

function place(ctx: SKRSContext2D, block: Block, m: Metrics): Placed {
  const s = m.scale;
  const center = m.margin + m.width / 2;
  switch (block.kind) {
    case 'text': {
      const px = SIZES[block.size] * s;
      font(ctx, px, block.bold);
      const lines = balancedWrap(ctx, block.text, m.width);
      const lineHeight = Math.round(px * 1.32);
      return {
        height: lines.length * lineHeight + Math.round(4 * s),
        draw: (c, y) => {
          font(c, px, block.bold);
          c.textAlign = 'center';
          c.textBaseline = 'alphabetic';
          lines.forEach((l, i) => c.fillText(l, center, y + i * lineHeight + Math.round(px * 1.02)));
        },
      };
    }
    case 'number': {
      // As large as the paper allows, capped so that a 4-character number stays about 17 mm tall.
      let px = 200 * s;
      font(ctx, px, true);
      const w = ctx.measureText(block.text).width;
      if (w > m.width) px = Math.floor(px * (m.width / w));
      font(ctx, px, true);
      const mt = ctx.measureText(block.text);
      const ascent = Math.ceil(mt.actualBoundingBoxAscent);
      const descent = Math.ceil(mt.actualBoundingBoxDescent);
      const pad = Math.round(14 * s);
      return {
        height: ascent + descent + 2 * pad,
        draw: (c, y) => {
          font(c, px, true);
          c.textAlign = 'center';
          c.textBaseline = 'alphabetic';
          c.fillText(block.text, center, y + pad + ascent);
        },
      };
    }
    case 'badge': {
      const px = 24 * s;
      font(ctx, px, true);
      const lines = balancedWrap(ctx, block.text, m.width - 24 * s);
      const lineHeight = Math.round(px * 1.3);
      const padY = Math.round(8 * s);
      const boxWidth = Math.min(m.width, Math.max(...lines.map((l) => ctx.measureText(l).width)) + 32 * s);
      const boxHeight = lines.length * lineHeight + 2 * padY;
      const gap = Math.round(6 * s);
      return {
        height: boxHeight + 2 * gap,
        draw: (c, y) => {
          c.fillStyle = '#000';
          c.beginPath();
          c.roundRect(center - boxWidth / 2, y + gap, boxWidth, boxHeight, 8 * s);
          c.fill();
          c.fillStyle = '#fff';
          font(c, px, true);
          c.textAlign = 'center';
          lines.forEach((l, i) => c.fillText(l, center, y + gap + padY + i * lineHeight + Math.round(px * 1.02)));
          c.fillStyle = '#000';
        },
      };
    }
    case 'rule': {
      const h = Math.round(18 * s);
      const thick = Math.max(2, Math.round(2 * s));
      return {
        height: h,
        draw: (c, y) => {
          c.fillRect(m.margin, y + Math.floor((h - thick) / 2), m.width, thick);
        },
      };
    }
    case 'row': {
      const labelPx = 24 * s;
      let valuePx = 26 * s;
      font(ctx, labelPx, false);
      const labelWidth = ctx.measureText(block.label).width;
      font(ctx, valuePx, true);
      let valueWidth = ctx.measureText(block.value).width;
      if (valueWidth > m.width) { // a long list of counters: smaller, never past the edge
        valuePx = Math.floor(valuePx * (m.width / valueWidth));
        font(ctx, valuePx, true);
        valueWidth = ctx.measureText(block.value).width;
      }
      const lineHeight = Math.round(valuePx * 1.36);
      const twoLines = labelWidth + valueWidth + 16 * s > m.width;
      return {
        height: lineHeight * (twoLines ? 2 : 1),
        draw: (c, y) => {
          const base = y + Math.round(valuePx * 1.05);
          font(c, labelPx, false);
          c.textAlign = 'left';
          c.fillText(block.label, m.margin, base);
          font(c, valuePx, true);
          c.textAlign = 'right';
          c.fillText(block.value, m.margin + m.width, base + (twoLines ? lineHeight : 0));
        },
      };
    }
    case 'qr': {
      const qr = QRCode.create(block.data, { errorCorrectionLevel: 'M' });
      const n = qr.modules.size;
      const moduleDots = Math.max(3, Math.floor(Math.min(6 * s, (m.width * 0.55) / n)));
      const side = n * moduleDots;
      const quiet = 2 * moduleDots;
      const captionPx = SIZES.sm * s;
      font(ctx, captionPx, false);
      const caption = balancedWrap(ctx, block.caption, m.width);
      const captionLine = Math.round(captionPx * 1.3);
      return {
        height: quiet + side + quiet + caption.length * captionLine + Math.round(6 * s),
        draw: (c, y) => {
          const y0 = y + quiet;
          font(c, captionPx, false);
          c.textAlign = 'center';
          caption.forEach((l, i) => c.fillText(l, center, y0 + side + quiet + i * captionLine + Math.round(captionPx)));
        },
        // The modules go straight into the 1-bit image: exact dots, and hundreds of fillRect calls saved.
        stamp: (b, y) => {
          const x0 = Math.round(center - side / 2);
          const y0 = y + quiet;
          for (let row = 0; row < n; row++) {
            for (let col = 0; col < n; col++) {
              if (qr.modules.get(row, col)) fillBits(b, x0 + col * moduleDots, y0 + row * moduleDots, moduleDots, moduleDots);
            }
          }
        },
      };
    }
  }
}

/** Dots darker than this (0-255 luminance of the anti-aliased drawing) are printed; a little above
 * mid-grey so that thin strokes of small text stay solid on thermal paper. */
const INK_BELOW = 150;

/** A 1-bit image: rows of ceil(width / 8) bytes, most significant bit first, 1 = a printed dot
 * (the layout of ESC/POS GS v 0 data). */
export interface Bitmap { width: number; height: number; bytesPerRow: number; bits: Uint8Array }

export function packBits(rgba: Uint8Array, width: number, height: number): Bitmap {
  const bytesPerRow = Math.ceil(width / 8);
  const bits = new Uint8Array(bytesPerRow * height);
  // Black drawn on opaque white: the channels are equal, so the green one (weighted 0.72 in
  // luminance) stands for the pixel, and runs of white pixels are skipped four bytes at a time.
  const words = rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height) : null;
  for (let y = 0; y < height; y++) {
    const rowOut = y * bytesPerRow;
    const rowPx = y * width;
    for (let x = 0; x < width; x++) {
      if (words && words[rowPx + x] === 0xffffffff) continue;
      if (rgba[(rowPx + x) * 4 + 1]! < INK_BELOW) bits[rowOut + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { width, height, bytesPerRow, bits };
}

function fillBits(b: Bitmap, x: number, y: number, w: number, h: number): void {
  for (let yy = y; yy < y + h; yy++) {
    const row = yy * b.bytesPerRow;
    for (let xx = x; xx < x + w; xx++) b.bits[row + (xx >> 3)]! |= 0x80 >> (xx & 7);
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([len, typeAndData, crc]);
}

/** A 1-bit greyscale PNG (0 = black): a few KB, encoded in about a millisecond. */
export function bitmapToPng(b: Bitmap): Buffer {
  const raw = Buffer.alloc((b.bytesPerRow + 1) * b.height);
  for (let y = 0; y < b.height; y++) {
    const o = y * (b.bytesPerRow + 1);
    raw[o] = 0; // filter: none
    for (let i = 0; i < b.bytesPerRow; i++) raw[o + 1 + i] = ~b.bits[y * b.bytesPerRow + i]! & 0xff;
    // Padding bits past the width stay white (1) after the inversion only if they were 0: they are.
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(b.width, 0);
  ihdr.writeUInt32BE(b.height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface RenderedTicket { png: Buffer; bitmap: Bitmap }

/** Renders the ticket; the width is the printer's dot width (576 for 80 mm, 384 for 58 mm). */
export async function renderTicket(t: PrintableTicket, opts: { paperWidthMm: PaperWidthMm }): Promise<RenderedTicket> {
  loadTicketFont();
  const width = paperWidthDots(opts.paperWidthMm);
  const scale = opts.paperWidthMm === 58 ? 0.8 : 1;
  const margin = Math.round(12 * scale);
  const m: Metrics = { margin, width: width - 2 * margin, scale };
  const measure = measureContext();
  const placed = ticketBlocks(t).map((b) => place(measure, b, m));
  const top = Math.round(8 * scale);
  const bottom = Math.round(16 * scale);
  const height = top + placed.reduce((sum, p) => sum + p.height, 0) + bottom;

  // One canvas per paper width, reused: allocating a fresh 2 MB surface cost as much as the drawing.
  // Drawing is synchronous up to data(), so tickets never share it half-drawn.
  const canvas = surface(width, height);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  let y = top;
  for (const p of placed) { p.draw(ctx, y); y += p.height; }
  const bitmap = packBits(canvas.data(), width, height);
  y = top;
  for (const p of placed) { p.stamp?.(bitmap, y); y += p.height; }
  return { png: bitmapToPng(bitmap), bitmap };
}

const surfaces = new Map<number, Canvas>();
function surface(width: number, height: number): Canvas {
  let c = surfaces.get(width);
  if (!c || c.height < height || c.height > height + 256) {
    c = createCanvas(width, Math.ceil(height / 128) * 128);
    surfaces.set(width, c);
  }
  return c;
}

let measureCtx: SKRSContext2D | null = null;
function measureContext(): SKRSContext2D {
  measureCtx ??= createCanvas(8, 8).getContext('2d');
  return measureCtx;
}

/** The ticket as a PNG raster, black and white only, `paperWidthDots` wide. */
export async function renderTicketPng(t: PrintableTicket, opts: { paperWidthMm: PaperWidthMm }): Promise<Buffer> {
  return (await renderTicket(t, opts)).png;
}
