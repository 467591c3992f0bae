/** An entry of the audit log (<data>/audit.jsonl): every configuration and account change. */
export interface AuditEntry {
  t: 'audit';
  at: number;
  /** `user:<id>`, `device:<id>`, `system`. */
  actor: string;
  /** e.g. `service.create`, `settings.update`, `device.revoke`, `login`, `day.close`. */
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}
