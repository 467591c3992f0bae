// Wires printing into the hub: a kiosk with a printer gets each ticket it issued printed after the
// ticket is durable (the 201 never waits for paper); admins see the printer's state live; the kiosk
// is told when a ticket did not print; the last ticket of a kiosk can be reprinted.
import { createHash } from 'node:crypto';
import { t } from '../../common/i18n/index.js';
import type { StringKey } from '../../common/i18n/index.js';
import type { DevicePrinterSettings, PrinterStatus, SiteSettings, Ticket } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import type { SiteConfig } from '../domain/model.js';
import { PrinterService } from './printer-service.js';
import type { PrintableTicket, PrintSettings } from './types.js';

export interface PrintingOptions {
  /** Base of the ticket page address in the QR code, e.g. http://192.168.1.10:3000 */
  publicUrl: () => string;
  pollMs?: number;
  log?: (m: string) => void;
  /** Told of each status change of a kiosk's printer (state or log). */
  onStatus?: (status: PrinterStatus) => void;
}

export function printableTicket(ticket: Ticket, cfg: SiteConfig, publicUrl: string): PrintableTicket {
  const svc = cfg.services.get(ticket.serviceId)!;
  const s = cfg.site.settings;
  return {
    ticketId: ticket.id,
    number: ticket.number,
    serviceName: svc.name.vi,
    priorityLabel: ticket.priority ? t('vi', `common.priority_${ticket.priority}` as StringKey) : null,
    waitingAhead: ticket.waitingAhead,
    estimatedWaitSeconds: ticket.estimatedWaitSeconds,
    issuedAt: ticket.issuedAt,
    timeZone: cfg.site.timeZone,
    agencyName: s.agencyName,
    branchName: s.branchName,
    counterNumbers: [...cfg.counters.values()].filter((c) => c.serviceIds.includes(svc.id)).map((c) => c.number).sort((a, b) => a - b),
    footer: s.ticketFooter,
    url: `${publicUrl.replace(/\/$/, '')}/t/${ticket.id}`,
  };
}

/** A kiosk printer's settings: its own where it has them, the site's for the rest. */
export function printSettingsOf(own: DevicePrinterSettings | null | undefined, site: SiteSettings): PrintSettings {
  return {
    paperWidthMm: own?.paperWidthMm ?? site.paperWidthMm,
    printMode: own?.printMode ?? site.printMode,
    type: own?.printerType ?? site.printerType ?? 'epson',
    textCodePage: own?.textCodePage ?? site.textCodePage ?? 'ascii',
  };
}

/** Several hubs: a printer's lease lasts this long unless renewed (every RENEW_MS). */
const LEASE_TTL_MS = 6000;
const RENEW_MS = 2000;
/** A new lease holder prints the tickets of the last 2 minutes its predecessor left unprinted. */
const TAKE_OVER_MS = 120_000;
/** What a printer's lease holder records after each ticket it printed (readDoc `printing/<key>`). */
interface PrintedDoc { printer: string; printed: { ticketId: string; at: number }[] }

