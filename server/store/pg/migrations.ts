// The PostgreSQL store's schema, as versioned migrations: MIGRATIONS[i] turns schema version i into
// i + 1. They are applied at open, in one transaction under an advisory lock (two hubs starting at
// once: one migrates, the other waits and finds it done). A hub finding a NEWER schema than it knows
// refuses to start (NewerSchemaError, exit 2 like a newer data dir on files), touching nothing.
// Never edit a released migration: add the next one.
//
// Tables (version 1):
//   day_entries(site, day, n, prev, line)  a site's day log: `line` is the canonical JSON line exactly
//                                          as the file store writes it ({n, prev, ...event}), so the
//                                          SHA-256 chain is byte-identical on both stores
//   days(site, day, entries, digest)       each day's head: how many entries, the last line's hash
//   config(id = 1, version, doc)           the config document; `version` grows at each save
//   audit(n, prev, line)                   the audit log, chained like a day (from 'genesis')
//   docs(name, doc)                        other modules' named documents
//   leases(name, holder, epoch, expires_at) cluster-wide leases (the database's clock)
import type pg from 'pg';
import { StoreError } from '../errors.js';

export const MIGRATIONS: readonly string[] = [
  // 0 → 1
  `create table day_entries (
     site text not null, day text not null, n integer not null, prev text not null, line text not null,
     primary key (site, day, n));
   create table days (
     site text not null, day text not null, entries integer not null, digest text not null,
     primary key (site, day));
   create table config (
     id integer primary key check (id = 1), version bigint not null, doc json not null,
     saved_at timestamptz not null default now());
   create table audit (n integer primary key, prev text not null, line text not null);
   create table docs (name text primary key, doc json not null, saved_at timestamptz not null default now());
   create table leases (name text primary key, holder text not null, epoch bigint not null, expires_at timestamptz not null);`,
];

/** The schema version this hub writes, and the newest it reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export class NewerSchemaError extends StoreError {
  readonly code = 'store_schema_newer';
  constructor(where: string, found: number, known = SCHEMA_VERSION) {
    super(where, `holds schema version ${found}, written by a newer Lượt; this hub knows schema versions up to ${known}. Run the newer release, or restore a backup (pg_dump) taken before the upgrade`);
    this.message = `Cơ sở dữ liệu ${where} do phiên bản Lượt mới hơn tạo (lược đồ ${found}); bản này chỉ hiểu đến lược đồ ${known}. / Database ${where} holds schema version ${found}, written by a newer Lượt; this hub knows up to ${known}. Run the newer release, or restore a backup taken before the upgrade. Nothing was changed.`;
  }
}

/** Bring the schema to SCHEMA_VERSION (or refuse a newer one). Returns the versions applied. */
export async function migrate(client: pg.ClientBase, where: string, by: string, migrations: readonly string[] = MIGRATIONS): Promise<{ from: number; to: number }> {
  const latest = migrations.length;
  await client.query('begin');
  try {
    await client.query(`select pg_advisory_xact_lock(hashtextextended('luot:migrate', 0))`);
    await client.query(`create table if not exists schema_version (
      version integer primary key, applied_at timestamptz not null default now(), by_hub text not null)`);
    const r = await client.query<{ v: number | null }>('select max(version)::int as v from schema_version');
    const from = r.rows[0]?.v ?? 0;
    if (from > latest) throw new NewerSchemaError(where, from, latest);
    for (let v = from; v < latest; v++) {
      await client.query(migrations[v]!);
      await client.query('insert into schema_version (version, by_hub) values ($1, $2)', [v + 1, by]);
    }
    await client.query('commit');
    return { from, to: latest };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  }
}
