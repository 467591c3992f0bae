// The schemas of the one-stop link's routes: events, the feed, webhooks, integration keys. The
// routes validate with them and the OpenAPI document (server/http/openapi.ts) is generated from them.
import { z } from 'zod';
import { INTEGRATION_SCOPES } from '../domain/model.js';
import { EVENT_TYPES } from './map.js';

const id = z.string().min(1).max(64);
const siteIds = z.array(id).min(1).max(200);
/** Query values arrive as text: read as whole numbers. */
const intText = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const eventType = z.enum(EVENT_TYPES);
export const scope = z.enum(INTEGRATION_SCOPES);

const counterRef = z.object({ id: z.string(), number: z.number().int(), name: z.string() });
const officerRef = z.object({ id: z.string(), username: z.string(), name: z.string() });
export const publicEvent = z.object({
  id: z.number().int().describe('unique and increasing per site: yyyymmdd·10⁶ + the day log position'),
  type: eventType,
  siteId: z.string(),
  occurredAt: z.string().describe('ISO 8601 with the site offset'),
  data: z.object({
    ticket: z.object({
      id: z.string(), number: z.string(), siteId: z.string(), serviceId: z.string(), serviceCode: z.string().nullable(),
      priority: z.string().nullable(), status: z.string(), issuedAt: z.string(), calledAt: z.string().nullable(),
      doneAt: z.string().nullable(), counterId: z.string().nullable(), recalls: z.number().int(), transfers: z.number().int(),
      procedureCode: z.string().nullable(), dossierCodes: z.array(z.string()),
    }),
    counter: counterRef.nullable(),
    officer: officerRef.nullable(),
    level: z.enum(['very_satisfied', 'satisfied', 'unsatisfied']).nullable(),
    reasons: z.array(z.string()),
    dossierCodes: z.array(z.string()),
    procedureCode: z.string().nullable(),
    agencyCode: z.string().nullable(),
    fromServiceId: z.string().optional(),
    toServiceId: z.string().optional(),
    dossierCode: z.string().optional(),
    recall: z.boolean().optional(),
  }),
});

export const eventsQuery = z.strictObject({
  siteId: id,
  after: intText(0, Number.MAX_SAFE_INTEGER).optional(),
  wait: intText(0, 30).optional(),
  limit: intText(1, 1000).optional(),
});
export const eventsAnswer = z.object({ events: z.array(publicEvent), next: z.number().int() });

export const createWebhook = z.strictObject({
  url: z.string().max(500).url().refine((u) => /^https?:\/\//i.test(u), 'http or https'),
  siteIds,
  types: z.array(eventType).min(1).max(EVENT_TYPES.length).optional(),
});
export const webhookView = z.object({
  id: z.string(), url: z.string(), siteIds: z.array(z.string()), types: z.array(eventType), createdAt: z.string(),
  streams: z.array(z.object({ siteId: z.string(), cursor: z.number().int(), state: z.enum(['ok', 'retrying', 'parked']), lastError: z.string().nullable() })),
});
export const deliveryView = z.object({
  id: z.string(), webhookId: z.string(), siteId: z.string(), eventId: z.number().int(), type: eventType,
  status: z.enum(['pending', 'delivered', 'parked']), attempts: z.number().int(),
  firstAttemptAt: z.string().nullable(), lastAttemptAt: z.string().nullable(), nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(), lastStatus: z.number().int().nullable(), lastError: z.string().nullable(),
});

export const createIntegration = z.strictObject({ name: z.string().trim().min(1).max(80), siteIds, scopes: z.array(scope).min(1).max(INTEGRATION_SCOPES.length) });
export const integrationView = z.object({
  id: z.string(), name: z.string(), siteIds: z.array(z.string()), scopes: z.array(scope), keyPrefix: z.string(),
  createdAt: z.string(), revokedAt: z.string().nullable(),
});
