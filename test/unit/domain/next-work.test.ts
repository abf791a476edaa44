import { describe, expect, it } from 'vitest';
import {
  NotInRunError,
  nextMembersToStart,
  planUpdateRun,
  recordMemberPending,
  recordMemberStarted,
  recordMemberSucceeded,
  startRun,
} from '../../../src/domain';
import { T0, aMember } from '../../fixtures/domain-builders';

function runWith(groupConcurrency?: string, stageConcurrency?: string) {
  const strategy = {
    stages: [
      {
        name: 's1',
        ...(stageConcurrency ? { maxConcurrency: stageConcurrency } : {}),
        groups: [{ name: 'a', ...(groupConcurrency ? { maxConcurrency: groupConcurrency } : {}) }, { name: 'b' }],
      },
    ],
  };
  const members = ['m1', 'm2', 'm3', 'm4'].map((name) => aMember(name, 'a')).concat([aMember('n1', 'b')]);
  return startRun(planUpdateRun({ strategy, members }), T0);
}

describe('nextMembersToStart', () => {
  it('starts one member at a time by default', () => {
    expect(nextMembersToStart(runWith(), { group: 'a' }).start).toEqual(['m1']);
    const busy = recordMemberStarted(runWith(), 'm1', { now: T0 });
    expect(nextMembersToStart(busy, { group: 'a' }).start).toEqual([]);
  });

  it('fills up to the group maxConcurrency', () => {
    let run = runWith('3');
    expect(nextMembersToStart(run, { group: 'a' }).start).toEqual(['m1', 'm2', 'm3']);
    run = recordMemberStarted(run, 'm1', { now: T0 });
    expect(nextMembersToStart(run, { group: 'a' }).start).toEqual(['m2', 'm3']);
  });

  it('never exceeds the stage maxConcurrency across groups', () => {
    let run = runWith('100%', '2');
    run = recordMemberStarted(run, 'n1', { now: T0 });
    expect(nextMembersToStart(run, { group: 'a' }).start).toEqual(['m1']);
  });

  it('moves past a Pending member and comes back to it when nothing else is left', () => {
    let run = runWith();
    run = recordMemberPending(run, 'm1', { now: T0, message: 'closed' });
    expect(nextMembersToStart(run, { group: 'a' })).toEqual({ start: ['m2'], waitingOnPending: ['m1'], done: false });
    for (const name of ['m2', 'm3', 'm4']) {
      run = recordMemberSucceeded(recordMemberStarted(run, name, { now: T0 }), name, { now: T0 });
    }
    expect(nextMembersToStart(run, { group: 'a' }).start).toEqual(['m1']);
    expect(nextMembersToStart(run, { group: 'a', pendingDue: [] })).toEqual({
      start: [],
      waitingOnPending: ['m1'],
      done: false,
    });
  });

  it('follows the maintenance-window priority order when given', () => {
    const run = runWith('2');
    expect(nextMembersToStart(run, { group: 'a', priority: ['m4', 'm2'] }).start).toEqual(['m4', 'm2']);
  });

  it('reports a group done when no member is left to start, wait for or finish', () => {
    let run = runWith();
    run = recordMemberSucceeded(recordMemberStarted(run, 'n1', { now: T0 }), 'n1', { now: T0 });
    expect(nextMembersToStart(run, { group: 'b' })).toEqual({ start: [], waitingOnPending: [], done: true });
  });

  it('names an unknown group', () => {
    expect(() => nextMembersToStart(runWith(), { group: 'zz' })).toThrow(NotInRunError);
  });
});
