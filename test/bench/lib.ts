// Small tools for the benchmarks: percentiles, a keep-alive HTTP client, process RSS.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { childPids } from '../helpers/hub.js';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function httpClient(baseUrl: string, maxSockets = 128) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const u = new URL(baseUrl);
  return (method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request({
        host: u.hostname, port: u.port, path, method, agent,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {}) },
      }, (res) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { b += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The RSS of a process and of its children (the hub and its reports worker), in MB. */
export function treeRssMb(pid: number): number {
  return childPids(pid).map(rssMb).filter(Number.isFinite).reduce((sum, mb) => sum + mb, rssMb(pid));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
