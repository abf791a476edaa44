import { describe, expect, it } from 'vitest';
import { haltedState, rollUpGroupState, rollUpRunState, rollUpStageState, stageOutcome } from '../../../src/domain';

describe('roll-up', () => {
  it.each([
    [['Completed', 'Completed'], 'Completed'],
    [['Skipped', 'Skipped'], 'Skipped'],
    [['Completed', 'Skipped'], 'Completed'],
    [['Completed', 'Failed', 'Running'], 'Failed'],
    [['Completed', 'Running', 'NotStarted'], 'Running'],
    [['Pending', 'NotStarted'], 'Pending'],
    [['Completed', 'Pending'], 'Pending'],
    [['Completed', 'NotStarted'], 'Running'],
    [['NotStarted', 'NotStarted'], 'NotStarted'],
    [['Completed', 'Stopped', 'NotStarted'], 'Stopped'],
  ] as const)('rolls members %j up to a %s group', (members, expected) => {
    expect(rollUpGroupState(members)).toBe(expected);
  });

  it('makes a group with a Pending gate Pending before any member starts', () => {
    expect(rollUpGroupState(['NotStarted'], ['Pending'])).toBe('Pending');
  });

  it('keeps a stage Running until its after-stage wait is done', () => {
    expect(rollUpStageState(['Completed', 'Skipped'], 'NotStarted')).toBe('Running');
    expect(rollUpStageState(['Completed'], 'Running')).toBe('Running');
    expect(rollUpStageState(['Completed'], 'Skipped')).toBe('Completed');
    expect(rollUpStageState(['Skipped', 'Skipped'], 'NotStarted')).toBe('Skipped');
  });

  it('makes the run Pending when its current stage is Pending', () => {
    expect(rollUpRunState(['Completed', 'Pending', 'NotStarted'])).toBe('Pending');
    expect(rollUpRunState(['Skipped', 'Skipped'])).toBe('Skipped');
    expect(rollUpRunState(['Completed', 'Skipped'])).toBe('Completed');
    expect(rollUpRunState(['Completed', 'NotStarted'])).toBe('Running');
  });

  it('shows active work Stopping while upgrades are in flight and Stopped after', () => {
    expect(haltedState('Running', true)).toBe('Stopping');
    expect(haltedState('Pending', false)).toBe('Stopped');
    expect(haltedState('NotStarted', false)).toBe('NotStarted');
    expect(haltedState('Failed', true)).toBe('Failed');
  });
});

describe('a stage once its groups are done', () => {
  const groups = [
    { name: 'a', planned: 'NotStarted' as const },
    { name: 'b', planned: 'Completed' as const },
  ];
  it('fails when its failures halted the run, naming the failed groups and why', () => {
    const halted = { code: 'UpdateGroupFailed', message: "Member 'm1' failed: boom" };
    expect(stageOutcome(groups, new Map([['a', 'Failed' as const]]), halted)).toEqual({
      state: 'Failed',
      error: { code: 'UpdateStageFailed', message: "Group(s) 'a' failed. Member 'm1' failed: boom" },
    });
  });
  it('completes when a group failed past its own threshold but the stage tolerates its failures', () => {
    const both = new Map([
      ['a', 'Failed' as const],
      ['b', 'Completed' as const],
    ]);
    expect(stageOutcome(groups, both).state).toBe('Completed');
  });
  it('is Stopped while a group is unfinished, Completed once every group finished', () => {
    expect(stageOutcome(groups, new Map([['a', 'Stopped' as const]])).state).toBe('Stopped');
    expect(stageOutcome(groups, new Map([['a', 'Completed' as const]])).state).toBe('Completed');
  });
  it('is Skipped only when every group was skipped', () => {
    expect(stageOutcome(groups, new Map([['a', 'Skipped' as const]])).state).toBe('Completed');
    const both = new Map([
      ['a', 'Skipped' as const],
      ['b', 'Skipped' as const],
    ]);
    expect(stageOutcome(groups, both).state).toBe('Skipped');
  });
});
