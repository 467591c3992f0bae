// vitest globalSetup: ONE PostgreSQL for the whole run (test/helpers/pg.ts), its admin URL provided
// as `pgAdminUrl`; each test file takes its own database (createDatabase), so files run in parallel.
// The server starts in the background: a run without PostgreSQL tests does not wait for it (a test
// file's createDatabase waits until it answers). LUOT_TEST_DATABASE_URL (a superuser's URL) uses a
// server of your own instead.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, startPostgres, type PgServer } from './pg.js';

declare module 'vitest' {
  export interface ProvidedContext { pgAdminUrl: string }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const own = process.env.LUOT_TEST_DATABASE_URL;
  if (own) {
    project.provide('pgAdminUrl', own);
    return async () => {};
  }
  const port = await freePort();
  const password = randomBytes(9).toString('hex');
  project.provide('pgAdminUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  let failed: unknown = null;
  const starting: Promise<PgServer | null> = startPostgres({ port, password }).catch((e) => {
    failed = e;
    console.error(`PostgreSQL for the tests did not start: ${(e as Error).message}`);
    return null;
  });
  return async () => {
    const server = await starting;
    await server?.destroy();
    if (failed) throw failed;
  };
}
