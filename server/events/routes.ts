// Routes of the one-stop link's outbound side (docs/integration.md): the events feed, webhook
// subscriptions and their deliveries, integration keys. Documented and mounted from one registry.
import type express from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import { DomainError } from '../../common/errors.js';
import type { Hub } from '../app/hub.js';
import { parseWith } from '../app/validate.js';
import { integrationAllows, type Actor } from '../domain/model.js';
import type { RouteHelpers } from '../http/app.js';
import { mountRoutes, type RouteDoc } from '../http/registry.js';
import { createIntegrationKey, listIntegrations, revokeIntegration } from '../integrations/integrations.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import type { EventFeed } from './feed.js';
import {
  createIntegration, createWebhook, deliveryView, eventsAnswer, eventsQuery, integrationView, webhookView,
} from './schemas.js';

const ok = z.object({ ok: z.literal(true) });

export const EVENT_ROUTES = {
  feed: {
    method: 'get', path: '/api/events', tag: 'Events', access: 'admin of the site, or a key with events:read', scopes: ['events:read'],
    summary: 'Events of a site after a cursor; with wait, answers as soon as one exists (long-poll, at most 30 s)',
    query: eventsQuery, response: eventsAnswer,
  },
  createWebhook: {
    method: 'post', path: '/api/webhooks', tag: 'Webhooks', access: 'admin', status: 201,
    summary: 'Subscribe a URL to the events of sites (the secret is shown once)',
    body: createWebhook, response: z.object({ webhook: webhookView, secret: z.string() }),
  },
  listWebhooks: {
    method: 'get', path: '/api/webhooks', tag: 'Webhooks', access: 'admin', summary: 'Subscriptions, with each site stream\'s state',
    response: z.object({ webhooks: z.array(webhookView) }),
  },
  deleteWebhook: { method: 'delete', path: '/api/webhooks/:id', tag: 'Webhooks', access: 'admin', summary: 'Delete a subscription', response: ok },
  deliveries: {
    method: 'get', path: '/api/webhooks/:id/deliveries', tag: 'Webhooks', access: 'admin', summary: 'Recent deliveries of a subscription, newest first',
    response: z.object({ webhook: webhookView, deliveries: z.array(deliveryView) }),
  },
  resend: {
    method: 'post', path: '/api/webhooks/:id/deliveries/:deliveryId/resend', tag: 'Webhooks', access: 'admin',
    summary: 'Send a delivery again (a parked one resumes its stream in order)', response: z.object({ delivery: deliveryView }),
  },
  createIntegration: {
    method: 'post', path: '/api/integrations', tag: 'Integrations', access: 'admin', status: 201,
    summary: 'Create an integration key (shown once, stored hashed)', body: createIntegration,
    response: z.object({ integration: integrationView, key: z.string() }),
  },
  listIntegrations: {
    method: 'get', path: '/api/integrations', tag: 'Integrations', access: 'admin', summary: 'Integration keys (never the keys themselves)',
    response: z.object({ integrations: z.array(integrationView) }),
  },
  revokeIntegration: {
    method: 'delete', path: '/api/integrations/:id', tag: 'Integrations', access: 'admin', summary: 'Revoke a key: it answers 401 from now on',
    response: z.object({ integration: integrationView }),
  },
} satisfies Record<string, RouteDoc>;

/** A path id: anything longer than an id can be is simply unknown. */
const pathId = (req: Request, name: string): string => {
  const v = String(req.params[name] ?? '');
  if (!v || v.length > 64) throw new DomainError('not_found');
  return v;
};

export function assertCanReadEvents(hub: Hub, actor: Actor, siteId: string): void {
  if (actor.kind === 'integration') {
    const r = integrationAllows(actor, 'events:read', siteId);
    if (r !== 'ok') throw new DomainError(r);
    if (!hub.configData.sites.some((s) => s.id === siteId)) throw new DomainError('site_not_found', 'siteId');
    return;
  }
  hub.getSite(actor, siteId);
  hub.assertAdmin(actor, siteId);
}

export function eventRoutes(app: express.Express, helpers: RouteHelpers, hub: Hub, feed: EventFeed, webhooks: Webhooks): void {
  const { actor } = helpers;
  mountRoutes(app, helpers, EVENT_ROUTES, {
    async feed(req, res) {
      const a = actor(req);
      const q = parseWith(eventsQuery, req.query, 'query');
      assertCanReadEvents(hub, a, q.siteId);
      const after = q.after ?? 0;
      const abort = new AbortController();
      res.once('close', () => abort.abort());
      const events = await feed.wait(q.siteId, after, q.limit ?? 100, (q.wait ?? 0) * 1000, abort.signal);
      return { events, next: events.length ? events[events.length - 1]!.id : after };
    },
    createWebhook: (req) => webhooks.create(actor(req), req.body),
    listWebhooks: (req) => webhooks.list(actor(req)),
    deleteWebhook: (req) => webhooks.remove(actor(req), pathId(req, 'id')),
    deliveries: (req) => webhooks.deliveries(actor(req), pathId(req, 'id')),
    resend: (req) => webhooks.resend(actor(req), pathId(req, 'id'), pathId(req, 'deliveryId')),
    createIntegration: (req) => createIntegrationKey(hub, actor(req), req.body),
    listIntegrations: (req) => listIntegrations(hub, actor(req)),
    revokeIntegration: (req) => revokeIntegration(hub, actor(req), pathId(req, 'id')),
  });
}
