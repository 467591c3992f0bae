// Webhook subscriptions (admin): create (the secret shown once), list with each stream's state,
// delete, the deliveries of one, and resend. The dispatcher (dispatcher.ts) does the sending.
import { join } from 'node:path';
import { DomainError } from '../../common/errors.js';
import type { StoredWebhook } from '../app/config-doc.js';
import { newId } from '../app/crypto.js';
import type { Hub } from '../app/hub.js';
import { parseWith } from '../app/validate.js';
import type { Actor } from '../domain/model.js';
import { EVENT_TYPES, eventId } from '../events/map.js';
import { createWebhook } from '../events/schemas.js';
import { DurableJsonFile } from '../store/json-file.js';
import type { StorePort } from '../store/port.js';
import type { DeliveryRec, DeliveryState, DeliveryStateStore, Dispatcher } from './dispatcher.js';
import { newWebhookSecret } from './sign.js';

/** The cursors and deliveries of the file store: `<data>/webhooks.json`, written atomically and fsynced. */
export function fileDeliveryStore(dataDir: string): DeliveryStateStore {
  const file = new DurableJsonFile<DeliveryState>(join(dataDir, 'webhooks.json'));
  return { load: () => file.read(), save: (s) => file.write(s) };
}

/** The cursors and deliveries as a document of the store port (`webhooks`: the same file on files). */
export function portDeliveryStore(store: StorePort): DeliveryStateStore {
  return { load: () => store.readDoc<DeliveryState>('webhooks'), save: (s) => store.writeDoc('webhooks', s) };
}

export class Webhooks {
  constructor(private readonly hub: Hub, readonly dispatcher: Dispatcher) {}

  private iso(ms: number | null): string | null {
    return ms === null ? null : new Date(ms).toISOString();
  }

  private visible(actor: Actor, hook: StoredWebhook): boolean {
    return hook.siteIds.every((s) => this.hub.canSeeSite(actor, s));
  }

  private find(actor: Actor, id: string): StoredWebhook {
    this.hub.assertAdmin(actor);
    const h = this.hub.configData.webhooks.find((x) => x.id === id);
    if (!h || !this.visible(actor, h)) throw new DomainError('not_found');
    return h;
  }

  view(hook: StoredWebhook) {
    return {
      id: hook.id, url: hook.url, siteIds: hook.siteIds, types: hook.types.length ? hook.types : [...EVENT_TYPES],
      createdAt: hook.createdAt, streams: this.dispatcher.streamsOf(hook),
    };
  }

  deliveryView(d: DeliveryRec) {
    return {
      id: d.id, webhookId: d.webhookId, siteId: d.siteId, eventId: d.eventId, type: d.type, status: d.status, attempts: d.attempts,
      firstAttemptAt: this.iso(d.firstAttemptAt), lastAttemptAt: this.iso(d.lastAttemptAt), nextAttemptAt: this.iso(d.status === 'pending' ? d.nextAttemptAt : null),
      deliveredAt: this.iso(d.deliveredAt), lastStatus: d.lastStatus, lastError: d.lastError, ...(d.manual ? { manual: true } : {}),
    };
  }

  async create(actor: Actor, input: unknown) {
    this.hub.assertAdmin(actor);
    const body = parseWith(createWebhook, input);
    const siteIds = [...new Set(body.siteIds)];
    for (const s of siteIds) { this.hub.getSite(actor, s); this.hub.assertAdmin(actor, s); }
    // It receives what is committed after it exists: per site, the end of the log now.
    const startAfter: Record<string, number> = {};
    for (const s of siteIds) {
      const day = this.hub.dayOf(s)!;
      startAfter[s] = eventId(day.date, this.hub.committedCount(s, day.date) ?? 0);
    }
    const hook: StoredWebhook = {
      id: newId(), url: body.url, siteIds, types: body.types ? [...new Set(body.types)] : [], secret: newWebhookSecret(),
      createdAt: new Date(this.hub.clock()).toISOString(), createdBy: actor.kind === 'user' ? actor.id : 'system', startAfter,
    };
    this.hub.configData.webhooks.push(hook);
    await this.hub.commitConfig(actor, 'webhook.create', `webhook:${hook.id}`, { url: hook.url, siteIds, types: hook.types });
    this.dispatcher.changed();
    return { webhook: this.view(hook), secret: hook.secret };
  }

  list(actor: Actor) {
    this.hub.assertAdmin(actor);
    return { webhooks: this.hub.configData.webhooks.filter((h) => this.visible(actor, h)).map((h) => this.view(h)) };
  }

  async remove(actor: Actor, id: string) {
    const h = this.find(actor, id);
    const d = this.hub.configData;
    d.webhooks = d.webhooks.filter((x) => x !== h);
    await this.hub.commitConfig(actor, 'webhook.delete', `webhook:${h.id}`, { url: h.url });
    this.dispatcher.changed();
    return { ok: true };
  }

  deliveries(actor: Actor, id: string) {
    const h = this.find(actor, id);
    return { webhook: this.view(h), deliveries: this.dispatcher.deliveries(h.id).map((d) => this.deliveryView(d)) };
  }

  async resend(actor: Actor, id: string, deliveryId: string) {
    const h = this.find(actor, id);
    const d = await this.dispatcher.resend(h, deliveryId);
    if (!d) throw new DomainError('not_found');
    await this.hub.appendAudit(actor, 'webhook.resend', `webhook:${h.id}`, { deliveryId, eventId: d.eventId });
    return { delivery: this.deliveryView(d) };
  }
}