export class HubPrinting {
  readonly service: PrinterService;
  /** One hub on files prints everything; on a shared store only the holder of `print:<printer>` prints to it. */
  private readonly single: boolean;
  private held = new Set<string>();
  /** Tickets this hub has sent to a printer (never twice from here, whatever path told it). */
  private sent = new Set<string>();
  private printed = new Map<string, { ticketId: string; at: number }[]>();
  private saving = new Map<string, Promise<void>>();
  private dirty = new Set<string>();
  private renewTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private hub: Hub, private opts: PrintingOptions) {
    this.single = hub.store.kind === 'files';
    this.service = new PrinterService({
      onChange: (status) => {
        hub.deviceChanged(status.deviceId);
        hub.broadcaster.emit({ device: status.deviceId }, 'printer:status', { state: status.state });
        opts.onStatus?.(status);
      },
      onJob: (r) => {
        if (r.outcome === 'printed') { this.recordPrinted(r.deviceId, r.ticketId); return; }
        hub.broadcaster.emit({ device: r.deviceId }, 'ticket:print-failed', { ticketId: r.ticketId, number: r.number, reason: r.state });
        opts.log?.(`printer of kiosk ${r.deviceId}: ticket ${r.number} not printed (${r.state}${r.error ? `: ${r.error}` : ''})`);
      },
    });
    hub.printerStatus = (id) => this.service.status(id) ?? null;
    hub.onDevicesChanged = () => this.sync();
    hub.onIssued = (actor, ticket, cfg) => {
      if (actor.kind !== 'device' || actor.deviceKind !== 'kiosk') return;
      this.printFor(actor.id, ticket, cfg);
    };
    // A kiosk's ticket issued on another hub: printed here when this hub holds its printer's lease.
    hub.onRemoteIssued = (ticketId, cfg, by) => {
      if (this.single || !by.startsWith('device:')) return;
      let ticket: Ticket;
      try { ticket = hub.getTicket(ticketId); } catch { return; }
      this.printFor(by.slice('device:'.length), ticket, cfg);
    };
    this.sync();
    this.service.startPolling(opts.pollMs ?? 15_000);
    if (!this.single) {
      void this.renew();
      this.renewTimer = setInterval(() => void this.renew(), RENEW_MS);
      this.renewTimer.unref();
    }
  }

  /** Print a kiosk's ticket if this hub is the one that prints to its printer. */
  private printFor(deviceId: string, ticket: Ticket, cfg: SiteConfig): void {
    const dev = this.hub.device(deviceId);
    if (!dev || dev.kind !== 'kiosk' || !dev.printer || dev.revokedAt) return;
    if (!this.single && !this.held.has(dev.printer)) return;
    if (this.sent.has(ticket.id)) return;
    this.sent.add(ticket.id);
    if (this.sent.size > 5000) for (const id of [...this.sent].slice(0, 2500)) this.sent.delete(id);
    this.service.print(dev.id, dev.printer, printableTicket(ticket, cfg, this.opts.publicUrl()), printSettingsOf(dev.printerSettings, cfg.site.settings));
  }

  private printers(): Set<string> {
    return new Set(this.hub.devices.filter((d) => d.kind === 'kiosk' && d.printer && !d.revokedAt).map((d) => d.printer!));
  }

  /** Take or renew the lease of each printer; a printer newly taken gets what its last holder left unprinted. */
  private async renew(): Promise<void> {
    if (this.closed) return;
    for (const printer of this.printers()) {
      let mine = false;
      try { mine = await this.hub.store.tryLease(`print:${printer}`, LEASE_TTL_MS); } catch { mine = false; }
      if (this.closed) return;
      if (!mine) { this.held.delete(printer); continue; }
      if (this.held.has(printer)) continue;
      this.held.add(printer);
      await this.takeOver(printer).catch((e) => this.opts.log?.(`printer ${printer}: take-over failed: ${(e as Error).message}`));
    }
    for (const p of this.held) if (!this.printers().has(p)) this.held.delete(p);
  }

  private docName(printer: string): string {
    return `printing/${createHash('sha256').update(printer).digest('hex').slice(0, 16)}`;
  }

  /** Print the recent tickets of this printer's kiosks that no hub recorded as printed. */
  private async takeOver(printer: string): Promise<void> {
    const doc = await this.hub.store.readDoc<PrintedDoc>(this.docName(printer));
    const done = new Set((doc?.printed ?? []).map((x) => x.ticketId));
    if (!this.printed.has(printer)) this.printed.set(printer, doc?.printed ?? []);
    const since = this.hub.clock() - TAKE_OVER_MS;
    const kiosks = this.hub.devices.filter((d) => d.kind === 'kiosk' && d.printer === printer && !d.revokedAt);
    for (const siteId of new Set(kiosks.map((k) => k.siteId))) {
      const day = this.hub.openDay(siteId);
      const cfg = this.hub.siteConfigOf(siteId);
      if (!day || !cfg) continue;
      const n = this.hub.committedCount(siteId, day.date) ?? 0;
      const entries = (await this.hub.committedEntries(siteId, day.date, Math.max(0, n - 2000))) ?? [];
      for (const e of entries) {
        if (e.t !== 'issued' || e.at < since || done.has(e.id) || !e.by.startsWith('device:')) continue;
        const kiosk = kiosks.find((k) => `device:${k.id}` === e.by);
        if (!kiosk) continue;
        let ticket: Ticket;
        try { ticket = this.hub.getTicket(e.id); } catch { continue; }
        this.opts.log?.(`printer ${printer}: printing ticket ${ticket.number} left unprinted by the previous holder`);
        this.printFor(kiosk.id, ticket, cfg);
      }
    }
  }

  /** After a ticket printed: the holder records it (shared store), so that a next holder does not print it again. */
  private recordPrinted(deviceId: string, ticketId: string): void {
    if (this.single) return;
    const printer = this.hub.device(deviceId)?.printer;
    if (!printer) return;
    const list = this.printed.get(printer) ?? [];
    list.push({ ticketId, at: this.hub.clock() });
    if (list.length > 200) list.splice(0, list.length - 200);
    this.printed.set(printer, list);
    // One write at a time per printer, always of the latest list (again if it grew meanwhile).
    this.dirty.add(printer);
    if (this.saving.has(printer)) return;
    const save = async () => {
      while (this.dirty.delete(printer)) {
        try {
          await this.hub.store.writeDoc<PrintedDoc>(this.docName(printer), { printer, printed: [...(this.printed.get(printer) ?? [])] });
        } catch { /* the database is away: a next holder may print a ticket again rather than lose it */ }
      }
    };
    const p = save().finally(() => { this.saving.delete(printer); });
    this.saving.set(printer, p);
  }

  /** Register every kiosk that has a printer, forget revoked ones. */
  sync(): void {
    for (const d of this.hub.devices) {
      if (d.kind === 'kiosk' && d.printer && !d.revokedAt) this.service.register(d.id, d.printer);
      else this.service.unregister(d.id);
    }
  }

  reprint(deviceId: string): boolean {
    return this.service.reprintLast(deviceId);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    await this.service.close();
    await Promise.all(this.saving.values());
  }
}
