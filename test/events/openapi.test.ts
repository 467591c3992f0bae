// The OpenAPI document: valid OpenAPI 3.1 by a third-party validator, served by the hub, the same
// routes as express serves (so the registry cannot drift from the code), and every route that
// docs/api.md names.
import { Validator } from '@seriousme/openapi-schema-validator';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../common/events.js';
import { openApiDocument } from '../../server/http/openapi.js';
import { startServer, type RunningHub } from '../../server/server.js';
import { ROOT } from '../helpers/hub.js';

let running: RunningHub;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'luot-openapi-'));
  running = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', log: () => {}, distDir: join(dir, 'dist') });
});
afterAll(async () => { await running?.close(); rmSync(dir, { recursive: true, force: true }); });

const toOpenapi = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('GET /api/openapi.json', () => {
  it('is valid OpenAPI 3.1, served publicly', async () => {
    const r = await fetch(`${running.url}/api/openapi.json`);
    expect(r.status).toBe(200);
    const doc = await r.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    const v = new Validator();
    const res = await v.validate(doc as never);
    expect(res.errors ?? [], JSON.stringify(res.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(res.valid).toBe(true);
    // Bodies and queries come from the hub's own schemas.
    const webhook = (doc.paths['/api/webhooks']!.post as any).requestBody.content['application/json'].schema;
    expect(webhook).toMatchObject({ type: 'object', required: ['url', 'siteIds'], additionalProperties: false });
    const feed = (doc.paths['/api/events']!.get as any).parameters.map((p: { name: string; required: boolean }) => [p.name, p.required]);
    expect(feed).toEqual([['siteId', true], ['after', false], ['wait', false], ['limit', false]]);
    const issue = (doc.paths['/api/tickets']!.post as any);
    expect(issue['x-scopes']).toEqual(['tickets:issue']);
  });

  it('lists exactly the routes express serves', () => {
    const served = new Set<string>();
    for (const layer of (running.app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack) {
      if (!layer.route || !layer.route.path.startsWith('/api/')) continue;
      for (const m of Object.keys(layer.route.methods)) served.add(`${m.toUpperCase()} ${toOpenapi(layer.route.path)}`);
    }
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    expect([...served].filter((x) => !documented.has(x)), 'served but not in the registry: describe it in server/http/routes-doc.ts (or mount it with mountRoutes)').toEqual([]);
    expect([...documented].filter((x) => !served.has(x)), 'in the registry but not served').toEqual([]);
  });

  it('has every route of docs/api.md', () => {
    const text = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    const verbs = COMMAND_NAMES.filter((n) => n.startsWith('counter:')).map((n) => n.slice('counter:'.length));
    const named = new Set<string>();
    for (const m of text.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE)(?:\|(?:GET|POST|PUT|PATCH|DELETE))*) (\/api\/[^`\s?]*)/g)) {
      const paths = m[2]!.includes('<verb>') ? verbs.map((v) => m[2]!.replace('<verb>', v)) : [m[2]!];
      for (const method of m[1]!.split('|')) for (const p of paths) named.add(`${method.toLowerCase()} ${toOpenapi(p)}`);
    }
    expect(named.size).toBeGreaterThan(40);
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const missing = [...named].filter((x) => { const [m, p] = x.split(' '); return !doc.paths[p!]?.[m!]; });
    expect(missing).toEqual([]);
  });
});
