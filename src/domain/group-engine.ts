import { isGroupSkipped } from './skip';
import type {
  GroupCommand,
  GroupDecision,
  GroupEvent,
  GroupIntent,
  GroupState,
  MembersPage,
} from './group-engine.types';

export type * from './group-engine.types';

// The update group as a pure state machine: events in (a page of members was read, a member's update ended or went
// Pending, the intent changed, a window opened), decisions out (read the next page, begin a member, skip members,
// wait, checkpoint, end). The group orchestrator only feeds it events and carries out its commands. Its state is
// the same size for a group of 10 or 10,000 members: the members live in storage and are read a page at a time.

/**
 * Members read from storage at once (each page is put in maintenance-window priority order as it is read, with the
 * windows as they are then). A group's first page is small, so its first member begins at once even when 50 groups
 * of a stage begin together; later pages are read while a member of the page before upgrades. And the members that
 * end between two checkpoints of the group's history.
 */
export const FIRST_PAGE_SIZE = 10;
export const GROUP_PAGE_SIZE = 100;
export const CHECKPOINT_EVERY = 100;

export function initialGroupState(
  stage: string,
  group: string,
  limits: { maxConcurrency: number; maxFailures: number },
): GroupState {
  return {
    stage,
    group,
    maxConcurrency: limits.maxConcurrency,
    maxFailures: limits.maxFailures,
    failures: 0,
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
      commands.push(...applyIntent(state, event.intent, now));
      break;
    case 'intent':
      commands.push(...applyIntent(state, event.intent, now));
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

function applyIntent(state: GroupState, intent: GroupIntent, now: string): GroupCommand[] {
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
    // The window the group waits for may be a skipped member's: read the waiting members again (after the skip's
    // rows are written) to learn the next opening, instead of waiting for a window nobody needs.
    if (names.length > 0 && state.nextOpening !== undefined) state.nextOpening = now;
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
  if (event.state !== 'Failed') return [];
  state.failures++;
  const error = {
    code: 'UpdateGroupFailed',
    message: `Member '${event.member}' failed: ${event.error?.message ?? 'unknown error'}`,
  };
  // Past its threshold the group begins no more members; in-flight ones finish.
  if (state.failures > state.maxFailures && !state.failure) {
    state.failure =
      state.maxFailures === 0
        ? error
        : {
            ...error,
            message: `${state.failures} members failed, more than the ${state.maxFailures} the group allows. ${error.message}`,
          };
    state.halted = true;
  }
  return [{ type: 'recordFailure', error }];
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
