import { haltedState, rollUpGroupState, rollUpRunState, rollUpStageState } from './roll-up';
import { setState } from './time';
import type { Instant, UpdateState } from './types';
import type { MemberUpdateStatus, UpdateGroupStatus, UpdateRunStatus, UpdateStageStatus } from './update-run';
import { listMembers } from './update-run';
import { groupToleratesFailures, stageToleratesFailures, withToleratedFailures } from './failure-tolerance';

/** Error code on a Group whose Member failed. */
export const GROUP_FAILED_CODE = 'UpdateGroupFailed';
/** Error code on a Stage whose Group failed. */
export const STAGE_FAILED_CODE = 'UpdateStageFailed';
/** Error code on an UpdateRun that failed. */
export const RUN_FAILED_CODE = 'UpdateRunFailed';

const gateStates = (gates?: { status: { state: UpdateState } }[]): UpdateState[] =>
  (gates ?? []).map((gate) => gate.status.state);

/** Something that already started does not go back to NotStarted (e.g. after its only active child is skipped). */
const started = (natural: UpdateState, startTime: string | undefined): UpdateState =>
  natural === 'NotStarted' && startTime !== undefined ? 'Running' : natural;

function failedSummary(members: MemberUpdateStatus[]): string {
  return members
    .map((member) => (member.status.error ? `${member.name} (${member.status.error.code})` : member.name))
    .join(', ');
}

function reconcileGroup(group: UpdateGroupStatus, halting: boolean, now: Instant): void {
  if (halting) {
    for (const member of group.members) if (member.status.state === 'Pending') setState(member.status, 'Stopped', now);
  }
  const states = group.members.map((member) => member.status.state);
  const counted = withToleratedFailures(states, groupToleratesFailures(group));
  const natural = started(rollUpGroupState(counted, gateStates(group.beforeGates)), group.status.startTime);
  const next =
    group.status.state === 'Skipped' ? 'Skipped' : halting ? haltedState(natural, states.includes('Running')) : natural;
  setState(group.status, next, now);
  const failed = group.members.filter((member) => member.status.state === 'Failed');
  if (next === 'Failed') {
    const message = `${failed.length} of ${group.members.length} member(s) failed: ${failedSummary(failed)}.`;
    group.status.error = { code: GROUP_FAILED_CODE, message };
  } else delete group.status.error;
}

function reconcileStage(stage: UpdateStageStatus, halting: boolean, now: Instant): void {
  stage.groups.forEach((group) => reconcileGroup(group, halting, now));
  const wait = stage.afterStageWaitStatus?.status;
  if (wait && halting && wait.state === 'Running') setState(wait, 'Stopped', now);
  const groupStates = withToleratedFailures(
    stage.groups.map((group) => group.status.state),
    stageToleratesFailures(stage),
  );
  const natural = started(
    rollUpStageState(groupStates, wait?.state, gateStates(stage.beforeGates)),
    stage.status.startTime,
  );
  const inflight = stage.groups.some((group) => group.members.some((member) => member.status.state === 'Running'));
  const next = stage.status.state === 'Skipped' ? 'Skipped' : halting ? haltedState(natural, inflight) : natural;
  setState(stage.status, next, now);
  // A Stage with nothing left to upgrade has nothing to soak either.
  if (next === 'Skipped' && wait && wait.state !== 'Completed') setState(wait, 'Skipped', now);
  const failedGroups = stage.groups.filter((group) => group.status.state === 'Failed').map((group) => group.name);
  if (next === 'Failed') {
    stage.status.error = { code: STAGE_FAILED_CODE, message: `Group(s) failed: ${failedGroups.join(', ')}.` };
  } else delete stage.status.error;
}

function runState(run: UpdateRunStatus, natural: UpdateState, anyFailed: boolean, inflight: boolean): UpdateState {
  const current = run.status.state;
  switch (current) {
    case 'NotStarted':
      return natural === 'Skipped' ? 'Skipped' : 'NotStarted';
    case 'Running':
    case 'Pending':
      if (anyFailed) return inflight ? 'Stopping' : 'Failed';
      return natural === 'NotStarted' || natural === 'Stopped' ? 'Running' : natural;
    case 'Stopping':
      if (inflight) return 'Stopping';
      return anyFailed ? 'Failed' : 'Stopped';
    case 'Stopped':
    case 'Failed':
      return natural === 'Skipped' || natural === 'Completed' ? natural : current;
    default:
      return current;
  }
}

/**
 * Re-derives every Group, Stage and the UpdateRun from Member and AfterStageWait states (the facts), applying the
 * stop/fail-fast overlay: once the run is halting no Pending Member waits any longer and active entities show
 * Stopping until in-flight upgrades end. Mutates and returns `run`.
 */
export function reconcile(run: UpdateRunStatus, now: Instant): UpdateRunStatus {
  const members = listMembers(run).map((location) => location.member);
  // Failures a stage tolerates (maxAllowedFailures) neither halt the run nor fail it.
  const anyFailed = run.stages.some((stage) => !stageToleratesFailures(stage));
  const active = run.status.state === 'Running' || run.status.state === 'Pending';
  const halting = (active && anyFailed) || ['Stopping', 'Stopped', 'Failed'].includes(run.status.state);
  run.stages.forEach((stage) => reconcileStage(stage, halting, now));
  const inflight = members.some((member) => member.status.state === 'Running');
  const natural = rollUpRunState(run.stages.map((stage) => stage.status.state));
  const next = runState(run, natural, anyFailed, inflight);
  setState(run.status, next, now);
  const failed = members.filter((member) => member.status.state === 'Failed');
  if ((next === 'Failed' || next === 'Stopping') && failed.length > 0) {
    run.status.error = {
      code: RUN_FAILED_CODE,
      message: `The update run failed because ${failed.length} member update(s) failed: ${failedSummary(failed)}.`,
    };
  } else if (next !== 'Failed') {
    delete run.status.error;
  }
  return run;
}
