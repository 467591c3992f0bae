// Routes of the security edge (docs/security.md, "Security routes"): changing one's password, notes
// on a rating (appended to the audit log; a rating itself is never edited or deleted), and the
// admin's audit page: the verification of every hash chain and the digest of each finished day.
import type express from 'express';
import type { Request } from 'express';
import { DomainError } from '../../common/errors.js';
import type { Hub } from '../app/hub.js';
import { parse } from '../app/validate.js';
import { findRating, siteDigests, logHead, verifyNow, verifyView } from '../security/records.js';
import { clientIp, securityOf } from '../security/security.js';
import type { RouteHelpers } from './app.js';

const bearer = (req: Request): string => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : '';
};

/** A path id: anything longer than an id can be is simply unknown. */
const pathId = (req: Request, name: string, code: 'not_found' | 'ticket_not_found' = 'not_found'): string => {
  const v = String(req.params[name] ?? '');
  if (!v || v.length > 64) throw new DomainError(code);
  return v;
};

export function securityRoutes(app: express.Express, { actor, handle }: RouteHelpers, hub: Hub): void {
  const security = securityOf(hub);

  // Change one's own password: other sessions of the account end, and their sockets are cut.
  app.post('/api/auth/password', handle(async (req) => {
    const a = actor(req);
    if (a.kind !== 'user') throw new DomainError('forbidden');
    const username = hub.configData.users.find((u) => u.id === a.id)?.username ?? a.id;
    const wait = security.beginPasswordAttempt(username);
    if (wait) throw new DomainError('rate_limited', undefined, { retryAfterSeconds: wait });
    const ip = clientIp(req.socket.remoteAddress);
    try {
      const r = await hub.changePassword(a, bearer(req), req.body);
      security.endPasswordAttempt(username, ip, 'ok');
      return { ok: true, endedSessions: r.endedSessions };
    } catch (e) {
      security.endPasswordAttempt(username, ip, e instanceof DomainError && e.code === 'wrong_password' ? 'wrong' : 'other');
      throw e;
    }
  }));

  // Notes on a rating (admin of its site). The rating stays as the pad recorded it.
  app.post('/api/ratings/:ticketId/notes', handle(async (req) => {
    const a = actor(req);
    hub.assertAdmin(a);
    const ticketId = pathId(req, 'ticketId', 'ticket_not_found');
    const body = parse('ratingNote', req.body);
    const rating = await findRating(hub, a, ticketId, body.date);
    if (!rating) throw new DomainError('ticket_not_found', 'ticketId');
    hub.assertAdmin(a, rating.siteId);
    const { siteId, date, ratingId, level, counterId, officerId, ratedAt } = rating;
    await hub.appendAudit(a, 'rating.annotate', `ticket:${ticketId}`, { note: body.note, siteId, date, ratingId, level, counterId, officerId, ratedAt });
    const e = hub.auditEntries[hub.auditEntries.length - 1]!;
    return { note: noteView(hub, e), rating };
  }, 201));

  app.get('/api/ratings/:ticketId/notes', handle((req) => {
    const a = actor(req);
    hub.assertAdmin(a);
    const ticketId = pathId(req, 'ticketId', 'ticket_not_found');
    const notes = hub.auditEntries
      .filter((e) => e.action === 'rating.annotate' && e.target === `ticket:${ticketId}` && hub.canSeeSite(a, String(e.detail.siteId)))
      .map((e) => noteView(hub, e));
    return { ticketId, notes };
  }));

  // The audit page: every hash chain checked now (names the first bad entry).
  app.get('/api/audit/verify', handle(async (req) => {
    const a = actor(req);
    hub.assertAdmin(a);
    const dataDir = hub.store.where;
    const r = await verifyNow(hub.store);
    return verifyView(r, dataDir, (siteId) => hub.canSeeSite(a, siteId), hub.clock());
  }));

  // Each finished day's digest, to print and keep apart from the hub; and the audit log's head.
  app.get('/api/audit/digests', handle(async (req) => {
    const a = actor(req);
    const siteId = String(req.query.siteId ?? '');
    hub.assertAdmin(a, siteId);
    const site = hub.getSite(a, siteId);
    const days = await siteDigests(hub, siteId);
    const audit = await hub.store.auditHead();
    return { siteId, siteName: site.name, timeZone: site.timeZone, generatedAt: new Date(hub.clock()).toISOString(), days, audit };
  }));
}

function noteView(hub: Hub, e: { at: number; actor: string; detail: Record<string, unknown> }) {
  const userId = e.actor.startsWith('user:') ? e.actor.slice(5) : null;
  const user = userId ? hub.configData.users.find((u) => u.id === userId) : undefined;
  return { at: new Date(e.at).toISOString(), by: user ? { id: user.id, username: user.username, name: user.name } : null, note: String(e.detail.note) };
}
