import type { Action } from './actions';
import type { RpcInvocationResponse, RpcTypedData } from '../host/core-types';
import { event, EventType, type HistoryEvent } from './history';
import type { InstanceRecord } from './store';

const OUT_OF_PROC_LABEL = '$OutOfProcData$:';

/** What an orchestrator episode returned. */
export interface OrchestratorState {
  isDone: boolean;
  actions: Action[][];
  output?: unknown;
  customStatus?: unknown;
  error?: string;
  failureDetails?: unknown;
}

export type EpisodeOutcome =
  | { ok: true; state: OrchestratorState }
  | { ok: false; message: string; state?: OrchestratorState; failureDetails?: unknown };

function typedDataToText(data: RpcTypedData | null | undefined): string | undefined {
  if (!data) return undefined;
  if (typeof data.json === 'string') return data.json;
  if (typeof data.string === 'string') return data.string;
  return undefined;
}

/** Reads DF's orchestrator state from a successful response or from the thrown `$OutOfProcData$` error. */
export function parseOrchestratorOutcome(
  result: { ok: true; response: RpcInvocationResponse } | { ok: false; error: unknown },
): EpisodeOutcome {
  if (result.ok) {
    const text = typedDataToText(result.response.returnValue);
    if (!text)
      return {
        ok: false,
        message: 'The orchestrator function returned no state (is it a durable-functions orchestration?)',
      };
    return { ok: true, state: JSON.parse(text) as OrchestratorState };
  }
  const message = result.error instanceof Error ? result.error.message : String(result.error);
  const at = message.indexOf(OUT_OF_PROC_LABEL);
  if (at >= 0) {
    const state = JSON.parse(message.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorState;
    return { ok: false, message: state.error ?? 'Orchestrator failed', state, failureDetails: state.failureDetails };
  }
  return { ok: false, message };
}

/** Activity output to the JSON text stored in TaskCompleted.Result (durable-host-protocol.md §3.11). */
export function activityResultText(response: RpcInvocationResponse): string | null {
  const value = response.returnValue;
  if (!value) return null;
  if (typeof value.string === 'string') return JSON.stringify(value.string);
  if (typeof value.json === 'string') return value.json;
  if (typeof value.int === 'number') return String(value.int);
  if (typeof value.double === 'number') return String(value.double);
  if (value.bytes) return JSON.stringify(Buffer.from(value.bytes).toString('base64'));
  return null;
}

/** Parses stored JSON text for status responses: the value when it is JSON, else the raw string. */
export function parseJsonText(text: string | null | undefined): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The first event of an execution, as DTFx writes it. */
export function executionStarted(record: InstanceRecord, now: number): HistoryEvent {
  const parent = record.parent;
  return event(EventType.ExecutionStarted, now, {
    Name: record.name,
    Version: record.version,
    Input: record.input,
    OrchestrationInstance: { InstanceId: record.instanceId, ExecutionId: record.executionId },
    ParentInstance: parent
      ? {
          Name: parent.name,
          OrchestrationInstance: { InstanceId: parent.instanceId, ExecutionId: parent.executionId },
          TaskScheduleId: parent.taskScheduledId,
        }
      : null,
    Tags: null,
  });
}

/**
 * The orchestration trigger payload the extension sends (durable-host-protocol.md §3.1): the played history, then
 * the new events unplayed; schema V3 with the extension's timer and HTTP durations.
 */
export function orchestrationPayload(record: InstanceRecord, played: HistoryEvent[], fresh: HistoryEvent[]) {
  return {
    history: [...played, ...fresh.map((e) => ({ ...e, IsPlayed: false }))],
    input: record.input == null ? undefined : (JSON.parse(record.input) as unknown),
    instanceId: record.instanceId,
    isReplaying: played.length > 1,
    parentInstanceId: record.parent?.instanceId ?? null,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    longRunningTimerIntervalDuration: '3.00:00:00',
    maximumShortTimerDuration: '6.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
}
