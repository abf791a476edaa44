import { randomUUID } from 'node:crypto';
import type { Work } from './actions';
import type { Clock } from './clock';
import { TimerService } from './clock';
import { event, EventType, type HistoryEvent } from './history';
import { settleEpisode } from './episode-outcome';
import { ActivityRunner } from './activity-runner';
import { isControlEvent, LoadedInstance } from './instance';
import { SummaryWriter } from './summary-writer';
import { executionStarted, orchestrationPayload } from './payload';
import type { DurableStore } from './store';
import { TERMINAL_STATUSES, type InstanceRecord, type ParentRef, type RuntimeStatus } from './store';
import type { FunctionHost } from '../host/function-host';

/** Inbox messages consumed per episode (keeps the final commit batch within 100 operations). */
const MAX_INBOX_PER_EPISODE = 50;
/** How long the engine must be idle before time-skipping jumps the virtual clock to the next timer. */
const SKIP_IDLE_MS = 15;

export interface EngineOptions {
  host: FunctionHost;
  store: DurableStore;
  clock: Clock;
  maxConcurrentActivities: number;
  verbose: boolean;
  log: (message: string) => void;
}

/** Thrown for client requests that conflict with an instance's state. */
export class InstanceStateError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 410,
  ) {
    super(message);
  }
}

const newExecutionId = (): string => randomUUID().replace(/-/g, '');

/**
 * The orchestration engine: runs episodes through the app's orchestrator functions, turns actions into
 * history and work, runs activities and timers, and recovers everything from storage after a crash.
 */
export class DurableEngine {
  readonly instances = new Map<string, LoadedInstance>();
  readonly timers: TimerService;
  readonly stats = { episodes: 0 };

  /** Activity executions so far (a re-run after a crash counts again). */
  get activitiesExecuted(): number {
    return this.#activities.executed;
  }
  #activeEpisodes = 0;
  #stopped = false;
  #skipHandle: NodeJS.Timeout | undefined;
  readonly #summaries: SummaryWriter;
  readonly #activities: ActivityRunner;

  constructor(private readonly options: EngineOptions) {
    this.timers = new TimerService(options.clock);
    this.#summaries = new SummaryWriter(options.store, options.log);
    this.#activities = new ActivityRunner(
      options.host,
      options.maxConcurrentActivities,
      () => options.clock.now(),
      () => this.#maybeSkipTime(),
    );
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get store(): DurableStore {
    return this.options.store;
  }

  /** Loads every unfinished instance and re-creates its outstanding work (at-least-once for activities). */
  async recover(): Promise<number> {
    const records = await this.store.listInstances(['Pending', 'Running', 'Suspended']);
    for (const record of records) {
      const instance = await this.#load(record);
      if (TERMINAL_STATUSES.includes(instance.record.status)) {
        // Finished before the crash, but its summary row was not written yet.
        this.instances.delete(instance.id);
        await this.#summaries.write(instance.record);
        this.#notifyParent(instance.record);
      }
    }
    for (const instance of [...this.instances.values()]) await this.#redispatch(instance);
    return records.length;
  }

