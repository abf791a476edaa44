import { isGroupSkipped, type SkipTarget } from './skip';
import type { ErrorDetail } from './types';

// The update group as a pure state machine: events in (a page of members was read, a member's update ended or went
// Pending, the intent changed, a window opened), decisions out (read the next page, begin a member, skip members,
// wait, checkpoint, end). The group orchestrator only feeds it events and carries out its commands. Its state is
// the same size for a group of 10 or 10,000 members: the members live in storage and are read a page at a time.

/** Members read from storage at once, and members finished between two checkpoints of the group's history. */
export const GROUP_PAGE_SIZE = 100;
export const CHECKPOINT_EVERY = 100;

/** A member as the group reads it from its row: name, cluster, and when its turn began (a turn resumed). */
export interface GroupMember {
  name: string;
  clusterResourceId: string;
  /** Its place in the run's plan (kept on its row). */
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
  /** The last member name read from storage (members are read in name order after it). */
  cursor?: string;
  /** Every member after `cursor` has been read. */
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
  /** This group's first member failure (fail-fast). */
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

/** A page of a group's unfinished members in update order, read after `cursor` of the state. */
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
  | { type: 'haltRun'; error: ErrorDetail }
  | { type: 'waitUntil'; at: string }
  | { type: 'checkpoint' }
  | { type: 'end'; outcome: 'Ran' | 'Stopped' | 'Failed' | 'Skipped'; error?: ErrorDetail };

export interface GroupDecision {
  state: GroupState;
  commands: GroupCommand[];
}

export function initialGroupState(stage: string, group: string, maxConcurrency: number): GroupState {
  return {
    stage,
    group,
    maxConcurrency,
    queue: [],
    exhausted: false,
    reading: false,
    inFlight: [],
    awaitingIntent: false,
    skippedInFlight: [],
    halted: false,
    skipped: false,
    skipsApplied: 0,
    endedSinceCheckpoint: 0,
  };
}

/** The group's answer to one event at `now` (ISO): its next state and what to do. */
export function decideGroup(current: GroupState, event: GroupEvent, now: string): GroupDecision {
  const state: GroupState = { ...current, queue: [...current.queue], inFlight: [...current.inFlight] };
  const commands: GroupCommand[] = [];
  switch (event.type) {
    case 'begun':
      takePage(state, event.page);
      commands.push(...applyIntent(state, event.intent));
      break;
    case 'intent':
      commands.push(...applyIntent(state, event.intent));
      break;
    case 'membersRead':
      takePage(state, event);
      break;
    case 'dueMembersRead':
      state.reading = false;
      state.nextOpening = event.nextOpening;
      // A member whose window is open now goes before every member not read yet (update priority).
      state.queue.unshift(...event.members.filter((m) => !isInFlight(state, m.name)));
      break;
    case 'memberEnded':
      commands.push(...memberEnded(state, event));
      break;
    case 'memberPending':
      state.endedSinceCheckpoint++;
      state.inFlight = state.inFlight.filter((m) => m.name !== event.member);
      state.nextOpening = earliest(state.nextOpening, event.until);
      break;
    case 'windowOpened':
      break;
  }
  commands.push(...schedule(state, now));
  return { state, commands };
}

function takePage(state: GroupState, page: MembersPage): void {
  state.reading = false;
  state.cursor = page.cursor ?? state.cursor;
  state.exhausted = page.exhausted;
  state.queue.push(...page.members.filter((m) => !isInFlight(state, m.name)));
}

function applyIntent(state: GroupState, intent: GroupIntent): GroupCommand[] {
  state.halted = state.halted || intent.stopping;
  state.awaitingIntent = false;
  if (intent.skips.length === state.skipsApplied) return [];
  state.skipsApplied = intent.skips.length;
  const all = isGroupSkipped(intent.skips, state.stage, state.group);
  const names = intent.skips.filter((t) => t.type === 'Member').map((t) => t.name);
  if (all) {
    state.skipped = true;
    state.queue = [];
    state.exhausted = true;
    state.nextOpening = undefined;
  } else {
    state.queue = state.queue.filter((m) => !names.includes(m.name));
  }
  const inFlight = state.inFlight.map((m) => m.name);
  const hit = inFlight.filter((name) => all || names.includes(name));
  state.skippedInFlight = [...new Set([...state.skippedInFlight, ...hit])];
  return [{ type: 'skipMembers', names: all ? [] : names, all, inFlight }];
}

function memberEnded(state: GroupState, event: Extract<GroupEvent, { type: 'memberEnded' }>): GroupCommand[] {
  const member = state.inFlight.find((m) => m.name === event.member);
  state.inFlight = state.inFlight.filter((m) => m.name !== event.member);
  state.endedSinceCheckpoint++;
  if (state.skippedInFlight.includes(event.member)) {
    // Skipped by the user while its update ran: the update ended, the member stays Skipped.
    state.skippedInFlight = state.skippedInFlight.filter((name) => name !== event.member);
    const inFlight = state.inFlight.map((m) => m.name);
    return [{ type: 'skipMembers', names: [event.member], all: false, inFlight, ended: true }];
  }
  if (event.state === 'NotStarted') {
    // The intent changed under it (a stop, a halt, a skip): it goes back in line until the intent is read again.
    if (member) state.queue.unshift(member);
    state.awaitingIntent = true;
    return [{ type: 'readIntent' }];
  }
  if (event.state !== 'Failed' || state.failure) return [];
  state.failure = {
    code: 'UpdateGroupFailed',
    message: `Member '${event.member}' failed: ${event.error?.message ?? 'unknown error'}`,
  };
  state.halted = true;
  return [{ type: 'haltRun', error: state.failure }];
}

/** What the state asks for next: members to begin, a read, a wait, a checkpoint or the end. */
function schedule(state: GroupState, now: string): GroupCommand[] {
  if (state.reading || state.awaitingIntent) return [];
  const commands: GroupCommand[] = [];
  const due = state.nextOpening !== undefined && state.nextOpening <= now;
  const checkpointDue = state.endedSinceCheckpoint >= CHECKPOINT_EVERY;
  if (!state.halted && !checkpointDue) {
    if (due) {
      state.reading = true;
      return [{ type: 'readDueMembers' }];
    }
    while (state.inFlight.length < state.maxConcurrency && state.queue.length > 0) {
      const member = state.queue.shift();
      if (!member) break;
      state.inFlight.push(member);
      commands.push({ type: 'begin', member });
    }
    if (state.queue.length === 0 && !state.exhausted) {
      state.reading = true;
      return [...commands, { type: 'readMembers', ...(state.cursor !== undefined ? { after: state.cursor } : {}) }];
    }
  }
  const idle = state.queue.length === 0 && state.exhausted && state.inFlight.length < state.maxConcurrency;
  if (!state.halted && !checkpointDue && state.nextOpening !== undefined && idle) {
    commands.push({ type: 'waitUntil', at: state.nextOpening });
  }
  if (state.inFlight.length > 0 || commands.length > 0) return commands;
  if (checkpointDue && !state.halted) {
    state.endedSinceCheckpoint = 0;
    return [{ type: 'checkpoint' }];
  }
  return [{ type: 'end', ...groupOutcome(state) }];
}

function groupOutcome(state: GroupState): Pick<Extract<GroupCommand, { type: 'end' }>, 'outcome' | 'error'> {
  if (state.failure) return { outcome: 'Failed', error: state.failure };
  if (state.skipped) return { outcome: 'Skipped' };
  const unfinished = state.queue.length > 0 || !state.exhausted || state.nextOpening !== undefined;
  return { outcome: state.halted && unfinished ? 'Stopped' : 'Ran' };
}

function isInFlight(state: GroupState, name: string): boolean {
  return state.inFlight.some((m) => m.name === name);
}

function earliest(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}
