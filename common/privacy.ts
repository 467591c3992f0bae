// Personal data (docs/privacy.md): the shapes the admin console and the hub share, and the text a
// screen shows where a value was erased.

/** Shown wherever an erased personal value was (projections, reports, the admin's pages). */
export const ERASED_TEXT = '(đã xoá / erased)';

/** Kinds of personal records, each with its own retention period. */
export const PERSONAL_KINDS = ['booking_contact', 'rating_comment', 'event_field'] as const;
export type PersonalKind = (typeof PERSONAL_KINDS)[number];

/** Retention in days per kind; `accountAudit` is informational (the audit log is kept as the law on archives needs). */
export interface RetentionPolicy {
  booking_contact: number;
  rating_comment: number;
  event_field: number;
  accountAuditYears: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { booking_contact: 30, rating_comment: 365, event_field: 365, accountAuditYears: 10 };

/** Event fields an admin may mark personal: then they are kept in the vault, the log keeps a commitment. */
// Dossier codes (completed, dossier_linked, a rating's dossierCodes) are not markable yet: docs/privacy.md.
export const MARKABLE_FIELDS = ['pauseReason', 'cancelReason'] as const;
export type MarkableField = (typeof MARKABLE_FIELDS)[number];

export interface RetentionRun { at: string; erased: Partial<Record<PersonalKind, number>>; by: string }

export type RequestKind = 'access' | 'erase';
export interface SubjectRequest {
  id: string;
  kind: RequestKind;
  /** When the request reached the centre (ISO), when it was answered (ISO) and how. */
  receivedAt: string;
  closedAt: string | null;
  outcome: null | { items?: number; erased?: Partial<Record<PersonalKind, number>> };
  /** Days since received (open ones), answered within the deadline or not. */
  ageDays: number;
  dueAt: string;
}

export interface SubjectItem { kind: PersonalKind | 'booking' | 'rating_comment_legacy'; id: string; at: string; fields: Record<string, string | null> }

export interface PrivacyOverview {
  policy: RetentionPolicy;
  personalFields: MarkableField[];
  lastRun: RetentionRun | null;
  requests: SubjectRequest[];
  deadlineDays: number;
  held: Partial<Record<PersonalKind, number>>;
}

/** Days within which a data subject's request is answered (the law allows more; we plan for this). */
export const REQUEST_DEADLINE_DAYS = 20;
