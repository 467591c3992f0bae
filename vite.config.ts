// Builds every screen into dist/<screen>/; the hub serves dist/. Each screen is one HTML entry.
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;
export const SCREENS = {
  kiosk: 'kiosk/index.html',
  display: 'display/index.html',
  counter: 'counter/index.html',
  pad: 'counter/pad.html',
  admin: 'admin/index.html',
  ticket: 'phone/index.html',
  book: 'phone/book.html',
} as const;

export default defineConfig({
  root,
  base: '/',
  publicDir: resolve(root, 'public'),
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    rollupOptions: {
      input: Object.fromEntries(
        Object.entries(SCREENS).filter(([, p]) => existsSafe(resolve(root, p))).map(([k, p]) => [k, resolve(root, p)]),
      ),
    },
  },
});

import { existsSync } from 'node:fs';
function existsSafe(p: string) { return existsSync(p); }
