// The HTTP edge: parse, authenticate, call the hub, answer. No rule lives here.
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../common/errors.js';
import { COMMAND_NAMES, type CommandName } from '../../common/events.js';
import type { Actor } from '../domain/model.js';
import type { Lang } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import { errorAnswer, langFromHeader } from './errors.js';
import { securityOf } from '../security/security.js';
import { withinMs } from '../cluster/unavailable.js';

/** /api/health answers 503 when the store takes longer than this. */
const HEALTH_TIMEOUT_MS = 2000;

export interface HttpOptions {
  distDir: string; log: (m: string) => void; extraRoutes?: (app: express.Express, h: RouteHelpers) => void;
  /** Warnings of /api/health (e.g. disk_low), in the asker's language. */
  healthWarnings?: (lang: Lang) => { code: string; message: string }[];
  /** This process's name in /api/health (several hubs on one database). */
  hubId?: string;
  /** Hub addresses a paired screen may reconnect to (LUOT_HUB_URLS), given with the pairing answer. */
  hubUrls?: string[];
}

export interface RouteHelpers {
  actor(req: Request): Actor;
  handle(fn: (req: Request, res: Response) => Promise<unknown> | unknown, status?: number): express.RequestHandler;
}

const SCREEN_PAGES: Record<string, string> = {
  '/kiosk': 'kiosk/index.html',
  '/display': 'display/index.html',
  '/counter': 'counter/index.html',
  '/pad': 'counter/pad.html',
  '/admin': 'admin/index.html',
  '/book': 'phone/book.html',
};