  async #load(summary: InstanceRecord): Promise<LoadedInstance> {
    const { record, history, inbox, stale } = await this.store.loadPartition(summary);
    const instance = new LoadedInstance(record);
    instance.resetHistory(history);
    instance.inbox = inbox;
    this.instances.set(record.instanceId, instance);
    if (stale.length > 0) void this.store.deleteRows(record.instanceId, stale).catch(() => undefined);
    return instance;
  }

  async #redispatch(instance: LoadedInstance): Promise<void> {
    const { index } = instance;
    for (const [id, scheduled] of index.scheduled) {
      if (index.completed.has(id)) continue;
      if (scheduled.EventType === EventType.TaskScheduled) {
        this.#dispatch(instance, {
          kind: 'activity',
          id,
          name: String(scheduled.Name),
          input: (scheduled.Input as string | null) ?? null,
        });
      } else if (scheduled.EventType === EventType.TimerCreated) {
        this.#dispatch(instance, { kind: 'timer', id, fireAt: Date.parse(String(scheduled.FireAt)) });
      } else if (scheduled.EventType === EventType.SubOrchestrationInstanceCreated) {
        const childId = String(scheduled.InstanceId);
        const child = await this.store.getInstance(childId);
        const isOurs = child?.parent?.instanceId === instance.id && child.parent.taskScheduledId === id;
        if (child && isOurs && TERMINAL_STATUSES.includes(child.status)) this.#notifyParent(child);
        else if (!child || !isOurs) {
          this.#dispatch(instance, {
            kind: 'subOrchestration',
            id,
            name: String(scheduled.Name),
            instanceId: childId,
            input: (scheduled.Input as string | null) ?? null,
          });
        }
      }
    }
    this.#schedule(instance);
  }

  /** Creates a new instance (client start or sub-orchestration). */
  async createInstance(
    name: string,
    instanceId: string,
    input: string | null,
    parent: ParentRef | null,
  ): Promise<InstanceRecord> {
    if (!this.options.host.functions.has(name)) {
      throw new InstanceStateError(
        `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
        400,
      );
    }
    const loaded = this.instances.get(instanceId);
    const now = new Date(this.clock.now()).toISOString();
    const record: InstanceRecord = {
      instanceId,
      name,
      executionId: newExecutionId(),
      generation: 0,
      episodes: 0,
      status: 'Pending',
      input,
      output: null,
      customStatus: null,
      createdTime: now,
      lastUpdatedTime: now,
      completedTime: null,
      parent,
      failureDetails: null,
      version: '',
    };
    // A new id (the usual case) is one insert; an id in use is looked at: running is a conflict, finished is
    // purged and replaced.
    if (loaded || !(await this.store.insertInstance(record))) {
      const existing = loaded?.record ?? (await this.store.getInstance(instanceId));
      if (existing && !TERMINAL_STATUSES.includes(existing.status)) {
        throw new InstanceStateError(
          `An instance with ID '${instanceId}' already exists and is ${existing.status}.`,
          409,
        );
      }
      if (existing) await this.store.purge(instanceId);
      await this.store.putInstance(record);
    }
    const instance = new LoadedInstance(record);
    this.instances.set(instanceId, instance);
    this.#schedule(instance);
    return record;
  }

  /** Accepts a client event (raise, terminate, suspend, resume): durable before it is acknowledged. */
  async sendEvent(instanceId: string, e: HistoryEvent): Promise<void> {
    const instance = this.instances.get(instanceId);
    if (!instance) {
      const record = await this.store.getInstance(instanceId);
      if (!record) throw new InstanceStateError(`No instance with ID '${instanceId}' found.`, 404);
      throw new InstanceStateError(`The instance '${instanceId}' is ${record.status}.`, 410);
    }
    // Finished, but still in memory while its summary row is written.
    if (TERMINAL_STATUSES.includes(instance.record.status)) {
      throw new InstanceStateError(`The instance '${instanceId}' is ${instance.record.status}.`, 410);
    }
    const rowKey = `m${String(this.clock.now()).padStart(15, '0')}-${randomUUID()}`;
    await this.store.addInbox(instanceId, rowKey, e);
    instance.inbox.push({ rowKey, event: e });
    this.#schedule(instance);
  }

  stop(): void {
    this.#stopped = true;
    this.timers.stop();
    this.#activities.stop();
    if (this.#skipHandle) clearTimeout(this.#skipHandle);
  }

  /** True when no episode or activity is running or queued. */
  get idle(): boolean {
    return (
      this.#activities.idle &&
      this.#activeEpisodes === 0 &&
      ![...this.instances.values()].some((i) => i.queued || i.busy)
    );
  }

  #schedule(instance: LoadedInstance): void {
    if (this.#stopped || instance.queued) return;
    instance.queued = true;
    this.#activeEpisodes++;
    setImmediate(() => {
      this.#activeEpisodes--;
      void this.#runEpisode(instance);
    });
  }

  async #runEpisode(instance: LoadedInstance): Promise<void> {
    instance.queued = false;
    if (instance.busy) return; // the running episode re-schedules itself when it sees new work
    if (!instance.hasWork || this.#stopped) return this.#maybeSkipTime();
    instance.busy = true;
    try {
      await this.#episode(instance);
    } catch (error) {
      this.options.log(
        `[durable] episode of ${instance.id} failed to commit: ${error instanceof Error ? error.stack : String(error)}`,
      );
      // Reload from storage: what was not committed is recomputed from history.
      this.instances.delete(instance.id);
      const record = await this.store.getInstance(instance.id).catch(() => undefined);
      if (record && !TERMINAL_STATUSES.includes(record.status)) await this.#redispatch(await this.#load(record));
    } finally {
      instance.busy = false;
    }
    if (this.instances.get(instance.id) === instance && (instance.pending.length > 0 || instance.inbox.length > 0))
      this.#schedule(instance);
    this.#maybeSkipTime();
  }

  async #episode(instance: LoadedInstance): Promise<void> {
    const record = instance.record;
    const now = this.clock.now();
    const batch = instance.inbox.splice(0, MAX_INBOX_PER_EPISODE);
    const started = event(EventType.OrchestratorStarted, now);
    let suspended = record.status === 'Suspended';
    for (const { event: e } of batch) {
      if (e.EventType === EventType.ExecutionSuspended) suspended = true;
      if (e.EventType === EventType.ExecutionResumed) suspended = false;
    }
    const terminate = batch.find((m) => m.event.EventType === EventType.ExecutionTerminated)?.event;
    if (suspended && !terminate) {
      // Nothing is delivered to a suspended orchestration: keep its other events for after the resume.
      const control = batch.filter((m) => isControlEvent(m.event));
      instance.inbox.unshift(...batch.filter((m) => !isControlEvent(m.event)));
      await this.#commit(
        instance,
        [started, ...control.map((m) => m.event)],
        control.map((m) => m.rowKey),
        'Suspended',
      );
      return;
    }
    const consumed = batch.map((m) => m.rowKey);
    let newEvents = [...batch.map((m) => m.event), ...instance.pending.splice(0)];
    if (instance.history.length === 0) {
      newEvents.unshift(executionStarted(record, now));
    }
    // Completions already delivered (a duplicate after recovery) are dropped.
    newEvents = newEvents.filter((e) => {
      const target = e.EventType === EventType.TimerFired ? e.TimerId : e.TaskScheduledId;
      return typeof target !== 'number' || !instance.index.completed.has(target);
    });
    if (terminate) {
      const reason = typeof terminate.Input === 'string' ? terminate.Input : '';
      const completed = event(
        EventType.ExecutionCompleted,
        now,
        { OrchestrationStatus: 'Terminated', Result: reason },
        instance.index.maxScheduledId + 1,
      );
      await this.#finish(instance, [started, ...newEvents, completed], consumed, 'Terminated', {
        output: JSON.stringify(reason),
      });
      return;
    }
    const deliverable = newEvents;
    const payload = orchestrationPayload(record, [...instance.history, { ...started }], deliverable);
    if (this.options.verbose)
      this.options.log(`[durable] ${record.name} ${record.instanceId} history: ${JSON.stringify(payload.history)}`);
    this.stats.episodes++;
    const result = await this.options.host.invoke(record.name, {
      trigger: { string: JSON.stringify(payload) },
      triggerMetadata: { instanceId: { string: record.instanceId } },
    });
    const settled = settleEpisode({
      result,
      record,
      history: instance.history,
      maxScheduledId: instance.index.maxScheduledId,
      started,
      deliverable,
      now,
    });
    const { events, changes } = settled;
    switch (settled.ending) {
      case 'Failed':
      case 'Completed':
        await this.#finish(instance, events, consumed, settled.ending, changes);
        return;
      case 'ContinueAsNew':
        await this.#continueAsNew(instance, settled.input, consumed, changes);
        return;
      case 'Running':
        break;
    }
    // Activities and timers go out with the checkpoint rather than after it, as DTFx sends its messages before it
    // writes history: a crash between the two runs an activity again (at-least-once), never not at all, and a
    // commit that fails reloads the instance, which drops their deliveries and schedules them anew. A
    // sub-orchestration is created only once the checkpoint that names it is durable.
    const work = settled.work;
    for (const item of work) if (item.kind !== 'subOrchestration') this.#dispatch(instance, item);
    await this.#commit(instance, events, consumed, 'Running', changes);
    for (const item of work) if (item.kind === 'subOrchestration') this.#dispatch(instance, item);
  }

  /** Writes the episode; resolves once it is durable, with the write of the summary row (if any) still going. */
  async #commit(
    instance: LoadedInstance,
    events: HistoryEvent[],
    consumed: string[],
    status: RuntimeStatus,
    changes: Partial<InstanceRecord> = {},
  ): Promise<{ summary: Promise<void> }> {
    const record = instance.record;
    events.push(event(EventType.OrchestratorCompleted, this.clock.now()));
    const stored = events.map((e) => ({ ...e, IsPlayed: true }));
    const next: InstanceRecord = {
      ...record,
      ...changes,
      status,
      episodes: record.episodes + 1,
      lastUpdatedTime: new Date(this.clock.now()).toISOString(),
    };
    if (TERMINAL_STATUSES.includes(status)) next.completedTime = next.lastUpdatedTime;
    await this.store.commitEpisode(next, stored, consumed);
    const previous = instance.record;
    instance.record = next;
    instance.append(stored);
    if (consumed.length > 0) void this.store.deleteRows(next.instanceId, consumed).catch(() => undefined);
    // The summary row serves queries by status and reads of unloaded instances (loaded ones answer from memory):
    // it is rewritten only when something a query or a later reader sees has changed.
    const visible = (r: InstanceRecord) => [r.status, r.customStatus, r.output].join('\u0000');
    if (visible(previous) === visible(next) && previous.episodes > 0) return { summary: Promise.resolve() };
    return { summary: this.#summaries.write(next) };
  }

  async #finish(
    instance: LoadedInstance,
    events: HistoryEvent[],
    consumed: string[],
    status: RuntimeStatus,
    changes: Partial<InstanceRecord> = {},
  ): Promise<void> {
    const { summary } = await this.#commit(instance, events, consumed, status, changes);
    // The history is durable: the parent may go on while the summary row is written (a crash in between is
    // recovered from the history, which notifies the parent again; a duplicate completion is dropped). The
    // instance leaves memory only once its summary row answers for it.
    this.#notifyParent(instance.record);
    await summary;
    this.instances.delete(instance.id);
  }

  async #continueAsNew(
    instance: LoadedInstance,
    input: string | null,
    consumed: string[],
    changes: Partial<InstanceRecord>,
  ): Promise<void> {
    const record: InstanceRecord = {
      ...instance.record,
      ...changes,
      executionId: newExecutionId(),
      generation: instance.record.generation + 1,
      episodes: 0,
      status: 'Running',
      input,
      output: null,
      lastUpdatedTime: new Date(this.clock.now()).toISOString(),
    };
    // The new execution starts from the instance row: write it (with the consumed inbox gone) before going on.
    await this.#summaries.write(record);
    if (consumed.length > 0) await this.store.deleteRows(record.instanceId, consumed);
    instance.record = record;
    instance.resetHistory([]);
    // Events raised but not consumed in the old execution are carried over (DTFx's default).
    instance.pending = instance.pending.filter((e) => e.EventType === EventType.EventRaised);
    this.#schedule(instance);
    // History rows of the finished execution are garbage now.
    void this.store
      .loadPartition(record)
      .then(({ stale }) => this.store.deleteRows(record.instanceId, stale))
      .catch(() => undefined);
  }

  #notifyParent(child: InstanceRecord): void {
    const parentRef = child.parent;
    if (!parentRef) return;
    const parent = this.instances.get(parentRef.instanceId);
    if (!parent || parent.record.executionId !== parentRef.executionId) return;
    const now = this.clock.now();
    if (child.status === 'Completed') {
      parent.pending.push(
        event(EventType.SubOrchestrationInstanceCompleted, now, {
          TaskScheduledId: parentRef.taskScheduledId,
          Result: child.output,
        }),
      );
    } else {
      const message = child.output
        ? String(JSON.parse(child.output))
        : `Sub-orchestration ${child.instanceId} ${child.status}`;
      const details = (child.failureDetails as Record<string, unknown> | null) ?? {
        ErrorType: child.status,
        ErrorMessage: message,
        IsNonRetriable: false,
      };
      parent.pending.push(
        event(EventType.SubOrchestrationInstanceFailed, now, {
          TaskScheduledId: parentRef.taskScheduledId,
          Reason: message,
          Details: typeof details.ErrorMessage === 'string' ? details.ErrorMessage : message,
          FailureDetails: details,
        }),
      );
    }
    this.#schedule(parent);
  }

  #dispatch(instance: LoadedInstance, work: Work): void {
    const executionId = instance.record.executionId;
    const deliver = (e: HistoryEvent): void => {
      const current = this.instances.get(instance.id);
      // Gone, reloaded after a failed commit (which dispatches its work anew), or a new execution: not for it.
      if (current !== instance || current.record.executionId !== executionId) return;
      current.pending.push(e);
      this.#schedule(current);
    };
    switch (work.kind) {
      case 'timer':
        this.timers.add(work.fireAt, () =>
          deliver(
            event(EventType.TimerFired, this.clock.now(), {
              TimerId: work.id,
              FireAt: new Date(work.fireAt).toISOString(),
            }),
          ),
        );
        return;
      case 'activity':
        this.#activities.enqueue(instance.id, work, deliver);
        return;
      case 'subOrchestration': {
        const parent: ParentRef = {
          instanceId: instance.id,
          executionId,
          taskScheduledId: work.id,
          name: instance.record.name,
        };
        this.createInstance(work.name, work.instanceId, work.input, parent).catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          deliver(
            event(EventType.SubOrchestrationInstanceFailed, this.clock.now(), {
              TaskScheduledId: work.id,
              Reason: message,
              Details: message,
            }),
          );
        });
        return;
      }
    }
  }

  /** Time-skipping: when nothing runs and only timers wait, jump the virtual clock to the next one. */
  #maybeSkipTime(): void {
    if (!this.clock.skipping || this.#stopped || this.timers.size === 0) return;
    if (this.#skipHandle) clearTimeout(this.#skipHandle);
    this.#skipHandle = setTimeout(() => {
      this.#skipHandle = undefined;
      const due = this.timers.nextDue;
      if (!this.idle || due === undefined) return;
      this.clock.advanceTo(due);
      this.timers.fireDue();
    }, SKIP_IDLE_MS);
  }
}
