// Structured logs: one JSON object a line (pino) on stdout, with levels, for journald, Docker or a
// log shipper. `LUOT_LOG_LEVEL` = trace | debug | info (default) | warn | error | fatal | silent.
// The human start banner of server/main.ts stays plain text; everything after it goes through here.
import { pino, type Logger } from 'pino';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export function createLogger(env: Record<string, string | undefined> = process.env): Logger {
  const level = LEVELS.includes(env.LUOT_LOG_LEVEL ?? '') ? env.LUOT_LOG_LEVEL! : 'info';
  return pino({ level, base: { app: 'luot' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** The process's logger. */
export const logger: Logger = createLogger();

/** The `log(message)` the modules take, as info lines of a logger (errors as error lines). */
export function logFn(l: Logger = logger): (m: string) => void {
  return (m: string) => {
    if (/^internal error|failed|cannot/i.test(m)) l.error(m);
    else l.info(m);
  };
}
