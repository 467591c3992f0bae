import type { z } from 'zod';
import { DomainError } from '../../common/errors.js';
import { schemas, type Schemas } from '../../common/schemas.js';

/** Validate input against a named schema; the error names the first bad field. Nothing is changed. */
export function parse<K extends keyof Schemas>(key: K, input: unknown): z.infer<Schemas[K]> {
  const r = schemas[key].safeParse(input ?? {});
  if (r.success) return r.data as z.infer<Schemas[K]>;
  const issue = r.error.issues[0]!;
  const path = issue.path.join('.');
  const field = path || (issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.join(',') ?? 'body' : 'body');
  throw new DomainError('invalid_input', field, { field });
}
