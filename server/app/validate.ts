import type { z } from 'zod';
import { DomainError } from '../../common/errors.js';
import { schemas, type Schemas } from '../../common/schemas.js';

/** Validate input against a schema; the error names the first bad field. Nothing is changed. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, whole = 'body'): z.infer<T> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data as z.infer<T>;
  const issue = r.error.issues[0]!;
  const path = issue.path.join('.');
  const field = path || (issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.join(',') ?? whole : whole);
  throw new DomainError('invalid_input', field, { field });
}

/** Validate input against a named schema of common/schemas.ts. */
export function parse<K extends keyof Schemas>(key: K, input: unknown): z.infer<Schemas[K]> {
  return parseWith(schemas[key], input) as z.infer<Schemas[K]>;
}
