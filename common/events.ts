// The socket.io protocol: one map the hub and every screen import.
// Commands are `entity:verb` with an ack `{data} | {error}`; broadcasts are `entity:verbed`.
import type {
  Counter, CounterRef, Device, Priority, QueueSnapshot, Rating, RatingLevel, SiteSettings, Ticket,
} from './types.js';

export type Ack<T> = { data: T } | { error: { code: string; message: string; field?: string } };

/** Commands accepted over both transports (HTTP routes map onto the same names). */
export interface Commands {
  'ticket:issue': { args: { serviceId?: string; procedureCode?: string; priority?: Priority | null; siteId?: string }; result: { ticket: Ticket } };
  'ticket:link-dossier': { args: { ticketId: string; dossierCode: string }; result: { ticket: Ticket } };
  'counter:open': { args: { counterId: string }; result: { counter: Counter } };
  'counter:pause': { args: { counterId: string; reason: string }; result: { counter: Counter } };
  'counter:resume': { args: { counterId: string }; result: { counter: Counter } };
  'counter:close': { args: { counterId: string }; result: { counter: Counter } };
  'counter:call-next': { args: { counterId: string }; result: { ticket: Ticket | null } };
  'counter:call': { args: { counterId: string; ticketId: string }; result: { ticket: Ticket } };
  'counter:recall': { args: { counterId: string }; result: { ticket: Ticket } };
  'counter:no-show': { args: { counterId: string }; result: { ticket: Ticket } };
  'counter:transfer': { args: { counterId: string; serviceId: string }; result: { ticket: Ticket } };
  'counter:complete': { args: { counterId: string; dossierCode?: string }; result: { ticket: Ticket } };
  'rating:submit': { args: { ticketId: string; level: RatingLevel; reasons?: string[]; comment?: string }; result: { rating: Rating } };
}
export type CommandName = keyof Commands;

/** Every command, for the edges that register them (socket handlers, HTTP counter routes). */
export const COMMAND_NAMES = [
  'ticket:issue', 'counter:open', 'counter:pause', 'counter:resume', 'counter:close', 'counter:call-next',
  'counter:call', 'counter:recall', 'counter:no-show', 'counter:transfer', 'counter:complete', 'rating:submit',
  'ticket:link-dossier',
] as const satisfies readonly CommandName[];
// Adding a command to Commands without listing it above is a compile error:
type _AllListed = Exclude<CommandName, (typeof COMMAND_NAMES)[number]> extends never ? true : never;
const _allListed: _AllListed = true;
void _allListed;

export type ClientToServerEvents = {
  [K in CommandName]: (args: Commands[K]['args'], ack: (res: Ack<Commands[K]['result']>) => void) => void;
} & {
  /** Ask for a fresh snapshot (also sent unasked on every connect). */
  'queue:sync': () => void;
};

export interface ServerToClientEvents {
  'queue:snapshot': (snapshot: QueueSnapshot) => void;
  'ticket:issued': (e: { ticket: Ticket }) => void;
  /** A call or a recall (ticket.recalls tells which). */
  'ticket:called': (e: { ticket: Ticket; counter: CounterRef }) => void;
  'ticket:done': (e: { ticket: Ticket }) => void;
  /** Any other change of a ticket: transfer, no-show, cancellation. */
  'ticket:updated': (e: { ticket: Ticket }) => void;
  'ticket:rated': (e: { ticketId: string; level: RatingLevel }) => void;
  'counter:changed': (e: { counter: Counter }) => void;
  /** Waiting counts per service after any change. */
  'queue:waiting': (e: { waiting: QueueSnapshot['waiting'] }) => void;
  /** To a pad: the ticket its counter just completed, to be rated until `until`. */
  'rating:requested': (e: { ticket: Ticket; counter: CounterRef; officerName: string | null; until: string }) => void;
  /** To a pad: the rating request ended (rated, expired or superseded). */
  'rating:closed': (e: { ticketId: string }) => void;
  'settings:changed': (e: { siteId: string; settings: SiteSettings }) => void;
  'device:changed': (e: { device: Device }) => void;
  /** To the displays of the sites that use a voice pack: its clips changed; load them again (no reload). */
  /** A site's voice pack changed: `clips` names the clips recorded or removed; absent, every clip may have (an import). */
  'voice:pack': (e: { siteId: string; pack: string; updatedAt: string | null; clips?: string[] }) => void;
  /** To a kiosk: a ticket it issued could not be printed (out of paper, printer unreachable). */
  'ticket:print-failed': (e: { ticketId: string; number: string; reason: string }) => void;
  /** To a kiosk: its printer's state changed. */
  'printer:status': (e: { state: string }) => void;
  /** The connection's credentials were revoked or expired; the socket is closed after this. */
  'auth:revoked': (e: { reason: string }) => void;
}

export interface InterServerEvents { ping: () => void }
export interface SocketData { actor: unknown }
