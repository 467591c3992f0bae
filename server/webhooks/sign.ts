// The signature of a delivery: Luot-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>.
// Receivers check it with the helper of docs/integration.md (the tests run that very code).
import { createHmac, randomBytes } from 'node:crypto';

export const newWebhookSecret = (): string => 'whsec_' + randomBytes(32).toString('base64url');

export function signature(secret: string, timestampSeconds: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

export function deliveryHeaders(secret: string, eventId: number, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'Luot-Webhooks/1',
    'Luot-Event-Id': String(eventId),
    'Luot-Timestamp': String(timestampSeconds),
    'Luot-Signature': signature(secret, timestampSeconds, body),
  };
}
