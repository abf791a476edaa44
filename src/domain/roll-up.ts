import type { UpdateState } from './types';

const finished = (state: UpdateState): boolean => state === 'Completed' || state === 'Skipped';

/** Shared roll-up of a container (Group or Stage) from its children, before any stop/failure overlay. */
function rollUpChildren(children: readonly UpdateState[], hasPendingGate: boolean): UpdateState {
  if (children.length === 0 || children.every((state) => state === 'Skipped')) return 'Skipped';
  if (children.includes('Failed')) return 'Failed';
  if (children.includes('Running') || children.includes('Stopping')) return 'Running';
  const unfinished = children.filter((state) => !finished(state));
  if (unfinished.length === 0) return 'Completed';
  if (unfinished.includes('Stopped')) return 'Stopped';
  if (unfinished.includes('Pending') || hasPendingGate) return 'Pending';
  // Only completed work means progress: skipping part of a Group or Stage does not start it.
  return children.includes('Completed') ? 'Running' : 'NotStarted';
}

/** Group state from its Members' states: Skipped if all Skipped, Failed if any Failed, Pending if all left wait. */
export function rollUpGroupState(
  memberStates: readonly UpdateState[],
  gateStates: readonly UpdateState[] = [],
): UpdateState {
  return rollUpChildren(memberStates, gateStates.includes('Pending'));
}

/** Stage state from its Groups and its AfterStageWait (which runs once every Group is done). */
export function rollUpStageState(
  groupStates: readonly UpdateState[],
  waitState?: UpdateState,
  gateStates: readonly UpdateState[] = [],
): UpdateState {
  const fromGroups = rollUpChildren(groupStates, gateStates.includes('Pending'));
  if (fromGroups !== 'Completed' || waitState === undefined) return fromGroups;
  if (finished(waitState)) return 'Completed';
  return waitState === 'Stopped' ? 'Stopped' : 'Running';
}

/** UpdateRun state from its Stages (before the stop/failure overlay): Pending when the current Stage is. */
export function rollUpRunState(stageStates: readonly UpdateState[]): UpdateState {
  if (stageStates.length === 0 || stageStates.every((state) => state === 'Skipped')) return 'Skipped';
  if (stageStates.every(finished)) return 'Completed';
  if (stageStates.includes('Failed')) return 'Failed';
  const current = stageStates.find((state) => !finished(state));
  if (current === 'Pending') return 'Pending';
  if (current === 'Stopped') return 'Stopped';
  return current === 'NotStarted' && stageStates.every((state) => state === 'NotStarted') ? 'NotStarted' : 'Running';
}

/**
 * Applies a halt (user stop or fail-fast) to a rolled-up state: active work shows Stopping while Member upgrades are
 * still in flight, then Stopped. Finished, Failed and never-started entities keep their state.
 */
export function haltedState(natural: UpdateState, inflight: boolean): UpdateState {
  if (natural === 'Running' || natural === 'Pending' || natural === 'Stopping' || natural === 'Stopped') {
    return inflight ? 'Stopping' : 'Stopped';
  }
  return natural;
}

/**
 * A stage's state once its groups are done (`ended`: each group's final state; groups not in it keep their
 * planned state). `halted`: the run's failure, when its members' failures went past what the stage tolerates
 * (maxAllowedFailures; fail-fast by default). Failed when halted or a group failed and the stage tolerates nothing
 * more; else Stopped if a group is unfinished, Skipped if every group was skipped, else Completed (a group that
 * went past its own threshold does not fail a stage that tolerates its failures). With Failed, the error says why.
 */
export function stageOutcome(
  groups: ReadonlyArray<{ name: string; planned: UpdateState }>,
  ended: ReadonlyMap<string, UpdateState>,
  halted?: { code: string; message: string },
): { state: 'Completed' | 'Stopped' | 'Failed' | 'Skipped'; error?: { code: string; message: string } } {
  const failed = groups.filter((g) => ended.get(g.name) === 'Failed').map((g) => `'${g.name}'`);
  if (halted) {
    const message = failed.length > 0 ? `Group(s) ${failed.join(', ')} failed. ${halted.message}` : halted.message;
    return { state: 'Failed', error: { code: 'UpdateStageFailed', message } };
  }
  const finishedOrTolerated = (state: UpdateState) => finished(state) || state === 'Failed';
  if (groups.some((g) => !finishedOrTolerated(ended.get(g.name) ?? g.planned))) return { state: 'Stopped' };
  const allSkipped = groups.length > 0 && groups.every((g) => ended.get(g.name) === 'Skipped');
  return { state: allSkipped ? 'Skipped' : 'Completed' };
}
