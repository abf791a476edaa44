import { describe, expect, it } from 'vitest';
import {
  HTTP_STATUS_BY_DOMAIN_CODE,
  InvalidTransitionError,
  MEMBER_TRANSITIONS,
  RUN_TRANSITIONS,
  UPDATE_STATES,
  canTransition,
  haltedState,
  nextState,
  recordMemberPending,
  rollUpGroupState,
  rollUpRunState,
  rollUpStageState,
  startRun,
  withoutPendingState,
} from '../../../src/domain';
import { T0, aRunStatus, aStrategy } from '../../fixtures/domain-builders';

describe('transitions tables', () => {
  it('allows Start only from NotStarted, Stopped and Failed', () => {
    const startable = UPDATE_STATES.filter((state) => canTransition(RUN_TRANSITIONS, state, 'start'));
    expect(startable.sort()).toEqual(['Failed', 'NotStarted', 'Stopped']);
  });

  it('allows Stop only from Running and Pending', () => {
    const stoppable = UPDATE_STATES.filter((state) => canTransition(RUN_TRANSITIONS, state, 'stop'));
    expect(stoppable.sort()).toEqual(['Pending', 'Running']);
  });

  it('allows skip requests in NotStarted, Running, Pending, Stopped and Failed runs', () => {
    const skippable = UPDATE_STATES.filter((state) => canTransition(RUN_TRANSITIONS, state, 'skip'));
    expect(skippable.sort()).toEqual(['Failed', 'NotStarted', 'Pending', 'Running', 'Stopped']);
  });

  it('ends Stopping in Stopped after a user stop and in Failed after a failure', () => {
    expect(nextState(RUN_TRANSITIONS, 'UpdateRun', 'Stopping', 'allInflightEnded')).toBe('Stopped');
    expect(nextState(RUN_TRANSITIONS, 'UpdateRun', 'Stopping', 'failureSettled')).toBe('Failed');
  });

  it('never leaves Completed for a member', () => {
    expect(Object.keys(MEMBER_TRANSITIONS.Completed)).toEqual([]);
  });

  it('throws an error carrying entity, state and action for a forbidden transition', () => {
    try {
      nextState(MEMBER_TRANSITIONS, 'Member', 'Completed', 'memberStarted', 'm1');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTransitionError);
      const { entity, from, action, code, message } = error as InvalidTransitionError;
      expect({ entity, from, action, code, message }).toMatchInlineSnapshot(`
        {
          "action": "memberStarted",
          "code": "OperationNotAllowed",
          "entity": "Member",
          "from": "Completed",
          "message": "Cannot memberStarted Member 'm1' while it is Completed.",
        }
      `);
      expect(HTTP_STATUS_BY_DOMAIN_CODE[code]).toBe(409);
    }
  });
});

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

describe('api-version presentation', () => {
  it('shows Pending as Running for clients of 2025-03-01, keeping the message', () => {
    let run = startRun(aRunStatus(aStrategy({ s1: ['a'] }), { a: ['m1'] }), T0);
    run = recordMemberPending(run, 'm1', { now: T0, message: 'window closed' });
    const shown = withoutPendingState(run);
    expect(shown.status.state).toBe('Running');
    expect(shown.stages[0]?.groups[0]?.members[0]).toMatchObject({
      message: 'window closed',
      status: { state: 'Running' },
    });
    expect(run.status.state).toBe('Pending');
  });
});
