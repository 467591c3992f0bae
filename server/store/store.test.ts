// The store on a real temp dir: durable appends, the hash chain, torn tails and corrupt files.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS, sha256 } from './day-log.js';
import { StoreError } from './errors.js';
import { Store } from './store.js';

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'luot-store-')); dirs.push(d); return d; };
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

type E = { t: string; i: number };

describe('day log', () => {
  it('appends only new entries, chains them, and reads them back after a reopen', async () => {
    const store = new Store(tmp());
    const { db, adapter } = await store.openDayFile<E>('s1', '2026-11-23');
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) { db.data.entries.push({ t: 'x', i }); writes.push(db.write()); }
    await Promise.all(writes);
    expect(adapter.stats.appends).toBe(50);
    expect(adapter.stats.syncs).toBeLessThan(50); // group commit
    await adapter.close();
    const lines = readFileSync(store.dayPath('s1', '2026-11-23'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(50);
    expect(JSON.parse(lines[0]!)).toMatchObject({ n: 1, prev: GENESIS, t: 'x', i: 0 });
    expect(JSON.parse(lines[1]!).prev).toBe(sha256(lines[0]!));
    const again = await store.openDayFile<E>('s1', '2026-11-23');
    expect(again.db.data.entries.map((e) => e.i)).toEqual([...Array(50).keys()]);
    again.db.data.entries.push({ t: 'y', i: 50 });
    await again.db.write();
    await again.adapter.close();
    expect(await store.readDay<E>('s1', '2026-11-23')).toHaveLength(51);
  });

  it('lets go of durable entries in memory (trim) and goes on numbering and chaining from the disk', async () => {
    const store = new Store(tmp());
    const { db, adapter } = await store.openDayFile<E>('s1', '2026-11-23');
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      db.data.entries.push({ t: 'x', i });
      writes.push(db.write().then(() => adapter.trim(db.data, 10)));
    }
    await Promise.all(writes);
    expect(adapter.count(db.data)).toBe(300);
    expect(adapter.durableCount).toBe(300);
    // At most 2 × 10 + 64 durable entries stay in memory, the newest ones.
    expect(db.data.entries.length).toBeLessThanOrEqual(84);
    expect(db.data.entries.at(-1)!.i).toBe(299);
    expect(adapter.base + db.data.entries.length).toBe(300);
    db.data.entries.push({ t: 'y', i: 300 });
    await db.write();
    await adapter.close();
    const lines = readFileSync(store.dayPath('s1', '2026-11-23'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).n)).toEqual([...Array(301).keys()].map((k) => k + 1));
    for (let k = 1; k < lines.length; k++) expect(JSON.parse(lines[k]!).prev).toBe(sha256(lines[k - 1]!));
    expect((await store.readDay<E>('s1', '2026-11-23'))!.map((e) => e.i)).toEqual([...Array(301).keys()]);
  });

  it('chains a new day to the last hash of the previous day', async () => {
    const store = new Store(tmp());
    const d1 = await store.openDayFile<E>('s1', '2026-11-20');
    d1.db.data.entries.push({ t: 'x', i: 1 });
    await d1.db.write();
    const digest = d1.adapter.digest;
    await d1.adapter.close();
    const d2 = await store.openDayFile<E>('s1', '2026-11-23');
    d2.db.data.entries.push({ t: 'x', i: 2 });
    await d2.db.write();
    await d2.adapter.close();
    const first = JSON.parse(readFileSync(store.dayPath('s1', '2026-11-23'), 'utf8').split('\n')[0]!);
    expect(first.prev).toBe(digest);
  });

  it('drops a line cut short by a crash (never acknowledged) and goes on', async () => {
    const store = new Store(tmp());
    const { db, adapter } = await store.openDayFile<E>('s1', '2026-11-23');
    db.data.entries.push({ t: 'x', i: 0 }, { t: 'x', i: 1 });
    await db.write();
    await adapter.close();
    const path = store.dayPath('s1', '2026-11-23');
    appendFileSync(path, '{"n":3,"prev":"abc","t":"x","i"');
    const again = await store.openDayFile<E>('s1', '2026-11-23');
    expect(again.db.data.entries).toHaveLength(2);
    again.db.data.entries.push({ t: 'x', i: 2 });
    await again.db.write();
    await again.adapter.close();
    expect((await store.readDay<E>('s1', '2026-11-23'))!.map((e) => e.i)).toEqual([0, 1, 2]);
  });

  it('keeps a whole last entry that only lost its newline', async () => {
    const store = new Store(tmp());
    const { db, adapter } = await store.openDayFile<E>('s1', '2026-11-23');
    db.data.entries.push({ t: 'x', i: 0 }, { t: 'x', i: 1 });
    await db.write();
    await adapter.close();
    const path = store.dayPath('s1', '2026-11-23');
    writeFileSync(path, readFileSync(path, 'utf8').trimEnd());
    const again = await store.openDayFile<E>('s1', '2026-11-23');
    expect(again.db.data.entries.map((e) => e.i)).toEqual([0, 1]);
    again.db.data.entries.push({ t: 'x', i: 2 });
    await again.db.write();
    await again.adapter.close();
    expect((await store.readDay<E>('s1', '2026-11-23'))!.map((e) => e.i)).toEqual([0, 1, 2]);
  });

  it('refuses a changed, deleted or reordered entry, naming the file and line, and leaves it as it was', async () => {
    const store = new Store(tmp());
    const { db, adapter } = await store.openDayFile<E>('s1', '2026-11-23');
    for (let i = 0; i < 5; i++) db.data.entries.push({ t: 'x', i });
    await db.write();
    await adapter.close();
    const path = store.dayPath('s1', '2026-11-23');
    const good = readFileSync(path, 'utf8');
    const lines = good.trim().split('\n');
    const cases = {
      changed: [...lines.slice(0, 2), lines[2]!.replace('"i":2', '"i":9'), ...lines.slice(3)],
      deleted: [...lines.slice(0, 2), ...lines.slice(3)],
      reordered: [lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)],
      garbage: [...lines.slice(0, 3), 'not json', ...lines.slice(4)],
    };
    const expected = { changed: /line 3 was altered/, deleted: /line 3 carries sequence 4/, reordered: /line 2 carries sequence 3/, garbage: /line 4 is not valid JSON/ };
    for (const [name, ls] of Object.entries(cases)) {
      const text = ls.join('\n') + '\n';
      writeFileSync(path, text);
      const err = await store.openDayFile<E>('s1', '2026-11-23').then(() => null, (e) => e);
      expect(err, name).toBeInstanceOf(StoreError);
      expect(err.message).toContain(path);
      expect(err.message).toMatch(expected[name as keyof typeof expected]);
      expect(readFileSync(path, 'utf8')).toBe(text);
    }
  });
});

describe('config document', () => {
  it('is written atomically and refuses to load a corrupt file', async () => {
    const dir = tmp();
    const store = new Store(dir);
    const { db, fresh } = await store.openConfigFile({ n: 0 });
    expect(fresh).toBe(true);
    const writes: Promise<void>[] = [];
    for (let i = 1; i <= 20; i++) { db.data.n = i; writes.push(db.write()); }
    await Promise.all(writes);
    expect(JSON.parse(readFileSync(store.configPath(), 'utf8'))).toEqual({ n: 20 });
    writeFileSync(store.configPath(), '{"n": 2');
    const err = await store.openConfigFile({ n: 0 }).then(() => null, (e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toContain('config.json');
    expect(readFileSync(store.configPath(), 'utf8')).toBe('{"n": 2');
  });
});
