import { decide, NonDeterminismError, UnsupportedActionError, type Work } from './actions';
import { event, EventType, HistoryIndex, type HistoryEvent } from './history';
import { parseOrchestratorOutcome } from './payload';
import type { InstanceRecord } from './store';
import type { InvokeResult } from '../host/function-host';

/** The episode's history and the record fields that change with its checkpoint. */
interface EpisodeWrite {
  /** OrchestratorStarted, the deliveries, the new decisions (and the completion, if any). */
  events: HistoryEvent[];
  /** Custom status, output, failure details. */
  changes: Partial<InstanceRecord>;
}

/** What one episode's orchestrator invocation amounts to, before anything is written. */
export type EpisodeOutcome =
  | (EpisodeWrite & { ending: 'Running'; work: Work[] })
  | (EpisodeWrite & { ending: 'Failed' })
  | (EpisodeWrite & { ending: 'Completed' })
  | (EpisodeWrite & { ending: 'ContinueAsNew'; input: string | null });

/** Inputs of settleEpisode: the invocation's result and the instance as the episode saw it. */
export interface EpisodeInput {
  result: InvokeResult;
  record: InstanceRecord;
  history: readonly HistoryEvent[];
  maxScheduledId: number;
  started: HistoryEvent;
  deliverable: HistoryEvent[];
  now: number;
}

/**
 * Turns an orchestrator's answer into the episode's events and ending: its actions checked against history
 * (nondeterminism and unsupported actions fail the instance with a clear message), a failure or a return value
 * turned into ExecutionCompleted, continue-as-new, or the work to send out while it keeps running. Pure.
 */
export function settleEpisode(input: EpisodeInput): EpisodeOutcome {
  const { record, started, deliverable, now } = input;
  const outcome = parseOrchestratorOutcome(input.result);
  const state = outcome.state;
  const changes: Partial<InstanceRecord> = {};
  if (state?.customStatus !== undefined) changes.customStatus = JSON.stringify(state.customStatus);
  let failure: { message: string; details: unknown } | undefined = outcome.ok
    ? undefined
    : { message: outcome.message, details: outcome.failureDetails };
  let decisions: ReturnType<typeof decide> | undefined;
  if (!failure && state) {
    try {
      // The walk must see this episode's deliveries too (a failed attempt or fired slice creates its timer now).
      const index = new HistoryIndex([...input.history, started, ...deliverable]);
      decisions = decide(state.actions[0] ?? [], index, now, record.executionId);
    } catch (error) {
      if (!(error instanceof NonDeterminismError || error instanceof UnsupportedActionError)) throw error;
      failure = {
        message: error.message,
        details: { ErrorType: error.name, ErrorMessage: error.message, IsNonRetriable: true },
      };
    }
  }
  const events = [started, ...deliverable, ...(decisions?.events ?? [])];
  const completionId = Math.max(input.maxScheduledId, ...(decisions?.events ?? []).map((e) => e.EventId)) + 1;
  if (failure) {
    const message = `Orchestrator function '${record.name}' failed: ${failure.message}`;
    changes.output = JSON.stringify(message);
    changes.failureDetails = failure.details ?? {
      ErrorType: 'OrchestrationFailure',
      ErrorMessage: failure.message,
      IsNonRetriable: false,
    };
    events.push(
      event(
        EventType.ExecutionCompleted,
        now,
        { OrchestrationStatus: 'Failed', Result: message, FailureDetails: changes.failureDetails },
        completionId,
      ),
    );
    return { events, changes, ending: 'Failed' };
  }
  if (decisions?.continueAsNew)
    return { events, changes, ending: 'ContinueAsNew', input: decisions.continueAsNew.input };
  if (state?.isDone) {
    changes.output = state.output === undefined ? null : JSON.stringify(state.output);
    events.push(
      event(
        EventType.ExecutionCompleted,
        now,
        { OrchestrationStatus: 'Completed', Result: changes.output },
        completionId,
      ),
    );
    return { events, changes, ending: 'Completed' };
  }
  return { events, changes, ending: 'Running', work: decisions?.work ?? [] };
}
