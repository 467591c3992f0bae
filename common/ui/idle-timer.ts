// Calls `onIdle` once after `ms` without a touch, click or key; any input starts the wait again.
// Used by the kiosk (back to the service grid in Vietnamese) and the rating pad (back to idle).
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly events = ['pointerdown', 'keydown', 'touchstart'] as const;
  private readonly onInput = () => this.restart();

  constructor(private readonly ms: number, private readonly onIdle: () => void, private readonly target: EventTarget = document) {}

  start(): void {
    for (const e of this.events) this.target.addEventListener(e, this.onInput, { capture: true, passive: true });
    this.restart();
  }

  restart(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; this.onIdle(); }, this.ms);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const e of this.events) this.target.removeEventListener(e, this.onInput, { capture: true });
  }
}
