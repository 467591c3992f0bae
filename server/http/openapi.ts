// The OpenAPI 3.1 document of the whole HTTP API, generated from the route registry and the zod
// schemas the hub validates with (zod 4's toJSONSchema), served at GET /api/openapi.json.
import type express from 'express';
import { z } from 'zod';
import { ERROR_STATUS } from '../../common/errors.js';
import type { RouteHelpers } from './app.js';
import { mountRoutes, type RouteDoc } from './registry.js';
import { ALL_ROUTES, OPENAPI_ROUTE } from './routes-doc.js';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete s.$schema;
  return s;
}

const openapiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const operationId = (d: RouteDoc): string =>
  d.method + d.path.replace(/^\/api/, '').split(/[/.-]/).filter(Boolean).map((p) => p.startsWith(':') ? 'By' + cap(p.slice(1)) : cap(p)).join('');
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input: nothing changed', 401: 'No or bad credentials', 403: 'Not allowed for this role, device, site or key',
  404: 'Unknown id', 409: 'The current state forbids it', 413: 'Body over 16 KB', 429: 'Rate limited (Retry-After)',
};

function operation(d: RouteDoc): Json {
  const params: Json[] = [];
  for (const m of d.path.matchAll(/:([A-Za-z0-9_]+)/g)) params.push({ name: m[1], in: 'path', required: true, schema: { type: 'string', maxLength: 64 } });
  if (d.query) {
    for (const [name, field] of Object.entries(d.query.shape as Record<string, z.ZodType>)) {
      params.push({ name, in: 'query', required: !field.safeParse(undefined).success, schema: jsonSchema(field, 'input') });
    }
  }
  const status = String(d.status ?? 200);
  const content: Json = { 'application/json': { schema: d.response ? jsonSchema(d.response, 'output') : { type: 'object' } } };
  for (const t of d.produces ?? []) content[t] = { schema: { type: 'string', format: 'binary' } };
  const responses: Json = { [status]: { description: 'OK', content } };
  for (const [code, text] of Object.entries(STATUS_TEXT)) {
    responses[code] = { description: text, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  const op: Json = {
    operationId: operationId(d), tags: [d.tag], summary: d.summary,
    description: `Access: ${d.access}.${d.scopes?.length ? ` Integration key scopes: ${d.scopes.join(', ')}.` : ''}`,
    parameters: params, responses,
    'x-access': d.access,
  };
  if (d.scopes?.length) op['x-scopes'] = d.scopes;
  if (d.access === 'public') op.security = [];
  if (d.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(d.body, 'input') } } };
  return op;
}

export function openApiDocument(routes: readonly RouteDoc[] = ALL_ROUTES, version = '1.0.0'): Json {
  const paths: Record<string, Json> = {};
  for (const d of routes) (paths[openapiPath(d.path)] ??= {})[d.method] = operation(d);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lượt API', version,
      description: 'The HTTP API of the Lượt hub (docs/api.md, docs/integration.md). Errors are {"error":{"code","message","field?"}}.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A user token (login), a device token (pairing) or an integration key (luotk_…)' },
      },
      schemas: {
        Error: {
          type: 'object', required: ['error'],
          properties: {
            error: {
              type: 'object', required: ['code', 'message'],
              properties: { code: { type: 'string', enum: Object.keys(ERROR_STATUS) }, message: { type: 'string' }, field: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}

let cached: Json | null = null;

export function openapiRoutes(app: express.Express, helpers: RouteHelpers): void {
  mountRoutes(app, helpers, { openapi: OPENAPI_ROUTE }, { openapi: () => (cached ??= openApiDocument()) });
}
