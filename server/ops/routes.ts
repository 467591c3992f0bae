// GET /metrics: 404 not_found unless metrics are enabled (LUOT_METRICS=1). With LUOT_METRICS_TOKEN
// set, it asks for `Authorization: Bearer <that token>` (or an admin's session token); without one it
// is open to whoever reaches the port, like the rest of a hub on its LAN.
import type express from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Hub } from '../app/hub.js';
import { DomainError } from '../../common/errors.js';
import type { Metrics } from './metrics.js';
import type { RouteHelpers } from '../http/app.js';

export interface MetricsSettings { enabled: boolean; token: string | null }

export function metricsSettingsFromEnv(env: Record<string, string | undefined>): MetricsSettings {
  return { enabled: env.LUOT_METRICS === '1' || env.LUOT_METRICS === 'on' || env.LUOT_METRICS === 'true', token: env.LUOT_METRICS_TOKEN || null };
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function metricsRoute(app: express.Express, { handle }: RouteHelpers, hub: Hub, metrics: () => Metrics | null, settings: MetricsSettings): void {
  app.get('/metrics', handle(async (req, res) => {
    const m = metrics();
    if (!m) throw new DomainError('not_found');
    if (settings.token) {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
      if (!given) throw new DomainError('unauthorized');
      if (!same(given, settings.token)) {
        // An admin may read the metrics with a session token too.
        const actor = hub.authenticate(given);
        hub.assertAdmin(actor);
      }
    }
    res.setHeader('Content-Type', m.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await m.text());
    return undefined;
  }));
}
