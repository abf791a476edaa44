import type { Work } from './actions';
import type { ActivityRunner } from './activity-runner';
import type { TimerService } from './clock';
import type { EngineCore } from './engine-core';
import { event, EventType, type HistoryEvent } from './history';
import type { LoadedInstance } from './instance';
import type { InstanceRequests } from './instance-requests';
import type { InstanceRecord, ParentRef } from './store';

/** Where a WorkDispatcher sends work: the engine, its timers, its activity runner, and instance creation. */
export interface WorkDispatcherParts {
  engine: EngineCore;
  timers: TimerService;
  activities: ActivityRunner;
  requests: InstanceRequests;
}

/**
 * Sends out the work an orchestration scheduled (timers, activities, sub-orchestrations) and brings each result
 * back as an event for the instance's next episode; tells a parent that its sub-orchestration has finished.
 */
export class WorkDispatcher {
  readonly #engine: EngineCore;
  readonly #timers: TimerService;
  readonly #activities: ActivityRunner;
  readonly #requests: InstanceRequests;

  constructor(parts: WorkDispatcherParts) {
    this.#engine = parts.engine;
    this.#timers = parts.timers;
    this.#activities = parts.activities;
    this.#requests = parts.requests;
  }

  dispatch(instance: LoadedInstance, work: Work): void {
    const executionId = instance.record.executionId;
    const deliver = (e: HistoryEvent): void => this.#deliver(instance, executionId, e);
    const { clock } = this.#engine;
    switch (work.kind) {
      case 'timer':
        this.#timers.add(work.fireAt, () =>
          deliver(
            event(EventType.TimerFired, clock.now(), {
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
        this.#requests.create(work.name, work.instanceId, work.input, parent).catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          deliver(
            event(EventType.SubOrchestrationInstanceFailed, clock.now(), {
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

  /** Hands a finished child's outcome to its parent, if the parent's execution that scheduled it is in memory. */
  notifyParent(child: InstanceRecord): void {
    const parentRef = child.parent;
    if (!parentRef) return;
    const parent = this.#engine.instances.get(parentRef.instanceId);
    if (!parent || parent.record.executionId !== parentRef.executionId) return;
    parent.pending.push(this.#childOutcome(child, parentRef));
    this.#engine.schedule(parent);
  }

  #childOutcome(child: InstanceRecord, parentRef: ParentRef): HistoryEvent {
    const now = this.#engine.clock.now();
    if (child.status === 'Completed') {
      return event(EventType.SubOrchestrationInstanceCompleted, now, {
        TaskScheduledId: parentRef.taskScheduledId,
        Result: child.output,
      });
    }
    const message = child.output
      ? String(JSON.parse(child.output))
      : `Sub-orchestration ${child.instanceId} ${child.status}`;
    const details = (child.failureDetails as Record<string, unknown> | null) ?? {
      ErrorType: child.status,
      ErrorMessage: message,
      IsNonRetriable: false,
    };
    return event(EventType.SubOrchestrationInstanceFailed, now, {
      TaskScheduledId: parentRef.taskScheduledId,
      Reason: message,
      Details: typeof details.ErrorMessage === 'string' ? details.ErrorMessage : message,
      FailureDetails: details,
    });
  }

  #deliver(instance: LoadedInstance, executionId: string, e: HistoryEvent): void {
    const current = this.#engine.instances.get(instance.id);
    // Gone, reloaded after a failed commit (which dispatches its work anew), or a new execution: not for it.
    if (current !== instance || current.record.executionId !== executionId) return;
    current.pending.push(e);
    this.#engine.schedule(current);
  }
}
