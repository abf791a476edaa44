import { applySkip, stopRun, type UpdateRunStatus } from '../domain';
import type { RunControl } from '../orchestrators/contracts';

/**
 * What a reader sees: the stored status with the user's not-yet-applied intent laid over it. Skips cascade and roll
 * up at once, a stop shows Stopping, even before (or without) an orchestration writing it. Targets that completed
 * meanwhile are left as they are.
 */
export function projectRunStatus<T extends UpdateRunStatus>(status: T, control: RunControl, now: string): T {
  let projected: UpdateRunStatus = status;
  for (const target of control.skips) {
    try {
      projected = applySkip(projected, [target], now).status;
    } catch {
      // already Completed, or the run is past skipping: the stored status stands
    }
  }
  if (control.stopRequested && (projected.status.state === 'Running' || projected.status.state === 'Pending')) {
    projected = stopRun(projected, now);
  }
  return projected as T;
}

/**
 * The status a new attempt starts from: Failed, Stopped and Pending members go back to NotStarted (a retry), so do
 * unfinished groups, stages and stopped waits; Completed and Skipped stay.
 */
export function resetForStart<T extends UpdateRunStatus>(status: T): T {
  const copy = structuredClone(status);
  const unfinished = (state: string): boolean => state !== 'Completed' && state !== 'Skipped';
  for (const stage of copy.stages) {
    if (unfinished(stage.status.state)) stage.status = { state: 'NotStarted', ...keepStart(stage.status) };
    const wait = stage.afterStageWaitStatus;
    if (wait && unfinished(wait.status.state)) wait.status = { state: 'NotStarted' };
    for (const group of stage.groups) {
      if (unfinished(group.status.state)) group.status = { state: 'NotStarted', ...keepStart(group.status) };
      for (const member of group.members) {
        if (!unfinished(member.status.state) || member.status.state === 'NotStarted') continue;
        member.status = { state: 'NotStarted' };
        delete member.operationId;
        delete member.message;
      }
    }
  }
  return copy;
}

function keepStart(status: { startTime?: string }): { startTime?: string } {
  return status.startTime ? { startTime: status.startTime } : {};
}
