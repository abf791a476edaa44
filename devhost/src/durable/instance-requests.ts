import { randomUUID } from 'node:crypto';
import type { EngineCore } from './engine-core';
import type { HistoryEvent } from './history';
import { LoadedInstance, newExecutionId } from './instance';
import { TERMINAL_STATUSES, type InstanceRecord, type ParentRef } from './store';
import type { FunctionHost } from '../host/function-host';

/** Thrown for client requests that conflict with an instance's state. */
export class InstanceStateError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 410,
  ) {
    super(message);
  }
}

/** What a request to create an instance names. */
type NewInstance = Pick<InstanceRecord, 'name' | 'instanceId' | 'input' | 'parent'>;

/** The record of an instance that has not run yet. */
function pendingRecord({ name, instanceId, input, parent }: NewInstance, now: string): InstanceRecord {
  return {
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
}

/**
 * Requests from outside an instance: create it (a client's start or a parent's sub-orchestration) and send it a
 * client event (raise, terminate, suspend, resume). Each is checked against the instance's state and made durable
 * before it is answered; a conflict throws InstanceStateError.
 */
export class InstanceRequests {
  constructor(
    private readonly engine: EngineCore,
    private readonly host: FunctionHost,
  ) {}

  /** Creates a new instance (client start or sub-orchestration). */
  async create(
    name: string,
    instanceId: string,
    input: string | null,
    parent: ParentRef | null,
  ): Promise<InstanceRecord> {
    if (!this.host.functions.has(name)) {
      throw new InstanceStateError(
        `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
        400,
      );
    }
    const { store, clock } = this.engine;
    const loaded = this.engine.instances.get(instanceId);
    const record = pendingRecord({ name, instanceId, input, parent }, new Date(clock.now()).toISOString());
    // A new id (the usual case) is one insert; an id in use is looked at: running is a conflict, finished is
    // purged and replaced.
    if (loaded || !(await store.insertInstance(record))) {
      const existing = loaded?.record ?? (await store.getInstance(instanceId));
      if (existing && !TERMINAL_STATUSES.includes(existing.status)) {
        throw new InstanceStateError(
          `An instance with ID '${instanceId}' already exists and is ${existing.status}.`,
          409,
        );
      }
      if (existing) await store.purge(instanceId);
      await store.putInstance(record);
    }
    const instance = new LoadedInstance(record);
    this.engine.instances.set(instanceId, instance);
    this.engine.schedule(instance);
    return record;
  }

  /** Accepts a client event (raise, terminate, suspend, resume): durable before it is acknowledged. */
  async sendEvent(instanceId: string, e: HistoryEvent): Promise<void> {
    const instance = this.engine.instances.get(instanceId);
    if (!instance) {
      const record = await this.engine.store.getInstance(instanceId);
      if (!record) throw new InstanceStateError(`No instance with ID '${instanceId}' found.`, 404);
      throw new InstanceStateError(`The instance '${instanceId}' is ${record.status}.`, 410);
    }
    // Finished, but still in memory while its summary row is written.
    if (TERMINAL_STATUSES.includes(instance.record.status)) {
      throw new InstanceStateError(`The instance '${instanceId}' is ${instance.record.status}.`, 410);
    }
    const rowKey = `m${String(this.engine.clock.now()).padStart(15, '0')}-${randomUUID()}`;
    await this.engine.store.addInbox(instanceId, rowKey, e);
    instance.inbox.push({ rowKey, event: e });
    this.engine.schedule(instance);
  }
}
