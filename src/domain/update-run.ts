import type { NodeImageVersion, UpdateState, UpdateStatus } from './types';

/** A Gate as shown inside the run status (`UpdateRunGateStatus`). */
export interface GateStatus {
  displayName?: string;
  gateId?: string;
  status: UpdateStatus;
}

/** Status of one Member's upgrade (ARM `MemberUpdateStatus`). */
export interface MemberUpdateStatus {
  name: string;
  clusterResourceId: string;
  operationId?: string;
  message?: string;
  status: UpdateStatus;
}

/** Status of a Group (ARM `UpdateGroupStatus`); `maxConcurrency` is the resolved count. */
export interface UpdateGroupStatus {
  name: string;
  status: UpdateStatus;
  members: MemberUpdateStatus[];
  maxConcurrency?: number;
  /** Failed members (may exceed maxAllowedFailures: members in flight finish). */
  failureCount?: number;
  /** Failed members the group tolerates before it stops beginning members (resolved; 0 = fail-fast). */
  maxAllowedFailures?: number;
  beforeGates?: GateStatus[];
  afterGates?: GateStatus[];
}

/** Status of the AfterStageWait of a Stage (ARM `WaitStatus`). */
export interface WaitStatus {
  status: UpdateStatus;
  waitDurationInSeconds: number;
}

/** Status of a Stage (ARM `UpdateStageStatus`). */
export interface UpdateStageStatus {
  name: string;
  status: UpdateStatus;
  groups: UpdateGroupStatus[];
  afterStageWaitStatus?: WaitStatus;
  maxConcurrency?: number;
  failureCount?: number;
  /** Failed members the stage tolerates (across its groups) before the run stops (resolved; 0 = fail-fast). */
  maxAllowedFailures?: number;
  beforeGates?: GateStatus[];
  afterGates?: GateStatus[];
}

/** Status of an UpdateRun (ARM `UpdateRunStatus`). */
export interface UpdateRunStatus {
  status: UpdateStatus;
  stages: UpdateStageStatus[];
  failureCount?: number;
  nodeImageSelection?: { selectedNodeImageVersions: NodeImageVersion[] };
}

/** A Member located in the run: its Stage, Group and indexes. */
export interface MemberLocation {
  stage: UpdateStageStatus;
  group: UpdateGroupStatus;
  member: MemberUpdateStatus;
}

/** Every Member of the run with its Stage and Group, in plan order. */
export function listMembers(run: UpdateRunStatus): MemberLocation[] {
  return run.stages.flatMap((stage) =>
    stage.groups.flatMap((group) => group.members.map((member) => ({ stage, group, member }))),
  );
}

/** Finds a Member by name, or undefined. */
export function findMember(run: UpdateRunStatus, name: string): MemberLocation | undefined {
  return listMembers(run).find((location) => location.member.name === name);
}

/** Finds a Group by name (Group names are unique across the run), or undefined. */
export function findGroup(
  run: UpdateRunStatus,
  name: string,
): { stage: UpdateStageStatus; group: UpdateGroupStatus } | undefined {
  for (const stage of run.stages) {
    const group = stage.groups.find((candidate) => candidate.name === name);
    if (group) return { stage, group };
  }
  return undefined;
}

/** Finds a Stage by name, or undefined. */
export function findStage(run: UpdateRunStatus, name: string): UpdateStageStatus | undefined {
  return run.stages.find((stage) => stage.name === name);
}

/** Deep copy, so that every domain operation returns a new status and never mutates its input. */
export function cloneStatus(run: UpdateRunStatus): UpdateRunStatus {
  return structuredClone(run);
}

/** True for states after which nothing more happens without a user action. */
export function isFinished(state: UpdateState): boolean {
  return state === 'Completed' || state === 'Skipped';
}
