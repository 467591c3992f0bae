// Types of the printing edge. PrinterStatus is what admins and the kiosk see of a kiosk's printer;
// the lead copies it to common/ for the screens.

/** Everything the ticket shows, already resolved to text (the hub fills it from the ticket, site and service). */
export interface PrintableTicket {
  ticketId: string;
  /** Service letter + daily sequence, e.g. "A025". */
  number: string;
  /** Service name in Vietnamese, e.g. "Tư pháp – Hộ tịch". */
  serviceName: string;
  /** Localised priority label ("Người cao tuổi"), or null for a normal ticket. */
  priorityLabel: string | null;
  waitingAhead: number;
  estimatedWaitSeconds: number;
  /** ISO 8601 instant the ticket was issued. */
  issuedAt: string;
  /** IANA zone of the site, e.g. "Asia/Ho_Chi_Minh": the printed time is the hall's wall clock. */
  timeZone: string;
  agencyName: string;
  branchName: string;
  /** Numbers of the counters that serve this ticket's service. */
  counterNumbers: number[];
  /** Footer from the site settings, e.g. "Vui lòng giữ phiếu và chờ gọi số. Xin cảm ơn!". */
  footer: string;
  /** Absolute URL of the public ticket page (/t/<id>), encoded in the QR code. */
  url: string;
}

export type PaperWidthMm = 80 | 58;
export type PrintMode = 'raster' | 'text';
export type PrinterType = 'epson' | 'star';
/**
 * Text mode only. 'ascii': diacritics removed ("So nguoi cho truoc"), prints on every printer.
 * 'wpc1258': Windows-1258 (ESC t 52) with tone marks as combining bytes, for printers whose
 * self-test lists WPC1258 and prints it correctly.
 */
export type TextCodePage = 'ascii' | 'wpc1258';

export interface PrintSettings {
  paperWidthMm: PaperWidthMm;
  printMode: PrintMode;
  /** node-thermal-printer command set; default 'epson' (also right for Xprinter and most ESC/POS clones). */
  type?: PrinterType;
  textCodePage?: TextCodePage;
}

// The printer's state is shared with the screens (admin, kiosk): defined in common/types.ts.
export { PRINTER_STATES, PRINTER_LOG_EVENTS } from '../../common/types.js';
export type { PrinterState, PrinterLogEvent, PrinterLogEntry, PrinterStatus } from '../../common/types.js';
