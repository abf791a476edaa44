import {
  GROUP_MAX_CONCURRENCY_DEFAULT,
  STAGE_MAX_CONCURRENCY_DEFAULT,
  resolveMaxConcurrency,
  validateStageConcurrency,
} from './concurrency';
import { InvalidStrategyError } from './errors';
import type { FleetMemberRef, GateConfiguration, UpdateRunStrategy } from './types';
import type { GateStatus, MemberUpdateStatus, UpdateRunStatus, UpdateStageStatus } from './update-run';

/**
 * Name of the single Stage and single Group of a run without a strategy. ARM documents "a single UpdateStage and a
 * single UpdateGroup targeting all members" but not their names.
 */
export const DEFAULT_STAGE_NAME = 'default';
/** Name of the single Group of a run without a strategy. */
export const DEFAULT_GROUP_NAME = 'default';

/** ARM pattern for Stage and Group names. */
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAME_LENGTH = 50;
const MAX_GROUPS_PER_STAGE = 50;

/** Strategy for a run without one: every Member one by one. */
export function oneByOneStrategy(): UpdateRunStrategy {
  return { stages: [{ name: DEFAULT_STAGE_NAME, groups: [{ name: DEFAULT_GROUP_NAME }] }] };
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function memberStatus(member: FleetMemberRef): MemberUpdateStatus {
  return { name: member.name, clusterResourceId: member.clusterResourceId, status: { state: 'NotStarted' } };
}

function gates(configs: GateConfiguration[] | undefined): GateStatus[] | undefined {
  return configs?.map((gate) => ({
    ...(gate.displayName === undefined ? {} : { displayName: gate.displayName }),
    status: { state: 'NotStarted' },
  }));
}

function checkName(name: string, target: string): void {
  if (!NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new InvalidStrategyError(`Name '${name}' must match ${NAME_PATTERN.source} and be 1-50 characters.`, target);
  }
}

/** Checks a strategy on its own: names, uniqueness of Stages and Groups, group count, maxConcurrency limits. */
export function validateStrategy(strategy: UpdateRunStrategy): void {
  if (strategy.stages.length === 0)
    throw new InvalidStrategyError('A strategy needs at least one stage.', 'strategy.stages');
  const stageNames = new Set<string>();
  const groupNames = new Set<string>();
  strategy.stages.forEach((stage, s) => {
    checkName(stage.name, `strategy.stages[${s}].name`);
    if (stageNames.has(stage.name))
      throw new InvalidStrategyError(`Stage '${stage.name}' appears more than once.`, `strategy.stages[${s}].name`);
    stageNames.add(stage.name);
    if (stage.groups.length === 0 || stage.groups.length > MAX_GROUPS_PER_STAGE) {
      throw new InvalidStrategyError(
        `Stage '${stage.name}' needs 1 to ${MAX_GROUPS_PER_STAGE} groups.`,
        `strategy.stages[${s}].groups`,
      );
    }
    stage.groups.forEach((group, g) => {
      const target = `strategy.stages[${s}].groups[${g}].name`;
      checkName(group.name, target);
      if (groupNames.has(group.name))
        throw new InvalidStrategyError(`Group '${group.name}' appears more than once.`, target);
      groupNames.add(group.name);
    });
    if (
      stage.afterStageWaitInSeconds !== undefined &&
      (!Number.isInteger(stage.afterStageWaitInSeconds) || stage.afterStageWaitInSeconds < 0)
    ) {
      throw new InvalidStrategyError(
        `afterStageWaitInSeconds of Stage '${stage.name}' must be a non-negative integer.`,
        `strategy.stages[${s}].afterStageWaitInSeconds`,
      );
    }
    validateStageConcurrency(stage, s);
  });
}

/** Fleet Members that no Group of the strategy selects (they are not part of the run). */
export function membersOutsideStrategy(
  strategy: UpdateRunStrategy,
  members: readonly FleetMemberRef[],
): FleetMemberRef[] {
  const groups = new Set(strategy.stages.flatMap((stage) => stage.groups.map((group) => group.name)));
  return members.filter((member) => member.group === undefined || !groups.has(member.group));
}

/**
 * Plans an UpdateRun: the NotStarted status skeleton of Stages, Groups and Members. Without a strategy, one Stage and
 * one Group hold every Member. With one, a Group holds the fleet Members whose `group` matches; Members of no listed
 * Group are left out, and a Group that matches no Member is rejected (ARM requires existing group names).
 * Members are ordered by name; maxConcurrency is resolved against Group and Stage sizes.
 */
export function planUpdateRun(input: {
  strategy?: UpdateRunStrategy;
  members: readonly FleetMemberRef[];
}): UpdateRunStatus {
  const strategy = input.strategy ?? oneByOneStrategy();
  if (input.strategy) validateStrategy(strategy);
  const seen = new Set<string>();
  for (const member of input.members) {
    if (seen.has(member.name)) throw new InvalidStrategyError(`Member '${member.name}' is listed twice.`, 'members');
    seen.add(member.name);
  }
  const sorted = [...input.members].sort(byName);
  const stages: UpdateStageStatus[] = strategy.stages.map((stage, s) => {
    const groups = stage.groups.map((group, g) => {
      const members = input.strategy ? sorted.filter((member) => member.group === group.name) : sorted;
      if (input.strategy && members.length === 0) {
        throw new InvalidStrategyError(
          `Group '${group.name}' does not match the update group of any fleet member.`,
          `strategy.stages[${s}].groups[${g}].name`,
        );
      }
      return {
        name: group.name,
        status: { state: 'NotStarted' as const },
        members: members.map(memberStatus),
        maxConcurrency: resolveMaxConcurrency(group.maxConcurrency, members.length, GROUP_MAX_CONCURRENCY_DEFAULT),
        ...(group.beforeGates ? { beforeGates: gates(group.beforeGates) } : {}),
        ...(group.afterGates ? { afterGates: gates(group.afterGates) } : {}),
      };
    });
    const size = groups.reduce((total, group) => total + group.members.length, 0);
    const wait = stage.afterStageWaitInSeconds ?? 0;
    return {
      name: stage.name,
      status: { state: 'NotStarted' as const },
      groups,
      maxConcurrency: resolveMaxConcurrency(stage.maxConcurrency, size, STAGE_MAX_CONCURRENCY_DEFAULT),
      ...(wait > 0
        ? { afterStageWaitStatus: { status: { state: 'NotStarted' as const }, waitDurationInSeconds: wait } }
        : {}),
      ...(stage.beforeGates ? { beforeGates: gates(stage.beforeGates) } : {}),
      ...(stage.afterGates ? { afterGates: gates(stage.afterGates) } : {}),
    };
  });
  return { status: { state: 'NotStarted' }, stages };
}
