// One registry of the HTTP routes: what each takes and answers, described with the zod schemas the
// hub validates with. Routes defined here are mounted on express from the same entry (so the route
// and its documentation cannot part); the routes written by hand elsewhere are listed in
// server/http/routes-doc.ts, and a test checks that express serves exactly what the registry lists.
import type express from 'express';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { IntegrationScope } from '../domain/model.js';
import type { RouteHelpers } from './app.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteDoc {
  method: Method;
  /** The express path, `:name` for a path parameter. */
  path: string;
  tag: string;
  summary: string;
  /** Who may call it, in words (e.g. "admin", "public", "kiosk, officer or admin"). */
  access: string;
  /** Integration key scopes that also open it. */
  scopes?: IntegrationScope[];
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  /** The success status (200 unless said). */
  status?: number;
  /** Other media types of the success answer (CSV, XLSX, PDF…). */
  produces?: string[];
}

export type Handler = (req: Request, res: Response) => Promise<unknown> | unknown;

/**
 * Mount documented routes on express: one handler for each entry of `docs`, keyed alike (the
 * compiler refuses a route without its handler, or a handler without its document).
 */
export function mountRoutes<K extends string>(app: express.Express, { handle }: RouteHelpers, docs: Record<K, RouteDoc>, handlers: Record<K, Handler>): void {
  for (const k of Object.keys(docs) as K[]) {
    const d = docs[k];
    app[d.method](d.path, handle(handlers[k], d.status ?? 200));
  }
}
