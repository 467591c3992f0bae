// A lowdb adapter for one JSON document, written atomically and fsynced before write() resolves.
// Writes through one adapter are serialised and coalesced: callers that arrive while a write is under
// way share the next one, so a burst of changes costs two writes, not one each.
import type { Adapter } from 'lowdb';
import { readFile } from 'node:fs/promises';
import { StoreError } from './errors.js';
import { writeFileDurable } from './fsync.js';

export class DurableJsonFile<T> implements Adapter<T> {
  private writing: Promise<void> | null = null;
  private next: { data: T; promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;

  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(this.path, `cannot be read (${(e as Error).message})`);
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new StoreError(this.path, `is not valid JSON (${(e as Error).message})`);
    }
  }

  write(data: T): Promise<void> {
    if (!this.writing) return this.start(data);
    if (!this.next) {
      let resolve!: () => void, reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
      this.next = { data, promise, resolve, reject };
    }
    this.next.data = data;
    return this.next.promise;
  }

  private start(data: T): Promise<void> {
    const text = JSON.stringify(data);
    const p = writeFileDurable(this.path, text).finally(() => {
      this.writing = null;
      const n = this.next;
      this.next = null;
      if (n) this.start(n.data).then(n.resolve, n.reject);
    });
    this.writing = p;
    return p;
  }
}
