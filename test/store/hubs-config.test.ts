// Two hubs (in process, the real Hub) on one PostgreSQL database save the whole config document at
// once: logins on both at the same moment are all kept, every token works on both hubs, and each
// hub's audit log reads as the database's, in its order, with no entry twice or missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Hub } from '../../server/app/hub.js';
import { PgStore } from '../../server/store/pg/pg-store.js';
import { createDatabase } from '../helpers/pg.js';

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; !cond(); i++) {
    if (i > 500) throw new Error(`not reached: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('two hubs saving the config document at once (PostgreSQL)', () => {
  const dirs: string[] = [];
  const hubs: Hub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.close().catch(() => {});
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('keeps every login of both hubs; tokens work on either; both audit logs match the database', async () => {
    const url = await createDatabase(inject('pgAdminUrl'));
    const start = async () => {
      const dir = mkdtempSync(join(tmpdir(), 'luot-hubs-'));
      dirs.push(dir);
      const h = await Hub.create({ store: await PgStore.open({ url }), localDir: dir, demo: false, adminPassword: 'pw-two-hubs', log: () => {} });
      hubs.push(h);
      return h;
    };
    const a = await start();
    const b = await start();
    const login = (h: Hub) => h.login({ username: 'admin', password: 'pw-two-hubs' });
    const tokens = (await Promise.all([login(a), login(b), login(a), login(b), login(b), login(a)])).map((r) => r.token);
    const store = a.store as PgStore;
    const sessions = (await store.loadConfig<{ sessions: unknown[] }>())!.sessions;
    expect(sessions).toHaveLength(6);
    const works = (h: Hub, t: string) => { try { h.authenticate(t); return true; } catch { return false; } };
    await until(() => tokens.every((t) => works(a, t) && works(b, t)), 'every token on both hubs');
    const inDb = (await store.openAudit()).map((e) => JSON.stringify(e));
    expect(inDb.filter((e) => e.includes('"login"'))).toHaveLength(6);
    await until(() => a.auditEntries.length === inDb.length && b.auditEntries.length === inDb.length, 'both audit logs caught up');
    expect(a.auditEntries.map((e) => JSON.stringify(e))).toEqual(inDb);
    expect(b.auditEntries.map((e) => JSON.stringify(e))).toEqual(inDb);
    // A logout on one hub ends the session on the other.
    await a.logout(tokens[1]);
    await until(() => !works(b, tokens[1]), 'the logout reached hub b');
    expect(works(b, tokens[0])).toBe(true);
    expect((await store.verify()).ok).toBe(true);
  });
});
