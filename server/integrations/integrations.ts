// Integration keys (docs/integration.md): named keys of other systems, scoped to sites and actions,
// shown once and kept only as their SHA-256; revoking one makes it answer 401 at once.
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../common/errors.js';
import type { StoredIntegration } from '../app/config-doc.js';
import { hashToken, newId } from '../app/crypto.js';
import type { Hub } from '../app/hub.js';
import { parseWith } from '../app/validate.js';
import type { Actor } from '../domain/model.js';
import { createIntegration } from '../events/schemas.js';

/** Keys carry a prefix of their own, so that the security edge can tell them from session tokens. */
export const KEY_PREFIX = 'luotk_';
export const isIntegrationKey = (token: string | undefined): boolean => !!token && token.startsWith(KEY_PREFIX);

export function integrationView(i: StoredIntegration) {
  const { keyHash: _h, createdBy: _c, ...rest } = i;
  return rest;
}

export async function createIntegrationKey(hub: Hub, actor: Actor, input: unknown) {
  hub.assertAdmin(actor);
  const body = parseWith(createIntegration, input);
  for (const s of body.siteIds) { hub.getSite(actor, s); hub.assertAdmin(actor, s); }
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const i: StoredIntegration = {
    id: newId(), name: body.name, siteIds: [...new Set(body.siteIds)], scopes: [...new Set(body.scopes)],
    keyHash: hashToken(key), keyPrefix: key.slice(0, KEY_PREFIX.length + 4), createdAt: new Date(hub.clock()).toISOString(),
    createdBy: actor.kind === 'user' ? actor.id : 'system', revokedAt: null,
  };
  hub.configData.integrations.push(i);
  await hub.commitConfig(actor, 'integration.create', `integration:${i.id}`, { name: i.name, siteIds: i.siteIds, scopes: i.scopes });
  return { integration: integrationView(i), key };
}

export function listIntegrations(hub: Hub, actor: Actor) {
  hub.assertAdmin(actor);
  return { integrations: hub.configData.integrations.filter((i) => i.siteIds.every((s) => hub.canSeeSite(actor, s))).map(integrationView) };
}

export async function revokeIntegration(hub: Hub, actor: Actor, id: string) {
  hub.assertAdmin(actor);
  const i = hub.configData.integrations.find((x) => x.id === id);
  if (!i || !i.siteIds.every((s) => hub.canSeeSite(actor, s))) throw new DomainError('not_found');
  if (!i.revokedAt) {
    i.revokedAt = new Date(hub.clock()).toISOString();
    await hub.commitConfig(actor, 'integration.revoke', `integration:${i.id}`, { name: i.name });
  }
  return { integration: integrationView(i) };
}
