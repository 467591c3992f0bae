// Routes of booked appointments (docs/appointments.md) and of the public ticket page's details.
// Public: the booking page's choices and free slots, booking, looking up and cancelling by code and
// phone number, the ticket page. Kiosk: check-in by code. Admin: slots and limits. Staff: the list.
// Public routes are throttled per address (failed look-ups and cancellations count more), on top of
// the booking rules themselves (capacity, bookings per phone number per day and per week).
import type express from 'express';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors.js';
import type { Hub } from '../app/hub.js';
import { appointmentsOf } from '../appointments/appointments.js';
import type { Actor } from '../domain/model.js';
import { RateLimiter } from '../security/limiter.js';
import { clientIp, securityOf } from '../security/security.js';
import type { RouteHelpers } from './app.js';

/** Per address and minute: bookings tried, code look-ups that failed, ticket page details. */
export const APPOINTMENT_LIMITS = { bookPerMinute: 10, failedLookupsPerMinute: 10, ticketPagePerMinute: 120 };

export function appointmentRoutes(app: express.Express, { actor, handle }: RouteHelpers, hub: Hub, log?: (m: string) => void): void {
  const appts = appointmentsOf(hub, log);
  const limits = securityOf(hub, log).settings.rateLimits;
  const booking = new RateLimiter(APPOINTMENT_LIMITS.bookPerMinute, APPOINTMENT_LIMITS.bookPerMinute);
  const lookups = new RateLimiter(APPOINTMENT_LIMITS.failedLookupsPerMinute, APPOINTMENT_LIMITS.failedLookupsPerMinute);
  const pages = new RateLimiter(APPOINTMENT_LIMITS.ticketPagePerMinute, APPOINTMENT_LIMITS.ticketPagePerMinute);

  const throttle = (limiter: RateLimiter, req: Request, res: Response): void => {
    if (!limits) return;
    const wait = limiter.take(clientIp(req.socket.remoteAddress), hub.clock());
    if (wait) {
      res.setHeader('Retry-After', String(wait));
      throw new DomainError('rate_limited', undefined, { retryAfterSeconds: wait });
    }
  };
  /** The signed-in actor when a token is sent, else null (a citizen). A bad token is still a 401. */
  const optionalActor = (req: Request): Actor | null => (req.headers.authorization ? actor(req) : null);
  /** A failed look-up by code costs a token of the address's budget; a found one does not. */
  const guarded = async <T>(req: Request, res: Response, fn: () => Promise<T> | T): Promise<T> => {
    if (limits) {
      const ip = clientIp(req.socket.remoteAddress);
      const wait = lookups.take(ip, hub.clock());
      if (wait) { res.setHeader('Retry-After', String(wait)); throw new DomainError('rate_limited', undefined, { retryAfterSeconds: wait }); }
      try {
        const out = await fn();
        lookups.refund(ip);
        return out;
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'appointment_not_found')) lookups.refund(ip);
        throw e;
      }
    }
    return fn();
  };

  // public
  app.get('/api/appointments/options', handle(() => appts.options()));
  app.get('/api/appointments/availability', handle((req) => appts.availability(req.query)));
  app.post('/api/appointments', handle(async (req, res) => {
    throttle(booking, req, res);
    return { appointment: await appts.book(req.body) };
  }, 201));
  app.get('/api/public/tickets/:id', handle((req, res) => {
    throttle(pages, req, res);
    return appts.ticketPage(String(req.params.id));
  }));

  // admin and staff
  app.get('/api/appointments/slots', handle((req) => appts.listSlots(actor(req), req.query)));
  app.put('/api/appointments/slots', handle((req) => appts.setSlots(actor(req), req.body)));
  app.get('/api/appointments/settings', handle((req) => appts.getSettings(actor(req), req.query)));
  app.put('/api/appointments/settings', handle((req) => appts.putSettings(actor(req), req.body)));
  app.get('/api/appointments', handle((req) => appts.list(actor(req), req.query)));
  // the kiosk's check-in with the chip ID card's QR (the text is matched, then forgotten)
  app.post('/api/appointments/check-in-card', handle((req) => appts.checkInCard(actor(req), req.body), 201));

  // by code (after the fixed paths above)
  app.get('/api/appointments/:code', handle((req, res) => {
    const a = optionalActor(req);
    return guarded(req, res, async () => ({ appointment: await appts.lookup(req.params.code, req.query, a) }));
  }));
  app.post('/api/appointments/:code/cancel', handle((req, res) => {
    const a = optionalActor(req);
    return guarded(req, res, async () => ({ appointment: await appts.cancel(req.params.code, req.body, a) }));
  }));
  app.post('/api/appointments/:code/check-in', handle((req) => appts.checkIn(actor(req), req.params.code), 201));
}
