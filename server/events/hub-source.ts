// The events' LogSource over the hub and its store: the current day from the hub's durable entries,
// finished days from their files (never written again, so read once).
import type { Hub } from '../app/hub.js';
import type { DayEvent } from '../domain/model.js';
import type { LogSource } from './feed.js';
import type { MapContext } from './map.js';

export function hubLogSource(hub: Hub): LogSource {
  // The days of a site change only when a new day starts: read the directory again only then.
  const known = new Map<string, { today: string; days: string[] }>();
  return {
    async days(siteId) {
      const today = hub.dayOf(siteId)?.date ?? '';
      const k = known.get(siteId);
      if (k && k.today === today) return k.days;
      const days = await hub.store.listDays(siteId);
      if (today && !days.includes(today)) days.push(today);
      known.set(siteId, { today, days });
      return days;
    },
    async read(siteId, date, from) {
      const live = await hub.committedEntries(siteId, date, from);
      if (live) return { entries: live, sealed: false };
      const all = (await hub.store.readDay<DayEvent>(siteId, date)) ?? [];
      return { entries: all.slice(from), sealed: true };
    },
    onGrew(fn) { return hub.onLogGrew((siteId) => fn(siteId)); },
    context(siteId): MapContext | null {
      const cfg = hub.siteConfigOf(siteId);
      if (!cfg) return null;
      return {
        cfg,
        officer(id) {
          if (!id) return null;
          const u = hub.configData.users.find((x) => x.id === id);
          return u ? { id: u.id, username: u.username, name: u.name } : null;
        },
      };
    },
  };
}
