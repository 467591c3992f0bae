// Speaks every live call and recall through the voice announcer (display/voice.ts): a chime, then
// the sentence as often as the site's settings say, calls queued so that they never overlap.
// The site's voice pack (its own recordings, falling back clip by clip to the shipped one; docs/voice.md)
// is loaded into memory so that calls are said even while the hub is away, and loaded again when the
// hub says its clips changed (voice:pack) or the site's settings name another pack: no reload.
import type { SiteSettings } from '../common/types.js';
import type { Call } from './display-state.js';
import { Announcer } from './voice.js';

let announcer: Announcer | null = null;

/** The display's one announcer, created on first use; `onBlocked(true)` when autoplay is refused. */
export function getAnnouncer(onBlocked?: (blocked: boolean) => void): Announcer {
  if (!announcer) announcer = new Announcer();
  if (onBlocked) {
    announcer.addEventListener('blocked', () => onBlocked(true));
    announcer.addEventListener('unblocked', () => onBlocked(false));
  }
  return announcer;
}

/** The pack a site says its calls from: `/voice/packs/<pack>/`, the pack of its settings or its own. */
export function voiceBase(siteId: string, settings: SiteSettings | null | undefined): string {
  return `/voice/packs/${encodeURIComponent(settings?.voice?.pack ?? siteId)}/`;
}

let loadedBase: string | null = null;

/**
 * Follow the site's pack: load it when the display first knows its site, when the settings name
 * another pack, and when the hub says the pack's clips changed (`changed`: true for every clip, or
 * the names of the clips recorded or removed, which alone are fetched again).
 */
export function syncVoicePack(siteId: string | undefined, settings: SiteSettings | null | undefined, changed: boolean | string[] = false): Promise<number> | null {
  if (!siteId) return null;
  const base = voiceBase(siteId, settings);
  if (base === loadedBase && !changed) return null;
  const same = base === loadedBase;
  loadedBase = base;
  const p = same && Array.isArray(changed) ? getAnnouncer().refreshClips(changed) : getAnnouncer().usePack(base);
  p.catch((e) => console.warn('voice pack not loaded', e));
  return p;
}

/** The announcement of a call: number, counter, and whether it is a recall (ticket.recalls > 0). */
export function announcementOf(call: Call) {
  return { number: call.ticket.number, counterNumber: call.counter.number, recall: (call.ticket.recalls ?? 0) > 0 };
}

/** Speak a call or recall as the site's settings say (twice after a chime by default). */
export function announceCall(call: Call, settings: SiteSettings | null | undefined): void {
  const voice = settings?.voice ?? { enabled: true, repeat: 2, chime: true };
  if (!voice.enabled) return;
  try {
    getAnnouncer().announce(announcementOf(call), { repeat: voice.repeat, chime: voice.chime, gapMs: voice.gapMs ?? 0 });
  } catch (e) {
    console.warn('announce failed', e);
  }
}
