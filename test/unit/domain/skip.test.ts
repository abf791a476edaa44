import { describe, expect, it } from 'vitest';
import {
  SkipTargetCompletedError,
  UnknownSkipTargetError,
  applySkip,
  findMember,
  SKIPPED_BY_USER_MESSAGE,
  isGroupSkipped,
  isWaitSkipped,
  isWaitSkippedAfter,
  memberIsSkipped,
  resetForStart,
  skippedMembers,
  type SkipTarget,
  type UpdateRunStatus,
} from '../../../src/domain';
import { T0, aRunStatus, aStrategy, stateOf, withFacts } from '../../fixtures/domain-builders';

const T1 = '2026-03-02T11:00:00.000Z';

function exampleRun(): UpdateRunStatus {
  const strategy = aStrategy({ stage1: ['group-a', 'group-b'] }, { stage1: { afterStageWaitInSeconds: 3600 } });
  return aRunStatus(strategy, { 'group-a': ['member-one'], 'group-b': ['member-two'] });
}

function threeStageRun(): UpdateRunStatus {
  const strategy = aStrategy({ s1: ['a', 'b'], s2: ['c'], s3: ['d'] }, { s2: { afterStageWaitInSeconds: 30 } });
  return aRunStatus(strategy, { a: ['m1', 'm2'], b: ['m3'], c: ['m4', 'm5'], d: ['m6'] });
}

