// Shared domain types: the server, every screen and the tests import these.
// Times are ISO 8601 strings with offset on the wire; durations are in seconds.

export type Role = 'admin' | 'officer';
export type DeviceKind = 'kiosk' | 'display' | 'pad';
export type Priority = 'elderly' | 'disability' | 'pregnant' | 'child' | 'merit';
export const PRIORITIES: readonly Priority[] = ['elderly', 'disability', 'pregnant', 'child', 'merit'];
export type TicketStatus = 'waiting' | 'called' | 'done' | 'no_show' | 'cancelled';
export type RatingLevel = 'very_satisfied' | 'satisfied' | 'unsatisfied';
export const RATING_LEVELS: readonly RatingLevel[] = ['very_satisfied', 'satisfied', 'unsatisfied'];
export type CounterStatus = 'open' | 'paused' | 'closed';
export type Lang = 'vi' | 'en';

export interface LocalText { vi: string; en?: string }

/** One issuing session, local time "HH:MM" in the site's time zone, end exclusive. */
export interface Session { start: string; end: string }

export interface ServiceHours {
  /** e.g. [{start:"07:00", end:"11:15"}, {start:"13:15", end:"16:30"}] */
  sessions: Session[];
  /** ISO weekdays on which tickets are issued, 1 = Monday ... 7 = Sunday. */
  weekdays: number[];
  /** Local dates YYYY-MM-DD on which the service is closed (holidays). */
  closedDates: string[];
}

export interface OrderingPolicy {
  /** At most this many priority calls in a row at one counter while normal tickets wait. */
  maxPriorityInRow: number;
  /** A normal ticket that has waited this long is called before priority tickets (0 = off). */
  maxWaitSeconds: number;
  /** Booked appointments: called ahead of walk-ins from this many seconds before their slot. */
  appointmentWindowSeconds: number;
}

export interface SiteSettings {
  agencyName: string;
  branchName: string;
  priorityEnabled: boolean;
  ordering: OrderingPolicy;
  /** Recalls allowed per ticket; a further recall makes it a no-show. */
  recallLimit: number;
  /** Seconds after completion during which the counter's pad may rate the ticket. */
  ratingWindowSeconds: number;
  unsatisfiedReasons: LocalText[];
  ticketFooter: string;
  displayTicker: string;
  /** Voice announcements on the lobby display. */
  /** gapMs: silence between two clips of a call; pack: the voice pack (default: the site's own id). */
  voice: { enabled: boolean; repeat: number; chime: boolean; gapMs?: number; pack?: string };
  /** Show the transparency panel (công khai) on the lobby display. */
  showTransparency: boolean;
  paperWidthMm: 80 | 58;
  printMode: 'raster' | 'text';
  /** The command set of the site's printers (default epson). */
  printerType?: 'epson' | 'star';
  /** Text mode: `ascii` (diacritics removed, default) or `wpc1258` (Epson only). */
  textCodePage?: 'ascii' | 'wpc1258';
}

export interface Site {
  id: string;
  name: string;
  timeZone: string;
  settings: SiteSettings;
  /** Mã định danh đơn vị, e.g. "000.00.00.H56" (the one-stop link; docs/integration.md). */
  agencyCode?: string | null;
  /** Regular expression a dossier code must match; null or absent: the national shapes. */
  dossierPattern?: string | null;
  /** The public portal's page of a procedure, with `{code}` for its code. */
  procedureUrlTemplate?: string | null;
}

export interface Service {
  id: string;
  siteId: string;
  code: string;
  name: LocalText;
  active: boolean;
  dailyCap: number | null;
  hours: ServiceHours | null;
}

export interface Counter {
  id: string;
  siteId: string;
  number: number;
  name: string;
  serviceIds: string[];
  status: CounterStatus;
  officer: { id: string; name: string } | null;
  pauseReason: string | null;
  currentTicketId: string | null;
}

