import type { EngineCore } from './engine-core';
import { event, EventType, type HistoryEvent } from './history';
import { newExecutionId, type LoadedInstance } from './instance';
import type { SummaryWriter } from './summary-writer';
import { TERMINAL_STATUSES, type InstanceRecord, type RuntimeStatus } from './store';
import type { WorkDispatcher } from './work-dispatcher';

/**
 * Makes an episode's outcome durable: the checkpoint of an instance that keeps running (or is suspended), the
 * finish of one that completed, failed or was terminated, and the start of a new execution on continue-as-new.
 */
export class CheckpointWriter {
  constructor(
    private readonly engine: EngineCore,
    private readonly summaries: SummaryWriter,
    private readonly dispatcher: WorkDispatcher,
  ) {}

  /** Writes the episode; resolves once it is durable, with the write of the summary row (if any) still going. */
  async commit(
    instance: LoadedInstance,
    events: HistoryEvent[],
    consumed: string[],
    status: RuntimeStatus,
    changes: Partial<InstanceRecord> = {},
  ): Promise<{ summary: Promise<void> }> {
    const { store, clock } = this.engine;
    const record = instance.record;
    events.push(event(EventType.OrchestratorCompleted, clock.now()));
    const stored = events.map((e) => ({ ...e, IsPlayed: true }));
    const next: InstanceRecord = {
      ...record,
      ...changes,
      status,
      episodes: record.episodes + 1,
      lastUpdatedTime: new Date(clock.now()).toISOString(),
    };
    if (TERMINAL_STATUSES.includes(status)) next.completedTime = next.lastUpdatedTime;
    await store.commitEpisode(next, stored, consumed);
    const previous = instance.record;
    instance.record = next;
    instance.append(stored);
    if (consumed.length > 0) void store.deleteRows(next.instanceId, consumed).catch(() => undefined);
    // The summary row serves queries by status and reads of unloaded instances (loaded ones answer from memory):
    // it is rewritten only when something a query or a later reader sees has changed.
    const visible = (r: InstanceRecord) => [r.status, r.customStatus, r.output].join('\u0000');
    if (visible(previous) === visible(next) && previous.episodes > 0) return { summary: Promise.resolve() };
    return { summary: this.summaries.write(next) };
  }

  /** Commits the last episode of an instance that completed, failed or was terminated. */
  async finish(
    instance: LoadedInstance,
    events: HistoryEvent[],
    consumed: string[],
    status: RuntimeStatus,
    changes: Partial<InstanceRecord> = {},
  ): Promise<void> {
    const { summary } = await this.commit(instance, events, consumed, status, changes);
    // The history is durable: the parent may go on while the summary row is written (a crash in between is
    // recovered from the history, which notifies the parent again; a duplicate completion is dropped). The
    // instance leaves memory only once its summary row answers for it.
    this.dispatcher.notifyParent(instance.record);
    await summary;
    this.engine.instances.delete(instance.id);
  }

  /** Replaces the instance's execution with a new one that starts from `input`, and queues its first episode. */
  async continueAsNew(
    instance: LoadedInstance,
    input: string | null,
    consumed: string[],
    changes: Partial<InstanceRecord>,
  ): Promise<void> {
    const { store, clock } = this.engine;
    const record: InstanceRecord = {
      ...instance.record,
      ...changes,
      executionId: newExecutionId(),
      generation: instance.record.generation + 1,
      episodes: 0,
      status: 'Running',
      input,
      output: null,
      lastUpdatedTime: new Date(clock.now()).toISOString(),
    };
    // The new execution starts from the instance row: write it (with the consumed inbox gone) before going on.
    await this.summaries.write(record);
    if (consumed.length > 0) await store.deleteRows(record.instanceId, consumed);
    instance.record = record;
    instance.resetHistory([]);
    // Events raised but not consumed in the old execution are carried over (DTFx's default).
    instance.pending = instance.pending.filter((e) => e.EventType === EventType.EventRaised);
    this.engine.schedule(instance);
    // History rows of the finished execution are garbage now.
    void store
      .loadPartition(record)
      .then(({ stale }) => store.deleteRows(record.instanceId, stale))
      .catch(() => undefined);
  }
}
