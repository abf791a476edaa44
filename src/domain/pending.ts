import type { UpdateState } from './types';
import type { GateStatus, UpdateGroupStatus, UpdateRunStatus, UpdateStageStatus } from './update-run';
import { isFinished } from './update-run';

// What the stored rows do not say but a reader must see: waiting for people and for maintenance windows rolls up as
// Pending (member → group → stage → run), and the gates of what was skipped are skipped. The rows hold what the
// orchestrations did (a group Running, a member Pending, a gate Pending); these rules derive the rest on every read.
// They build new containers and statuses where something changes and share the rest (members are never copied).

interface Gated {
  beforeGates?: GateStatus[];
  afterGates?: GateStatus[];
}

const hasPendingGate = (at: Gated): boolean =>
  [...(at.beforeGates ?? []), ...(at.afterGates ?? [])].some((gate) => gate.status.state === 'Pending');

const withState = <T extends { status: { state: UpdateState } }>(at: T, state: UpdateState): T =>
  at.status.state === state ? at : { ...at, status: { ...at.status, state } };

/** The gates of a skipped stage or group that were not approved are skipped with it. */
function skippedGates<T extends Gated>(at: T, skipped: boolean): T {
  if (!skipped) return at;
  const skip = (gates: GateStatus[] | undefined) =>
    gates?.map((gate) => (gate.status.state === 'Completed' ? gate : withState(gate, 'Skipped')));
  const before = skip(at.beforeGates);
  const after = skip(at.afterGates);
  return { ...at, ...(before ? { beforeGates: before } : {}), ...(after ? { afterGates: after } : {}) };
}

/** Nothing is in flight and something waits: every unfinished child is Pending or not begun, one is Pending. */
function allWaiting(states: readonly UpdateState[]): boolean {
  const unfinished = states.filter((state) => !isFinished(state) && state !== 'Failed');
  return unfinished.includes('Pending') && unfinished.every((state) => state === 'Pending' || state === 'NotStarted');
}

/** A group is Pending when none of its members is Running and it has a Pending gate or all its unfinished wait. */
function pendingGroup(group: UpdateGroupStatus): UpdateGroupStatus {
  const own = group.status.state;
  if (own !== 'Running' && own !== 'NotStarted') return group;
  const states = group.members.map((member) => member.status.state);
  if (states.includes('Running')) return group;
  const waits = hasPendingGate(group) || (own === 'Running' && allWaiting(states));
  return waits ? withState(group, 'Pending') : group;
}

/**
 * A stage is Pending when none of its groups is Running and it has a Pending gate (before it begins, or after its
 * groups ended), or all its unfinished groups wait.
 */
function pendingStage(stage: UpdateStageStatus): UpdateStageStatus {
  const groups = stage.groups.map(pendingGroup);
  const own = stage.status.state;
  const rolled = { ...stage, groups };
  if (own !== 'Running' && own !== 'NotStarted' && own !== 'Completed') return rolled;
  const states = groups.map((group) => group.status.state);
  if (states.includes('Running')) return rolled;
  const waits = hasPendingGate(stage) || (own === 'Running' && allWaiting(states));
  return waits ? withState(rolled, 'Pending') : rolled;
}

/**
 * The run as a reader sees it: the gates of skipped stages and groups skipped and, while it runs, the Pending
 * roll-up (the run is Pending when its current stage is). Stopping, stopped and finished runs keep their states.
 */
export function derivePending(run: UpdateRunStatus): UpdateRunStatus {
  let stages = run.stages.map((stage) => {
    const skipped = stage.status.state === 'Skipped';
    const groups = stage.groups.map((group) => skippedGates(group, skipped || group.status.state === 'Skipped'));
    return { ...skippedGates(stage, skipped), groups };
  });
  if (run.status.state !== 'Running') return { ...run, stages };
  stages = stages.map(pendingStage);
  const current = stages.find((stage) => !isFinished(stage.status.state));
  const state = current?.status.state === 'Pending' ? 'Pending' : run.status.state;
  return withState({ ...run, stages }, state);
}
