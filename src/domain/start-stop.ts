import { reconcile } from './reconcile';
import { setState } from './time';
import { MEMBER_TRANSITIONS, RUN_TRANSITIONS, WAIT_TRANSITIONS, nextState } from './transitions';
import type { Instant } from './types';
import { cloneStatus, listMembers, type UpdateRunStatus } from './update-run';

/**
 * Starts (or restarts) an UpdateRun from NotStarted, Stopped or Failed. Completed and Skipped Members are kept;
 * Failed and Stopped Members go back to NotStarted so the run resumes at the first unprocessed Member and retries
 * failures; a stopped AfterStageWait starts over.
 */
export function startRun(run: UpdateRunStatus, now: Instant): UpdateRunStatus {
  const to = nextState(RUN_TRANSITIONS, 'UpdateRun', run.status.state, 'start');
  const copy = cloneStatus(run);
  for (const { member } of listMembers(copy)) {
    const state = member.status.state;
    if (state !== 'Failed' && state !== 'Stopped') continue;
    nextState(MEMBER_TRANSITIONS, 'Member', state, 'reset', member.name);
    // A retry is a new attempt: its times, error and operation belong to the next upgrade.
    member.status = { state: 'NotStarted' };
    delete member.operationId;
    delete member.message;
  }
  for (const stage of copy.stages) {
    const wait = stage.afterStageWaitStatus;
    if (wait && (wait.status.state === 'Stopped' || wait.status.state === 'Failed')) {
      nextState(WAIT_TRANSITIONS, 'AfterStageWait', wait.status.state, 'reset', stage.name);
      wait.status = { state: 'NotStarted' };
    }
  }
  delete copy.status.error;
  setState(copy.status, to === 'Deleted' ? 'Running' : to, now);
  return reconcile(copy, now);
}

/**
 * Stops a Running or Pending UpdateRun: nothing new starts, Pending Members stop waiting, a running AfterStageWait
 * stops; the run shows Stopping while Member upgrades are in flight and Stopped once none are.
 */
export function stopRun(run: UpdateRunStatus, now: Instant): UpdateRunStatus {
  const to = nextState(RUN_TRANSITIONS, 'UpdateRun', run.status.state, 'stop');
  const copy = cloneStatus(run);
  setState(copy.status, to === 'Deleted' ? 'Stopping' : to, now);
  return reconcile(copy, now);
}

/** Throws InvalidTransitionError (409) unless the UpdateRun may be deleted (not Running, Pending or Stopping). */
export function assertDeletable(run: UpdateRunStatus): void {
  nextState(RUN_TRANSITIONS, 'UpdateRun', run.status.state, 'delete');
}

/** Names of Members whose upgrade is in flight (Running); Stopping ends when this is empty. */
export function inflightMembers(run: UpdateRunStatus): string[] {
  return listMembers(run)
    .filter(({ member }) => member.status.state === 'Running')
    .map(({ member }) => member.name);
}
