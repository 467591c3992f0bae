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
import { evaluationDossiersQuery, evaluationQuery, Evaluations } from './evaluation.js';
import { evaluationCsv, evaluationName, evaluationXlsx, listingCsv, listingXlsx } from './evaluation-export.js';

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

export function evaluationRoutes(app: express.Express, helpers: RouteHelpers, hub: Hub): Evaluations {
  const ev = new Evaluations(hub);
  const { actor } = helpers;
  mountRoutes(app, helpers, EVALUATION_ROUTES, {
    async evaluation(req, res) {
      const { format, csv, lang, listing, ...e } = await ev.evaluation(actor(req), withFormat(req), langOf(req));
      if (format === 'json') return e;
      const name = evaluationName(e, e.groupBy);
      return sendFile(res, name, format, csv, format === 'csv' ? evaluationCsv(e, lang, csv) : evaluationXlsx(e, listing, lang));
    },
    async dossiers(req, res) {
      const { format, csv, lang, ...l } = await ev.listing(actor(req), withFormat(req), langOf(req));
      if (format === 'json') return l;
      return sendFile(res, evaluationName(l), format, csv, format === 'csv' ? listingCsv(l, lang, csv) : listingXlsx(l, lang));
    },
  });
  return ev;
}
