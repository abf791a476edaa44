import { resolveMaxAllowedFailures } from './failure-tolerance';
import type { GateConfig, UpdateRunStrategy } from './strategy.schema';

/** The status shapes are the domain's (they are ARM's): one definition for the API, domain and orchestrations. */
export type {
  GateStatus,
  MemberUpdateStatus,
  UpdateGroupStatus,
  UpdateRunStatus,
  UpdateStageStatus,
  UpdateState,
  UpdateStatus,
} from '../domain';
import type { GateStatus, UpdateGroupStatus, UpdateRunStatus, UpdateStageStatus, UpdateStatus } from '../domain';

/** A member as the run plans it: which stage and group it updates in. */
export interface PlannedMember {
  name: string;
  clusterResourceId: string;
  stage: string;
  group: string;
}

/** Stored progress, keyed like the status rows (`run`, `stage|s`, `wait|s`, `group|s|g`, `member|s|g|m`). */
export interface StatusOverlay {
  statuses: ReadonlyMap<string, UpdateStatus>;
  members: ReadonlyMap<string, { operationId?: string; message?: string }>;
  /** The gate resource of each gate the run has reached, by its row key. */
  gateIds?: ReadonlyMap<string, string>;
  selectedNodeImageVersions?: string[];
}

/** Without a strategy a run updates every member one by one: a single stage holding a single group. */
export const ONE_BY_ONE_STAGE = 'default';
export const ONE_BY_ONE_GROUP = 'default';
export const DEFAULT_STAGE_CONCURRENCY = '50';
export const DEFAULT_GROUP_CONCURRENCY = '1';

export const statusKey = {
  run: (): string => 'run',
  stage: (stage: string): string => `stage|${stage}`,
  wait: (stage: string): string => `wait|${stage}`,
  group: (stage: string, group: string): string => `group|${stage}|${group}`,
  member: (stage: string, group: string, member: string): string => `member|${stage}|${group}|${member}`,
  /** The `index`th gate before or after a stage (no group) or a group. */
  gate: (timing: 'Before' | 'After', stage: string, group: string | undefined, index: number): string =>
    ['gate', timing.toLowerCase(), stage, ...(group !== undefined ? [group] : []), String(index)].join('|'),
};

/** The strategy a run follows: its own, or the implicit one-by-one strategy. */
export function effectiveStrategy(strategy: UpdateRunStrategy | undefined): UpdateRunStrategy {
  return strategy ?? { stages: [{ name: ONE_BY_ONE_STAGE, groups: [{ name: ONE_BY_ONE_GROUP }] }] };
}

/** Places fleet members into the strategy's groups (one-by-one: all members, by name). */
export function planMembers(
  strategy: UpdateRunStrategy | undefined,
  members: ReadonlyArray<{ name: string; clusterResourceId: string; group?: string }>,
): PlannedMember[] {
  const sorted = [...members].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (strategy === undefined) {
    return sorted.map((m) => ({ ...pick(m), stage: ONE_BY_ONE_STAGE, group: ONE_BY_ONE_GROUP }));
  }
  const stageOfGroup = new Map<string, string>();
  for (const stage of strategy.stages) for (const group of stage.groups) stageOfGroup.set(group.name, stage.name);
  return sorted.flatMap((m) => {
    const stage = m.group === undefined ? undefined : stageOfGroup.get(m.group);
    return stage === undefined || m.group === undefined ? [] : [{ ...pick(m), stage, group: m.group }];
  });
}

function pick(m: { name: string; clusterResourceId: string }): { name: string; clusterResourceId: string } {
  return { name: m.name, clusterResourceId: m.clusterResourceId };
}

/** `N` or `N%` of `population`, rounded down, at least 1. */
export function resolveConcurrency(value: string, population: number): number {
  if (!value.endsWith('%')) return Number(value);
  return Math.max(1, Math.floor((Number(value.slice(0, -1)) * population) / 100));
}

/** A fresh object each time: domain operations mutate the statuses of a (structured) clone, which keeps shared
 * references shared, so one shared NotStarted object would carry a skip of one stage to every untouched entity. */
const notStarted = (): UpdateStatus => ({ state: 'NotStarted' });

