import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_EVERY,
  decideGroup,
  initialGroupState,
  type GroupCommand,
  type GroupDecision,
  type GroupEvent,
  type GroupMember,
  type GroupState,
} from '../../../src/domain/group-engine';

// The update group's specification: what it does on each event. The orchestrator only carries these commands out.

const NOW = '2026-12-01T10:00:00.000Z';
const LATER = '2026-12-01T12:00:00.000Z';
const member = (name: string, order = 0): GroupMember => ({ name, clusterResourceId: `/c/${name}`, order });
const go = { stopping: false, skips: [] };

/** Feeds events in order, returning the last decision. */
function run(state: GroupState, events: GroupEvent[], now = NOW): GroupDecision {
  let decision: GroupDecision = { state, commands: [] };
  for (const event of events) decision = decideGroup(decision.state, event, now);
  return decision;
}
/** A group begun with no member read yet (its first page is given to it as a later read in these tests). */
const begun = (maxConcurrency = 1, maxFailures = 0): GroupDecision =>
  decideGroup(
    { ...initialGroupState('s1', 'g1', { maxConcurrency, maxFailures }), reading: true },
    { type: 'intent', intent: go },
    NOW,
  );
const read = (names: string[], exhausted = true, cursor = names.at(-1)): GroupEvent => ({
  type: 'membersRead',
  members: names.map((n) => member(n)),
  ...(cursor ? { cursor } : {}),
  exhausted,
});
const ended = (name: string, state: 'Completed' | 'Skipped' | 'Failed' = 'Completed'): GroupEvent => ({
  type: 'memberEnded',
  member: name,
  state,
  ...(state === 'Failed' ? { error: { code: 'UpgradeFailed', message: 'boom' } } : {}),
});
const begins = (commands: GroupCommand[]) => commands.flatMap((c) => (c.type === 'begin' ? [c.member.name] : []));

