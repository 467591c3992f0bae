// Start the real hub as a child process on port 0 with a temp data dir, as a centre would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The process ids of a process's children (a hub's reports worker, tsx's esbuild), from /proc; none once it is gone. */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** One of the project's scripts (`scripts/<name>.ts`) run as an operator runs it: its exit code and all it printed. */
export function runScript(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout!.on('data', (d) => { out += d; });
    p.stderr!.on('data', (d) => { out += d; });
    p.once('exit', (code) => res({ code, out }));
  });
}
export const ADMIN_PASSWORD = 'admin-test-pw';

export interface HubHandle {
  url: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn to the "listening" line. */
  startMs: number;
  dataDir: string;
  adminToken: string;
  /**
   * The demo officers' passwords (username → password), as the hub printed them at the first start
   * of this data dir (they are generated; a later start on the same dir does not print them again).
   */
  demo: Record<string, string>;
  output: () => string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (a power cut, as far as the process can tell). */
  kill(): Promise<void>;
  /** Start again on the same data dir and port. */
  restart(): Promise<HubHandle>;
  /** Remove the temp data dir (after stop). */
  cleanup(): void;
}

/** Demo passwords printed by the first start of each data dir, kept for later starts on it. */
const demoPasswords = new Map<string, Record<string, string>>();

/** Read the demo officers' credentials from a hub's start output. */
export function demoLogins(output: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of output.matchAll(/officer: (\S+) \/ (\S+)/g)) out[m[1]] = m[2];
  return out;
}

export interface StartOptions {
  dataDir?: string;
  port?: number;
  demo?: boolean;
  env?: Record<string, string>;
  /** Skip the admin login (e.g. when the data dir is expected to fail). */
  noLogin?: boolean;
  /** Run the production bundle (dist-server/main.mjs, as `npm start` does) instead of the sources. */
  bundle?: boolean;
}

export async function startHub(opts: StartOptions = {}): Promise<HubHandle> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'luot-test-'));
  const t0 = performance.now();
  const entry = opts.bundle ? [join(ROOT, 'dist-server/main.mjs')] : ['--import', 'tsx', join(ROOT, 'server/main.ts')];
  const proc = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LUOT_PORT: String(opts.port ?? 0),
      LUOT_HOST: '127.0.0.1',
      LUOT_DATA_DIR: dataDir,
      LUOT_DEMO: opts.demo === false ? '0' : '1',
      LUOT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // Functional suites and benchmarks issue hundreds of tickets a second from one kiosk; the
      // throttles are tested with LUOT_RATE_LIMITS=on in test/security (docs/security.md).
      LUOT_RATE_LIMITS: 'off',
      // Many test hubs run at once: none takes the demo's emulated printer port.
      LUOT_DEMO_PRINTER: '0',
      // The demo's four weeks of past are made only by the suites that look at them (test/demo).
      LUOT_DEMO_HISTORY_WEEKS: '0',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`hub did not start within 20 s:\n${out}`)), 20_000);
    const onData = () => {
      const m = /\{"event":"listening","port":(\d+)\}/.exec(out);
      if (m) { clearTimeout(timer); res(Number(m[1])); }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => { clearTimeout(timer); rej(new Error(`hub exited with ${code}:\n${out}`)); });
  });
  const startMs = performance.now() - t0;
  const demo = { ...demoPasswords.get(dataDir), ...demoLogins(out) };
  demoPasswords.set(dataDir, demo);
  const url = `http://127.0.0.1:${port}`;
  let adminToken = '';
  if (!opts.noLogin) {
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    adminToken = ((await r.json()) as { token: string }).token;
  }
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  const handle: HubHandle = {
    url, port, pid: proc.pid!, startMs, dataDir, adminToken, demo,
    output: () => out,
    async stop() { if (proc.exitCode === null) proc.kill('SIGTERM'); await exited; },
    async kill() { if (proc.exitCode === null) proc.kill('SIGKILL'); await exited; },
    async restart() { await handle.stop(); return startHub({ ...opts, dataDir, port }); },
    cleanup() { rmSync(dataDir, { recursive: true, force: true }); },
  };
  return handle;
}

/** Run a hub that is expected to fail at start; returns its exit code and output. */
export async function startHubExpectingFailure(dataDir: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT, env: { ...process.env, LUOT_PORT: '0', LUOT_HOST: '127.0.0.1', LUOT_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  const code = await new Promise<number | null>((res) => {
    const t = setTimeout(() => { proc.kill('SIGKILL'); }, 20_000);
    proc.once('exit', (c) => { clearTimeout(t); res(c); });
  });
  return { code, output: out };
}

/** A small typed HTTP client for tests. */
export function api(url: string, token?: string, lang = 'vi') {
  return async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> => {
    const h: Record<string, string> = { 'Accept-Language': lang, ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const r = await fetch(url + path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await r.text();
    // A JSON answer is parsed; an export (CSV, XLSX) comes back as its text.
    let answer: unknown = null;
    if (text) { try { answer = JSON.parse(text); } catch { answer = text; } }
    return { status: r.status, body: answer as T };
  };
}

/** Create a device as admin and pair it; returns its token. */
export async function pairDevice(h: HubHandle, device: { kind: 'kiosk' | 'display' | 'pad'; name?: string; counterId?: string; printer?: string; siteId?: string }): Promise<{ token: string; id: string; pairingCode: string }> {
  const admin = api(h.url, h.adminToken);
  const created = await admin<{ device: { id: string }; pairingCode: string }>('POST', '/api/devices', { siteId: device.siteId ?? 'demo', name: device.name ?? device.kind, ...device });
  if (created.status !== 201) throw new Error(`device not created: ${JSON.stringify(created.body)}`);
  const paired = await api(h.url)<{ token: string }>('POST', '/api/devices/pair', { code: created.body.pairingCode });
  return { token: paired.body.token, id: created.body.device.id, pairingCode: created.body.pairingCode };
}

/** Create a device without pairing it (browser tests pair by address). */
export async function createDevice(h: HubHandle, device: { kind: 'kiosk' | 'display' | 'pad'; name?: string; counterId?: string; printer?: string; siteId?: string }): Promise<{ id: string; pairingCode: string }> {
  const admin = api(h.url, h.adminToken);
  const created = await admin<{ device: { id: string }; pairingCode: string }>('POST', '/api/devices', { siteId: device.siteId ?? 'demo', name: device.name ?? device.kind, ...device });
  if (created.status !== 201) throw new Error(`device not created: ${JSON.stringify(created.body)}`);
  return { id: created.body.device.id, pairingCode: created.body.pairingCode };
}

export async function login(h: HubHandle, username: string, password: string): Promise<string> {
  const r = await api(h.url)<{ token: string }>('POST', '/api/auth/login', { username, password });
  if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
  return r.body.token;
}
