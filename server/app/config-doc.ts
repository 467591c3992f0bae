import type { Device, Service, Site, User } from '../../common/types.js';
import type { CounterConfig, IntegrationScope } from '../domain/model.js';
import type { EventType } from '../events/map.js';

export interface StoredUser extends User { passwordHash: string; createdAt: string; passwordChangedAt?: string; /** An account of the demo site (removed with it). */ demo?: boolean }
export interface StoredDevice extends Device { tokenHash: string | null; /** Made by the demo seed: fresh pairing links are printed at each start. */ demo?: boolean }
export interface Session { tokenHash: string; userId: string; createdAt: number; expiresAt: number }
export interface PairingCode { codeHash: string; deviceId: string; expiresAt: number }

/** An integration key (docs/integration.md): only the SHA-256 of the key is kept. */
export interface StoredIntegration {
  id: string; name: string; siteIds: string[]; scopes: IntegrationScope[];
  keyHash: string; keyPrefix: string; createdAt: string; createdBy: string; revokedAt: string | null;
}
/** A webhook subscription; the secret signs deliveries, so it is kept (and never shown again). */
export interface StoredWebhook {
  id: string; url: string; siteIds: string[]; types: EventType[]; secret: string;
  createdAt: string; createdBy: string;
  /** Per site, the last event before the subscription: it receives what comes after. */
  startAfter: Record<string, number>;
}

/** The config document (config.json): everything that is not a day's events. */
export interface ConfigDoc {
  /** 2 since the data dir manifest (server/store/format.ts); 1 before. */
  version: 2;
  sites: Site[];
  services: Service[];
  counters: CounterConfig[];
  users: StoredUser[];
  devices: StoredDevice[];
  sessions: Session[];
  pairingCodes: PairingCode[];
  integrations: StoredIntegration[];
  webhooks: StoredWebhook[];
  /** The demo made by the first start (LUOT_DEMO), until an admin removes it; absent otherwise. */
  demo?: { siteId: string; createdAt: string } | null;
}

export const emptyConfig = (): ConfigDoc => ({
  version: 2, sites: [], services: [], counters: [], users: [], devices: [], sessions: [], pairingCodes: [],
  integrations: [], webhooks: [], demo: null,
});
