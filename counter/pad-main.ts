// Entry of /pad: the shipped font, the app, and the lockdown of public devices, so that a citizen
// cannot leave the page by touch (no links exist; back gestures, long-press menus, zoom are swallowed).
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/600.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans/800.css';
import '@fontsource/noto-sans/900.css';
import './pad-app.js';

import { lockdown } from '../common/ui/lockdown.js';

lockdown();
// With the on-screen keyboard up, the page shrinks (100dvh) instead of sliding under it.
const viewport = document.querySelector<HTMLMetaElement>('meta[name="viewport"]');
if (viewport && !viewport.content.includes('interactive-widget')) viewport.content += ', interactive-widget=resizes-content';
// A swipe-back or the back key lands on our own history entry and is pushed forward again.
history.pushState({ pad: true }, '', location.href);
window.addEventListener('popstate', () => history.pushState({ pad: true }, '', location.href));