export function createHttpApp(hub: Hub, opts: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  // Every /api body is JSON of at most 16 KB, except a procedure catalogue (server/http/procedure-routes.ts)
  // and the voice recorder's WAV uploads and pack imports (server/voice/routes.ts): those routes read their own.
  const json = express.json({ limit: '16kb', strict: true, type: () => true });
  app.use('/api', (req, res, next) => {
    if ((req.method === 'POST' && req.path === '/procedures/import') || req.path.startsWith('/voice/')) next(); else json(req, res, next);
  });
  // Several hubs: a token or ticket made on another hub a moment ago is looked up in the store once
  // before this hub answers unauthorized / ticket_not_found (nothing to do on files).
  if (hub.store.kind !== 'files') {
    app.use('/api', (req, _res, next) => {
      const h = req.headers.authorization;
      const token = h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
      const ticket = req.method === 'GET' ? /^\/tickets\/([^/]+)$/.exec(req.path)?.[1] : undefined;
      Promise.all([hub.refreshForToken(token), hub.refreshForTicket(ticket)]).then(() => next(), next);
    });
  }
  // Security headers (CSP), query checks and throttles: server/security, docs/security.md.
  const security = securityOf(hub, opts.log);
  app.use(security.http);

  const actor = (req: Request): Actor => {
    const h = req.headers.authorization;
    const token = h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
    return hub.authenticate(token);
  };
  const handle: RouteHelpers['handle'] = (fn, status = 200) => async (req, res, next) => {
    try {
      const out = await fn(req, res);
      if (!res.headersSent) res.status(status).json(out ?? { ok: true });
    } catch (e) {
      next(e);
    }
  };
  const command = (name: CommandName, args: (req: Request) => unknown, status = 200) =>
    handle(async (req) => hub.run(actor(req), name, args(req)), status);
  const q = (req: Request, key: string): string => {
    const v = req.query[key];
    if (typeof v !== 'string' || !v) throw new DomainError('invalid_input', key, { field: key });
    return v;
  };
  // A counter command's body is optional, but when one is sent it must be an object: `[1]` is not
  // "no arguments", and must not run the command.
  const body = (req: Request): Record<string, unknown> => {
    if (req.body === undefined) return {};
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) throw new DomainError('invalid_input', 'body', { field: 'body' });
    return req.body as Record<string, unknown>;
  };
  const bodyOrInvalid = (req: Request): unknown => req.body;

  // The hot path first: the router tries routes in order, and issuing is most of the traffic.
  app.post('/api/tickets', command('ticket:issue', bodyOrInvalid, 201));
  // ok: the hub answers; warnings: what an operator should act on before it stops (docs/operations.md).
  // `warnings` only when there is one (so a plain `{ok:true}` means nothing to do).
  // store: which store this hub runs on; hub: this process (api.md "Several hubs"). 503 store_unavailable
  // when the store does not answer within 2 s (a load balancer takes the hub out of rotation).
  app.get('/api/health', async (req, res) => {
    const lang = langFromHeader(req.headers['accept-language']);
    const about = { store: hub.store.kind, hub: opts.hubId ?? '' };
    try {
      await withinMs(hub.store.health(), HEALTH_TIMEOUT_MS, 'health');
    } catch {
      res.status(503).json({ ok: false, ...about, error: errorAnswer(new DomainError('store_unavailable'), lang).body.error });
      return;
    }
    const warnings = opts.healthWarnings?.(lang) ?? [];
    res.json(warnings.length ? { ok: true, ...about, warnings } : { ok: true, ...about });
  });

  // accounts and devices
  app.post('/api/auth/login', handle((req) => hub.login(bodyOrInvalid(req))));
  app.post('/api/auth/logout', handle(async (req) => {
    actor(req);
    await hub.logout(req.headers.authorization!.slice(7).trim());
    return { ok: true };
  }));
  app.get('/api/me', handle((req) => hub.me(actor(req))));
  app.get('/api/me/today', handle((req) => hub.officerToday(actor(req))));
  app.post('/api/users', handle(async (req) => ({ user: await hub.createUser(actor(req), bodyOrInvalid(req)) }), 201));
  app.get('/api/users', handle((req) => ({ users: hub.listUsers(actor(req)) })));
  app.post('/api/devices', handle((req) => hub.createDevice(actor(req), bodyOrInvalid(req)), 201));
  // With several hubs, the addresses a screen may reconnect to ride along (hubUrls, LUOT_HUB_URLS).
  app.post('/api/devices/pair', handle(async (req) => {
    const paired = await hub.pair(bodyOrInvalid(req));
    return opts.hubUrls?.length ? { ...paired, hubUrls: opts.hubUrls } : paired;
  }));
  app.get('/api/devices', handle((req) => ({ devices: hub.listDevices(actor(req), typeof req.query.siteId === 'string' ? req.query.siteId : undefined) })));
  app.patch('/api/devices/:id', handle((req) => hub.updateDevice(actor(req), String(req.params.id), bodyOrInvalid(req))));
  app.post('/api/devices/:id/revoke', handle(async (req) => ({ device: await hub.revokeDevice(actor(req), String(req.params.id)) })));
  app.post('/api/devices/:id/pairing-code', handle((req) => hub.newPairingCode(actor(req), String(req.params.id))));

  // sites, services, counters
  app.get('/api/sites', handle((req) => ({ sites: hub.listSites(actor(req)) })));
  app.post('/api/sites', handle(async (req) => ({ site: await hub.createSite(actor(req), bodyOrInvalid(req)) }), 201));
  app.get('/api/sites/:id', handle((req) => ({ site: hub.getSite(actor(req), String(req.params.id)) })));
  app.patch('/api/sites/:id/settings', handle(async (req) => ({ site: await hub.updateSettings(actor(req), String(req.params.id), bodyOrInvalid(req)) })));
  app.get('/api/services', handle((req) => ({ services: hub.listServices(actor(req), q(req, 'siteId')) })));
  app.post('/api/services', handle(async (req) => ({ service: await hub.createService(actor(req), bodyOrInvalid(req)) }), 201));
  app.patch('/api/services/:id', handle(async (req) => ({ service: await hub.updateService(actor(req), String(req.params.id), bodyOrInvalid(req)) })));
  app.get('/api/counters', handle((req) => ({ counters: hub.listCounters(actor(req), q(req, 'siteId')) })));
  app.post('/api/counters', handle(async (req) => ({ counter: await hub.createCounter(actor(req), bodyOrInvalid(req)) }), 201));
  app.patch('/api/counters/:id', handle(async (req) => ({ counter: await hub.updateCounter(actor(req), String(req.params.id), bodyOrInvalid(req)) })));

  // tickets and the queue
  app.get('/api/tickets/:id', handle((req) => ({ ticket: hub.getTicket(String(req.params.id)) })));
  app.get('/api/queue', handle(async (req) => {
    const a = actor(req);
    const siteId = q(req, 'siteId');
    if (!hub.canSeeSite(a, siteId)) throw new DomainError('wrong_site');
    return hub.queue(a, siteId);
  }));
  app.get('/api/queue/waiting', handle(async (req) => ({ tickets: await hub.waitingFor(actor(req), q(req, 'counterId')) })));
  app.get('/api/queue/issue-state', handle(async (req) => {
    const a = actor(req);
    const siteId = q(req, 'siteId');
    if (!hub.canSeeSite(a, siteId)) throw new DomainError('wrong_site');
    return { services: await hub.issueState(siteId) };
  }));

  // counter work: one route per command, the counter id from the path
  const counterCmds = COMMAND_NAMES.filter((n) => n.startsWith('counter:')).map((n) => [n.slice('counter:'.length), n] as const);
  for (const [path, name] of counterCmds) {
    app.post(`/api/counters/:id/${path}`, command(name, (req) => ({ ...body(req), counterId: String(req.params.id) })));
  }

  app.post('/api/ratings', command('rating:submit', bodyOrInvalid, 201));

  opts.extraRoutes?.(app, { actor, handle });

  app.use('/api', (_req, _res, next) => next(new DomainError('not_found')));

  // the screens, built by vite into dist/
  const page = (file: string) => (_req: Request, res: Response) => {
    const p = join(opts.distDir, file);
    if (!existsSync(p)) {
      res.status(503).type('text/plain; charset=utf-8').send('Màn hình chưa được build: chạy `npm run build`. / Screens are not built: run `npm run build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(p);
  };
  for (const [route, file] of Object.entries(SCREEN_PAGES)) app.get(route, page(file));
  app.get('/t/:id', page('phone/index.html'));
  app.get('/', (_req, res) => { res.redirect('/admin'); });
  app.use(express.static(opts.distDir, {
    index: false,
    setHeaders(res, path) { if (/[\\/]assets[\\/]/.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'); },
  }));

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const a = errorAnswer(security.httpError(err, res), langFromHeader(req.headers['accept-language']), opts.log);
    res.status(a.status).json(a.body);
  });
  app.use((req, res) => {
    const a = errorAnswer(new DomainError('not_found'), langFromHeader(req.headers['accept-language']));
    res.status(404).json(a.body);
  });
  return app;
}
