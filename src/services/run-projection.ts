import { allowsRunRequest, applySkip, stopRun, type UpdateRunStatus } from '../domain';
import type { RunControl } from '../orchestrators/contracts';

/** Where a new attempt starts from is the domain's rule; run-store activities import it from here. */
export { resetForStart } from '../domain';

/**
 * What a reader sees: the stored status with the user's not-yet-applied intent laid over it. Skips cascade and roll
 * up at once, a stop shows Stopping, even before (or without) an orchestration writing it. Targets that completed
 * meanwhile, and skips the run no longer takes, are left as they are.
 */
export function projectRunStatus<T extends UpdateRunStatus>(status: T, control: RunControl, now: string): T {
  let projected: UpdateRunStatus = status;
  for (const target of control.skips) {
    if (!allowsRunRequest(projected.status.state, 'skip')) break;
    try {
      projected = applySkip(projected, [target], now);
    } catch {
      // already Completed, or no longer in the plan: the stored status stands
    }
  }
  // A stop the orchestration has not applied yet: an active run shows it at once.
  if (control.stopRequested && (projected.status.state === 'Running' || projected.status.state === 'Pending')) {
    projected = stopRun(projected, now);
  }
  return projected as T;
}
