/** The engine's clock: wall time, or wall time plus an offset that time-skipping advances. */
export class Clock {
  #offset = 0;
  constructor(readonly skipping: boolean) {}
  now(): number {
    return Date.now() + this.#offset;
  }
  /** Moves virtual time forward to `target` (no-op when not skipping or already past). */
  advanceTo(target: number): void {
    if (!this.skipping) return;
    const delta = target - this.now();
    if (delta > 0) this.#offset += delta;
  }
}

interface TimerEntry {
  due: number;
  fire: () => void;
}

/** Durable timers due at absolute times; one Node timer for the earliest. Works with a virtual clock. */
export class TimerService {
  #entries: TimerEntry[] = [];
  #handle: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.#entries.length;
  }

  get nextDue(): number | undefined {
    return this.#entries[0]?.due;
  }

  add(due: number, fire: () => void): void {
    const entry = { due, fire };
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#entries[mid]?.due ?? 0) <= due) lo = mid + 1;
      else hi = mid;
    }
    this.#entries.splice(lo, 0, entry);
    this.#arm();
  }

  /** Fires every timer that is due now. */
  fireDue(): void {
    const now = this.clock.now();
    while (this.#entries.length > 0 && (this.#entries[0]?.due ?? Infinity) <= now) this.#entries.shift()?.fire();
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#handle) clearTimeout(this.#handle);
  }

  #arm(): void {
    if (this.#handle) clearTimeout(this.#handle);
    this.#handle = undefined;
    const next = this.#entries[0];
    if (!next || this.#stopped) return;
    // Node caps setTimeout at ~24.8 days; longer waits re-arm.
    const delay = Math.min(Math.max(0, next.due - this.clock.now()), 2 ** 31 - 1);
    this.#handle = setTimeout(() => this.fireDue(), delay);
  }
}
