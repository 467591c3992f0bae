// The issue path without the router: POST /api/tickets is most of a busy hub's traffic, and the
// express stack allocates enough per request to make the young-generation GC pause the tail of
// issue latency (docs/performance.md). Only the plain, well-formed case is taken here: a body with
// a Content-Length within the limit, no Content-Encoding, no query string. Everything else (and
// every other route) goes to the express app, which answers it the same way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '../../common/errors.js';
import type { Hub } from '../app/hub.js';
import { SECURITY_HEADERS } from '../security/headers.js';
import { securityOf } from '../security/security.js';
import { errorAnswer, langFromHeader } from './errors.js';
import { KEY_PREFIX } from '../integrations/integrations.js';

const BODY_LIMIT = 16 * 1024;
const BASE_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ...Object.entries(SECURITY_HEADERS),
  ['Cache-Control', 'no-store'],
];

export function fastIssue(hub: Hub, log: (m: string) => void): (req: IncomingMessage, res: ServerResponse) => boolean {
  const security = securityOf(hub, log);
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    for (const [k, v] of BASE_HEADERS) res.setHeader(k, v);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/tickets') return false;
    const h = req.headers;
    const length = Number(h['content-length']);
    if (!h['content-length'] || !Number.isInteger(length) || length > BODY_LIMIT || h['content-encoding'] || h['transfer-encoding']) return false;
    // Integration keys go through express: their own throttle and the audit of every use.
    if (h.authorization?.startsWith(`Bearer ${KEY_PREFIX}`)) return false;
    const chunks: Buffer[] = [];
    let got = 0;
    req.on('data', (c: Buffer) => { got += c.length; chunks.push(c); });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      void (async () => {
        try {
          if (got !== length) throw new DomainError('invalid_json');
          const text = Buffer.concat(chunks, got).toString('utf8');
          let body: unknown = {};
          if (text.trim() !== '') {
            // As express.json({strict: true}): an object or an array, nothing else.
            const first = text.trimStart()[0];
            if (first !== '{' && first !== '[') throw new DomainError('invalid_json');
            try { body = JSON.parse(text); } catch { throw new DomainError('invalid_json'); }
          }
          const auth = h.authorization;
          const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
          // Several hubs: a kiosk paired on another hub a moment ago (nothing to do on files).
          if (hub.store.kind !== 'files') await hub.refreshForToken(token);
          const actor = hub.authenticate(token);
          send(res, 201, await hub.run(actor, 'ticket:issue', body));
        } catch (err) {
          const a = errorAnswer(security.httpError(err, res as never), langFromHeader(h['accept-language']), log);
          send(res, a.status, a.body);
        }
      })();
    });
    return true;
  };
}