describe('what skip targets cover', () => {
  const skips: SkipTarget[] = [
    { type: 'Stage', name: 's2' },
    { type: 'Group', name: 'b' },
    { type: 'Member', name: 'm1' },
    { type: 'AfterStageWait', name: 's1' },
  ];

  it('skips a member named, or all members of a skipped group or stage', () => {
    expect(skippedMembers(skips, 's1', 'a', ['m1', 'm2'])).toEqual(['m1']);
    expect(skippedMembers(skips, 's1', 'b', ['m3'])).toEqual(['m3']);
    expect(skippedMembers(skips, 's2', 'c', ['m4', 'm5'])).toEqual(['m4', 'm5']);
    expect(memberIsSkipped(skips, 's3', 'd', 'm6')).toBe(false);
  });

  it('skips a group named or under a skipped stage, and a wait named or under a skipped stage', () => {
    expect([
      isGroupSkipped(skips, 's1', 'a'),
      isGroupSkipped(skips, 's1', 'b'),
      isGroupSkipped(skips, 's2', 'c'),
    ]).toEqual([false, true, true]);
    expect([isWaitSkipped(skips, 's1'), isWaitSkipped(skips, 's2'), isWaitSkipped(skips, 's3')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('isWaitSkippedAfter', () => {
  it('skips the wait after a stage that ended Skipped (nothing upgraded), or whose wait or stage the user skipped', () => {
    const skips: SkipTarget[] = [{ type: 'AfterStageWait', name: 's2' }];
    expect([
      isWaitSkippedAfter(skips, 's1', 'Skipped'),
      isWaitSkippedAfter(skips, 's1', 'Completed'),
      isWaitSkippedAfter(skips, 's2', 'Completed'),
    ]).toEqual([true, false, true]);
  });
});

describe('applySkip', () => {
  it('reproduces the ARM skip example: member-one and the wait skipped, group-b still Running', () => {
    const run = withFacts(exampleRun(), {
      run: 'Running',
      members: { 'member-one': 'Running', 'member-two': 'Running' },
    });
    const targets: SkipTarget[] = [
      { type: 'Member', name: 'member-one' },
      { type: 'AfterStageWait', name: 'stage1' },
    ];
    const status = applySkip(run, targets, T1);
    expect(stateOf(status, 'Member', 'member-one')).toBe('Skipped');
    expect(stateOf(status, 'Group', 'group-a')).toBe('Skipped');
    expect(stateOf(status, 'Group', 'group-b')).toBe('Running');
    expect(stateOf(status, 'Wait', 'stage1')).toBe('Skipped');
    expect(stateOf(status, 'Stage', 'stage1')).toBe('Running');
    expect(status.status.state).toBe('Running');
  });

  it('cascades a stage skip to its groups, members and wait', () => {
    const status = applySkip(threeStageRun(), [{ type: 'Stage', name: 's2' }], T0);
    expect(stateOf(status, 'Stage', 's2')).toBe('Skipped');
    expect(stateOf(status, 'Group', 'c')).toBe('Skipped');
    expect([stateOf(status, 'Member', 'm4'), stateOf(status, 'Member', 'm5')]).toEqual(['Skipped', 'Skipped']);
    expect(stateOf(status, 'Wait', 's2')).toBe('Skipped');
    expect(stateOf(status, 'Stage', 's1')).toBe('NotStarted');
    expect(status.status.state).toBe('NotStarted');
  });

  it('skips a group but keeps its members that already Completed', () => {
    const run = withFacts(threeStageRun(), { run: 'Running', members: { m1: 'Completed' } });
    const status = applySkip(run, [{ type: 'Group', name: 'a' }], T1);
    expect(stateOf(status, 'Group', 'a')).toBe('Skipped');
    expect(stateOf(status, 'Member', 'm1')).toBe('Completed');
    expect(stateOf(status, 'Member', 'm2')).toBe('Skipped');
  });

  it('rolls up: a group whose members are all skipped is Skipped, a stage whose groups all are is Skipped with its wait', () => {
    const members: SkipTarget[] = [
      { type: 'Member', name: 'm4' },
      { type: 'Member', name: 'm5' },
    ];
    const status = applySkip(threeStageRun(), members, T0);
    expect(stateOf(status, 'Group', 'c')).toBe('Skipped');
    expect(stateOf(status, 'Stage', 's2')).toBe('Skipped');
    expect(stateOf(status, 'Wait', 's2')).toBe('Skipped');
  });

  it('makes the run Skipped when every stage is skipped', () => {
    const targets = ['s1', 's2', 's3'].map((name): SkipTarget => ({ type: 'Stage', name }));
    expect(applySkip(threeStageRun(), targets, T0).status.state).toBe('Skipped');
  });

  it('skips a member waiting on its maintenance window at once and lets its group finish', () => {
    const run = withFacts(threeStageRun(), { run: 'Running', members: { m3: 'Pending' } });
    const waiting = findMember(run, 'm3');
    if (waiting) waiting.member.message = 'Waiting for planned maintenance window to open at 02:00.';
    const status = applySkip(run, [{ type: 'Member', name: 'm3' }], T1);
    expect(stateOf(status, 'Member', 'm3')).toBe('Skipped');
    expect(findMember(status, 'm3')?.member.message).toBe(SKIPPED_BY_USER_MESSAGE);
    expect(stateOf(status, 'Group', 'b')).toBe('Skipped');
  });

  it('skips a running after-stage wait and completes its stage and run', () => {
    const run = withFacts(exampleRun(), {
      run: 'Running',
      members: { 'member-one': 'Completed', 'member-two': 'Completed' },
      waits: { stage1: 'Running' },
    });
    const status = applySkip(run, [{ type: 'AfterStageWait', name: 'stage1' }], T1);
    expect(stateOf(status, 'Wait', 'stage1')).toBe('Skipped');
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
    const run = withFacts(threeStageRun(), { run: 'Running', members: { m1: 'Completed' } });
    const targets: SkipTarget[] = [
      { type: 'Member', name: 'm2' },
      { type: 'Member', name: 'm1' },
    ];
    const skip = () => applySkip(run, targets, T1);
    expect(skip).toThrow(SkipTargetCompletedError);
    expect(skip).toThrow(expect.objectContaining({ code: 'Conflict', targetName: 'm1' }));
    expect(stateOf(run, 'Member', 'm2')).toBe('NotStarted');
  });

  it('lets a failed run skip its failed member so that a restart goes past it', () => {
    const failed = { state: 'Failed' as const, startTime: T0, error: { code: 'UpgradeFailed', message: 'x' } };
    let run = withFacts(threeStageRun(), { run: 'Running', members: { m1: failed } });
    const failing = findMember(run, 'm1');
    if (failing) Object.assign(failing.member, { message: 'x', operationId: 'op-1' });
    run = applySkip(run, [{ type: 'Member', name: 'm1' }], T1);
    expect(run.status.state).toBe('Failed');
    expect(findMember(run, 'm1')?.member).toMatchObject({ message: SKIPPED_BY_USER_MESSAGE });
    expect(findMember(run, 'm1')?.member.operationId).toBeUndefined();
    expect(stateOf(resetForStart(run), 'Member', 'm1')).toBe('Skipped');
  });

  it('is idempotent for a target that is already Skipped', () => {
    const once = applySkip(threeStageRun(), [{ type: 'Group', name: 'd' }], T0);
    expect(applySkip(once, [{ type: 'Group', name: 'd' }], T1)).toEqual(once);
  });

  it('keeps a stage NotStarted when one of its groups is skipped before the run starts', () => {
    const targets: SkipTarget[] = [
      { type: 'Group', name: 'a' },
      { type: 'Member', name: 'm4' },
    ];
    const status = applySkip(threeStageRun(), targets, T0);
    expect(stateOf(status, 'Stage', 's1')).toBe('NotStarted');
    expect(stateOf(status, 'Group', 'c')).toBe('NotStarted');
    expect(status.status.state).toBe('NotStarted');
  });
});
