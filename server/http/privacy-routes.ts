// Routes of personal data (docs/privacy.md, docs/api.md "Personal data"). Admin only: the policy and
// the last retention run, running it now, the register of requests, a data subject's items (JSON,
// or as a download), and their erasure. Answers carry personal values only where the admin asked
// for a person's items; nothing here is logged with a value.
import type express from 'express';
import type { Hub } from '../app/hub.js';
import type { Privacy } from '../privacy/privacy.js';
import type { RouteHelpers } from './app.js';

export function privacyRoutes(app: express.Express, { actor, handle }: RouteHelpers, _hub: Hub, privacy: Privacy): void {
  app.get('/api/privacy', handle((req) => privacy.overview(actor(req))));
  app.put('/api/privacy/policy', handle((req) => privacy.setPolicy(actor(req), req.body)));
  app.post('/api/privacy/retention/run', handle(async (req) => ({ run: await privacy.runRetention(actor(req)) })));
  app.post('/api/privacy/requests', handle(async (req) => ({ request: await privacy.openRequest(actor(req), req.body) }), 201));
  app.get('/api/privacy/subject', handle(async (req, res) => {
    const out = await privacy.subject(actor(req), req.query);
    res.setHeader('Cache-Control', 'no-store');
    if (req.query.format === 'json') res.setHeader('Content-Disposition', 'attachment; filename="du-lieu-ca-nhan.json"');
    return out;
  }));
  app.post('/api/privacy/erase', handle((req) => privacy.erase(actor(req), req.body)));
}
