import type { CheckpointWriter } from './checkpoint-writer';
import type { Clock } from './clock';
import { settleEpisode, type EpisodeOutcome } from './episode-outcome';
import { event, EventType, type HistoryEvent } from './history';
import { isControlEvent, type LoadedInstance } from './instance';
import { executionStarted, orchestrationPayload } from './payload';
import type { InboxMessage } from './store';
import type { WorkDispatcher } from './work-dispatcher';
import type { FunctionHost } from '../host/function-host';

/** Inbox messages consumed per episode (keeps the final commit batch within 100 operations). */
const MAX_INBOX_PER_EPISODE = 50;

/** What an EpisodeRunner works with: the clock, the app's orchestrator functions, and where outcomes go. */
export interface EpisodeRunnerParts {
  clock: Clock;
  host: FunctionHost;
  checkpoints: CheckpointWriter;
  dispatcher: WorkDispatcher;
  /** The engine's counters; each orchestrator invocation adds one episode. */
  stats: { episodes: number };
  verbose: boolean;
  log: (message: string) => void;
}

/** Whether the instance is suspended once this batch's suspend and resume events have been applied, in order. */
function suspendedAfter(instance: LoadedInstance, batch: InboxMessage[]): boolean {
  let suspended = instance.record.status === 'Suspended';
  for (const { event: e } of batch) {
    if (e.EventType === EventType.ExecutionSuspended) suspended = true;
    if (e.EventType === EventType.ExecutionResumed) suspended = false;
  }
  return suspended;
}

/**
 * The events this episode delivers: the inbox batch, then the completions waiting in memory (behind ExecutionStarted
 * on an execution's first episode). Takes the pending completions out of the instance.
 */
function takeDeliveries(instance: LoadedInstance, batch: InboxMessage[], now: number): HistoryEvent[] {
  const newEvents = [...batch.map((m) => m.event), ...instance.pending.splice(0)];
  if (instance.history.length === 0) {
    newEvents.unshift(executionStarted(instance.record, now));
  }
  // Completions already delivered (a duplicate after recovery) are dropped.
  return newEvents.filter((e) => {
    const target = e.EventType === EventType.TimerFired ? e.TimerId : e.TaskScheduledId;
    return typeof target !== 'number' || !instance.index.completed.has(target);
  });
}

/**
 * Runs one episode of an instance: takes a batch of its inbox and its pending completions, replays its history
 * through the orchestrator function, and has the outcome written and the new work sent out. A suspended instance
 * only takes suspend, resume and terminate; a terminate ends it without invoking the orchestrator.
 */
export class EpisodeRunner {
  constructor(private readonly parts: EpisodeRunnerParts) {}

  async run(instance: LoadedInstance): Promise<void> {
    const { checkpoints, dispatcher } = this.parts;
    const now = this.parts.clock.now();
    const batch = instance.inbox.splice(0, MAX_INBOX_PER_EPISODE);
    const started = event(EventType.OrchestratorStarted, now);
    const terminate = batch.find((m) => m.event.EventType === EventType.ExecutionTerminated)?.event;
    if (suspendedAfter(instance, batch) && !terminate) return this.#staySuspended(instance, batch, started);
    const consumed = batch.map((m) => m.rowKey);
    const deliverable = takeDeliveries(instance, batch, now);
    if (terminate) {
      const reason = typeof terminate.Input === 'string' ? terminate.Input : '';
      const completed = event(
        EventType.ExecutionCompleted,
        now,
        { OrchestrationStatus: 'Terminated', Result: reason },
        instance.index.maxScheduledId + 1,
      );
      await checkpoints.finish(instance, [started, ...deliverable, completed], consumed, 'Terminated', {
        output: JSON.stringify(reason),
      });
      return;
    }
    const settled = await this.#invoke(instance, started, deliverable, now);
    const { events, changes } = settled;
    switch (settled.ending) {
      case 'Failed':
      case 'Completed':
        await checkpoints.finish(instance, events, consumed, settled.ending, changes);
        return;
      case 'ContinueAsNew':
        await checkpoints.continueAsNew(instance, settled.input, consumed, changes);
        return;
      case 'Running':
        break;
    }
    // Activities and timers go out with the checkpoint rather than after it, as DTFx sends its messages before it
    // writes history: a crash between the two runs an activity again (at-least-once), never not at all, and a
    // commit that fails reloads the instance, which drops their deliveries and schedules them anew. A
    // sub-orchestration is created only once the checkpoint that names it is durable.
    const work = settled.work;
    for (const item of work) if (item.kind !== 'subOrchestration') dispatcher.dispatch(instance, item);
    await checkpoints.commit(instance, events, consumed, 'Running', changes);
    for (const item of work) if (item.kind === 'subOrchestration') dispatcher.dispatch(instance, item);
  }

  /** Nothing is delivered to a suspended orchestration: keep its other events for after the resume. */
  async #staySuspended(instance: LoadedInstance, batch: InboxMessage[], started: HistoryEvent): Promise<void> {
    const control = batch.filter((m) => isControlEvent(m.event));
    instance.inbox.unshift(...batch.filter((m) => !isControlEvent(m.event)));
    await this.parts.checkpoints.commit(
      instance,
      [started, ...control.map((m) => m.event)],
      control.map((m) => m.rowKey),
      'Suspended',
    );
  }

  /** Invokes the orchestrator function with the played history and this episode's deliveries, and reads its answer. */
  async #invoke(
    instance: LoadedInstance,
    started: HistoryEvent,
    deliverable: HistoryEvent[],
    now: number,
  ): Promise<EpisodeOutcome> {
    const { host, stats, verbose, log } = this.parts;
    const record = instance.record;
    const payload = orchestrationPayload(record, [...instance.history, { ...started }], deliverable);
    if (verbose) log(`[durable] ${record.name} ${record.instanceId} history: ${JSON.stringify(payload.history)}`);
    stats.episodes++;
    const result = await host.invoke(record.name, {
      trigger: { string: JSON.stringify(payload) },
      triggerMetadata: { instanceId: { string: record.instanceId } },
    });
    return settleEpisode({
      result,
      record,
      history: instance.history,
      maxScheduledId: instance.index.maxScheduledId,
      started,
      deliverable,
      now,
    });
  }
}
