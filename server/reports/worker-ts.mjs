// Under the TypeScript sources (tsx, vitest) the reports worker's process loads its code through
// tsx, whatever flags the hub's process was started with; the bundle has reports-worker.mjs instead.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./worker.ts', import.meta.url).href, import.meta.url);
