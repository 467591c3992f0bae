// The PostgreSQL store alone (no HTTP): appends per second and latency of PgStore.appendDay with 100
// concurrent callers, beside the floor of the same run (bare `pg` inserts of one row per transaction,
// 100 callers, same database). A real PostgreSQL with durable commits (fsync on), started here.
//   npx tsx test/bench/pg-store.ts        (about 40 s)
// Hubs are PgStore instances in this one process: the database's serialization is what is measured.
import pg from 'pg';
import { PgStore } from '../../server/store/pg/pg-store.js';
import { startPostgres } from '../helpers/pg.js';

const DURATION_MS = 5_000, CALLERS = 100;

async function closedLoop(fn: (caller: number) => Promise<unknown>) {
  let n = 0;
  const lat: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CALLERS }, async (_, c) => {
    while (performance.now() - t0 < DURATION_MS) {
      const a = performance.now();
      await fn(c);
      lat.push(performance.now() - a);
      n++;
    }
  }));
  lat.sort((x, y) => x - y);
  const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(lat.length * p))]! * 10) / 10;
  return { perSecond: Math.round(n / ((performance.now() - t0) / 1000)), p50ms: q(0.5), p99ms: q(0.99) };
}

const server = await startPostgres({ durable: true });
try {
  const url = await server.createDatabase('bench');
  const pool = new pg.Pool({ connectionString: url, max: CALLERS });
  await pool.query('create table bare (id bigserial primary key, line text not null)');
  const line = JSON.stringify({ n: 1, prev: 'x'.repeat(64), t: 'issued', id: '00000000-0000-4000-8000-000000000000', serviceId: 'svc-a', number: 'A001', at: Date.now() });
  const results: Record<string, unknown> = {};
  results['bare insert, 1 row per transaction'] = await closedLoop(() => pool.query('insert into bare (line) values ($1)', [line]));
  await pool.end();
  for (const [hubs, sites] of [[1, 1], [3, 1], [3, 10]] as const) {
    const stores = await Promise.all(Array.from({ length: hubs }, () => PgStore.open({ url })));
    const date = `2026-12-${String(hubs * 10 + sites).padStart(2, '0')}`;
    // Each (hub, site) is a projection that counts what it has seen, as the hub does.
    const known = new Map<string, number>();
    for (const s of stores) for (let i = 0; i < sites; i++) await s.openDay(`s${i}`, date);
    results[`PgStore.appendDay, ${hubs} hub(s), ${sites} site(s)`] = await closedLoop((c) => {
      const h = c % hubs, site = `s${Math.floor(c / hubs) % sites}`, key = `${h}/${site}`;
      return stores[h]!.appendDay(site, date, known.get(key) ?? 0, (missed) => {
        known.set(key, (known.get(key) ?? 0) + missed.length + 1);
        return [{ t: 'issued', id: crypto.randomUUID(), serviceId: 'svc-a', number: 'A001', at: Date.now() }];
      });
    });
    if (!(await stores[0]!.verify()).ok) throw new Error('chain broken');
    for (const s of stores) await s.close();
  }
  console.table(results);
} finally {
  await server.destroy();
}
