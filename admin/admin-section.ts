// What every section of the console shares: the session, the language, a revision that changes
// whenever the session does (so lit re-renders), and a message line for results and errors.
import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Lang } from '../common/types.js';
import type { AdminSession } from './admin-session.js';
import { toApiError } from './admin-session.js';

export class AdminSection extends LitElement {
  @property({ attribute: false }) session!: AdminSession;
  @property() lang: Lang = 'vi';
  @property({ type: Number }) rev = 0;
  @state() protected message: { kind: 'ok' | 'error'; text: string } | null = null;
  @state() protected busy = false;

  protected say(kind: 'ok' | 'error', text: string): void { this.message = { kind, text }; }
  protected fail(e: unknown): void {
    const a = toApiError(e);
    this.say('error', a.message || a.code);
  }

  /** Run an action with the busy flag; errors become the message. */
  protected async act(fn: () => Promise<unknown>, ok?: string): Promise<boolean> {
    this.busy = true;
    this.message = null;
    try {
      await fn();
      if (ok) this.say('ok', ok);
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  protected renderMessage() {
    const m = this.message;
    return m ? html`<div class="msg ${m.kind}" id="message" role=${m.kind === 'error' ? 'alert' : 'status'}>${m.text}</div>` : nothing;
  }
}
