import { NotInRunError } from './errors';
import type { UpdateGroupStatus, UpdateRunStatus, UpdateStageStatus } from './update-run';
import { findGroup, isFinished } from './update-run';

/** What the run orchestrator does next. */
export type RunStep =
  | { type: 'runStage'; stage: string; groups: string[] }
  | { type: 'afterStageWait'; stage: string; seconds: number }
  | { type: 'halted' }
  | { type: 'done' };

const ACTIVE_RUN = new Set(['Running', 'Pending']);

/** Next step: the first unfinished Stage runs its unfinished Groups, then its AfterStageWait, then the next Stage. */
export function nextRunStep(run: UpdateRunStatus): RunStep {
  if (isFinished(run.status.state)) return { type: 'done' };
  if (!ACTIVE_RUN.has(run.status.state)) return { type: 'halted' };
  const stage = run.stages.find((candidate) => !isFinished(candidate.status.state));
  if (!stage) return { type: 'done' };
  const groups = stage.groups.filter((group) => !isFinished(group.status.state)).map((group) => group.name);
  if (groups.length > 0) return { type: 'runStage', stage: stage.name, groups };
  const wait = stage.afterStageWaitStatus;
  return { type: 'afterStageWait', stage: stage.name, seconds: wait?.waitDurationInSeconds ?? 0 };
}

/** Input for choosing which Members of a Group to start now. */
export interface NextMembersInput {
  group: string;
  /** Member names in priority order (see orderMembersForUpdate); Members not listed follow in plan order. */
  priority?: readonly string[];
  /** Pending Members worth re-checking now (e.g. their window opens); omitted = all Pending Members. */
  pendingDue?: readonly string[];
}

/** The Members to start now, those still waiting as Pending, and whether the Group has nothing left to do. */
export interface NextMembers {
  start: string[];
  waitingOnPending: string[];
  done: boolean;
}

function inflight(groups: readonly UpdateGroupStatus[]): number {
  return groups.reduce((count, group) => count + group.members.filter((m) => m.status.state === 'Running').length, 0);
}

function ordered(group: UpdateGroupStatus, priority: readonly string[] | undefined): string[] {
  const names = group.members.map((member) => member.name);
  if (!priority) return names;
  const rank = new Map(priority.map((name, index) => [name, index]));
  return [...names].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || 0);
}

/**
 * Chooses the Members of a Group to start now under the Group and Stage maxConcurrency: NotStarted Members first
 * (so a Group moves past Pending ones), then Pending Members that are due for another try. Starts nothing unless the
 * run is Running or Pending.
 */
export function nextMembersToStart(run: UpdateRunStatus, input: NextMembersInput): NextMembers {
  const found = findGroup(run, input.group);
  if (!found) throw new NotInRunError('Group', input.group);
  const { stage, group } = found;
  const byName = new Map(group.members.map((member) => [member.name, member]));
  const names = ordered(group, input.priority);
  const stateOf = (name: string): string => byName.get(name)?.status.state ?? 'Skipped';
  const pending = names.filter((name) => stateOf(name) === 'Pending');
  const running = names.filter((name) => stateOf(name) === 'Running');
  const notStarted = names.filter((name) => stateOf(name) === 'NotStarted');
  const done = pending.length === 0 && running.length === 0 && notStarted.length === 0;
  if (!ACTIVE_RUN.has(run.status.state) || isFinished(group.status.state)) {
    return { start: [], waitingOnPending: pending, done };
  }
  const slots = Math.max(0, Math.min(groupLimit(group) - running.length, stageLimit(stage) - inflight(stage.groups)));
  const due = input.pendingDue ? pending.filter((name) => input.pendingDue?.includes(name)) : pending;
  const start = [...notStarted, ...due].slice(0, slots);
  return { start, waitingOnPending: pending.filter((name) => !start.includes(name)), done };
}

function groupLimit(group: UpdateGroupStatus): number {
  return group.maxConcurrency ?? 1;
}

function stageLimit(stage: UpdateStageStatus): number {
  return stage.maxConcurrency ?? Infinity;
}
