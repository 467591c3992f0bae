// Bundle the hub into dist-server/main.mjs (npm packages stay external): it starts faster than
// transpiling TypeScript at every start. `npm start` rebuilds it when the sources are newer.
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const serverBundle = join(root, 'dist-server', 'main.mjs');

export async function buildServer() {
  await build({
    entryPoints: [join(root, 'server/main.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    outfile: serverBundle, logLevel: 'warning', sourcemap: 'linked',
  });
  // The reports worker (server/reports/client.ts finds it beside main.mjs).
  await build({
    entryPoints: [join(root, 'server/reports/worker.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    outfile: join(root, 'dist-server', 'reports-worker.mjs'), logLevel: 'warning', sourcemap: 'linked',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
