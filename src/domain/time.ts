import type { Instant, UpdateState, UpdateStatus } from './types';

/** Epoch milliseconds of an Instant; throws RangeError on an unparseable string. */
export function toEpochMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${String(instant)}`);
  return ms;
}

/** ISO-8601 (UTC, milliseconds) form of an Instant. */
export function toIso(instant: Instant): string {
  return new Date(toEpochMs(instant)).toISOString();
}

const STARTED: ReadonlySet<UpdateState> = new Set(['Running', 'Pending', 'Stopping']);
const ENDED: ReadonlySet<UpdateState> = new Set(['Completed', 'Failed', 'Stopped', 'Skipped']);

/**
 * Moves a status to `state`, keeping ARM's timestamps right: startTime when work first starts, completedTime when a
 * started entity ends, and no completedTime while it is active again after a restart.
 */
export function setState(status: UpdateStatus, state: UpdateState, now: Instant): void {
  if (status.state === state) return;
  status.state = state;
  if (STARTED.has(state)) {
    status.startTime ??= toIso(now);
    delete status.completedTime;
  } else if (ENDED.has(state)) {
    if (status.startTime !== undefined) status.completedTime ??= toIso(now);
  } else {
    delete status.completedTime;
  }
}
