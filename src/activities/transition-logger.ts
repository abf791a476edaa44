import type { RunRef, StatusWrite } from '../orchestrators/contracts';
import type { RunTelemetry } from '../telemetry/run-telemetry';
import { describePlan, describeTransition } from './transition-log';

/** Where an activity's log lines go: its InvocationContext in the app (so each line carries its invocation). */
export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  readonly invocationId?: string;
}

/** How many rows the logger remembers the last told state of, across runs; the least recently written goes first. */
export const TRANSITION_MEMORY = 4096;

/**
 * Tells a run's transitions once each: a member's row is rewritten with the same state while its upgrade is polled
 * or retried, and an activity retried after a crash writes its rows again. Per process, bounded (the row least
 * recently written forgotten first), so a row forgotten or written by another instance may be told twice; never a row's every
 * write.
 */
export class TransitionLogger {
  private readonly told = new Map<string, string>();

  private readonly capacity: number;
  private readonly telemetry: RunTelemetry | undefined;

  /** `telemetry`, when set, gets each line told (as a structured record, and a span when a row ends) too. */
  constructor(options: { capacity?: number; telemetry?: RunTelemetry | undefined } = {}) {
    this.capacity = options.capacity ?? TRANSITION_MEMORY;
    this.telemetry = options.telemetry;
  }

  /** Logs the rows just written whose state changed since this process last told them. */
  written(log: LogSink, run: RunRef, rows: readonly StatusWrite[]): void {
    for (const row of rows) {
      const transition = describeTransition(run, row);
      if (!transition) continue;
      const key = `${prefixOf(run)}${transition.key}`;
      const news = this.told.get(key) !== transition.mark;
      this.remember(key, transition.mark);
      if (!news) continue;
      if (transition.level === 'warn') log.warn(transition.line);
      else log.info(transition.line);
      this.telemetry?.told(run, row, transition, log.invocationId);
    }
  }

  /**
   * A run's plan for a new start: one line for it, none for the NotStarted rows it writes, and what was told of the
   * run before is forgotten (the start resets its rows, so the same state may be news again).
   */
  planned(log: LogSink, run: RunRef, plan: Parameters<typeof describePlan>[1], members: number): void {
    const prefix = prefixOf(run);
    for (const key of [...this.told.keys()]) if (key.startsWith(prefix)) this.told.delete(key);
    const line = describePlan(run, plan, members);
    log.info(line);
    this.telemetry?.planned(run, line, log.invocationId);
  }

  private remember(key: string, mark: string): void {
    this.told.delete(key); // re-inserted last: a Map iterates in insertion order, so the first key is the oldest
    this.told.set(key, mark);
    if (this.told.size > this.capacity) {
      const oldest = this.told.keys().next();
      if (!oldest.done) this.told.delete(oldest.value);
    }
  }
}

const prefixOf = (run: RunRef): string =>
  [run.subscriptionId, run.resourceGroupName, run.fleetName, run.runName, ''].join('|').toLowerCase();
