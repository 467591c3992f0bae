// Sealing a day event's personal fields before it goes into the hash-chained log, and opening it
// again when it is read. The sealed line keeps the field as null and, beside it, `sealed: {ref,
// fields: {<field>: <commitment>}}`: the vault record `ref` holds the value; the commitment is
// HMAC-SHA256 under that record's key (server/privacy/vault.ts). Erasing the record leaves the line,
// and so the chain, untouched; opening it then gives ERASED_TEXT.
//
// Lines written before sealing existed (a plain `comment` in the chain) are legacy: they open as they
// are, and cannot be erased without rewriting a finished day (docs/privacy.md, "Legacy logs").
import { ERASED_TEXT, type MarkableField, type PersonalKind } from '../../common/privacy.js';
import type { DayEvent } from '../domain/model.js';
import type { PersonalVault } from './vault.js';

export interface SealRef { ref: string; fields: Record<string, string> }
export type StoredEvent = DayEvent & { sealed?: SealRef };

/** The personal fields of each event type: always (a rating's comment) or when an admin marks them. */
const SEALABLE: { t: DayEvent['t']; field: string; marked: MarkableField | null; kind: PersonalKind }[] = [
  { t: 'rated', field: 'comment', marked: null, kind: 'rating_comment' },
  { t: 'counter_paused', field: 'reason', marked: 'pauseReason', kind: 'event_field' },
  { t: 'cancelled', field: 'reason', marked: 'cancelReason', kind: 'event_field' },
];

export function recordIdOf(e: DayEvent, siteId: string, field: string): string {
  if (e.t === 'rated') return `rating:${e.ratingId}`;
  const who = 'id' in e ? e.id : e.counterId;
  return `field:${siteId}:${who}:${e.at}:${field}`;
}

/**
 * The form of `e` to write in the log, with its personal fields moved to the vault. The vault's
 * memory is updated at once (so the caller can go on deciding); `pending` gets the write to await
 * before the log line is written (the value is durable before its commitment is).
 */
export function sealEvent(vault: PersonalVault, siteId: string, date: string, e: DayEvent, marked: ReadonlySet<MarkableField>, pending: Promise<unknown>[]): DayEvent {
  const specs = SEALABLE.filter((s) => s.t === e.t && (s.marked === null || marked.has(s.marked)));
  const rec = e as unknown as Record<string, unknown>;
  const values = specs.filter((s) => typeof rec[s.field] === 'string' && rec[s.field] !== '');
  if (values.length === 0) return e;
  const out: Record<string, unknown> = { ...rec };
  const fields: Record<string, string> = {};
  for (const s of values) { fields[s.field] = String(rec[s.field]); out[s.field] = null; }
  const ref = recordIdOf(e, siteId, values[0]!.field);
  const links: Record<string, string> = { date };
  if ('id' in e) links.ticketId = e.id;
  const { commitments, written } = vault.put({ id: ref, kind: values[0]!.kind, siteId, at: e.at, links }, fields);
  pending.push(written);
  out.sealed = { ref, fields: commitments } satisfies SealRef;
  return out as unknown as DayEvent;
}

/** The event with its sealed fields resolved from the vault (ERASED_TEXT once erased); legacy lines as they are. */
export function openEvent(vault: PersonalVault | null, e: StoredEvent): DayEvent {
  const s = e.sealed;
  if (!s) return e;
  const rec = vault?.get(s.ref) ?? null;
  const out: Record<string, unknown> = { ...e };
  delete out.sealed;
  for (const f of Object.keys(s.fields)) out[f] = rec?.fields[f] ?? ERASED_TEXT;
  return out as unknown as DayEvent;
}

/** Whether a stored event carried a value in `field` (sealed or plain), without resolving it. */
export function hadValue(e: StoredEvent, field: string): boolean {
  return !!(e as unknown as Record<string, unknown>)[field] || !!e.sealed?.fields[field];
}
