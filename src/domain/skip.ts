import { SkipTargetCompletedError, UnknownSkipTargetError } from './errors';
import { reconcile } from './reconcile';
import { setState } from './time';
import type { Instant, UpdateState, UpdateStatus } from './types';
import type { GateStatus, UpdateRunStatus, UpdateStageStatus } from './update-run';
import { cloneStatus, findGroup, findMember, findStage, isFinished } from './update-run';

/** What a member skipped by the user says, in its row and in every answer that shows it skipped. */
export const SKIPPED_BY_USER_MESSAGE = 'Skipped by the user.';

/** The kinds of skip target ARM accepts. */
export type SkipTargetType = 'Member' | 'Group' | 'Stage' | 'AfterStageWait';

/** One skip target; for AfterStageWait, `name` is the parent Stage's name. */
export interface SkipTarget {
  type: SkipTargetType;
  name: string;
}

// What a set of skip targets covers. A skip cascades downwards: a Stage covers its Groups, Members and
// AfterStageWait, a Group its Members. The orchestrators, activities and applySkip below all use these rules.

/** Whether the targets skip a whole Stage. */
export function isStageSkipped(skips: readonly SkipTarget[], stage: string): boolean {
  return skips.some((t) => t.type === 'Stage' && t.name === stage);
}

/** Whether the targets skip a Group (or its whole Stage). */
export function isGroupSkipped(skips: readonly SkipTarget[], stage: string, group: string): boolean {
  return isStageSkipped(skips, stage) || skips.some((t) => t.type === 'Group' && t.name === group);
}

/** Whether the targets skip a Stage's AfterStageWait (or the whole Stage). */
export function isWaitSkipped(skips: readonly SkipTarget[], stage: string): boolean {
  return isStageSkipped(skips, stage) || skips.some((t) => t.type === 'AfterStageWait' && t.name === stage);
}

/**
 * Whether a finished stage's AfterStageWait is skipped: by the targets, or because the stage itself ended Skipped
 * (every group skipped or every member already at the target): nothing changed, so there is nothing to wait on.
 */
export function isWaitSkippedAfter(skips: readonly SkipTarget[], stage: string, stageState: UpdateState): boolean {
  return stageState === 'Skipped' || isWaitSkipped(skips, stage);
}

/** Whether the targets skip one Member: named, or its Group or Stage skipped. */
export function memberIsSkipped(skips: readonly SkipTarget[], stage: string, group: string, member: string): boolean {
  return isGroupSkipped(skips, stage, group) || skips.some((t) => t.type === 'Member' && t.name === member);
}

/** The Members of one Group that the targets skip: named ones, or all of them when their Group or Stage is. */
export function skippedMembers(
  skips: readonly SkipTarget[],
  stage: string,
  group: string,
  members: readonly string[],
): string[] {
  return members.filter((member) => memberIsSkipped(skips, stage, group, member));
}

function statusOf(run: UpdateRunStatus, target: SkipTarget): UpdateStatus | undefined {
  switch (target.type) {
    case 'Member':
      return findMember(run, target.name)?.member.status;
    case 'Group':
      return findGroup(run, target.name)?.group.status;
    case 'Stage':
      return findStage(run, target.name)?.status;
    case 'AfterStageWait':
      return findStage(run, target.name)?.afterStageWaitStatus?.status;
    default:
      return undefined;
  }
}

function skip(status: UpdateStatus, now: Instant): void {
  if (!isFinished(status.state)) setState(status, 'Skipped', now);
}

function skipGates(gates: GateStatus[] | undefined, now: Instant): void {
  for (const gate of gates ?? []) if (gate.status.state !== 'Completed') setState(gate.status, 'Skipped', now);
}

function skipGroups(stage: UpdateStageStatus, skips: readonly SkipTarget[], now: Instant): void {
  for (const group of stage.groups) {
    // A Completed Group is left as it is, even under a skipped Stage.
    if (group.status.state === 'Completed') continue;
    for (const member of group.members) {
      if (!memberIsSkipped(skips, stage.name, group.name, member.name) || isFinished(member.status.state)) continue;
      // What it said (waiting for a window, a failure) is no longer true of it: it says why it is Skipped.
      skip(member.status, now);
      member.message = SKIPPED_BY_USER_MESSAGE;
      delete member.operationId;
    }
    if (!isGroupSkipped(skips, stage.name, group.name)) continue;
    skipGates(group.beforeGates, now);
    skipGates(group.afterGates, now);
    setState(group.status, 'Skipped', now);
  }
}

function skipStage(stage: UpdateStageStatus, skips: readonly SkipTarget[], now: Instant): void {
  skipGroups(stage, skips, now);
  const wait = stage.afterStageWaitStatus;
  if (wait && isWaitSkipped(skips, stage.name)) skip(wait.status, now);
  if (!isStageSkipped(skips, stage.name)) return;
  skipGates(stage.beforeGates, now);
  skipGates(stage.afterGates, now);
  setState(stage.status, 'Skipped', now);
}

/**
 * Skips Members, Groups, Stages or AfterStageWaits, all or nothing, and rolls the run up again. Rejects the whole
 * request if a target is unknown (400) or already Completed (409). Whether the run takes skips at all is the
 * transitions table's rule (RUN_TRANSITIONS), which the caller checks first.
 */
export function applySkip(run: UpdateRunStatus, targets: readonly SkipTarget[], now: Instant): UpdateRunStatus {
  for (const target of targets) {
    const status = statusOf(run, target);
    if (!status) throw new UnknownSkipTargetError(target.type, target.name);
    if (status.state === 'Completed') throw new SkipTargetCompletedError(target.type, target.name);
  }
  const copy = cloneStatus(run);
  copy.stages.forEach((stage) => skipStage(stage, targets, now));
  return reconcile(copy, now);
}
