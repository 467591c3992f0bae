// Under the TypeScript sources (tsx, vitest) the reports worker's code is loaded through tsx: a
// worker thread's entry cannot be a .ts file on Node 20 even with tsx's loader in execArgv.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./worker.ts', import.meta.url).href, import.meta.url);