function gates(
  configs: GateConfig[] | undefined,
  keyOf: (index: number) => string,
  overlay: StatusOverlay | undefined,
): GateStatus[] | undefined {
  return configs?.map((gate, index) => {
    const key = keyOf(index);
    const gateId = overlay?.gateIds?.get(key);
    return {
      ...(gate.displayName !== undefined ? { displayName: gate.displayName } : {}),
      ...(gateId !== undefined ? { gateId } : {}),
      status: overlay?.statuses.get(key) ?? notStarted(),
    };
  });
}

/** Planned members by their group's status key, each group's in plan order. */
function plannedByGroup(planned: readonly PlannedMember[]): Map<string, PlannedMember[]> {
  const byGroup = new Map<string, PlannedMember[]>();
  for (const member of planned) {
    const key = statusKey.group(member.stage, member.group);
    const members = byGroup.get(key);
    if (members) members.push(member);
    else byGroup.set(key, [member]);
  }
  return byGroup;
}

/** Composes `properties.status` from the strategy, the planned members and whatever progress is stored. */
export function composeRunStatus(
  strategy: UpdateRunStrategy | undefined,
  planned: readonly PlannedMember[],
  overlay?: StatusOverlay,
): UpdateRunStatus {
  const statusOf = (key: string): UpdateStatus => overlay?.statuses.get(key) ?? notStarted();
  const byGroup = plannedByGroup(planned);
  const stages = effectiveStrategy(strategy).stages.map((stage): UpdateStageStatus => {
    let stagePopulation = 0;
    let stageFailures = 0;
    const groups = stage.groups.map((group): UpdateGroupStatus => {
      const members = (byGroup.get(statusKey.group(stage.name, group.name)) ?? []).map((m) => {
        const extra = overlay?.members.get(statusKey.member(stage.name, group.name, m.name));
        return {
          name: m.name,
          clusterResourceId: m.clusterResourceId,
          ...(extra?.operationId !== undefined ? { operationId: extra.operationId } : {}),
          ...(extra?.message !== undefined ? { message: extra.message } : {}),
          status: statusOf(statusKey.member(stage.name, group.name, m.name)),
        };
      });
      stagePopulation += members.length;
      const failureCount = members.filter((m) => m.status.state === 'Failed').length;
      stageFailures += failureCount;
      const before = gates(group.beforeGates, (i) => statusKey.gate('Before', stage.name, group.name, i), overlay);
      const after = gates(group.afterGates, (i) => statusKey.gate('After', stage.name, group.name, i), overlay);
      return {
        name: group.name,
        status: statusOf(statusKey.group(stage.name, group.name)),
        members,
        maxConcurrency: resolveConcurrency(group.maxConcurrency ?? DEFAULT_GROUP_CONCURRENCY, members.length),
        failureCount,
        maxAllowedFailures: resolveMaxAllowedFailures(group.maxAllowedFailures, members.length),
        ...(before ? { beforeGates: before } : {}),
        ...(after ? { afterGates: after } : {}),
      };
    });
    const wait = stage.afterStageWaitInSeconds ?? 0;
    const before = gates(stage.beforeGates, (i) => statusKey.gate('Before', stage.name, undefined, i), overlay);
    const after = gates(stage.afterGates, (i) => statusKey.gate('After', stage.name, undefined, i), overlay);
    return {
      name: stage.name,
      status: statusOf(statusKey.stage(stage.name)),
      groups,
      ...(wait > 0
        ? { afterStageWaitStatus: { status: statusOf(statusKey.wait(stage.name)), waitDurationInSeconds: wait } }
        : {}),
      maxConcurrency: resolveConcurrency(stage.maxConcurrency ?? DEFAULT_STAGE_CONCURRENCY, stagePopulation),
      failureCount: stageFailures,
      maxAllowedFailures: resolveMaxAllowedFailures(stage.maxAllowedFailures, stagePopulation),
      ...(before ? { beforeGates: before } : {}),
      ...(after ? { afterGates: after } : {}),
    };
  });
  const selected = overlay?.selectedNodeImageVersions;
  return {
    status: statusOf(statusKey.run()),
    stages,
    failureCount: stages.reduce((sum, stage) => sum + (stage.failureCount ?? 0), 0),
    ...(selected
      ? { nodeImageSelection: { selectedNodeImageVersions: selected.map((version) => ({ version })) } }
      : {}),
  };
}
