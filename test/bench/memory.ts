// (h) Memory of a province's day: the hub's RSS after 50,000 tickets in one day across 20 sites
// (2,500 each; a third of them called and completed at one counter per site, so the day holds
// every kind of ticket), against its idle RSS after the sites were set up. Target: at most 2 KB a
// ticket above idle. `npx tsx test/bench/memory.ts` runs it alone.
import { fileURLToPath } from 'node:url';
import { api, login, pairDevice, startHub } from '../helpers/hub.js';
import { httpClient, round, rssMb, sleep, treeRssMb } from './lib.js';

export async function benchMemory(opts: { sites?: number; tickets?: number } = {}) {
  const SITES = opts.sites ?? 20, TICKETS = opts.tickets ?? 50_000;
  const h = await startHub({ env: { LUOT_TZ: 'Asia/Ho_Chi_Minh', ...(process.env.BENCH_HUB_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_HUB_NODE_OPTIONS } : {}) } });
  const admin = api(h.url, h.adminToken);
  const req = httpClient(h.url, 64);
  const sites: { id: string; kiosk: string; services: string[]; counter: string; officer: string }[] = [];
  for (let i = 0; i < SITES; i++) {
    let id = 'demo';
    if (i > 0) {
      const s = await admin<{ site: { id: string } }>('POST', '/api/sites', { name: `Điểm ${i + 1}` });
      id = s.body.site.id;
      for (const code of ['A', 'B', 'C', 'D', 'E']) {
        const r = await admin('POST', '/api/services', { siteId: id, code, name: { vi: `Lĩnh vực ${code}` } });
        if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      }
    }
    const { body } = await admin<{ services: { id: string }[] }>('GET', `/api/services?siteId=${id}`);
    for (const s of body.services) await admin('PATCH', `/api/services/${s.id}`, { dailyCap: null });
    const services = body.services.map((s) => s.id);
    const counter = i === 0 ? 'counter-1' : (await admin<{ counter: { id: string } }>('POST', '/api/counters', { siteId: id, number: 1, name: 'Quầy 1', serviceIds: services })).body.counter.id;
    // An officer holds one counter at a time: one officer per site.
    const u = await admin('POST', '/api/users', { username: `canbo-bench-${i}`, password: 'bench-password-1', name: `Cán bộ ${i + 1}`, role: 'officer', siteIds: [id] });
    if (u.status !== 201) throw new Error(JSON.stringify(u.body));
    const officer = await login(h, `canbo-bench-${i}`, 'bench-password-1');
    const opened = await req('POST', `/api/counters/${counter}/open`, officer);
    if (opened.status !== 200) throw new Error(opened.body);
    sites.push({ id, kiosk: (await pairDevice(h, { kind: 'kiosk', siteId: id })).token, services, counter, officer });
  }
  // The reports worker (a child process) runs from the first report (or the sweep after start): the
  // figures are of the hub and its worker together, and of the hub alone.
  await admin('GET', `/api/reports/transparency?siteId=${sites[0]!.id}`);
  await sleep(2000);
  const idleMb = treeRssMb(h.pid), idleHubMb = rssMb(h.pid);
  const t0 = performance.now();
  let issued = 0, served = 0, failed = 0;
  let firstFailure: string | undefined;
  const perSite = Math.floor(TICKETS / SITES);
  // One client per site, all sites at once: issue, and every third ticket call and complete one.
  await Promise.all(sites.map(async (s, si) => {
    for (let i = 0; i < perSite; i++) {
      const r = await req('POST', '/api/tickets', s.kiosk, { serviceId: s.services[i % s.services.length] });
      if (r.status === 201) issued++; else failed++;
      if (i % 3 === 2) {
        const call = await req('POST', `/api/counters/${s.counter}/call-next`, s.officer);
        if (call.status !== 200) { failed++; firstFailure ??= call.body; continue; }
        const done = await req('POST', `/api/counters/${s.counter}/complete`, s.officer);
        if (done.status === 200) served++; else { failed++; firstFailure ??= done.body; }
      }
    }
    void si;
  }));
  const seconds = (performance.now() - t0) / 1000;
  await sleep(3000);
  const afterMb = treeRssMb(h.pid), afterHubMb = rssMb(h.pid);
  // The queue still answers and a report of today still counts every ticket.
  const today = await admin<{ total: { issued: number; served: number } }>('GET', `/api/reports/today?siteId=${sites[1]!.id}`);
  const afterReportMb = treeRssMb(h.pid);
  await h.stop();
  h.cleanup();
  const kbPerTicket = ((afterMb - idleMb) * 1024) / issued;
  return {
    sites: SITES, tickets: issued, served, failed, ...(firstFailure ? { firstFailure } : {}), seconds: round(seconds, 1), idleRssMb: round(idleMb, 1), afterRssMb: round(afterMb, 1), hubAlone: { idleRssMb: round(idleHubMb, 1), afterRssMb: round(afterHubMb, 1), kbPerTicket: round(((afterHubMb - idleHubMb) * 1024) / issued, 2) },
    afterTodayReportRssMb: round(afterReportMb, 1), kbPerTicket: round(kbPerTicket, 2),
    todayReportOfOneSite: today.body.total,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tickets = Number(process.argv.find((a) => a.startsWith('--tickets='))?.slice(10)) || undefined;
  console.log(JSON.stringify(await benchMemory({ tickets }), null, 2));
  process.exit(0);
}
