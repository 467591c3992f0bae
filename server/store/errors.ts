/** A data file that cannot be trusted: the hub refuses to start and never overwrites it. */
export class StoreError extends Error {
  constructor(public file: string, detail: string) {
    super(`Data file ${file}: ${detail}. The hub will not start and has not changed the file; restore it from a backup or move it aside.`);
  }
}
