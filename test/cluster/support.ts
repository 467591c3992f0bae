// Several real hubs (child processes, test/helpers/hub.ts) on one real PostgreSQL database.
import { inject } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { createDatabase } from '../helpers/pg.js';
import { runScript, startHub, type HubHandle, type StartOptions } from '../helpers/hub.js';

/** `npm run store:copy -- <args>` as an operator runs it: its exit code and everything it printed. */
export const storeCopy = (...args: string[]) => runScript('store-copy.ts', args);

/** A fresh database on the run's PostgreSQL (test/helpers/pg-global.ts). */
export function freshDatabase(): Promise<string> {
  return createDatabase(inject('pgAdminUrl'));
}

/**
 * `n` hubs on the database at `url`: the first seeds it (admin, the demo site), the others start
 * after it on the same database, each with its own local dir. Every hub's adminToken works on all.
 */
export async function startCluster(n: number, url: string, opts: StartOptions = {}): Promise<HubHandle[]> {
  const env = { LUOT_DATABASE_URL: url, ...opts.env };
  const first = await startHub({ ...opts, env: { ...env, LUOT_HUB_ID: 'hub-0' } });
  const rest = await Promise.all(Array.from({ length: n - 1 }, (_, i) => startHub({ ...opts, env: { ...env, LUOT_HUB_ID: `hub-${i + 1}` } })));
  const hubs = [first, ...rest];
  for (const h of hubs) h.demo = first.demo;
  return hubs;
}

export async function stopCluster(hubs: HubHandle[]): Promise<void> {
  await Promise.all(hubs.map(async (h) => { await h.stop(); h.cleanup(); }));
}

/** A device socket on a hub, collecting what it is told. */
export function deviceSocket(url: string, token: string): { socket: Socket; called: string[]; snapshots: number; ready: Promise<void> } {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  const out = { socket, called: [] as string[], snapshots: 0, ready: Promise.resolve() };
  out.ready = new Promise<void>((res, rej) => {
    socket.once('queue:snapshot', () => res());
    socket.once('connect_error', rej);
  });
  socket.on('queue:snapshot', () => { out.snapshots++; });
  socket.on('ticket:called', (p: { ticket: { id: string } }) => { out.called.push(p.ticket.id); });
  return out;
}

/** Wait until `fn` holds (polling every 50 ms), or fail after `ms` with `what`. */
export async function until(fn: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await fn())) {
    if (Date.now() - t0 > ms) throw new Error(`not reached within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
