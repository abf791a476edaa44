import { EventType, EVENT_TYPE_NAMES, type HistoryEvent } from './history';
import { parseJsonText } from './payload';

// How the management API shows an instance's history and times (durable-host-protocol.md §5).

const DROPPED_IN_VIEW: readonly number[] = [
  EventType.OrchestratorStarted,
  EventType.OrchestratorCompleted,
  EventType.TaskScheduled,
  EventType.SubOrchestrationInstanceCreated,
];

/** Times in the extension's `s` format with a Z and no fraction. */
export const formatTime = (iso: string | null): string | null => (iso ? iso.replace(/\.\d+Z$/, 'Z') : null);

/** The history view of GET status with showHistory (durable-host-protocol.md §5). */
export function historyView(
  events: HistoryEvent[],
  showInput: boolean,
  showOutput: boolean,
): Record<string, unknown>[] {
  const scheduled = new Map<number, HistoryEvent>();
  for (const e of events)
    if (e.EventType === EventType.TaskScheduled || e.EventType === EventType.SubOrchestrationInstanceCreated)
      scheduled.set(e.EventId, e);
  const out: Record<string, unknown>[] = [];
  for (const e of events) {
    if (DROPPED_IN_VIEW.includes(e.EventType) || e.EventType === EventType.TimerCreated) continue;
    const {
      EventType: type,
      EventId: _id,
      IsPlayed: _played,
      TaskScheduledId,
      TimerId: _timer,
      Result,
      Name,
      Input,
      ...rest
    } = e;
    const row: Record<string, unknown> = { EventType: EVENT_TYPE_NAMES[type] ?? String(type), ...rest };
    if (typeof TaskScheduledId === 'number') {
      const origin = scheduled.get(TaskScheduledId);
      if (origin) {
        row.FunctionName = origin.Name;
        row.ScheduledTime = origin.Timestamp;
        if (showInput) row.Input = parseJsonText(origin.Input as string | null);
      }
    }
    if (Name !== undefined) row[type === EventType.ExecutionStarted ? 'FunctionName' : 'Name'] = Name;
    if (Input !== undefined && (showInput || type === EventType.EventRaised))
      row.Input = type === EventType.ExecutionTerminated ? Input : parseJsonText(Input as string | null);
    if (showOutput && Result !== undefined) row.Result = parseJsonText(Result as string | null);
    out.push(row);
  }
  return out;
}
