import { describe, expect, it } from 'vitest';
import {
  SkipTargetCompletedError,
  UnknownSkipTargetError,
  applySkip,
  nextRunStep,
  recordMemberFailed,
  recordMemberPending,
  recordMemberStarted,
  recordMemberSucceeded,
  recordWaitStarted,
  startRun,
  stopRun,
  type UpdateRunStatus,
} from '../../../src/domain';
import { T0, aRunStatus, aStrategy, stateOf } from '../../fixtures/domain-builders';

const T1 = '2026-03-02T11:00:00.000Z';

function exampleRun(): UpdateRunStatus {
  const strategy = aStrategy({ stage1: ['group-a', 'group-b'] }, { stage1: { afterStageWaitInSeconds: 3600 } });
  return aRunStatus(strategy, { 'group-a': ['member-one'], 'group-b': ['member-two'] });
}

function threeStageRun(): UpdateRunStatus {
  const strategy = aStrategy({ s1: ['a', 'b'], s2: ['c'], s3: ['d'] }, { s2: { afterStageWaitInSeconds: 30 } });
  return aRunStatus(strategy, { a: ['m1', 'm2'], b: ['m3'], c: ['m4', 'm5'], d: ['m6'] });
}

describe('applySkip', () => {
  it('reproduces the ARM skip example: member-one and the wait skipped, group-b still Running', () => {
    let run = startRun(exampleRun(), T0);
    run = recordMemberStarted(recordMemberStarted(run, 'member-one', { now: T0 }), 'member-two', { now: T0 });
    const { status } = applySkip(
      run,
      [
        { type: 'Member', name: 'member-one' },
        { type: 'AfterStageWait', name: 'stage1' },
      ],
      T1,
    );
    expect(stateOf(status, 'Member', 'member-one')).toBe('Skipped');
    expect(stateOf(status, 'Group', 'group-a')).toBe('Skipped');
    expect(stateOf(status, 'Group', 'group-b')).toBe('Running');
    expect(stateOf(status, 'Wait', 'stage1')).toBe('Skipped');
    expect(stateOf(status, 'Stage', 'stage1')).toBe('Running');
    expect(status.status.state).toBe('Running');
  });

  it('cascades a stage skip to its groups, members and wait', () => {
    const { status } = applySkip(threeStageRun(), [{ type: 'Stage', name: 's2' }], T0);
    expect(stateOf(status, 'Stage', 's2')).toBe('Skipped');
    expect(stateOf(status, 'Group', 'c')).toBe('Skipped');
    expect([stateOf(status, 'Member', 'm4'), stateOf(status, 'Member', 'm5')]).toEqual(['Skipped', 'Skipped']);
    expect(stateOf(status, 'Wait', 's2')).toBe('Skipped');
    expect(stateOf(status, 'Stage', 's1')).toBe('NotStarted');
    expect(status.status.state).toBe('NotStarted');
  });

  it('skips a group but keeps its members that already Completed', () => {
    let run = startRun(threeStageRun(), T0);
    run = recordMemberSucceeded(recordMemberStarted(run, 'm1', { now: T0 }), 'm1', { now: T0 });
    const { status } = applySkip(run, [{ type: 'Group', name: 'a' }], T1);
    expect(stateOf(status, 'Group', 'a')).toBe('Skipped');
    expect(stateOf(status, 'Member', 'm1')).toBe('Completed');
    expect(stateOf(status, 'Member', 'm2')).toBe('Skipped');
  });

  it('rolls up: a group whose members are all skipped is Skipped, a stage whose groups all are is Skipped with its wait', () => {
    const members = [
      { type: 'Member' as const, name: 'm4' },
      { type: 'Member' as const, name: 'm5' },
    ];
    const { status } = applySkip(threeStageRun(), members, T0);
    expect(stateOf(status, 'Group', 'c')).toBe('Skipped');
    expect(stateOf(status, 'Stage', 's2')).toBe('Skipped');
    expect(stateOf(status, 'Wait', 's2')).toBe('Skipped');
  });

  it('makes the run Skipped when every stage is skipped', () => {
    const targets = ['s1', 's2', 's3'].map((name) => ({ type: 'Stage' as const, name }));
    const { status } = applySkip(threeStageRun(), targets, T0);
    expect(status.status.state).toBe('Skipped');
    expect(nextRunStep(status)).toEqual({ type: 'done' });
  });

  it('tells the orchestrator to stop waiting on a skipped Pending member at once and lets the group move on', () => {
    let run = startRun(threeStageRun(), T0);
    run = recordMemberPending(run, 'm3', { now: T0, message: 'closed' });
    const { status, effects } = applySkip(run, [{ type: 'Member', name: 'm3' }], T1);
    expect(effects).toEqual([{ type: 'skipMember', stage: 's1', group: 'b', member: 'm3' }]);
    expect(stateOf(status, 'Group', 'b')).toBe('Skipped');
  });

  it('tells the orchestrator to cancel a running after-stage wait', () => {
    let run = startRun(exampleRun(), T0);
    for (const name of ['member-one', 'member-two']) {
      run = recordMemberSucceeded(recordMemberStarted(run, name, { now: T0 }), name, { now: T0 });
    }
    run = recordWaitStarted(run, 'stage1', T0);
    const { status, effects } = applySkip(run, [{ type: 'AfterStageWait', name: 'stage1' }], T1);
    expect(effects).toEqual([{ type: 'cancelWait', stage: 'stage1' }]);
    expect(status.status.state).toBe('Completed');
  });

  it('rejects an unknown target with a 400 naming it', () => {
    const skip = () => applySkip(threeStageRun(), [{ type: 'Group', name: 'nope' }], T0);
    expect(skip).toThrow(UnknownSkipTargetError);
    try {
      skip();
    } catch (error) {
      const { code, message, target } = error as UnknownSkipTargetError;
      expect({ code, message, target }).toMatchInlineSnapshot(`
        {
          "code": "InvalidRequestContent",
          "message": "Skip target Group 'nope' does not exist in this update run.",
          "target": "targets",
        }
      `);
    }
  });

  it('treats the wait of a stage that has none as an unknown target', () => {
    expect(() => applySkip(threeStageRun(), [{ type: 'AfterStageWait', name: 's1' }], T0)).toThrow(
      /AfterStageWait 's1'/,
    );
  });

  it('rejects a target that already Completed with a 409 naming it, applying none of the targets', () => {
    let run = startRun(threeStageRun(), T0);
    run = recordMemberSucceeded(recordMemberStarted(run, 'm1', { now: T0 }), 'm1', { now: T0 });
    const skip = () =>
      applySkip(
        run,
        [
          { type: 'Member', name: 'm2' },
          { type: 'Member', name: 'm1' },
        ],
        T1,
      );
    expect(skip).toThrow(SkipTargetCompletedError);
    expect(skip).toThrow(expect.objectContaining({ code: 'Conflict', targetName: 'm1' }));
    expect(stateOf(run, 'Member', 'm2')).toBe('NotStarted');
  });

  it('refuses to skip while the run is Stopping or Completed', () => {
    let run = recordMemberStarted(startRun(threeStageRun(), T0), 'm1', { now: T0 });
    run = stopRun(run, T1);
    expect(() => applySkip(run, [{ type: 'Member', name: 'm2' }], T1)).toThrow(
      expect.objectContaining({ code: 'OperationNotAllowed', from: 'Stopping', action: 'skip' }),
    );
  });

  it('lets a failed run skip its failed member so that a restart goes past it', () => {
    let run = startRun(threeStageRun(), T0);
    run = recordMemberFailed(recordMemberStarted(run, 'm1', { now: T0 }), 'm1', {
      now: T0,
      error: { code: 'UpgradeFailed', message: 'x' },
    });
    run = applySkip(run, [{ type: 'Member', name: 'm1' }], T1).status;
    expect(run.status.state).toBe('Failed');
    run = startRun(run, T1);
    expect(stateOf(run, 'Member', 'm1')).toBe('Skipped');
    expect(run.status.state).toBe('Running');
  });

  it('is idempotent for a target that is already Skipped', () => {
    const once = applySkip(threeStageRun(), [{ type: 'Group', name: 'd' }], T0).status;
    const twice = applySkip(once, [{ type: 'Group', name: 'd' }], T1);
    expect(twice.status).toEqual(once);
    expect(twice.effects).toEqual([]);
  });

  it('ignores the late result of an in-flight member the user skipped', () => {
    let run = recordMemberStarted(startRun(threeStageRun(), T0), 'm3', { now: T0 });
    const skipped = applySkip(run, [{ type: 'Member', name: 'm3' }], T1);
    expect(skipped.effects).toEqual([{ type: 'skipMember', stage: 's1', group: 'b', member: 'm3' }]);
    run = recordMemberSucceeded(skipped.status, 'm3', { now: T1 });
    expect(stateOf(run, 'Member', 'm3')).toBe('Skipped');
  });
});

describe('applySkip before the run starts', () => {
  it('keeps a stage NotStarted when one of its groups is skipped before the run starts', () => {
    const { status } = applySkip(
      threeStageRun(),
      [
        { type: 'Group', name: 'a' },
        { type: 'Member', name: 'm4' },
      ],
      T0,
    );
    expect(stateOf(status, 'Stage', 's1')).toBe('NotStarted');
    expect(stateOf(status, 'Group', 'c')).toBe('NotStarted');
    expect(status.status.state).toBe('NotStarted');
  });
});
