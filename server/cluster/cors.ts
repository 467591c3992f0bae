// Several hubs without a proxy: a screen paired on one hub is given every hub's address (LUOT_HUB_URLS)
// and moves to another when its hub goes away. Its page stays the one it loaded, so the other hubs
// answer its /api calls cross-origin: only the listed hubs' origins, with the headers a screen sends
// (its token is a Bearer header, never a cookie), and the page's CSP lets it connect to them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../security/headers.js';

const origins = new Set<string>();

/** Called once at start with LUOT_HUB_URLS (base URLs). */
export function configureHubUrls(urls: readonly string[]): void {
  origins.clear();
  for (const u of urls) { try { origins.add(new URL(u).origin); } catch { /* ignored: not a URL */ } }
  SECURITY_HEADERS['Content-Security-Policy'] = origins.size
    ? CONTENT_SECURITY_POLICY.replace("connect-src 'self' ws: wss:", `connect-src 'self' ws: wss: ${[...origins].join(' ')}`)
    : CONTENT_SECURITY_POLICY;
}

/**
 * Set the CORS headers of an /api answer to a listed hub's page; answers the preflight itself.
 * Returns true when the request was answered (an OPTIONS preflight).
 */
export function hubCors(req: IncomingMessage, res: ServerResponse): boolean {
  const o = req.headers.origin;
  if (!o || !origins.has(o)) return false;
  res.setHeader('Access-Control-Allow-Origin', o);
  res.setHeader('Vary', 'Origin');
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept-Language');
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
  return true;
}
