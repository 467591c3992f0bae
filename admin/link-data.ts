// The data layer of the "Kết nối" page: typed calls of the webhook and integration key routes.
import type { AdminSession } from './admin-session.js';

export const EVENT_TYPES = ['ticket.issued', 'ticket.called', 'ticket.completed', 'ticket.no_show', 'ticket.transferred', 'ticket.dossier_linked', 'rating.submitted'] as const;
export const SCOPES = ['events:read', 'tickets:issue', 'tickets:link', 'reports:read'] as const;

export interface Stream { siteId: string; cursor: number; state: 'ok' | 'retrying' | 'parked'; lastError: string | null }
export interface Webhook { id: string; url: string; siteIds: string[]; types: string[]; createdAt: string; streams: Stream[] }
export interface Delivery {
  id: string; webhookId: string; siteId: string; eventId: number; type: string; status: 'pending' | 'delivered' | 'parked';
  attempts: number; firstAttemptAt: string | null; lastAttemptAt: string | null; nextAttemptAt: string | null;
  deliveredAt: string | null; lastStatus: number | null; lastError: string | null; manual?: boolean;
}
export interface Integration { id: string; name: string; siteIds: string[]; scopes: string[]; keyPrefix: string; createdAt: string; revokedAt: string | null }

export class LinkData {
  constructor(private readonly s: AdminSession) {}
  async webhooks(): Promise<Webhook[]> { return (await this.s.api<{ webhooks: Webhook[] }>('GET', '/api/webhooks')).webhooks; }
  createWebhook(body: { url: string; siteIds: string[]; types?: string[] }): Promise<{ webhook: Webhook; secret: string }> { return this.s.api('POST', '/api/webhooks', body); }
  async deleteWebhook(id: string): Promise<void> { await this.s.api('DELETE', `/api/webhooks/${encodeURIComponent(id)}`); }
  async deliveries(id: string): Promise<Delivery[]> { return (await this.s.api<{ deliveries: Delivery[] }>('GET', `/api/webhooks/${encodeURIComponent(id)}/deliveries`)).deliveries; }
  async resend(id: string, deliveryId: string): Promise<Delivery> {
    return (await this.s.api<{ delivery: Delivery }>('POST', `/api/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/resend`)).delivery;
  }
  async integrations(): Promise<Integration[]> { return (await this.s.api<{ integrations: Integration[] }>('GET', '/api/integrations')).integrations; }
  createIntegration(body: { name: string; siteIds: string[]; scopes: string[] }): Promise<{ integration: Integration; key: string }> { return this.s.api('POST', '/api/integrations', body); }
  async revokeIntegration(id: string): Promise<void> { await this.s.api('DELETE', `/api/integrations/${encodeURIComponent(id)}`); }
}
