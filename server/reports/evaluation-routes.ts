// Routes of the evaluation reports (docs/api.md "Evaluation reports"), documented and mounted from
// one registry: the grouped evaluation and the listing of rated dossiers, each as JSON, CSV
// (`csv=vi` for the Vietnamese dialect) or XLSX.
import type express from 'express';
import type { Request, Response } from 'express';
import type { Lang } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import type { RouteHelpers } from '../http/app.js';
import { langFromHeader } from '../http/errors.js';
import { mountRoutes, type RouteDoc } from '../http/registry.js';
import { evaluationDossiersQuery, evaluationQuery, Evaluations, type EvaluationOut } from './evaluation.js';
import type { Reports } from './reports.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const EVALUATION_ROUTES = {
  evaluation: {
    method: 'get', path: '/api/reports/evaluation', tag: 'Reports', access: 'admin, or a key with reports:read', scopes: ['reports:read'],
    summary: 'Evaluation of a period by officer, unit (site), procedure or field: served, dossiers, ratings by level, satisfaction rate (JSON, CSV or XLSX; no siteId = every site the caller reads)',
    query: evaluationQuery, produces: ['text/csv', XLSX],
  },
  dossiers: {
    method: 'get', path: '/api/reports/evaluation/dossiers', tag: 'Reports', access: 'admin, or a key with reports:read', scopes: ['reports:read'],
    summary: 'Every rated ticket of a period (rows=dossier: every rated dossier code) with dossier codes, procedure, field, officer, counter, agency code, level and reasons (JSON pages, CSV or XLSX)',
    query: evaluationDossiersQuery, produces: ['text/csv', XLSX],
  },
} satisfies Record<string, RouteDoc>;

const langOf = (req: Request): Lang => langFromHeader(req.headers['accept-language']);
/** `csv=vi` alone asks for the CSV in the Vietnamese dialect. */
const withFormat = (req: Request) => (req.query.csv !== undefined && req.query.format === undefined ? { ...req.query, format: 'csv' } : req.query);

function sendFile(res: Response, name: string, format: 'csv' | 'xlsx', dialect: string, body: string | Uint8Array): undefined {
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}${dialect === 'vi' ? '_vi' : ''}.csv"`);
    res.send(body);
  } else {
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    res.send(Buffer.from(body as Uint8Array));
  }
  return undefined;
}

/** The figures and files are made by the reports worker (through `reports`); the hub only sends them. */
export function evaluationRoutes(app: express.Express, helpers: RouteHelpers, hub: Hub, reports: Reports): Evaluations {
  const ev = new Evaluations(hub, reports);
  const { actor } = helpers;
  const answer = (res: Response, a: EvaluationOut<unknown>) => (a.format === 'json' ? a.json : sendFile(res, a.name, a.format, a.csv, a.file));
  mountRoutes(app, helpers, EVALUATION_ROUTES, {
    async evaluation(req, res) { return answer(res, await ev.evaluation(actor(req), withFormat(req), langOf(req))); },
    async dossiers(req, res) { return answer(res, await ev.listing(actor(req), withFormat(req), langOf(req))); },
  });
  return ev;
}
