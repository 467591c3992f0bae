// When the store cannot be reached (PostgreSQL down, restarting, or slower than the 2 s bound): the
// HTTP edge and socket acks answer 503 store_unavailable, and nothing of the command was written.
import { StoreUnavailable } from '../store/port.js';

/** PostgreSQL's "cannot serve now" classes (57P0x shutdown, 08xxx connection) and the socket errors of a gone server. */
const PG_DOWN = /^(57P0[1-4]|08\d{3}|53300)$/;
const NET_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether an error means "the store is not reachable now" (as opposed to a bug or bad data). */
export function isStoreUnavailable(e: unknown): boolean {
  if (e instanceof StoreUnavailable) return true;
  const x = e as { code?: unknown; message?: unknown } | null;
  if (!x || typeof x !== 'object') return false;
  if (x.code === 'store_unavailable') return true;
  if (typeof x.code === 'string' && (PG_DOWN.test(x.code) || NET_DOWN.has(x.code))) return true;
  const m = typeof x.message === 'string' ? x.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(m);
}

/** `p`, or StoreUnavailable once `ms` have passed without an answer. */
export function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new StoreUnavailable(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** A database address as logs may show it: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
