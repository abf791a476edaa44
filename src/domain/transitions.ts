import { InvalidTransitionError, type StatefulEntity } from './errors';
import type { UpdateState } from './types';

/** Actions on an UpdateRun: user intents plus what the orchestrator reports. */
export type RunAction =
  | 'start'
  | 'stop'
  | 'skip'
  | 'delete'
  | 'memberFailed'
  | 'allInflightEnded'
  | 'failureSettled'
  | 'pend'
  | 'resume'
  | 'complete';

/** Actions on a Member: what the orchestrator observed, or a user skip/stop, or a restart reset. */
export type MemberAction =
  'memberStarted' | 'memberSucceeded' | 'memberFailed' | 'memberSkipped' | 'memberPending' | 'skip' | 'stop' | 'reset';

/** Actions on an AfterStageWait. */
export type WaitAction = 'waitStarted' | 'waitEnded' | 'skip' | 'stop' | 'reset';

/** Actions on a Group or Stage (their other states are rolled up from children). */
export type ContainerAction = 'skip';

/** A transitions table: for each state, the allowed actions and the state each leads to. */
export type TransitionTable<A extends string, T extends string = UpdateState> = Record<
  UpdateState,
  Partial<Record<A, T>>
>;

/** UpdateRun transitions; `skip` keeps the state (roll-up decides), `delete` leads out of existence. */
export const RUN_TRANSITIONS: TransitionTable<RunAction, UpdateState | 'Deleted'> = {
  NotStarted: { start: 'Running', skip: 'NotStarted', delete: 'Deleted' },
  Running: { stop: 'Stopping', skip: 'Running', memberFailed: 'Stopping', pend: 'Pending', complete: 'Completed' },
  // Skip while Pending is what lets a run past a Member waiting on a closed maintenance window.
  Pending: { stop: 'Stopping', skip: 'Pending', memberFailed: 'Stopping', resume: 'Running', complete: 'Completed' },
  Stopping: { memberFailed: 'Stopping', allInflightEnded: 'Stopped', failureSettled: 'Failed' },
  Stopped: { start: 'Running', skip: 'Stopped', delete: 'Deleted' },
  Failed: { start: 'Running', skip: 'Failed', delete: 'Deleted' },
  Completed: { delete: 'Deleted' },
  Skipped: { delete: 'Deleted' },
};

/** Member transitions. Late results of a Member the user skipped are ignored (it stays Skipped). */
export const MEMBER_TRANSITIONS: TransitionTable<MemberAction> = {
  NotStarted: {
    memberStarted: 'Running',
    memberPending: 'Pending',
    memberSkipped: 'Skipped',
    memberFailed: 'Failed',
    skip: 'Skipped',
  },
  Pending: {
    memberStarted: 'Running',
    memberPending: 'Pending',
    memberSkipped: 'Skipped',
    memberFailed: 'Failed',
    skip: 'Skipped',
    stop: 'Stopped',
  },
  Running: {
    memberSucceeded: 'Completed',
    memberFailed: 'Failed',
    memberSkipped: 'Skipped',
    memberPending: 'Pending',
    skip: 'Skipped',
  },
  Stopping: {},
  Stopped: { reset: 'NotStarted', skip: 'Skipped' },
  Failed: { reset: 'NotStarted', skip: 'Skipped' },
  Skipped: { skip: 'Skipped', memberSucceeded: 'Skipped', memberFailed: 'Skipped' },
  Completed: {},
};

/** AfterStageWait transitions. */
export const WAIT_TRANSITIONS: TransitionTable<WaitAction> = {
  NotStarted: { waitStarted: 'Running', skip: 'Skipped' },
  Running: { waitEnded: 'Completed', skip: 'Skipped', stop: 'Stopped' },
  Pending: {},
  Stopping: {},
  Stopped: { reset: 'NotStarted', skip: 'Skipped' },
  Failed: { reset: 'NotStarted', skip: 'Skipped' },
  Skipped: { skip: 'Skipped', waitEnded: 'Skipped' },
  Completed: {},
};

const skippable: Partial<Record<ContainerAction, UpdateState>> = { skip: 'Skipped' };
/** Group and Stage transitions driven by the user (everything else is roll-up). */
export const CONTAINER_TRANSITIONS: TransitionTable<ContainerAction> = {
  NotStarted: skippable,
  Running: skippable,
  Pending: skippable,
  Stopping: skippable,
  Stopped: skippable,
  Failed: skippable,
  Skipped: skippable,
  Completed: {},
};

/** The state `action` leads to from `from`, or an InvalidTransitionError carrying both. */
export function nextState<A extends string, T extends string>(
  table: TransitionTable<A, T>,
  entity: StatefulEntity,
  from: UpdateState,
  action: A,
  entityName?: string,
): T {
  const to = table[from][action];
  if (to === undefined) throw new InvalidTransitionError(entity, from, action, entityName);
  return to;
}

/** True when `action` is allowed from `from`. */
export function canTransition<A extends string, T extends string>(
  table: TransitionTable<A, T>,
  from: UpdateState,
  action: A,
): boolean {
  return table[from][action] !== undefined;
}
