import { RunRequestRefusedError } from './errors';
import type { UpdateState } from './types';

/** What a user may ask of an UpdateRun: `POST …/start`, `…/stop`, `…/skip` and `DELETE`. */
export type RunRequest = 'start' | 'stop' | 'skip' | 'delete';

/** Where a request leads: a state of the run, or out of existence. */
export type RunRequestOutcome = UpdateState | 'Deleted';

/**
 * The UpdateRun transitions table: for each state, the requests it allows and the state each leads to. A request a
 * state does not list is refused with 409. Everything else a run goes through (Stopping → Stopped, Failed, Completed)
 * is rolled up from its Members (see reconcile.ts), not requested.
 */
export const RUN_TRANSITIONS: Record<UpdateState, Partial<Record<RunRequest, RunRequestOutcome>>> = {
  NotStarted: { start: 'Running', skip: 'NotStarted', delete: 'Deleted' },
  // A skip keeps the state: roll-up decides what the skipped work changes.
  Running: { stop: 'Stopping', skip: 'Running' },
  // Skip while Pending is what lets a run past a Member waiting on a closed maintenance window.
  Pending: { stop: 'Stopping', skip: 'Pending' },
  // A second stop while the in-flight upgrades finish changes nothing and is no error.
  Stopping: { stop: 'Stopping' },
  Stopped: { start: 'Running', skip: 'Stopped', delete: 'Deleted' },
  Failed: { start: 'Running', skip: 'Failed', delete: 'Deleted' },
  Completed: { delete: 'Deleted' },
  Skipped: { delete: 'Deleted' },
};

/** Why a request is refused: the 409 message goes on "The update run '<name>' is <state>: " with this. */
export const RUN_REQUEST_REFUSALS: Record<RunRequest, string> = {
  start: 'only a NotStarted, Stopped or Failed run can be started.',
  stop: 'only a Running or Pending run can be stopped.',
  skip: 'only a NotStarted, Running, Pending, Stopped or Failed run takes skips.',
  delete: 'stop it before deleting it.',
};

/** True when an UpdateRun in `state` takes `request`. */
export function allowsRunRequest(state: UpdateState, request: RunRequest): boolean {
  return RUN_TRANSITIONS[state][request] !== undefined;
}

/** Checks that the UpdateRun `runName` in `state` takes `request` (else RunRequestRefusedError, 409); where it leads. */
export function checkRunRequest(runName: string, state: UpdateState, request: RunRequest): RunRequestOutcome {
  const outcome = RUN_TRANSITIONS[state][request];
  if (outcome === undefined) throw new RunRequestRefusedError(runName, state, request, RUN_REQUEST_REFUSALS[request]);
  return outcome;
}
