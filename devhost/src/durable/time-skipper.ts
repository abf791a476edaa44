import type { Clock, TimerService } from './clock';

/** How long the engine must be idle before time-skipping jumps the virtual clock to the next timer. */
const SKIP_IDLE_MS = 15;

/** Time-skipping: when nothing runs and only timers wait, jump the virtual clock to the next one. */
export class TimeSkipper {
  #handle: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly timers: TimerService,
    /** The engine: idle when no episode or activity is running or queued. */
    private readonly engine: { readonly idle: boolean },
  ) {}

  /** Called after each episode and activity: jumps once the engine has stayed idle for SKIP_IDLE_MS. */
  maybeSkip(): void {
    if (!this.clock.skipping || this.#stopped || this.timers.size === 0) return;
    if (this.#handle) clearTimeout(this.#handle);
    this.#handle = setTimeout(() => {
      this.#handle = undefined;
      const due = this.timers.nextDue;
      if (!this.engine.idle || due === undefined) return;
      this.clock.advanceTo(due);
      this.timers.fireDue();
    }, SKIP_IDLE_MS);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#handle) clearTimeout(this.#handle);
  }
}
