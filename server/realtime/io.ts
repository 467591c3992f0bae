// The socket.io edge: authenticate the handshake, put each connection in the rooms of its audience,
// send a snapshot on every (re)connect, and run commands through the hub like HTTP does.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { DomainError } from '../../common/errors.js';
import { COMMAND_NAMES, type ClientToServerEvents, type ServerToClientEvents } from '../../common/events.js';
import type { Actor } from '../domain/model.js';
import { hashToken } from '../app/crypto.js';
import type { Audience, Broadcaster, Hub } from '../app/hub.js';
import { errorAnswer, langFromHeader } from '../http/errors.js';
import { securityOf } from '../security/security.js';


interface Data { actor: Actor; siteId: string | null }

export function roomOf(to: Audience): string {
  if ('site' in to) return `site:${to.site}`;
  if ('staff' in to) return `staff:${to.staff}`;
  if ('pad' in to) return `pad:${to.pad}`;
  if ('ticket' in to) return `ticket:${to.ticket}`;
  if ('device' in to) return `device:${to.device}`;
  return `admins:${to.admins}`;
}

/** Told when a device comes online (its first connection) or goes offline (its last one closed). */
export type PresenceHook = (deviceId: string, online: boolean) => void;

export function attachRealtime(httpServer: HttpServer, hub: Hub, log: (m: string) => void, onPresence: PresenceHook = () => {}): { io: Server; online: Map<string, number> } {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, Data>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
  /** Connected sockets per device id: a device is online while it has one. */
  const online = new Map<string, number>();

  // Throttles, and the end of a user's session cutting its sockets: server/security.
  const security = securityOf(hub, log);
  io.use(security.socketHandshake);
  // Several hubs: a device paired or a user signed in on another hub a moment ago (server/app/hub.ts).
  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { token?: unknown; ticketId?: unknown };
    Promise.all([
      hub.refreshForToken(typeof auth.token === 'string' ? auth.token : undefined),
      hub.refreshForTicket(typeof auth.ticketId === 'string' && !auth.token ? auth.ticketId : undefined),
    ]).then(() => next(), () => next());
  });
  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { token?: unknown; ticketId?: unknown; siteId?: unknown };
    try {
      const actor = typeof auth.ticketId === 'string' && !auth.token
        ? hub.ticketActor(auth.ticketId)
        : hub.authenticate(typeof auth.token === 'string' ? auth.token : undefined);
      // Integration keys are for HTTP (the feed, webhooks); a socket carries screens and staff only.
      if (actor.kind === 'integration') throw new DomainError('forbidden');
      let siteId = hub.actorSite(actor);
      if (actor.kind === 'user' && typeof auth.siteId === 'string') {
        if (!hub.canSeeSite(actor, auth.siteId)) throw new DomainError('wrong_site');
        siteId = auth.siteId;
      }
      socket.data = { actor, siteId };
      next();
    } catch (e) {
      const a = errorAnswer(e, langFromHeader(socket.handshake.headers['accept-language']));
      const err = new Error(a.body.error.message) as Error & { data: unknown };
      err.data = { code: a.body.error.code };
      next(err);
    }
  });

  io.on('connection', (socket) => {
    security.onConnection(socket);
    const { actor, siteId } = socket.data;
    const lang = langFromHeader(socket.handshake.headers['accept-language']);
    const sendSnapshot = async () => {
      try {
        if (actor.kind === 'ticket') socket.emit('ticket:updated', { ticket: hub.getTicket(actor.ticketId) });
        else if (siteId) socket.emit('queue:snapshot', await hub.snapshot(actor, siteId));
      } catch (e) {
        log(`snapshot failed: ${(e as Error).message}`);
      }
    };

    if (actor.kind === 'device') {
      socket.join(`device:${actor.id}`);
      if (actor.deviceKind === 'pad') socket.join(`pad:${actor.counterId}`);
      else socket.join(`site:${actor.siteId}`);
      online.set(actor.id, (online.get(actor.id) ?? 0) + 1);
      if (online.get(actor.id) === 1) { hub.deviceChanged(actor.id); onPresence(actor.id, true); }
      socket.on('disconnect', () => {
        const n = (online.get(actor.id) ?? 1) - 1;
        if (n <= 0) { online.delete(actor.id); hub.deviceChanged(actor.id); onPresence(actor.id, false); } else online.set(actor.id, n);
      });
    } else if (actor.kind === 'user') {
      socket.join(`user:${actor.id}`);
      // One room per session, so that a logout cuts the sockets of that token only.
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (typeof token === 'string') socket.join(`session:${hashToken(token)}`);
      if (siteId) {
        socket.join(`staff:${siteId}`);
        if (actor.role === 'admin') socket.join(`admins:${siteId}`);
      }
    } else if (actor.kind === 'ticket') {
      socket.join(`ticket:${actor.ticketId}`);
      const room = `ticket:${actor.ticketId}`;
      hub.watchedTickets.add(actor.ticketId);
      socket.on('disconnect', () => {
        if (!io.sockets.adapter.rooms.get(room)?.size) hub.watchedTickets.delete(actor.ticketId);
      });
    }
    void sendSnapshot().then(() => {
      // A pad that was away when its counter completed a ticket still offers the rating.
      if (actor.kind === 'device' && actor.deviceKind === 'pad' && actor.counterId) {
        const pending = hub.pendingRating(actor.counterId);
        if (pending) socket.emit('rating:requested', pending);
      }
    });
    socket.on('queue:sync', () => { void sendSnapshot(); });

    for (const name of COMMAND_NAMES) {
      socket.on(name, async (args: unknown, ack: unknown) => {
        // A command sent without arguments carries its ack first: answer it all the same.
        if (typeof ack !== 'function' && typeof args === 'function') { ack = args; args = undefined; }
        if (typeof ack !== 'function') return;
        try {
          const data = await hub.run(actor, name, args);
          ack({ data });
        } catch (e) {
          ack(errorAnswer(e, lang, log).body);
        }
      });
    }
  });

  const broadcaster: Broadcaster = {
    emit(to, event, payload) {
      const room = roomOf(to);
      // Most rooms are empty most of the time (no ticket page open, no admin watching): skip the encoding.
      if (!io.sockets.adapter.rooms.get(room)?.size) return;
      (io.to(room).emit as (e: string, p: unknown) => void)(event, payload);
    },
    disconnect(who, reason) {
      const room = who.deviceId ? `device:${who.deviceId}` : who.tokenHash ? `session:${who.tokenHash}` : `user:${who.userId}`;
      io.to(room).emit('auth:revoked', { reason });
      io.in(room).disconnectSockets(true);
    },
  };
  hub.broadcaster = broadcaster;
  hub.isOnline = (id) => online.has(id);
  return { io: io as unknown as Server, online };
}
