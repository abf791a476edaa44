import type { EngineCore } from './engine-core';
import { EventType } from './history';
import { LoadedInstance } from './instance';
import type { SummaryWriter } from './summary-writer';
import { TERMINAL_STATUSES, type InstanceRecord } from './store';
import type { WorkDispatcher } from './work-dispatcher';

/**
 * Brings unfinished instances back from storage, after a crash (all of them, at start) or after a commit that
 * failed (one of them): loads each one's history and inbox and sends out again the work its history scheduled but
 * did not see completed (at-least-once for activities).
 */
export class InstanceRecovery {
  constructor(
    private readonly engine: EngineCore,
    private readonly summaries: SummaryWriter,
    private readonly dispatcher: WorkDispatcher,
  ) {}

  /** Loads every unfinished instance and re-creates its outstanding work (at-least-once for activities). */
  async recoverAll(): Promise<number> {
    const records = await this.engine.store.listInstances(['Pending', 'Running', 'Suspended']);
    for (const record of records) {
      const instance = await this.#load(record);
      if (TERMINAL_STATUSES.includes(instance.record.status)) {
        // Finished before the crash, but its summary row was not written yet.
        this.engine.instances.delete(instance.id);
        await this.summaries.write(instance.record);
        this.dispatcher.notifyParent(instance.record);
      }
    }
    for (const instance of [...this.engine.instances.values()]) await this.#redispatch(instance);
    return records.length;
  }

  /** Forgets the instance in memory and loads it again from storage, unless it has finished there. */
  async reload(instanceId: string): Promise<void> {
    this.engine.instances.delete(instanceId);
    const record = await this.engine.store.getInstance(instanceId).catch(() => undefined);
    if (record && !TERMINAL_STATUSES.includes(record.status)) await this.#redispatch(await this.#load(record));
  }

  async #load(summary: InstanceRecord): Promise<LoadedInstance> {
    const { store, instances } = this.engine;
    const { record, history, inbox, stale } = await store.loadPartition(summary);
    const instance = new LoadedInstance(record);
    instance.resetHistory(history);
    instance.inbox = inbox;
    instances.set(record.instanceId, instance);
    if (stale.length > 0) void store.deleteRows(record.instanceId, stale).catch(() => undefined);
    return instance;
  }

  async #redispatch(instance: LoadedInstance): Promise<void> {
    const { index } = instance;
    for (const [id, scheduled] of index.scheduled) {
      if (index.completed.has(id)) continue;
      if (scheduled.EventType === EventType.TaskScheduled) {
        this.dispatcher.dispatch(instance, {
          kind: 'activity',
          id,
          name: String(scheduled.Name),
          input: (scheduled.Input as string | null) ?? null,
        });
      } else if (scheduled.EventType === EventType.TimerCreated) {
        this.dispatcher.dispatch(instance, { kind: 'timer', id, fireAt: Date.parse(String(scheduled.FireAt)) });
      } else if (scheduled.EventType === EventType.SubOrchestrationInstanceCreated) {
        const childId = String(scheduled.InstanceId);
        const child = await this.engine.store.getInstance(childId);
        const isOurs = child?.parent?.instanceId === instance.id && child.parent.taskScheduledId === id;
        if (child && isOurs && TERMINAL_STATUSES.includes(child.status)) this.dispatcher.notifyParent(child);
        else if (!child || !isOurs) {
          this.dispatcher.dispatch(instance, {
            kind: 'subOrchestration',
            id,
            name: String(scheduled.Name),
            instanceId: childId,
            input: (scheduled.Input as string | null) ?? null,
          });
        }
      }
    }
    this.engine.schedule(instance);
  }
}
