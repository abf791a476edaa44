import type { SkipTarget } from './skip';
import type { ErrorDetail } from './types';

// The events, commands and state of an update group's engine (group-engine.ts).

/** A member as the group reads it from its row: name, cluster, and when its turn began (a turn resumed). */
export interface GroupMember {
  name: string;
  clusterResourceId: string;
  /** Its place in its group's plan, 0 first (kept on its row). */
  order: number;
  startTime?: string;
}

/** Everything a group knows between two events; small and bounded whatever the group's size. */
export interface GroupState {
  stage: string;
  group: string;
  maxConcurrency: number;
  /** Members read from storage and not begun yet, in update order (at most a page). */
  queue: GroupMember[];
  /** Where the next page of members begins, as storage handed it out with the page before (opaque here). */
  cursor?: string;
  /** Every member from `cursor` on has been read. */
  exhausted: boolean;
  /** A read of members (next page or Pending ones due) is under way. */
  reading: boolean;
  inFlight: GroupMember[];
  /** A member came back NotStarted (the intent changed under it): nothing begins until the intent is read again. */
  awaitingIntent: boolean;
  /** Members skipped while their update was in flight: their row is set Skipped again when it ends. */
  skippedInFlight: string[];
  /** The earliest moment a Pending member's maintenance window opens (the members themselves are in storage). */
  nextOpening?: string;
  /** A stop, or a failure elsewhere in the run: nothing new begins. */
  halted: boolean;
  /** The whole group was skipped. */
  skipped: boolean;
  /** How many skip targets of the run's intent were applied already. */
  skipsApplied: number;
  /** Failed members the group tolerates (maxAllowedFailures, resolved; 0 = fail-fast). */
  maxFailures: number;
  /** Members of this group that failed so far. */
  failures: number;
  /** Set once failures exceed maxFailures: the group begins no more members and ends Failed with it. */
  failure?: ErrorDetail;
  /** Members ended since the last checkpoint (the history grows with them). */
  endedSinceCheckpoint: number;
}

export type GroupEvent =
  /** The group began: the intent it begins under, and its first page of members. */
  | { type: 'begun'; intent: GroupIntent; page: MembersPage }
  | ({ type: 'membersRead' } & MembersPage)
  | { type: 'dueMembersRead'; members: GroupMember[]; nextOpening?: string }
  | {
      type: 'memberEnded';
      member: string;
      state: 'Completed' | 'Skipped' | 'Failed' | 'NotStarted';
      error?: ErrorDetail;
    }
  | { type: 'memberPending'; member: string; until: string }
  | { type: 'intent'; intent: GroupIntent }
  | { type: 'windowOpened' };

/** A page of a group's unfinished members in update order, read from `cursor` of the state on. */
export interface MembersPage {
  members: GroupMember[];
  cursor?: string;
  exhausted: boolean;
}

/** The run's stored intent as a group sees it. */
export interface GroupIntent {
  stopping: boolean;
  skips: readonly SkipTarget[];
}

export type GroupCommand =
  | { type: 'readMembers'; after?: string }
  | { type: 'readDueMembers' }
  | { type: 'readIntent' }
  | { type: 'begin'; member: GroupMember }
  /** Skipped rows for members neither finished nor in flight; `ended`: members whose update ended after their skip. */
  | { type: 'skipMembers'; names: string[]; all: boolean; inFlight: string[]; ended?: true }
  /** A member failed: count it against the stage's threshold (the run halts once the stage's is exceeded). */
  | { type: 'recordFailure'; error: ErrorDetail }
  | { type: 'waitUntil'; at: string }
  | { type: 'checkpoint' }
  | { type: 'end'; outcome: 'Ran' | 'Stopped' | 'Failed' | 'Skipped'; error?: ErrorDetail };

export interface GroupDecision {
  state: GroupState;
  commands: GroupCommand[];
}