// ---------------------------------------------------------------- printers (kiosk devices)
export const PRINTER_STATES = ['ok', 'unreachable', 'paper_out', 'paper_low', 'error', 'unknown'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

/**
 * Events in PrinterStatus.log, stable codes that screens translate with t(lang, `print.event_${event}`);
 * states likewise with `print.state_${state}`.
 */
export const PRINTER_LOG_EVENTS = [
  'printed', 'retry', 'failed', 'dropped', 'reprint', 'unreachable', 'paper_out', 'paper_low', 'paper_ok',
  'cover_open', 'offline', 'no_status', 'recovered',
] as const;
export type PrinterLogEvent = (typeof PRINTER_LOG_EVENTS)[number];

export interface PrinterLogEntry {
  at: string;
  event: PrinterLogEvent;
  detail?: string;
}

export interface PrinterStatus {
  deviceId: string;
  /** The printer address, "tcp://host:port". */
  printer: string;
  state: PrinterState;
  lastCheckedAt: string | null;
  lastError: string | null;
  lastPrintedTicketId: string | null;
  /** Newest last; at most 50 entries. */
  log: PrinterLogEntry[];
}

/**
 * A kiosk printer's own print settings; each one absent takes the site's setting (SiteSettings), so
 * kiosks of one centre can drive different printers (docs/operations.md, Printers).
 */
export interface DevicePrinterSettings {
  paperWidthMm?: 80 | 58;
  printMode?: 'raster' | 'text';
  printerType?: 'epson' | 'star';
  textCodePage?: 'ascii' | 'wpc1258';
}

export interface Device {
  id: string;
  siteId: string;
  kind: DeviceKind;
  name: string;
  counterId: string | null;
  printer: string | null;
  /** The kiosk printer's own settings over the site's (absent or null: the site's settings). */
  printerSettings?: DevicePrinterSettings | null;
  createdAt: string;
  pairedAt: string | null;
  revokedAt: string | null;
  online?: boolean;
  /** The health of the kiosk's printer, when it has one (admins). */
  printerStatus?: PrinterStatus | null;
}

export interface User {
  id: string;
  username: string;
  name: string;
  role: Role;
  /** Sites this user works at; empty = all sites (admins). */
  siteIds: string[];
  active: boolean;
}

export interface Ticket {
  id: string;
  number: string;
  siteId: string;
  serviceId: string;
  priority: Priority | null;
  status: TicketStatus;
  issuedAt: string;
  waitingAhead: number;
  estimatedWaitSeconds: number;
  counterId?: string;
  calledAt?: string;
  doneAt?: string;
  recalls?: number;
  /** The first dossier code of the ticket (v1; dossierCodes has them all). */
  dossierCode?: string;
  /** Dossier codes (mã hồ sơ) attached to the ticket, in order (staff views only). */
  dossierCodes?: string[];
  /** The procedure the ticket was taken for at the kiosk. */
  procedureCode?: string;
  officerId?: string;
  rated?: boolean;
}

export interface Rating {
  id: string;
  ticketId: string;
  siteId: string;
  counterId: string;
  officerId: string | null;
  level: RatingLevel;
  reasons: string[];
  comment: string | null;
  ratedAt: string;
  dossierCodes: string[];
  procedureCode: string | null;
  agencyCode: string | null;
}

export interface CounterRef { id: string; number: number; name: string }

export interface QueueSnapshot {
  siteId: string;
  date: string;
  services: Service[];
  counters: Counter[];
  waiting: { serviceId: string; count: number; estimatedWaitSeconds: number }[];
  /** The ticket at each counter, null when none. */
  current: { counterId: string; ticket: Ticket | null }[];
  /** Most recent calls, newest first. */
  recentCalls: { ticket: Ticket; counter: CounterRef; at: string }[];
  settings: SiteSettings;
  siteName: string;
  serverTime: string;
}

export interface ApiErrorBody { error: { code: string; message: string; field?: string } }

/** The transparency panel (công khai) of a site: `GET /api/reports/transparency?siteId=` (docs/reports.md). */
export interface Transparency {
  siteId: string;
  siteName: string;
  date: string;
  show: boolean;
  issued: number;
  served: number;
  waitAvgSeconds: number | null;
  satisfactionRate: number | null;
  ratings: Record<RatingLevel, number>;
  /** The month so far. */
  month?: { from: string; to: string; served: number; waitAvgSeconds: number | null; satisfactionRate: number | null };
  updatedAt: string;
}
