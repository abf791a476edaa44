/** DTFx history event types, numbered as durable-functions reads them (durable-host-protocol.md §3.2). */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

export type EventTypeNumber = (typeof EventType)[keyof typeof EventType];

export const EVENT_TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(EventType).map(([name, value]) => [value, name]),
);

/** One history event, in the JSON shape the extension hands to durable-functions. */
export interface HistoryEvent {
  EventType: EventTypeNumber;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  [field: string]: unknown;
}

/** Failure details in the DTFx wire shape (read by durable-functions into TaskFailedError). */
export interface FailureDetails {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string | null;
  IsNonRetriable: boolean;
  Properties?: Record<string, unknown> | null;
  InnerFailure?: FailureDetails | null;
}

export function event(
  type: EventTypeNumber,
  timestamp: number,
  fields: Record<string, unknown> = {},
  eventId = -1,
): HistoryEvent {
  return {
    EventType: type,
    EventId: eventId,
    IsPlayed: false,
    Timestamp: new Date(timestamp).toISOString(),
    ...fields,
  };
}

/** Completion events and the field that links them to the scheduling event. */
export function completionTarget(e: HistoryEvent): number | undefined {
  switch (e.EventType) {
    case EventType.TaskCompleted:
    case EventType.TaskFailed:
    case EventType.SubOrchestrationInstanceCompleted:
    case EventType.SubOrchestrationInstanceFailed:
      return typeof e.TaskScheduledId === 'number' ? e.TaskScheduledId : undefined;
    case EventType.TimerFired:
      return typeof e.TimerId === 'number' ? e.TimerId : undefined;
    default:
      return undefined;
  }
}

export function isSchedulingEvent(e: HistoryEvent): boolean {
  return (
    e.EventType === EventType.TaskScheduled ||
    e.EventType === EventType.TimerCreated ||
    e.EventType === EventType.SubOrchestrationInstanceCreated ||
    e.EventType === EventType.EventSent
  );
}

/** Index of one execution's history: scheduling events and completions by sequence id. */
export class HistoryIndex {
  readonly scheduled = new Map<number, HistoryEvent>();
  readonly completed = new Map<number, HistoryEvent>();
  /** For each completion id: the OrchestratorStarted time of the episode that delivered it. */
  readonly deliveredAt = new Map<number, number>();
  maxScheduledId = -1;

  constructor(events: readonly HistoryEvent[] = []) {
    let episodeStart = 0;
    for (const e of events)
      this.add(
        e,
        (episodeStart = e.EventType === EventType.OrchestratorStarted ? Date.parse(e.Timestamp) : episodeStart),
      );
  }

  add(e: HistoryEvent, episodeStart: number): void {
    if (isSchedulingEvent(e)) {
      this.scheduled.set(e.EventId, e);
      if (e.EventId > this.maxScheduledId) this.maxScheduledId = e.EventId;
      return;
    }
    const target = completionTarget(e);
    if (target !== undefined && !this.completed.has(target)) {
      this.completed.set(target, e);
      this.deliveredAt.set(target, episodeStart);
    }
  }
}

/** Serializes an error thrown by a function into DTFx failure details (honouring DF's exception-properties JSON). */
export function failureDetailsOf(error: unknown): FailureDetails {
  if (error instanceof Error) {
    try {
      const parsed = JSON.parse(error.message) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && typeof parsed.errorMessage === 'string') {
        return {
          ErrorType: typeof parsed.errorType === 'string' ? parsed.errorType : error.name,
          ErrorMessage: parsed.errorMessage,
          StackTrace: typeof parsed.stackTrace === 'string' ? parsed.stackTrace : (error.stack ?? null),
          IsNonRetriable: parsed.isNonRetriable === true,
          Properties: (parsed.properties as Record<string, unknown> | undefined) ?? null,
        };
      }
    } catch {
      // not the exception-properties JSON: a plain error
    }
    return {
      ErrorType: error.name || 'Error',
      ErrorMessage: error.message,
      StackTrace: error.stack ?? null,
      IsNonRetriable: false,
    };
  }
  return { ErrorType: 'Error', ErrorMessage: String(error), StackTrace: null, IsNonRetriable: false };
}
