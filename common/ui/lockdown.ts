// Touch lockdown for public devices (kiosk, rating pad): no context menu, no text selection or
// dragging, no pinch or double-tap zoom, no browser shortcuts that leave or reload the page.
// The page itself must have no links; this stops the gestures that a browser offers by default.
export function lockdown(doc: Document = document): () => void {
  const style = doc.createElement('style');
  style.textContent = `
    html, body { user-select: none; -webkit-user-select: none; -webkit-touch-callout: none;
      touch-action: manipulation; overscroll-behavior: none; -webkit-tap-highlight-color: transparent; }
    img, svg { -webkit-user-drag: none; }`;
  doc.head.appendChild(style);

  let meta = doc.querySelector<HTMLMetaElement>('meta[name="viewport"]');
  if (!meta) { meta = doc.createElement('meta'); meta.name = 'viewport'; doc.head.appendChild(meta); }
  meta.content = 'width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no';

  const prevent = (e: Event) => e.preventDefault();
  const multiTouch = (e: TouchEvent) => { if (e.touches.length > 1) e.preventDefault(); };
  const ctrlWheel = (e: WheelEvent) => { if (e.ctrlKey) e.preventDefault(); };
  const keys = (e: KeyboardEvent) => {
    const k = e.key.toLowerCase();
    // zoom, find, print, save, open, back/forward, reload by keyboard (an attached keyboard or a remote)
    if ((e.ctrlKey || e.metaKey) && ['+', '-', '=', '0', 'f', 'p', 's', 'o', 'r', 'l', 'n', 't', 'w'].includes(k)) e.preventDefault();
    if (e.altKey && (k === 'arrowleft' || k === 'arrowright' || k === 'home')) e.preventDefault();
    if (k === 'f5' || k === 'browserback' || k === 'browserforward') e.preventDefault();
  };
  const opts = { passive: false, capture: true } as const;
  const w = doc.defaultView ?? window;
  doc.addEventListener('contextmenu', prevent, opts);
  doc.addEventListener('selectstart', prevent, opts);
  doc.addEventListener('dragstart', prevent, opts);
  doc.addEventListener('gesturestart', prevent, opts);
  doc.addEventListener('touchstart', multiTouch, opts);
  doc.addEventListener('touchmove', multiTouch, opts);
  w.addEventListener('wheel', ctrlWheel, opts);
  w.addEventListener('keydown', keys, opts);
  return () => {
    style.remove();
    doc.removeEventListener('contextmenu', prevent, opts);
    doc.removeEventListener('selectstart', prevent, opts);
    doc.removeEventListener('dragstart', prevent, opts);
    doc.removeEventListener('gesturestart', prevent, opts);
    doc.removeEventListener('touchstart', multiTouch, opts);
    doc.removeEventListener('touchmove', multiTouch, opts);
    w.removeEventListener('wheel', ctrlWheel, opts);
    w.removeEventListener('keydown', keys, opts);
  };
}
