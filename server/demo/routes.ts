// The demo's routes (admin): what the demo still holds (the console's banner), and removing it.
import type express from 'express';
import type { Hub } from '../app/hub.js';
import type { RouteHelpers } from '../http/app.js';

export function demoRoutes(app: express.Express, { actor, handle }: RouteHelpers, hub: Hub): void {
  app.get('/api/demo', handle((req) => {
    hub.assertAdmin(actor(req));
    return { demo: hub.demoInfo() };
  }));
  app.post('/api/demo/remove', handle(async (req) => {
    const r = await hub.removeDemo(actor(req));
    return { ok: true, ...r, demo: hub.demoInfo() };
  }));
}
