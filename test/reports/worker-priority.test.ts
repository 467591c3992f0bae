// The reports worker gives way to the hub, and ends with it: once a report has started it, the worker is a child
// process of the hub whose every thread is in the kernel's idle class (SCHED_IDLE, as
// `chrt -p <tid>` shows), while every thread of the hub stays in the normal class at nice 0, so on
// a busy machine the kernel issues tickets first. LUOT_REPORTS_PRIORITY=nice gives nice 19 instead.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { api, childPids, startHub, type HubHandle } from '../helpers/hub.js';

const hubs: HubHandle[] = [];
afterAll(async () => { for (const h of hubs) { await h.stop(); h.cleanup(); } });

/** Policy (0 normal, 5 idle) and nice of every thread of a process, from /proc/<pid>/task/<tid>/stat. */
const threads = (pid: number) => readdirSync(`/proc/${pid}/task`).map((tid) => {
  const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
  // Fields after the name, counted from 3 (state): nice is field 19, policy field 41.
  return { tid, nice: Number(f[16]), policy: Number(f[38]) };
});
/** The hub's reports workers among its children (tsx's esbuild may be another child). */
const workersOf = (pid: number) => childPids(pid)
  .filter((c) => /worker-ts\.mjs|reports-worker\.mjs/.test(readFileSync(`/proc/${c}/cmdline`, 'utf8')));

async function reportOn(env: Record<string, string> = {}): Promise<{ hub: ReturnType<typeof threads>; worker: ReturnType<typeof threads>; hubHandle: HubHandle; workerPid: number }> {
  const hub = await startHub({ env });
  hubs.push(hub);
  expect(workersOf(hub.pid)).toEqual([]);
  const r = await api(hub.url, hub.adminToken)('GET', '/api/reports/today?siteId=demo');
  expect(r.status).toBe(200);
  const kids = workersOf(hub.pid);
  expect(kids.length).toBe(1);
  return { hub: threads(hub.pid), worker: threads(kids[0]!), hubHandle: hub, workerPid: kids[0]! };
}

describe.runIf(process.platform === 'linux')('reports worker priority', () => {
  it('runs every thread of the reports worker in the idle class and every thread of the hub normally', { timeout: 60_000 }, async () => {
    const { hub, worker } = await reportOn();
    expect(hub.length).toBeGreaterThan(3);
    expect(hub.every((t) => t.policy === 0 && t.nice === 0)).toBe(true);
    // V8's platform threads (the collector's helpers) too, not only the one that computes.
    expect(worker.length).toBeGreaterThan(3);
    expect(worker.map((t) => t.policy)).toEqual(worker.map(() => 5));
  });

  it('ends the worker with the hub, even when the hub is killed with SIGKILL', { timeout: 60_000 }, async () => {
    const { hubHandle, workerPid } = await reportOn();
    expect(existsSync(`/proc/${workerPid}`)).toBe(true);
    await hubHandle.kill();
    const t0 = Date.now();
    // Not a zombie left behind either: init reaps it once the hub is gone.
    while (existsSync(`/proc/${workerPid}`) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(`/proc/${workerPid}`)).toBe(false);
  });

  it('runs it at nice 19 with LUOT_REPORTS_PRIORITY=nice', { timeout: 60_000 }, async () => {
    const { hub, worker } = await reportOn({ LUOT_REPORTS_PRIORITY: 'nice' });
    expect(hub.every((t) => t.nice === 0)).toBe(true);
    expect(worker.map((t) => [t.policy, t.nice])).toEqual(worker.map(() => [0, 19]));
  });
});
