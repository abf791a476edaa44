import type { UpdateState } from './types';
import type { UpdateGroupStatus, UpdateStageStatus } from './update-run';

// maxAllowedFailures: a group or stage tolerates failed members while they number no more than its (resolved)
// threshold; 0, the default, is fail-fast. Group and stage thresholds are judged independently: a group past its
// own stops beginning members and ends Failed; a stage past its own stops the run. Tolerated failures count as
// finished work in roll-ups, so a group or stage within its threshold ends Completed.

/** Whether `failures` failed members are within `maxAllowedFailures` (unset: fail-fast). */
export function isTolerated(failures: number, maxAllowedFailures: number | undefined): boolean {
  return failures <= (maxAllowedFailures ?? 0);
}

const failedMembers = (group: UpdateGroupStatus): number =>
  group.members.filter((member) => member.status.state === 'Failed').length;

export function groupToleratesFailures(group: UpdateGroupStatus): boolean {
  return isTolerated(failedMembers(group), group.maxAllowedFailures);
}

export function stageToleratesFailures(stage: UpdateStageStatus): boolean {
  const failures = stage.groups.reduce((sum, group) => sum + failedMembers(group), 0);
  return isTolerated(failures, stage.maxAllowedFailures);
}

/** Children's states for a roll-up: a tolerated Failed counts as finished (Completed). */
export function withToleratedFailures(states: readonly UpdateState[], tolerated: boolean): UpdateState[] {
  return tolerated ? states.map((state) => (state === 'Failed' ? 'Completed' : state)) : [...states];
}
