// Routes of the one-stop link's procedures and dossiers (docs/api.md "Procedures", "Dossiers"):
// the catalogue (import, search, mapping to services), a site's one-stop settings, and dossier
// codes on tickets. Validation and rules live in server/procedures and the core.
import express, { type Request } from 'express';
import { DomainError } from '../../common/errors.js';
import type { Hub } from '../app/hub.js';
import { parse } from '../app/validate.js';
import { ImportInvalid } from '../procedures/catalogue.js';
import type { RouteHelpers } from './app.js';
import { errorAnswer, langFromHeader } from './errors.js';

/** Largest catalogue file accepted (a province's whole catalogue as XLSX is well under 2 MB). */
export const IMPORT_LIMIT = '8mb';
export const IMPORT_PATH = '/api/procedures/import';

const siteOf = (req: Request): string => {
  const v = req.query.siteId;
  if (typeof v !== 'string' || !v) throw new DomainError('invalid_input', 'siteId', { field: 'siteId' });
  return v;
};

export function procedureRoutes(app: express.Express, { actor, handle }: RouteHelpers, hub: Hub): void {
  const cat = hub.procedures;
  // The import takes its body raw (JSON, CSV or XLSX): the /api JSON parser skips this path.
  app.post(IMPORT_PATH, express.raw({ type: () => true, limit: IMPORT_LIMIT }), async (req, res, next) => {
    try {
      const a = actor(req);
      const siteId = siteOf(req);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const out = await cat.import(a, siteId, String(req.headers['content-type'] ?? ''), body);
      res.json(out);
    } catch (e) {
      if (e instanceof ImportInvalid) {
        const answer = errorAnswer(e, langFromHeader(req.headers['accept-language']));
        res.status(400).json({ ...answer.body, imported: 0, updated: 0, errors: e.errors });
        return;
      }
      next(e);
    }
  });
  app.get('/api/procedures', handle((req) => {
    const q = parse('queryProcedures', { ...req.query });
    return { procedures: cat.list(q.siteId, { q: q.q, field: q.field }) };
  }));
  app.get('/api/procedures/fields', handle((req) => ({ fields: cat.fields(siteOf(req)) })));
  app.patch('/api/procedures/fields/:code', handle(async (req) => {
    const { serviceId } = parse('mapProcedure', req.body);
    return { field: await cat.mapField(actor(req), siteOf(req), String(req.params.code), serviceId) };
  }));
  app.get('/api/procedures/:code', handle((req) => ({ procedure: cat.get(siteOf(req), String(req.params.code)) })));
  app.patch('/api/procedures/:code', handle(async (req) => {
    const { serviceId } = parse('mapProcedure', req.body);
    return { procedure: await cat.mapProcedure(actor(req), siteOf(req), String(req.params.code), serviceId) };
  }));

  // A site's name and one-stop settings (agency code, dossier pattern, portal URL template).
  app.patch('/api/sites/:id', handle(async (req) => ({ site: await hub.updateSite(actor(req), String(req.params.id), req.body) })));

  // Dossier codes on a ticket: the officer serving it, an admin (and keys with tickets:link).
  app.post('/api/tickets/:id/dossiers', handle(async (req) => {
    const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body as Record<string, unknown> : null;
    if (!body) throw new DomainError('invalid_input', 'body', { field: 'body' });
    return hub.run(actor(req), 'ticket:link-dossier', { ...body, ticketId: String(req.params.id) });
  }));
}
