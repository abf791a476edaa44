import { SkipTargetCompletedError, UnknownSkipTargetError } from './errors';
import { reconcile } from './reconcile';
import { setState } from './time';
import { CONTAINER_TRANSITIONS, MEMBER_TRANSITIONS, RUN_TRANSITIONS, WAIT_TRANSITIONS, nextState } from './transitions';
import type { Instant, UpdateStatus } from './types';
import type { GateStatus, UpdateGroupStatus, UpdateRunStatus, UpdateStageStatus } from './update-run';
import { cloneStatus, findGroup, findMember, findStage } from './update-run';

/** The kinds of skip target ARM accepts. */
export type SkipTargetType = 'Member' | 'Group' | 'Stage' | 'AfterStageWait';

/** One skip target; for AfterStageWait, `name` is the parent Stage's name. */
export interface SkipTarget {
  type: SkipTargetType;
  name: string;
}

/** Something the orchestrator must do at once because of a skip. */
export type SkipEffect =
  { type: 'cancelWait'; stage: string } | { type: 'skipMember'; stage: string; group: string; member: string };

/** The status after a skip, plus the effects the orchestrator must apply immediately. */
export interface SkipResult {
  status: UpdateRunStatus;
  effects: SkipEffect[];
}

interface Resolved {
  status: UpdateStatus;
  apply: (now: Instant, effects: SkipEffect[]) => void;
}

function skipGates(gates: GateStatus[] | undefined, now: Instant): void {
  for (const gate of gates ?? []) if (gate.status.state !== 'Completed') setState(gate.status, 'Skipped', now);
}

function skipGroup(stage: UpdateStageStatus, group: UpdateGroupStatus, now: Instant, effects: SkipEffect[]): void {
  if (group.status.state === 'Completed') return;
  for (const member of group.members) {
    const state = member.status.state;
    if (state === 'Completed' || state === 'Skipped') continue;
    if (state === 'Pending' || state === 'Running') {
      effects.push({ type: 'skipMember', stage: stage.name, group: group.name, member: member.name });
    }
    setState(member.status, nextState(MEMBER_TRANSITIONS, 'Member', state, 'skip', member.name), now);
  }
  skipGates(group.beforeGates, now);
  skipGates(group.afterGates, now);
  setState(group.status, 'Skipped', now);
}

function skipStage(stage: UpdateStageStatus, now: Instant, effects: SkipEffect[]): void {
  stage.groups.forEach((group) => skipGroup(stage, group, now, effects));
  skipWait(stage, now, effects);
  skipGates(stage.beforeGates, now);
  skipGates(stage.afterGates, now);
  setState(stage.status, 'Skipped', now);
}

function skipWait(stage: UpdateStageStatus, now: Instant, effects: SkipEffect[]): void {
  const wait = stage.afterStageWaitStatus;
  if (!wait || wait.status.state === 'Completed' || wait.status.state === 'Skipped') return;
  if (wait.status.state === 'Running') effects.push({ type: 'cancelWait', stage: stage.name });
  setState(wait.status, nextState(WAIT_TRANSITIONS, 'AfterStageWait', wait.status.state, 'skip', stage.name), now);
}

function resolve(run: UpdateRunStatus, target: SkipTarget): Resolved | undefined {
  switch (target.type) {
    case 'Member': {
      const found = findMember(run, target.name);
      if (!found) return undefined;
      const { stage, group, member } = found;
      return {
        status: member.status,
        apply: (now, effects) => {
          const state = member.status.state;
          if (state === 'Pending' || state === 'Running') {
            effects.push({ type: 'skipMember', stage: stage.name, group: group.name, member: member.name });
          }
          setState(member.status, nextState(MEMBER_TRANSITIONS, 'Member', state, 'skip', member.name), now);
        },
      };
    }
    case 'Group': {
      const found = findGroup(run, target.name);
      return found && { status: found.group.status, apply: (now, fx) => skipGroup(found.stage, found.group, now, fx) };
    }
    case 'Stage': {
      const stage = findStage(run, target.name);
      return stage && { status: stage.status, apply: (now, fx) => skipStage(stage, now, fx) };
    }
    case 'AfterStageWait': {
      const stage = findStage(run, target.name);
      const wait = stage?.afterStageWaitStatus;
      return stage && wait && { status: wait.status, apply: (now, fx) => skipWait(stage, now, fx) };
    }
    default:
      return undefined;
  }
}

/**
 * Skips Members, Groups, Stages or AfterStageWaits, all or nothing. Rejects the whole request if the run cannot be
 * skipped in its state (409), a target is unknown (400) or already Completed (409). Skipping cascades downwards and
 * rolls up; skipping a Pending/Running Member or a running wait yields an effect to apply at once.
 */
export function applySkip(run: UpdateRunStatus, targets: readonly SkipTarget[], now: Instant): SkipResult {
  nextState(RUN_TRANSITIONS, 'UpdateRun', run.status.state, 'skip');
  const copy = cloneStatus(run);
  const resolved = targets.map((target) => {
    const found = resolve(copy, target);
    if (!found) throw new UnknownSkipTargetError(target.type, target.name);
    if (found.status.state === 'Completed') throw new SkipTargetCompletedError(target.type, target.name);
    if (target.type === 'Group' || target.type === 'Stage') {
      nextState(CONTAINER_TRANSITIONS, target.type, found.status.state, 'skip', target.name);
    }
    return found;
  });
  const effects: SkipEffect[] = [];
  resolved.forEach((found) => found.apply(now, effects));
  const unique = effects.filter(
    (effect, index) => effects.findIndex((other) => JSON.stringify(other) === JSON.stringify(effect)) === index,
  );
  return { status: reconcile(copy, now), effects: unique };
}
