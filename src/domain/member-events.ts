import { InvalidTransitionError, NotInRunError } from './errors';
import { reconcile } from './reconcile';
import { setState } from './time';
import { MEMBER_TRANSITIONS, WAIT_TRANSITIONS, nextState, type MemberAction, type WaitAction } from './transitions';
import type { ErrorDetail, Instant } from './types';
import { cloneStatus, findMember, findStage, type UpdateRunStatus } from './update-run';

/** What the orchestrator observed about a Member, at `now`. */
export interface MemberObservation {
  now: Instant;
  message?: string;
  operationId?: string;
  error?: ErrorDetail;
}

function applyMember(
  run: UpdateRunStatus,
  name: string,
  action: MemberAction,
  observation: MemberObservation,
): UpdateRunStatus {
  const copy = cloneStatus(run);
  const location = findMember(copy, name);
  if (!location) throw new NotInRunError('Member', name);
  const { member } = location;
  const from = member.status.state;
  const to = nextState(MEMBER_TRANSITIONS, 'Member', from, action, name);
  if (from === 'Skipped') return copy; // a late result of a Member the user skipped changes nothing
  setState(member.status, to, observation.now);
  if (observation.operationId !== undefined) member.operationId = observation.operationId;
  if (observation.message !== undefined) member.message = observation.message;
  else if (action === 'memberStarted' || action === 'memberSucceeded') delete member.message;
  if (observation.error !== undefined) member.status.error = observation.error;
  else if (to !== 'Pending') delete member.status.error;
  return reconcile(copy, observation.now);
}

/** The Member's upgrade was started (the run must be Running or Pending). */
export function recordMemberStarted(
  run: UpdateRunStatus,
  name: string,
  observation: MemberObservation,
): UpdateRunStatus {
  const runState = run.status.state;
  if (runState !== 'Running' && runState !== 'Pending') {
    throw new InvalidTransitionError('UpdateRun', runState, 'memberStarted', name);
  }
  return applyMember(run, name, 'memberStarted', observation);
}

/** The Member's upgrade completed. */
export function recordMemberSucceeded(
  run: UpdateRunStatus,
  name: string,
  observation: MemberObservation,
): UpdateRunStatus {
  return applyMember(run, name, 'memberSucceeded', observation);
}

/** The Member's upgrade failed with a terminal error (its ARM code and message); fail-fast follows. */
export function recordMemberFailed(
  run: UpdateRunStatus,
  name: string,
  observation: MemberObservation & { error: ErrorDetail },
): UpdateRunStatus {
  return applyMember(run, name, 'memberFailed', {
    ...observation,
    message: observation.message ?? observation.error.message,
  });
}

/** The Member needs nothing (already at target, or no Consistent image for a pool): Skipped with a message. */
export function recordMemberSkipped(
  run: UpdateRunStatus,
  name: string,
  observation: MemberObservation & { message: string },
): UpdateRunStatus {
  return applyMember(run, name, 'memberSkipped', observation);
}

/** The Member cannot start yet (closed maintenance window, version not in region): Pending with why and when. */
export function recordMemberPending(
  run: UpdateRunStatus,
  name: string,
  observation: MemberObservation & { message: string },
): UpdateRunStatus {
  return applyMember(run, name, 'memberPending', observation);
}

function applyWait(run: UpdateRunStatus, stageName: string, action: WaitAction, now: Instant): UpdateRunStatus {
  const copy = cloneStatus(run);
  const stage = findStage(copy, stageName);
  if (!stage) throw new NotInRunError('Stage', stageName);
  const wait = stage.afterStageWaitStatus;
  if (!wait) throw new InvalidTransitionError('AfterStageWait', 'absent', action, stageName);
  const to = nextState(WAIT_TRANSITIONS, 'AfterStageWait', wait.status.state, action, stageName);
  setState(wait.status, to, now);
  return reconcile(copy, now);
}

/** The AfterStageWait timer of `stageName` started. */
export function recordWaitStarted(run: UpdateRunStatus, stageName: string, now: Instant): UpdateRunStatus {
  return applyWait(run, stageName, 'waitStarted', now);
}

/** The AfterStageWait timer of `stageName` fired (ignored if the wait was skipped meanwhile). */
export function recordWaitEnded(run: UpdateRunStatus, stageName: string, now: Instant): UpdateRunStatus {
  return applyWait(run, stageName, 'waitEnded', now);
}
