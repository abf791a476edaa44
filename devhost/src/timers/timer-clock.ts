import { Clock, TimerService } from '../durable/clock';
import { TimeSkipper } from '../durable/time-skipper';

/** Longest delay one setTimeout can hold; longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The time timer triggers fire by: wall time, or the devhost's virtual time under `--time-skip`. */
export interface TimerClock {
  now(): number;
  /** Calls `fire` at `due` (ms since the epoch on this clock); the returned function cancels it. */
  at(due: number, fire: () => void): () => void;
  /** Runs one invocation; virtual time holds still while it runs. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** Wall time: setTimeout, chained for waits longer than it can hold. */
export const WALL_TIMER_CLOCK: TimerClock = {
  now: () => Date.now(),
  at(due, fire) {
    let handle: NodeJS.Timeout | undefined;
    const wait = (): void => {
      const remaining = due - Date.now();
      handle = remaining > MAX_TIMEOUT_MS ? setTimeout(wait, MAX_TIMEOUT_MS) : setTimeout(fire, Math.max(0, remaining));
    };
    wait();
    return () => clearTimeout(handle);
  },
  run: (work) => work(),
};

/** Virtual time as the Durable engine keeps it: its clock, its timers, and how it knows it is idle. */
export interface VirtualTime {
  clock: Clock;
  timers: TimerService;
  /** Runs work the engine does not see (a timer invocation): time does not jump while it runs. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Tells the time-skipper to look again (a timer was added, work ended). */
  nudge(): void;
}

/**
 * Timer triggers on virtual time: each occurrence is a timer of the engine's, so when nothing runs the clock jumps to
 * it as to a durable timer, and a week of a daily schedule passes in moments.
 */
export function virtualTimerClock(time: VirtualTime): TimerClock {
  return {
    now: () => time.clock.now(),
    at(due, fire) {
      let live = true;
      time.timers.add(due, () => {
        if (live) fire();
      });
      time.nudge();
      return () => {
        live = false;
      };
    },
    run: (work) => time.run(work),
  };
}

/** Virtual time of its own, for an app without Durable: idle when no timer invocation runs. */
export function standaloneVirtualTime(): VirtualTime & { stop(): void } {
  const clock = new Clock(true);
  const timers = new TimerService(clock);
  let running = 0;
  const skipper = new TimeSkipper(clock, timers, {
    get idle() {
      return running === 0;
    },
  });
  return {
    clock,
    timers,
    async run(work) {
      running += 1;
      try {
        return await work();
      } finally {
        running -= 1;
        skipper.maybeSkip();
      }
    },
    nudge: () => skipper.maybeSkip(),
    stop() {
      skipper.stop();
      timers.stop();
    },
  };
}
