// The reports worker gives way to the hub's thread: once a report has started the worker, one thread
// of the hub's process runs at nice 19 (as `ps -L -o tid,ni,comm -p <pid>` shows) and the hub's own
// thread stays at 0, so on a busy machine the kernel issues tickets first.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startHub, type HubHandle } from '../helpers/hub.js';

let hub: HubHandle;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.stop(); hub?.cleanup(); });

const niceOf = (pid: number, tid: string) => {
  const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[16]);
};

describe.runIf(process.platform === 'linux')('reports worker priority', () => {
  it('runs the worker thread at nice 19 and the hub thread at 0', { timeout: 60_000 }, async () => {
    const before = readdirSync(`/proc/${hub.pid}/task`).map((t) => niceOf(hub.pid, t));
    expect(before.every((n) => n === 0)).toBe(true);
    const r = await api(hub.url, hub.adminToken)('GET', '/api/reports/today?siteId=demo');
    expect(r.status).toBe(200);
    const nice = readdirSync(`/proc/${hub.pid}/task`).map((t) => ({ t, n: niceOf(hub.pid, t) }));
    expect(nice.find((x) => x.t === String(hub.pid))!.n).toBe(0);
    expect(nice.filter((x) => x.n === 19).length).toBe(1);
  });
});
