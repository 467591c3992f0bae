// Start the hub: the store, the core, HTTP and socket.io on one port.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Hub } from './app/hub.js';
import { createHttpApp } from './http/app.js';
import { attachRealtime } from './realtime/io.js';
import { Store } from './store/store.js';
import { Reports } from './reports/reports.js';
import { adminRoutes } from './http/admin-routes.js';

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir: string;
  demo?: boolean;
  adminPassword?: string;
  timeZone?: string;
  clock?: () => number;
  distDir?: string;
  log?: (m: string) => void;
}

export interface RunningHub {
  hub: Hub;
  http: HttpServer;
  port: number;
  url: string;
  close(): Promise<void>;
}

export const ROOT_DIR = resolve(import.meta.dirname, '..');

export async function startServer(opts: ServerOptions): Promise<RunningHub> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const hub = await Hub.create({
    store: new Store(resolve(opts.dataDir)), clock: opts.clock, demo: opts.demo, adminPassword: opts.adminPassword,
    timeZone: opts.timeZone, log,
  });
  const reports = new Reports(hub);
  const app = createHttpApp(hub, {
    distDir: opts.distDir ?? resolve(ROOT_DIR, 'dist'), log,
    extraRoutes(app, { actor, handle }) {
      adminRoutes(app, { actor, handle }, reports);
    },
  });
  const http = createServer(app);
  http.keepAliveTimeout = 65_000;
  const { io } = attachRealtime(http, hub, log);
  await new Promise<void>((res, rej) => {
    http.once('error', rej);
    http.listen(opts.port ?? 3000, opts.host ?? '0.0.0.0', () => res());
  });
  const port = (http.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  let closed = false;
  return {
    hub, http, port, url: `http://${host}:${port}`,
    async close() {
      if (closed) return;
      closed = true;
      io.disconnectSockets(true);
      await new Promise<void>((res) => io.close(() => res()));
      http.closeAllConnections();
      await hub.close();
    },
  };
}
