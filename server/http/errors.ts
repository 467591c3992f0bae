import { DomainError, ERROR_STATUS, type ErrorCode } from '../../common/errors.js';
import { langFromHeader, t, type StringKey } from '../../common/i18n/index.js';
import type { Lang } from '../../common/types.js';
import { isStoreUnavailable } from '../cluster/unavailable.js';

export interface ErrorAnswer { status: number; body: { error: { code: string; message: string; field?: string } } }

/** Turn anything thrown into the contract's coded error, in the asker's language; never a stack. */
export function errorAnswer(err: unknown, lang: Lang, log?: (m: string) => void): ErrorAnswer {
  if (err instanceof DomainError) {
    const params = { field: err.field ?? '', ...err.params };
    const body: ErrorAnswer['body'] = { error: { code: err.code, message: t(lang, `errors.${err.code}` as StringKey, params) } };
    if (err.field) body.error.field = err.field;
    return { status: ERROR_STATUS[err.code], body };
  }
  // The database is away (PostgreSQL down or restarting): nothing was written; try again shortly.
  if (isStoreUnavailable(err)) return errorAnswer(new DomainError('store_unavailable'), lang);
  const e = err as { type?: string; status?: number };
  const code: ErrorCode | null =
    e?.type === 'entity.too.large' ? 'payload_too_large'
      : e?.type === 'entity.parse.failed' ? 'invalid_json'
        : e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported' ? 'invalid_input'
          : null;
  if (code) return errorAnswer(new DomainError(code, code === 'invalid_input' ? 'body' : undefined), lang);
  log?.(`internal error: ${(err as Error)?.stack ?? String(err)}`);
  return { status: 500, body: { error: { code: 'internal', message: t(lang, 'errors.internal') } } };
}

export { langFromHeader };
