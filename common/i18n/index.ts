// One source of UI strings, Vietnamese first. Each area has its own file; keys are typed
// so that the compiler catches a typo: t('vi', 'kiosk.title').
import type { Lang } from '../types.js';
import { errorsEn, errorsVi } from './errors.js';
import { commonEn, commonVi } from './common.js';
import { kioskEn, kioskVi } from './kiosk.js';
import { displayEn, displayVi } from './display.js';
import { counterEn, counterVi } from './counter.js';
import { padEn, padVi } from './pad.js';
import { adminEn, adminVi } from './admin.js';
import { phoneEn, phoneVi } from './phone.js';
import { printEn, printVi } from './print.js';
import { linkEn, linkVi } from './link.js';
import { voiceEn, voiceVi } from './voice.js';

type Dict = Record<string, string>;
function prefixed<P extends string, D extends Dict>(prefix: P, d: D): { [K in keyof D & string as `${P}.${K}`]: string } {
  const out: Dict = {};
  for (const [k, v] of Object.entries(d)) out[`${prefix}.${k}`] = v;
  return out as never;
}

const vi = {
  ...prefixed('errors', errorsVi), ...prefixed('common', commonVi),
  ...prefixed('kiosk', kioskVi),
  ...prefixed('display', displayVi),
  ...prefixed('counter', counterVi),
  ...prefixed('pad', padVi),
  ...prefixed('admin', adminVi),
  ...prefixed('phone', phoneVi),
  ...prefixed('print', printVi),
  ...prefixed('link', linkVi),
  ...prefixed('voice', voiceVi),
};
const en: Record<keyof typeof vi, string> = {
  ...prefixed('errors', errorsEn), ...prefixed('common', commonEn),
  ...prefixed('kiosk', kioskEn),
  ...prefixed('display', displayEn),
  ...prefixed('counter', counterEn),
  ...prefixed('pad', padEn),
  ...prefixed('admin', adminEn),
  ...prefixed('phone', phoneEn),
  ...prefixed('print', printEn),
  ...prefixed('link', linkEn),
  ...prefixed('voice', voiceEn),
};
export type StringKey = keyof typeof vi;
export const STRINGS: Record<Lang, Record<StringKey, string>> = { vi, en };

/** Translate `key`, filling `{name}` placeholders; falls back to Vietnamese, then to the key. */
export function t(lang: Lang, key: StringKey, params: Record<string, string | number> = {}): string {
  const s = STRINGS[lang]?.[key] ?? STRINGS.vi[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m));
}

/** Pick the language from an Accept-Language header: Vietnamese unless English is preferred. */
export function langFromHeader(header: string | undefined): Lang {
  if (!header) return 'vi';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}
