// Styles and small formatters shared by the admin components; colours and sizes come from
// common/tokens.css. The admin works at a desk: denser than the kiosk, still large and plain.
import { css } from 'lit';
import type { Lang } from '../common/types.js';
import { t } from '../common/i18n/index.js';

export const adminStyles = css`
  :host { font-family: var(--luot-font); color: var(--luot-text); display: block; }
  *, *::before, *::after { box-sizing: border-box; }
  h2 { margin: 0 0 var(--luot-space-3); font-size: var(--luot-size-xl); color: var(--luot-primary-strong); }
  h3 { margin: var(--luot-space-3) 0 var(--luot-space-2); font-size: var(--luot-size-l); color: var(--luot-primary-strong); }
  button {
    font: inherit; cursor: pointer; border-radius: var(--luot-radius-s); border: 2px solid var(--luot-border);
    background: var(--luot-surface); color: var(--luot-text); min-height: 40px; padding: 4px 14px; font-weight: 600;
  }
  button:hover:not(:disabled) { border-color: var(--luot-primary); }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid var(--luot-gold); outline-offset: 1px; }
  button:disabled { opacity: 0.45; cursor: not-allowed; }
  button.primary { background: var(--luot-primary); border-color: var(--luot-primary); color: #fff; }
  button.primary:hover:not(:disabled) { background: var(--luot-primary-strong); }
  button.danger { color: var(--luot-danger); border-color: var(--luot-danger-soft); }
  button.small { min-height: 32px; padding: 2px 10px; font-size: var(--luot-size-s); }
  input, select, textarea {
    font: inherit; padding: 6px 10px; border: 2px solid var(--luot-border); border-radius: var(--luot-radius-s);
    background: var(--luot-surface); color: var(--luot-text); min-height: 40px;
  }
  input[type='checkbox'] { min-height: 0; width: 20px; height: 20px; accent-color: var(--luot-primary); }
  label.field { display: flex; flex-direction: column; gap: 4px; font-weight: 600; font-size: var(--luot-size-s); color: var(--luot-text-muted); }
  label.field > input, label.field > select, label.field > textarea { font-weight: 400; font-size: var(--luot-size-m); color: var(--luot-text); }
  label.check { display: inline-flex; align-items: center; gap: 8px; font-weight: 600; }
  .hint { font-size: var(--luot-size-s); color: var(--luot-text-muted); font-weight: 400; }
  .card { background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow); padding: var(--luot-space-4); }
  .card > h3:first-child, .card > div > h3:first-child { margin-top: 0; }
  .bar { display: flex; align-items: center; gap: var(--luot-space-3); margin-bottom: var(--luot-space-3); flex-wrap: wrap; }
  .bar h2 { margin: 0; flex: 1; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: var(--luot-space-3); }
  .form { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: var(--luot-space-3); align-items: start; }
  .form .wide { grid-column: 1 / -1; }
  .actions { display: flex; gap: var(--luot-space-2); justify-content: flex-end; margin-top: var(--luot-space-3); }
  table { width: 100%; border-collapse: collapse; background: var(--luot-surface); }
  th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--luot-border); vertical-align: middle; }
  th { font-size: var(--luot-size-s); color: var(--luot-text-muted); font-weight: 700; background: var(--luot-primary-soft); position: sticky; top: 0; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  tr.total td { font-weight: 800; border-top: 2px solid var(--luot-text); }
  .pill { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: var(--luot-size-s); font-weight: 700; white-space: nowrap; }
  .pill.ok { background: var(--luot-ok-soft); color: var(--luot-ok); }
  .pill.warn { background: var(--luot-warn-soft); color: var(--luot-warn); }
  .pill.off { background: #eceff3; color: var(--luot-text-muted); }
  .pill.bad { background: var(--luot-danger-soft); color: var(--luot-danger); }
  .letter { display: inline-flex; align-items: center; justify-content: center; width: 36px; height: 36px; border-radius: 8px;
    background: var(--luot-primary); color: #fff; font-weight: 800; font-size: var(--luot-size-l); }
  .msg { padding: 10px 14px; border-radius: var(--luot-radius-s); font-weight: 600; margin-bottom: var(--luot-space-3); }
  .msg.ok { background: var(--luot-ok-soft); color: var(--luot-ok); }
  .msg.error { background: var(--luot-danger-soft); color: var(--luot-danger); border-left: 6px solid var(--luot-danger); }
  .muted { color: var(--luot-text-muted); }
  .empty { color: var(--luot-text-muted); padding: var(--luot-space-4); text-align: center; }
`;

/** "12 phút 5 giây" / "12 min 5 s"; "—" for none. */
export function fmtDuration(lang: Lang, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return t(lang, 'admin.secOnly', { s });
  return t(lang, 'admin.minSec', { m: Math.floor(s / 60), s: s % 60 });
}

/** Compact "m:ss" (h:mm:ss past an hour) for tables; "—" for none. */
export function fmtClock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "87,5 %" (vi) / "87.5%" (en); "—" for none. */
export function fmtRate(lang: Lang, rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  const v = (rate * 100).toFixed(1);
  return lang === 'vi' ? `${v.replace('.', ',')} %` : `${v}%`;
}

export function fmtInt(lang: Lang, n: number): string {
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US');
}

/** Fire a bubbling, composed event with a detail. */
export function fire<T>(el: HTMLElement, name: string, detail?: T): void {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
