// The query strings of the GET routes. Every query is checked before its route runs: a parameter
// sent twice (an array), a very long value or too many parameters is refused on any route; the
// routes named here accept exactly the parameters of their schema (common/schemas.ts). The reports
// validate their own queries (server/reports/reports.ts) and get the general check only.
import type { Schemas } from '../../common/schemas.js';
import { DomainError } from '../../common/errors.js';
import { parse } from '../app/validate.js';

export const MAX_QUERY_PARAMS = 16;
export const MAX_QUERY_VALUE = 256;

type QueryKey = Extract<keyof Schemas, `query${string}`>;

const ROUTES: [RegExp, QueryKey][] = [
  [/^\/api\/(health|me|me\/today|users|sites)$/, 'queryNone'],
  [/^\/api\/sites\/[^/]+$/, 'queryNone'],
  [/^\/api\/tickets\/[^/]+$/, 'queryNone'],
  [/^\/api\/devices$/, 'querySiteOptional'],
  [/^\/api\/(services|counters|queue|queue\/issue-state|printers|audit\/digests)$/, 'querySite'],
  [/^\/api\/queue\/waiting$/, 'queryCounter'],
  [/^\/api\/audit\/verify$/, 'queryNone'],
  [/^\/api\/ratings\/[^/]+\/notes$/, 'queryNone'],
  [/^\/api\/procedures$/, 'queryProcedures'],
  [/^\/api\/procedures\/[^/]+$/, 'querySite'],
];

/** Throws a coded 400 when the query of a request is not acceptable (strictly so for the GET routes named above). */
export function checkQuery(method: string, path: string, query: Record<string, unknown>): void {
  const keys = Object.keys(query);
  if (keys.length > MAX_QUERY_PARAMS) throw new DomainError('invalid_input', 'query', { field: 'query' });
  for (const k of keys) {
    const v = query[k];
    if (k.length > 64 || typeof v !== 'string' || v.length > MAX_QUERY_VALUE) {
      const field = k.length > 64 ? 'query' : k;
      throw new DomainError('invalid_input', field, { field });
    }
  }
  if (method !== 'GET' && method !== 'HEAD') return;
  for (const [re, schema] of ROUTES) {
    if (re.test(path)) { parse(schema, { ...query }); return; }
  }
}
