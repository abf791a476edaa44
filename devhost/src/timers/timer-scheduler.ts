import type { FunctionHost } from '../host/function-host';
import type { DevhostLogger } from '../log';
import { resolveSettingReferences } from '../settings';
import { firesMoreThanOncePerMinute, parseTimerSchedule, type TimerSchedule } from './ncrontab';
import { WALL_TIMER_CLOCK, type TimerClock } from './timer-clock';
import type { ScheduleMonitor, ScheduleStatus } from './timer-monitor';

export interface TimerSchedulerOptions {
  host: FunctionHost;
  logger: DevhostLogger;
  /** Schedule status store; undefined disables monitoring for every timer. */
  monitor?: ScheduleMonitor;
  env?: NodeJS.ProcessEnv;
  /** What time the timers fire by: wall time unless time-skipping (timer-clock.ts). */
  clock?: TimerClock;
}

interface Timer {
  functionName: string;
  schedule: TimerSchedule;
  runOnStartup: boolean;
  useMonitor: boolean;
  status: ScheduleStatus | undefined;
  cancel?: () => void;
  running?: Promise<void>;
}

/** The TimerInfo JSON the host sends (PascalCase; LIB camelCases it, durable-host-protocol.md §2.2). */
export function timerInfoJson(status: ScheduleStatus | undefined, isPastDue: boolean): string {
  return JSON.stringify({
    Schedule: { AdjustForDST: true },
    ScheduleStatus: status
      ? {
          Last: status.last.toISOString(),
          Next: status.next.toISOString(),
          LastUpdated: status.lastUpdated.toISOString(),
        }
      : null,
    IsPastDue: isPastDue,
  });
}

/**
 * Fires timer triggers as WJX `TimerListener` does: past-due run at start (else runOnStartup), then each
 * occurrence in UTC, never overlapping itself; with the monitor on, status is saved after every run.
 */
export class TimerScheduler {
  readonly timers: Timer[] = [];
  #stopped = false;
  readonly #clock: TimerClock;

  constructor(private readonly options: TimerSchedulerOptions) {
    const env = options.env ?? process.env;
    this.#clock = options.clock ?? WALL_TIMER_CLOCK;
    for (const fn of options.host.functionsWithTrigger('timerTrigger')) {
      const { binding } = options.host.triggerOf(fn.metadata.name);
      const expression = resolveSettingReferences(typeof binding.schedule === 'string' ? binding.schedule : '', env);
      let schedule: TimerSchedule;
      try {
        schedule = parseTimerSchedule(expression);
      } catch (error) {
        throw new Error(`Function '${fn.metadata.name}': ${(error as Error).message}`, { cause: error });
      }
      const frequent = firesMoreThanOncePerMinute(schedule, new Date(this.#clock.now()));
      this.timers.push({
        functionName: fn.metadata.name,
        schedule,
        runOnStartup: binding.runOnStartup === true,
        useMonitor: binding.useMonitor !== false && !frequent && options.monitor !== undefined,
        status: undefined,
      });
    }
  }

  async start(): Promise<void> {
    const zone = (this.options.env ?? process.env).WEBSITE_TIME_ZONE;
    if (this.timers.length > 0 && zone && !/^(UTC|Etc\/UTC|Coordinated Universal Time)$/i.test(zone)) {
      this.options.logger.warn(`WEBSITE_TIME_ZONE=${zone} is ignored: the devhost evaluates timer schedules in UTC`);
    }
    await Promise.all(this.timers.map((timer) => this.#startTimer(timer)));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.timers) timer.cancel?.();
    await Promise.all(this.timers.map((timer) => timer.running ?? Promise.resolve()));
  }

  async #startTimer(timer: Timer): Promise<void> {
    const now = new Date(this.#clock.now());
    const monitor = timer.useMonitor ? this.options.monitor : undefined;
    if (monitor) {
      timer.status = await monitor.get(timer.functionName);
      if (!timer.status) {
        timer.status = { last: new Date(0), next: timer.schedule.next(now) ?? now, lastUpdated: now };
        await monitor.update(timer.functionName, timer.status);
      }
    }
    const pastDue = timer.status !== undefined && timer.status.next.getTime() < now.getTime();
    if (pastDue) {
      this.options.logger.info(
        `Timer '${timer.functionName}' is past due (was due ${timer.status?.next.toISOString()})`,
      );
    }
    this.#run(timer, now, pastDue, pastDue || timer.runOnStartup);
  }

  /** Optionally invokes now, then waits for the next occurrence after `after` (re-entrant via #arm). */
  #run(timer: Timer, after: Date, isPastDue: boolean, invokeNow: boolean): void {
    // Time holds still from the invocation until the next occurrence is armed (its status write included), so a
    // time-skip never jumps past an occurrence this timer has yet to schedule.
    timer.running = this.#clock.run(async () => {
      if (invokeNow && !this.#stopped) await this.#invoke(timer, after, isPastDue);
      if (!this.#stopped) this.#arm(timer, after);
    });
  }

  #arm(timer: Timer, after: Date): void {
    // Never before `after`: a timer that fires a millisecond early must not run the same occurrence twice.
    const from = new Date(Math.max(this.#clock.now(), after.getTime()));
    const next = timer.schedule.next(from);
    if (!next) return;
    timer.cancel = this.#clock.at(next.getTime(), () => this.#run(timer, next, false, true));
  }

  async #invoke(timer: Timer, occurrence: Date, isPastDue: boolean): Promise<void> {
    const trigger = { string: timerInfoJson(timer.status, isPastDue) };
    await this.options.host.invoke(timer.functionName, { trigger });
    const monitor = timer.useMonitor ? this.options.monitor : undefined;
    if (!monitor) return;
    const now = new Date(this.#clock.now());
    timer.status = { last: occurrence, next: timer.schedule.next(now) ?? now, lastUpdated: now };
    try {
      await monitor.update(timer.functionName, timer.status);
    } catch (error) {
      this.options.logger.warn(`Could not save the schedule status of '${timer.functionName}': ${String(error)}`);
    }
  }
}
