import type { Device, Service, Site, User } from '../../common/types.js';
import type { CounterConfig } from '../domain/model.js';

export interface StoredUser extends User { passwordHash: string; createdAt: string; passwordChangedAt?: string }
export interface StoredDevice extends Device { tokenHash: string | null; /** Made by the demo seed: fresh pairing links are printed at each start. */ demo?: boolean }
export interface Session { tokenHash: string; userId: string; createdAt: number; expiresAt: number }
export interface PairingCode { codeHash: string; deviceId: string; expiresAt: number }

/** The config document (config.json): everything that is not a day's events. */
export interface ConfigDoc {
  version: 1;
  sites: Site[];
  services: Service[];
  counters: CounterConfig[];
  users: StoredUser[];
  devices: StoredDevice[];
  sessions: Session[];
  pairingCodes: PairingCode[];
}

export const emptyConfig = (): ConfigDoc => ({
  version: 1, sites: [], services: [], counters: [], users: [], devices: [], sessions: [], pairingCodes: [],
});