describe('an update group', () => {
  it('begins its first member from the page read as it began', () => {
    const page = { members: [member('m1'), member('m2')], cursor: 'm2', exhausted: true };
    const decision = decideGroup(
      initialGroupState('s1', 'g1', { maxConcurrency: 1, maxFailures: 0 }),
      { type: 'begun', intent: go, page },
      NOW,
    );
    expect(decision.commands).toEqual([{ type: 'begin', member: member('m1') }]);
  });

  it('begins one member at a time by default, the next as the one before it ends', () => {
    const first = run(begun().state, [read(['m1', 'm2', 'm3'])]);
    expect(begins(first.commands)).toEqual(['m1']);
    const second = decideGroup(first.state, ended('m1'), NOW);
    expect(begins(second.commands)).toEqual(['m2']);
  });

  it('keeps up to maxConcurrency members in flight', () => {
    const decision = run(begun(2).state, [read(['m1', 'm2', 'm3'])]);
    expect(begins(decision.commands)).toEqual(['m1', 'm2']);
    expect(begins(decideGroup(decision.state, ended('m2'), NOW).commands)).toEqual(['m3']);
  });

  it('reads the next page after the last member read while the last member of a page runs', () => {
    const decision = run(begun().state, [read(['m1'], false)]);
    expect(decision.commands).toEqual([
      { type: 'begin', member: member('m1') },
      { type: 'readMembers', after: 'm1' },
    ]);
  });

  it('holds a state of the same size whatever the group size: a page at a time, never the whole group', () => {
    let decision = run(begun().state, [read(['m1', 'm2'], false)]);
    for (let page = 0; page < 50; page++) {
      decision = run(decision.state, [ended(`m${2 * page + 1}`), ended(`m${2 * page + 2}`)]);
      const names = [`m${2 * page + 3}`, `m${2 * page + 4}`];
      decision = decideGroup(decision.state, read(names, false), NOW);
      expect(decision.state.queue.length + decision.state.inFlight.length).toBeLessThanOrEqual(2);
    }
  });

  it('ends once every member is read and none is in flight', () => {
    const decision = run(begun().state, [read(['m1']), ended('m1')]);
    expect(decision.commands).toEqual([{ type: 'end', outcome: 'Ran' }]);
  });

  it('moves on from a member waiting for its maintenance window and comes back when it opens', () => {
    const decision = run(begun().state, [read(['m1', 'm2']), { type: 'memberPending', member: 'm1', until: LATER }]);
    expect(begins(decision.commands)).toEqual(['m2']);
    const idle = decideGroup(decision.state, ended('m2'), NOW);
    expect(idle.commands).toEqual([{ type: 'waitUntil', at: LATER }]);
    const opened = decideGroup(idle.state, { type: 'windowOpened' }, LATER);
    expect(opened.commands).toEqual([{ type: 'readDueMembers' }]);
    const due = decideGroup(opened.state, { type: 'dueMembersRead', members: [member('m1')] }, LATER);
    expect(begins(due.commands)).toEqual(['m1']);
  });

  it('a skip of a member waiting for its window reads the waiting members again instead of waiting for that window', () => {
    const decision = run(begun().state, [read(['m1', 'm2']), { type: 'memberPending', member: 'm1', until: LATER }]);
    const idle = decideGroup(decision.state, ended('m2'), NOW);
    expect(idle.commands).toEqual([{ type: 'waitUntil', at: LATER }]);
    const skip = { type: 'intent' as const, intent: { ...go, skips: [{ type: 'Member' as const, name: 'm1' }] } };
    const skipped = decideGroup(idle.state, skip, NOW);
    expect(skipped.commands).toEqual([
      { type: 'skipMembers', names: ['m1'], all: false, inFlight: [] },
      { type: 'readDueMembers' },
    ]);
    // Nobody else waits: the group ends.
    expect(decideGroup(skipped.state, { type: 'dueMembersRead', members: [] }, NOW).commands).toEqual([
      { type: 'end', outcome: 'Ran' },
    ]);
  });

  it('begins a member whose window opened before the members waiting in line', () => {
    const pending: GroupEvent = { type: 'memberPending', member: 'm1', until: NOW };
    const opened = run(begun().state, [read(['m1', 'm2'], false), read(['m3'], false), pending], LATER);
    expect(opened.commands).toEqual([{ type: 'readDueMembers' }]);
    const due = decideGroup(opened.state, { type: 'dueMembersRead', members: [member('m1')] }, LATER);
    expect(begins(due.commands)).toEqual(['m1']);
    expect(due.state.queue.map((m) => m.name)).toEqual(['m2', 'm3']);
  });

  it('fails fast: a failed member is counted against the stage and nothing new begins; the group ends Failed', () => {
    const decision = run(begun(2).state, [read(['m1', 'm2', 'm3']), ended('m1', 'Failed')]);
    expect(decision.commands).toEqual([
      { type: 'recordFailure', error: { code: 'UpdateGroupFailed', message: "Member 'm1' failed: boom" } },
    ]);
    expect(run(decision.state, [ended('m2')]).commands).toEqual([
      { type: 'end', outcome: 'Failed', error: { code: 'UpdateGroupFailed', message: "Member 'm1' failed: boom" } },
    ]);
  });

  it('with maxAllowedFailures, goes on past tolerated failures and ends Ran; one more stops it and it ends Failed', () => {
    const tolerant = run(begun(1, 1).state, [read(['m1', 'm2', 'm3']), ended('m1', 'Failed')]);
    expect(tolerant.commands.map((c) => c.type)).toEqual(['recordFailure', 'begin']);
    expect(run(tolerant.state, [ended('m2'), ended('m3')]).commands).toEqual([{ type: 'end', outcome: 'Ran' }]);
    const past = run(tolerant.state, [ended('m2', 'Failed')]);
    expect(past.commands.map((c) => c.type)).toEqual(['recordFailure', 'end']);
    const end = past.commands.at(-1);
    expect(end?.type === 'end' && end.outcome).toBe('Failed');
    expect(end?.type === 'end' && end.error?.message).toContain('2 members failed, more than the 1 the group allows');
  });

  it('stops gracefully: in-flight members finish, none begins, and the group ends Stopped with members left', () => {
    const stopped = run(begun(2).state, [
      read(['m1', 'm2', 'm3']),
      { type: 'intent', intent: { ...go, stopping: true } },
    ]);
    expect(stopped.commands).toEqual([]);
    expect(run(stopped.state, [ended('m1'), ended('m2')]).commands).toEqual([{ type: 'end', outcome: 'Stopped' }]);
  });

  it('skips named members at once: out of line, their rows written, and an in-flight one stays Skipped', () => {
    const state = run(begun().state, [read(['m1', 'm2', 'm3'])]).state;
    const skips = [
      { type: 'Member' as const, name: 'm1' },
      { type: 'Member' as const, name: 'm2' },
    ];
    const skipped = decideGroup(state, { type: 'intent', intent: { stopping: false, skips } }, NOW);
    expect(skipped.commands).toEqual([{ type: 'skipMembers', names: ['m1', 'm2'], all: false, inFlight: ['m1'] }]);
    const after = decideGroup(skipped.state, ended('m1'), NOW);
    expect(after.commands).toEqual([
      { type: 'skipMembers', names: ['m1'], all: false, inFlight: [], ended: true },
      { type: 'begin', member: member('m3') },
    ]);
  });

  it('skipping its group or stage skips every member and ends the group Skipped', () => {
    const state = run(begun().state, [read(['m1', 'm2'], false)]).state;
    const skipped = decideGroup(
      state,
      { type: 'intent', intent: { stopping: false, skips: [{ type: 'Stage', name: 's1' }] } },
      NOW,
    );
    expect(skipped.commands).toEqual([{ type: 'skipMembers', names: [], all: true, inFlight: ['m1'] }]);
    const done = decideGroup(skipped.state, { type: 'membersRead', members: [], exhausted: true }, NOW);
    expect(run(done.state, [ended('m1')]).commands.at(-1)).toEqual({ type: 'end', outcome: 'Skipped' });
  });

  it('puts a member back in line when the intent changed under it, until the intent is read again', () => {
    const state = run(begun().state, [read(['m1', 'm2'])]).state;
    const back = decideGroup(state, { type: 'memberEnded', member: 'm1', state: 'NotStarted' }, NOW);
    expect(back.commands).toEqual([{ type: 'readIntent' }]);
    const stopped = decideGroup(back.state, { type: 'intent', intent: { ...go, stopping: true } }, NOW);
    expect(stopped.commands).toEqual([{ type: 'end', outcome: 'Stopped' }]);
  });

  it(`checkpoints its history every ${CHECKPOINT_EVERY} members, once nothing is in flight`, () => {
    const names = Array.from({ length: CHECKPOINT_EVERY + 1 }, (_, i) => `m${String(i).padStart(4, '0')}`);
    let decision = run(begun().state, [read(names, false)]);
    for (const name of names.slice(0, CHECKPOINT_EVERY - 1)) decision = decideGroup(decision.state, ended(name), NOW);
    expect(begins(decision.commands)).toEqual([names[CHECKPOINT_EVERY - 1]]);
    decision = decideGroup(decision.state, ended(names[CHECKPOINT_EVERY - 1] ?? ''), NOW);
    expect(decision.commands).toEqual([{ type: 'checkpoint' }]);
    expect(decision.state.endedSinceCheckpoint).toBe(0);
    expect(decision.state.queue.map((m) => m.name)).toEqual([names[CHECKPOINT_EVERY]]);
  });
});
