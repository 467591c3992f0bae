// A real webhook receiver for the tests, and the signature helpers exactly as docs/integration.md
// gives them to receivers (the code blocks are read from the doc and run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/hub.js';

/** The code block that follows `<!-- test: name -->` in docs/integration.md. */
export function docSnippet(name: string): string {
  const doc = readFileSync(join(ROOT, 'docs/integration.md'), 'utf8');
  const at = doc.indexOf(`<!-- test: ${name} -->`);
  if (at < 0) throw new Error(`no snippet ${name} in docs/integration.md`);
  const m = /```\w*\n([\s\S]*?)```/.exec(doc.slice(at));
  if (!m) throw new Error(`snippet ${name} has no code block`);
  return m[1]!;
}

type NodeVerify = (secret: string, headers: Record<string, unknown>, rawBody: string, toleranceSeconds?: number, now?: number) => boolean;

/** The doc's Node helper, loaded as a module. */
export async function nodeVerifier(): Promise<NodeVerify> {
  const dir = mkdtempSync(join(tmpdir(), 'luot-verify-'));
  const file = join(dir, 'verify.mjs');
  writeFileSync(file, docSnippet('verify-node'));
  return ((await import(pathToFileURL(file).href)) as { verifyLuot: NodeVerify }).verifyLuot;
}

export interface VerifyCase { secret: string; headers: Record<string, string>; body: string; now?: number }

/** The doc's Python helper, run by python3 on each case; returns its answers. */
export function pythonVerify(cases: VerifyCase[]): boolean[] {
  const dir = mkdtempSync(join(tmpdir(), 'luot-verify-'));
  const file = join(dir, 'verify.py');
  writeFileSync(file, `${docSnippet('verify-python')}
import json, sys
out = []
for c in json.load(sys.stdin):
    out.append(verify_luot(c["secret"], c["headers"], c["body"].encode("utf-8"), 300, c.get("now")))
print(json.dumps(out))
`);
  const r = spawnSync('python3', [file], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as boolean[];
}

export interface Delivery { headers: Record<string, string>; body: string; event: { id: number; type: string; siteId: string; data: any }; verified: boolean }

/** An HTTP server that takes deliveries: it answers 204, or 503 while `failing`; it can go away and come back on its port. */
export class Receiver {
  readonly deliveries: Delivery[] = [];
  failing = false;
  attempts = 0;
  private server: Server | null = null;
  port = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly secret: () => string, private readonly verify: NodeVerify) {}

  get url(): string { return `http://127.0.0.1:${this.port}/luot`; }

  async listen(): Promise<void> {
    const server = createServer((req, res) => void this.take(req).then((status) => { res.statusCode = status; res.end(); }));
    await new Promise<void>((res, rej) => { server.once('error', rej); server.listen(this.port, '127.0.0.1', () => res()); });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private async take(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.attempts++;
    const wake = () => { const w = this.waiters; this.waiters = []; for (const f of w) f(); };
    if (this.failing) { wake(); return 503; }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const verified = this.verify(this.secret(), headers, body);
    this.deliveries.push({ headers, body, event: JSON.parse(body), verified });
    wake();
    return verified ? 204 : 401;
  }

  /** Stop listening (deliveries then fail to connect). */
  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  /** Resolve once `pred` holds (checked on each request); fail after `ms`. */
  async until(pred: () => boolean, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`receiver: timed out waiting for ${what} (${this.deliveries.length} deliveries, ${this.attempts} attempts)`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 200); });
    }
  }
}
