// A sample ticket: for the test print of a newly connected printer, the emulator demo, tests and bench.
import type { PrintableTicket } from './types.js';

export function sampleTicket(overrides: Partial<PrintableTicket> = {}): PrintableTicket {
  return {
    ticketId: 'tk_sample_0001',
    number: 'A025',
    serviceName: 'Tư pháp – Hộ tịch',
    priorityLabel: null,
    waitingAhead: 12,
    estimatedWaitSeconds: 1500,
    issuedAt: '2025-01-06T01:15:00.000Z', // 08:15 in Hà Nội, Monday
    timeZone: 'Asia/Ho_Chi_Minh',
    agencyName: 'UBND Phường Hoàn Kiếm',
    branchName: 'Trung tâm Phục vụ hành chính công – Chi nhánh số 7',
    counterNumbers: [1, 2],
    footer: 'Vui lòng giữ phiếu và chờ gọi số. Xin cảm ơn!',
    url: 'http://192.168.1.10:3000/t/tk_sample_0001',
    ...overrides,
  };
}
