import { randomUUID } from 'node:crypto';
import { EventType, HistoryIndex, type HistoryEvent } from './history';
import type { InboxMessage, InstanceRecord } from './store';

/** A new execution id: a GUID without dashes, as DTFx writes it. */
export const newExecutionId = (): string => randomUUID().replace(/-/g, '');

/** An orchestration instance loaded in memory: its committed history and the events waiting for an episode. */
export class LoadedInstance {
  history: HistoryEvent[] = [];
  index = new HistoryIndex();
  /** New events not yet durable (activity results, timer fires, child results): recomputed after a crash. */
  pending: HistoryEvent[] = [];
  /** Events accepted from clients, already durable in the inbox. */
  inbox: InboxMessage[] = [];
  busy = false;
  queued = false;

  constructor(public record: InstanceRecord) {}

  get id(): string {
    return this.record.instanceId;
  }

  /** Appends committed events and keeps the index in step. */
  append(events: HistoryEvent[]): void {
    let episodeStart = 0;
    for (const e of events) {
      e.IsPlayed = true;
      if (e.EventType === 12) episodeStart = Date.parse(e.Timestamp);
      this.history.push(e);
      this.index.add(e, episodeStart);
    }
  }

  resetHistory(events: HistoryEvent[]): void {
    this.history = [];
    this.index = new HistoryIndex();
    this.append(events);
  }

  /** Whether an episode has something to do; a suspended instance only takes suspend/resume/terminate. */
  get hasWork(): boolean {
    if (this.history.length === 0) return true;
    if (this.record.status !== 'Suspended') return this.pending.length > 0 || this.inbox.length > 0;
    return this.inbox.some((m) => isControlEvent(m.event));
  }
}

const CONTROL_EVENTS: readonly number[] = [
  EventType.ExecutionSuspended,
  EventType.ExecutionResumed,
  EventType.ExecutionTerminated,
];

/** Suspend, resume and terminate: the events a suspended instance still takes. */
export function isControlEvent(e: HistoryEvent): boolean {
  return CONTROL_EVENTS.includes(e.EventType);
}
