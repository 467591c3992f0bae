// Routes of the admin console and the reports: `GET /api/reports` (JSON, CSV, XLSX), the series of
// the charts, today's live board, and the transparency panel the lobby displays show.
import type express from 'express';
import type { Request } from 'express';
import type { Lang } from '../../common/types.js';
import { langFromHeader } from './errors.js';
import type { RouteHelpers } from './app.js';
import { exportName } from '../reports/export.js';
import type { Reports } from '../reports/reports.js';

const lang = (req: Request): Lang => langFromHeader(req.headers['accept-language']);

export function adminRoutes(app: express.Express, { actor, handle }: RouteHelpers, reports: Reports): void {
  app.get('/api/reports', handle(async (req, res) => {
    // `csv=vi` alone asks for the CSV in the Vietnamese dialect.
    const query = req.query.csv !== undefined && req.query.format === undefined ? { ...req.query, format: 'csv' } : req.query;
    const { format, csv, lang: l, ...report } = await reports.report(actor(req), query, lang(req));
    if (format === 'json') return report;
    const name = exportName(report);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}${csv === 'vi' ? '_vi' : ''}.csv"`);
      res.send(await reports.exportFile('csv', report, l, csv));
    } else {
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      res.send(Buffer.from(await reports.exportFile('xlsx', report, l)));
    }
    return undefined;
  }));
  app.get('/api/reports/series', handle((req) => reports.series(actor(req), req.query)));
  app.get('/api/reports/today', handle((req) => reports.todayBoard(actor(req), { lang: lang(req), ...req.query })));
  app.get('/api/reports/transparency', handle((req) => reports.transparency(actor(req), req.query)));
}
