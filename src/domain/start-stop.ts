import { reconcile } from './reconcile';
import { setState } from './time';
import { RUN_TRANSITIONS } from './transitions';
import type { Instant, UpdateStatus } from './types';
import { cloneStatus, isFinished, type UpdateRunStatus } from './update-run';

/**
 * The status a new attempt of an UpdateRun starts from, so that a start resumes at the first unprocessed Member:
 * Completed and Skipped work is kept, every other Member (Failed, Stopped, Pending, or left Running by a crash) goes
 * back to NotStarted and is retried, and so do unfinished Groups and Stages (keeping their start time) and
 * unfinished AfterStageWaits. The run's own state is left to the orchestration that starts it.
 */
export function resetForStart<T extends UpdateRunStatus>(status: T): T {
  const copy = structuredClone(status);
  for (const stage of copy.stages) {
    if (!isFinished(stage.status.state)) stage.status = notStartedSince(stage.status);
    const wait = stage.afterStageWaitStatus;
    if (wait && !isFinished(wait.status.state)) wait.status = { state: 'NotStarted' };
    for (const group of stage.groups) {
      if (!isFinished(group.status.state)) group.status = notStartedSince(group.status);
      for (const member of group.members) {
        if (isFinished(member.status.state) || member.status.state === 'NotStarted') continue;
        // A retry is a new attempt: its times, error, operation and message belong to the next upgrade.
        member.status = { state: 'NotStarted' };
        delete member.operationId;
        delete member.message;
      }
    }
  }
  return copy;
}

function notStartedSince(status: UpdateStatus): UpdateStatus {
  return status.startTime ? { state: 'NotStarted', startTime: status.startTime } : { state: 'NotStarted' };
}

/**
 * Stops an UpdateRun the transitions table lets stop: nothing new starts, Pending Members stop waiting, a running
 * AfterStageWait stops; the run shows Stopping while Member upgrades are in flight and Stopped once none are. A run
 * that cannot be stopped is returned as it is.
 */
export function stopRun(run: UpdateRunStatus, now: Instant): UpdateRunStatus {
  const to = RUN_TRANSITIONS[run.status.state].stop;
  if (to === undefined || to === 'Deleted') return run;
  const copy = cloneStatus(run);
  setState(copy.status, to, now);
  return reconcile(copy, now);
}

/** The user's intent for a run as the orchestrations read it (RunControl, less what stopping does not depend on). */
export interface RunIntent {
  attempt: number;
  stopRequested: boolean;
  halted?: { code: string; message: string } | undefined;
}

/**
 * Whether the intent says that work of the run's `attempt` stops: a stop, a halt (a failure past its threshold), or
 * a later start that took a new attempt. Without `attempt` (the run itself, which is always the latest): a stop or
 * a halt.
 */
export function intentStops(intent: RunIntent, attempt?: number): boolean {
  const superseded = attempt !== undefined && intent.attempt !== attempt;
  return intent.stopRequested || intent.halted !== undefined || superseded;
}
