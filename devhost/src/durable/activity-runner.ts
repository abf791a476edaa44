import type { Work } from './actions';
import { event, EventType, failureDetailsOf, type HistoryEvent } from './history';
import { activityResultText } from './payload';
import type { FunctionHost } from '../host/function-host';

/** Runs activity functions with a concurrency limit and turns their outcome into TaskCompleted/TaskFailed events. */
export class ActivityRunner {
  #queue: (() => Promise<void>)[] = [];
  #active = 0;
  #stopped = false;
  executed = 0;

  constructor(
    private readonly host: FunctionHost,
    private readonly limit: number,
    private readonly now: () => number,
    /** Called whenever an activity finishes (the engine re-checks idleness for time-skipping). */
    private readonly onSettled: () => void,
  ) {}

  /** True when no activity runs or waits. */
  get idle(): boolean {
    return this.#active === 0 && this.#queue.length === 0;
  }

  enqueue(instanceId: string, work: Extract<Work, { kind: 'activity' }>, deliver: (e: HistoryEvent) => void): void {
    this.#queue.push(() => this.#run(instanceId, work, deliver));
    this.#pump();
  }

  stop(): void {
    this.#stopped = true;
  }

  #pump(): void {
    while (this.#active < this.limit && this.#queue.length > 0 && !this.#stopped) {
      const next = this.#queue.shift();
      if (!next) break;
      this.#active++;
      void next().finally(() => {
        this.#active--;
        this.#pump();
        this.onSettled();
      });
    }
  }

  async #run(
    instanceId: string,
    work: Extract<Work, { kind: 'activity' }>,
    deliver: (e: HistoryEvent) => void,
  ): Promise<void> {
    this.executed++;
    const result = await this.host.invoke(work.name, {
      trigger: work.input == null ? undefined : { string: work.input },
      triggerMetadata: {
        instanceId: { string: instanceId },
        ...(work.input == null ? {} : { data: { string: work.input } }),
      },
    });
    if (result.ok) {
      deliver(
        event(EventType.TaskCompleted, this.now(), {
          TaskScheduledId: work.id,
          Result: activityResultText(result.response),
        }),
      );
      return;
    }
    const details = failureDetailsOf(result.error);
    deliver(
      event(EventType.TaskFailed, this.now(), {
        TaskScheduledId: work.id,
        Reason: `Activity function '${work.name}' failed: ${details.ErrorMessage}`,
        Details: details.StackTrace ?? details.ErrorMessage,
        FailureDetails: details,
      }),
    );
  }
}
