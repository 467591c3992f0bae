// Speaks every live call and recall through the voice announcer (display/voice.ts): a chime, then
// the sentence as often as the site's settings say, calls queued so that they never overlap.
// The voice pack is loaded into memory at start so that calls are said even while the hub is away.
import type { SiteSettings } from '../common/types.js';
import type { Call } from './display-state.js';
import { Announcer } from './voice.js';

let announcer: Announcer | null = null;

/** The display's one announcer, created on first use; `onBlocked(true)` when autoplay is refused. */
export function getAnnouncer(onBlocked?: (blocked: boolean) => void): Announcer {
  if (!announcer) {
    announcer = new Announcer();
    announcer.preloadPack().catch((e) => console.warn('voice pack not preloaded', e));
  }
  if (onBlocked) {
    announcer.addEventListener('blocked', () => onBlocked(true));
    announcer.addEventListener('unblocked', () => onBlocked(false));
  }
  return announcer;
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
    getAnnouncer().announce(announcementOf(call), { repeat: voice.repeat, chime: voice.chime });
  } catch (e) {
    console.warn('announce failed', e);
  }
}
