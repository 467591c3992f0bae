// Styles shared by the console's components; every colour and size comes from common/tokens.css.
import { css } from 'lit';

export const baseStyles = css`
  :host { font-family: var(--luot-font); color: var(--luot-text); box-sizing: border-box; }
  *, *::before, *::after { box-sizing: inherit; }
  button {
    font: inherit; cursor: pointer; border-radius: var(--luot-radius-s);
    border: 2px solid var(--luot-border); background: var(--luot-surface); color: var(--luot-text);
    min-height: 48px; padding: var(--luot-space-2) var(--luot-space-3);
  }
  button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible {
    outline: 3px solid var(--luot-gold); outline-offset: 2px;
  }
  button:disabled { cursor: not-allowed; opacity: 0.45; }
  button.primary { background: var(--luot-primary); border-color: var(--luot-primary); color: #fff; font-weight: 700; }
  button.primary:hover:not(:disabled) { background: var(--luot-primary-strong); }
  button.danger { background: var(--luot-danger); border-color: var(--luot-danger); color: #fff; font-weight: 700; }
  input, textarea, select {
    font: inherit; font-size: var(--luot-size-l); padding: var(--luot-space-2) var(--luot-space-3);
    border: 2px solid var(--luot-border); border-radius: var(--luot-radius-s); background: var(--luot-surface);
    color: var(--luot-text); min-height: 48px; width: 100%;
  }
  kbd {
    font-family: var(--luot-font-mono); font-size: var(--luot-size-s); font-weight: 600;
    padding: 1px 6px; border-radius: 4px; border: 1px solid currentColor; opacity: 0.85; white-space: nowrap;
  }
  .priority {
    display: inline-flex; align-items: center; gap: 4px; background: var(--luot-priority); color: #fff;
    font-weight: 700; font-size: var(--luot-size-s); padding: 2px 8px; border-radius: 999px; white-space: nowrap;
  }
`;

export const dialogStyles = css`
  .backdrop {
    position: fixed; inset: 0; background: rgba(10, 20, 35, 0.55); display: flex;
    align-items: center; justify-content: center; z-index: 10;
  }
  .dialog {
    background: var(--luot-surface); border-radius: var(--luot-radius); box-shadow: var(--luot-shadow);
    width: min(760px, 92vw); max-height: 90vh; overflow: auto; padding: var(--luot-space-4);
    display: flex; flex-direction: column; gap: var(--luot-space-3);
  }
  h2 { margin: 0; font-size: var(--luot-size-xl); color: var(--luot-primary-strong); }
  .hint { margin: 0; color: var(--luot-text-muted); }
  .row { display: flex; gap: var(--luot-space-3); justify-content: flex-end; }
  .row button { min-width: 160px; min-height: 56px; font-size: var(--luot-size-l); }
`;

/** mm:ss, or h:mm:ss past an hour. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
}

/** A counter's name when it says more than its number ("Quầy 1" says nothing more than 1). */
export function counterExtraName(name: string | null | undefined, number: number): string {
  const n = (name ?? '').trim();
  if (!n || n === String(number)) return '';
  if (/^(quầy|counter)\s*(số\s*)?\d+$/i.test(n)) return '';
  return n;
}
