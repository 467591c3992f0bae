// The raster: paper widths, 1-bit PNG, a huge number, and ESC/POS bytes equal to what
// node-thermal-printer's printImageBuffer makes of the same PNG.
import { describe, expect, it } from 'vitest';
import { GlobalFonts } from '@napi-rs/canvas';
import { rasterBytes, rasterJob, rasterJobViaPrintImageBuffer, RASTER_BAND_ROWS, encodeCp1258, stripDiacritics } from '../../server/printing/escpos.js';
import { renderTicket, renderTicketPng, TICKET_FONT, type Bitmap } from '../../server/printing/render.js';
import { sampleTicket } from '../../server/printing/sample.js';

/** Longest run of consecutive rows that carry ink: the big number, when the ticket has no QR code. */
function tallestInkRun(b: Bitmap): number {
  let best = 0, run = 0;
  for (let y = 0; y < b.height; y++) {
    const row = b.bits.subarray(y * b.bytesPerRow, (y + 1) * b.bytesPerRow);
    if (row.some((v) => v !== 0)) { run++; best = Math.max(best, run); } else run = 0;
  }
  return best;
}

function pngInfo(png: Buffer) {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24], colorType: png[25] };
}

describe('ticket raster', () => {
  it('is drawn with the font that ships with the product', async () => {
    await renderTicketPng(sampleTicket(), { paperWidthMm: 80 });
    expect(GlobalFonts.has(TICKET_FONT)).toBe(true);
  });

  it('is 576 dots wide on 80 mm paper and 384 on 58 mm, black and white only', async () => {
    for (const [mm, dots] of [[80, 576], [58, 384]] as const) {
      const png = await renderTicketPng(sampleTicket(), { paperWidthMm: mm });
      const info = pngInfo(png);
      expect(info).toMatchObject({ width: dots, bitDepth: 1, colorType: 0 });
      expect(info.height).toBeGreaterThan(600);
      expect(info.height).toBeLessThan(1400);
    }
  });

  it('prints the number very large: over 100 dots (12 mm) tall on 80 mm paper', async () => {
    const r80 = await renderTicket(sampleTicket({ url: '' }), { paperWidthMm: 80 });
    const r58 = await renderTicket(sampleTicket({ url: '' }), { paperWidthMm: 58 });
    expect(tallestInkRun(r80.bitmap)).toBeGreaterThan(100);
    expect(tallestInkRun(r58.bitmap)).toBeGreaterThan(80);
  });

  it('gives the same ESC/POS bytes as node-thermal-printer printImageBuffer (EPSON GS v 0, STAR ESC k)', async () => {
    for (const paperWidthMm of [80, 58] as const) {
      const r = await renderTicket(sampleTicket({ priorityLabel: 'Phụ nữ mang thai' }), { paperWidthMm });
      for (const type of ['epson', 'star'] as const) {
        const ours = rasterJob(r, { paperWidthMm, printMode: 'raster', type });
        const theirs = await rasterJobViaPrintImageBuffer(r.png, { paperWidthMm, printMode: 'raster', type });
        expect(ours.equals(theirs), `${paperWidthMm} mm ${type}`).toBe(true);
      }
    }
  });

  it('splits a tall ticket into GS v 0 bands that printers accept', async () => {
    const long = 'Vui lòng giữ phiếu và chờ gọi số. '.repeat(40);
    const r = await renderTicket(sampleTicket({ footer: long }), { paperWidthMm: 80 });
    expect(r.bitmap.height).toBeGreaterThan(RASTER_BAND_ROWS);
    const bytes = rasterBytes(r.bitmap, 'epson');
    let commands = 0;
    for (let i = 0; i < bytes.length; ) {
      expect([bytes[i], bytes[i + 1], bytes[i + 2]]).toEqual([0x1d, 0x76, 0x30]);
      const rows = bytes[i + 6]! + bytes[i + 7]! * 256;
      expect(rows).toBeLessThanOrEqual(RASTER_BAND_ROWS);
      i += 8 + rows * 72;
      commands++;
    }
    expect(commands).toBe(Math.ceil(r.bitmap.height / RASTER_BAND_ROWS));
  });
});

describe('text mode encodings', () => {
  it('strips diacritics to plain ASCII', () => {
    expect(stripDiacritics('PHIẾU SỐ THỨ TỰ – Đất đai')).toBe('PHIEU SO THU TU - Dat dai');
  });

  it('writes Windows-1258 with base letters and combining tones that decode back to the same text', () => {
    const text = 'Số người chờ trước · Hộ tịch · Người có công · điện thoại · Ưu tiên';
    const bytes = encodeCp1258(text);
    expect(new TextDecoder('windows-1258').decode(bytes).normalize('NFC')).toBe(text);
    // "ộ" is ô (0xF4) then the dot below (0xF2), in that order
    expect([...encodeCp1258('ộ')]).toEqual([0xf4, 0xf2]);
  });
});
