// What the ticket says: the site's wall clock and buổi, the wait in words, the blocks in order.
import { describe, expect, it } from 'vitest';
import { formatWait, localTime, ticketBlocks } from '../../server/printing/layout.js';
import { sampleTicket } from '../../server/printing/sample.js';
import { PRINTER_LOG_EVENTS, PRINTER_STATES } from '../../server/printing/types.js';
import { STRINGS, t } from '../../common/i18n/index.js';

describe('ticket layout', () => {
  it('prints the time of the site, with the session of the day', () => {
    expect(localTime('2025-01-06T01:15:00Z', 'Asia/Ho_Chi_Minh')).toEqual({ time: '08:15', date: '06/01/2025', weekday: 'Thứ Hai', session: 'Sáng' });
    expect(localTime('2025-01-06T07:40:00Z', 'Asia/Ho_Chi_Minh')).toMatchObject({ time: '14:40', session: 'Chiều' });
    // 17:30 UTC on Sunday is already 00:30 on Monday in Hà Nội: the date is the site's, not UTC's.
    expect(localTime('2025-01-05T17:30:00Z', 'Asia/Ho_Chi_Minh')).toEqual({ time: '00:30', date: '06/01/2025', weekday: 'Thứ Hai', session: 'Sáng' });
    expect(localTime('2025-01-06T11:05:00Z', 'Asia/Ho_Chi_Minh')).toMatchObject({ time: '18:05', session: 'Tối' });
    expect(localTime('2025-01-11T02:00:00Z', 'Asia/Ho_Chi_Minh').weekday).toBe('Thứ Bảy');
    expect(localTime('2025-01-12T02:00:00Z', 'Asia/Ho_Chi_Minh').weekday).toBe('Chủ nhật');
  });

  it('says the wait in words a citizen reads at a glance', () => {
    expect(formatWait(0, 0)).toBe('Sắp đến lượt');
    expect(formatWait(45, 1)).toBe('Dưới 1 phút');
    expect(formatWait(1500, 12)).toBe('Khoảng 25 phút');
    expect(formatWait(1501, 12)).toBe('Khoảng 26 phút');
    expect(formatWait(3600, 40)).toBe('Khoảng 1 giờ');
    expect(formatWait(4200, 40)).toBe('Khoảng 1 giờ 10 phút');
  });

  it('holds every part of the ticket of a one-stop centre, in order', () => {
    const blocks = ticketBlocks(sampleTicket({ priorityLabel: 'Người có công', counterNumbers: [2, 1, 2] }));
    const text = blocks.map((b) => {
      switch (b.kind) {
        case 'text': case 'number': case 'badge': return b.text;
        case 'row': return `${b.label}: ${b.value}`;
        case 'qr': return `[QR ${b.data}] ${b.caption}`;
        case 'rule': return '---';
      }
    });
    expect(text).toEqual([
      'UBND PHƯỜNG HOÀN KIẾM',
      'Trung tâm Phục vụ hành chính công – Chi nhánh số 7',
      '---',
      'PHIẾU SỐ THỨ TỰ',
      'A025',
      'Tư pháp – Hộ tịch',
      'ƯU TIÊN: NGƯỜI CÓ CÔNG',
      '---',
      'Số người chờ trước: 12',
      'Thời gian chờ dự kiến: Khoảng 25 phút',
      'Quầy: 1, 2',
      'Giờ lấy số: 08:15 Sáng',
      'Ngày: Thứ Hai, 06/01/2025',
      '---',
      '[QR http://192.168.1.10:3000/t/tk_sample_0001] Quét mã để theo dõi lượt trên điện thoại',
      'Vui lòng giữ phiếu và chờ gọi số. Xin cảm ơn!',
    ]);
  });

  it('leaves out what is not there, and composes decomposed input', () => {
    const blocks = ticketBlocks(sampleTicket({ priorityLabel: null, counterNumbers: [], url: '', footer: ' ', serviceName: 'Ho\u0302\u0323 ti\u0323ch' }));
    expect(blocks.some((b) => b.kind === 'badge' || b.kind === 'qr')).toBe(false);
    expect(blocks.some((b) => b.kind === 'row' && b.label === 'Quầy')).toBe(false);
    expect(blocks.find((b) => b.kind === 'text' && b.size === 'lg' && b.text.startsWith('H'))).toMatchObject({ text: 'Hộ tịch' });
  });
});

describe('printer health strings', () => {
  it('has a Vietnamese and an English label for every state and log event', () => {
    for (const lang of ['vi', 'en'] as const) {
      for (const s of PRINTER_STATES) expect(STRINGS[lang][`print.state_${s}`], `${lang} state ${s}`).toBeTruthy();
      for (const e of PRINTER_LOG_EVENTS) expect(STRINGS[lang][`print.event_${e}`], `${lang} event ${e}`).toBeTruthy();
    }
    expect(t('vi', 'print.state_paper_out')).toBe('Hết giấy');
  });
});

describe('ESC @ before a ticket', () => {
  it('every job starts with ESC @ (and still ends with it), in both modes and for both printer types; the type changes the bytes', async () => {
    const { buildTicketJob } = await import('../../server/printing/escpos.js');
    const { sampleTicket } = await import('../../server/printing/sample.js');
    for (const printMode of ['text', 'raster'] as const) {
      const jobs: Buffer[] = [];
      for (const type of ['epson', 'star'] as const) {
        const b = await buildTicketJob(sampleTicket(), { type, printMode, paperWidthMm: 80, textCodePage: 'wpc1258' } as never);
        expect([...b.subarray(0, 2)]).toEqual([0x1b, 0x40]);
        expect([...b.subarray(b.length - 2)]).toEqual([0x1b, 0x40]);
        jobs.push(b);
      }
      expect(jobs[0].equals(jobs[1])).toBe(false);
    }
  });
});
