// Wires printing into the hub: a kiosk with a printer gets each ticket it issued printed after the
// ticket is durable (the 201 never waits for paper); admins see the printer's state live; the kiosk
// is told when a ticket did not print; the last ticket of a kiosk can be reprinted.
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

export class HubPrinting {
  readonly service: PrinterService;

  constructor(private hub: Hub, private opts: PrintingOptions) {
    this.service = new PrinterService({
      onChange: (status) => {
        hub.deviceChanged(status.deviceId);
        hub.broadcaster.emit({ device: status.deviceId }, 'printer:status', { state: status.state });
        opts.onStatus?.(status);
      },
      onJob: (r) => {
        if (r.outcome === 'printed') return;
        hub.broadcaster.emit({ device: r.deviceId }, 'ticket:print-failed', { ticketId: r.ticketId, number: r.number, reason: r.state });
        opts.log?.(`printer of kiosk ${r.deviceId}: ticket ${r.number} not printed (${r.state}${r.error ? `: ${r.error}` : ''})`);
      },
    });
    hub.printerStatus = (id) => this.service.status(id) ?? null;
    hub.onDevicesChanged = () => this.sync();
    hub.onIssued = (actor, ticket, cfg) => {
      if (actor.kind !== 'device' || actor.deviceKind !== 'kiosk') return;
      const dev = hub.device(actor.id);
      if (!dev?.printer) return;
      this.service.print(dev.id, dev.printer, printableTicket(ticket, cfg, opts.publicUrl()), printSettingsOf(dev.printerSettings, cfg.site.settings));
    };
    this.sync();
    this.service.startPolling(opts.pollMs ?? 15_000);
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
    await this.service.close();
  }
}
