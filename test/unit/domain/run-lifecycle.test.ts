import { describe, expect, it } from 'vitest';
import {
  InvalidTransitionError,
  assertDeletable,
  inflightMembers,
  nextMembersToStart,
  nextRunStep,
  recordMemberFailed,
  recordMemberPending,
  recordMemberStarted,
  recordMemberSucceeded,
  recordWaitEnded,
  recordWaitStarted,
  startRun,
  stopRun,
  type UpdateRunStatus,
} from '../../../src/domain';
import { T0, aRunStatus, aStrategy, stateOf } from '../../fixtures/domain-builders';

const T1 = '2026-03-02T11:00:00.000Z';
const T2 = '2026-03-02T12:00:00.000Z';
const at = (now: string) => ({ now });
const boom = { code: 'UpgradeFailed', message: 'agent pool upgrade failed' };

/** Two stages: s1 has groups a (m1, m2) and b (m3, m4) and a 60 s wait; s2 has group c (m5). */
function twoStageRun(): UpdateRunStatus {
  const strategy = aStrategy({ s1: ['a', 'b'], s2: ['c'] }, { s1: { afterStageWaitInSeconds: 60 } });
  return aRunStatus(strategy, { a: ['m1', 'm2'], b: ['m3', 'm4'], c: ['m5'] });
}

function complete(run: UpdateRunStatus, ...names: string[]): UpdateRunStatus {
  return names.reduce(
    (current, name) => recordMemberSucceeded(recordMemberStarted(current, name, at(T1)), name, at(T1)),
    run,
  );
}

describe('starting a run', () => {
  it('moves a NotStarted run to Running with a start time and points at the first stage', () => {
    const run = startRun(twoStageRun(), T0);
    expect(run.status).toEqual({ state: 'Running', startTime: T0 });
    expect(nextRunStep(run)).toEqual({ type: 'runStage', stage: 's1', groups: ['a', 'b'] });
  });

  it('refuses to start a run that is already Running, saying from which state', () => {
    const run = startRun(twoStageRun(), T0);
    expect(() => startRun(run, T1)).toThrow(InvalidTransitionError);
    expect(() => startRun(run, T1)).toThrow(
      expect.objectContaining({ from: 'Running', action: 'start', code: 'OperationNotAllowed' }),
    );
  });

  it('does not mutate the status it was given', () => {
    const planned = twoStageRun();
    startRun(planned, T0);
    expect(planned.status.state).toBe('NotStarted');
  });
});

describe('progress', () => {
  it('runs stage, wait and next stage in order and completes the run with a completion time', () => {
    let run = complete(startRun(twoStageRun(), T0), 'm1', 'm2', 'm3', 'm4');
    expect(stateOf(run, 'Stage', 's1')).toBe('Running');
    expect(nextRunStep(run)).toEqual({ type: 'afterStageWait', stage: 's1', seconds: 60 });
    run = recordWaitStarted(run, 's1', T1);
    expect(stateOf(run, 'Wait', 's1')).toBe('Running');
    run = recordWaitEnded(run, 's1', T2);
    expect(stateOf(run, 'Stage', 's1')).toBe('Completed');
    expect(nextRunStep(run)).toEqual({ type: 'runStage', stage: 's2', groups: ['c'] });
    run = complete(run, 'm5');
    expect(run.status).toMatchObject({ state: 'Completed', startTime: T0, completedTime: T1 });
    expect(nextRunStep(run)).toEqual({ type: 'done' });
  });

  it('records the operation id and start time of a member upgrade', () => {
    const run = recordMemberStarted(startRun(twoStageRun(), T0), 'm1', { now: T1, operationId: 'op-1' });
    const member = run.stages[0]?.groups[0]?.members[0];
    expect(member).toMatchObject({ operationId: 'op-1', status: { state: 'Running', startTime: T1 } });
    expect(stateOf(run, 'Group', 'a')).toBe('Running');
  });

  it('refuses to start a member upgrade while the run is not Running or Pending', () => {
    expect(() => recordMemberStarted(twoStageRun(), 'm1', at(T0))).toThrow(InvalidTransitionError);
  });

  it('rolls a member Pending on a closed window up to a Pending group, stage and run', () => {
    const strategy = aStrategy({ s1: ['a'] });
    let run = startRun(aRunStatus(strategy, { a: ['m1'] }), T0);
    run = recordMemberPending(run, 'm1', { now: T1, message: 'window closed; next opening at 2026-03-09T01:00:00Z' });
    expect([
      stateOf(run, 'Member', 'm1'),
      stateOf(run, 'Group', 'a'),
      stateOf(run, 'Stage', 's1'),
      stateOf(run),
    ]).toEqual(['Pending', 'Pending', 'Pending', 'Pending']);
    run = recordMemberStarted(run, 'm1', at(T2));
    expect(stateOf(run)).toBe('Running');
  });

  it('keeps a group Running while one member is Pending and another is upgrading', () => {
    const strategy = aStrategy({ s1: ['a'] });
    let run = startRun(aRunStatus(strategy, { a: ['m1', 'm2'] }), T0);
    run = recordMemberPending(run, 'm1', { now: T1, message: 'closed' });
    run = recordMemberStarted(run, 'm2', at(T1));
    expect(stateOf(run, 'Group', 'a')).toBe('Running');
  });
});

describe('failure', () => {
  it('fails the group and stage at once, shows the run Stopping while a parallel upgrade finishes, then Failed', () => {
    let run = startRun(twoStageRun(), T0);
    run = recordMemberStarted(recordMemberStarted(run, 'm1', at(T0)), 'm3', at(T0));
    run = recordMemberFailed(run, 'm1', { now: T1, error: boom });
    expect(stateOf(run, 'Member', 'm1')).toBe('Failed');
    expect(stateOf(run, 'Group', 'a')).toBe('Failed');
    expect(stateOf(run, 'Stage', 's1')).toBe('Failed');
    expect(stateOf(run, 'Group', 'b')).toBe('Stopping');
    expect(run.status.state).toBe('Stopping');
    expect(run.status.error?.code).toBe('UpdateRunFailed');
    expect(nextMembersToStart(run, { group: 'b' }).start).toEqual([]);

    run = recordMemberSucceeded(run, 'm3', at(T2));
    expect(run.status).toMatchObject({ state: 'Failed', completedTime: T2 });
    expect(run.status.error?.message).toContain('m1 (UpgradeFailed)');
    expect(stateOf(run, 'Group', 'b')).toBe('Stopped');
    expect(stateOf(run, 'Stage', 's2')).toBe('NotStarted');
    expect(nextRunStep(run)).toEqual({ type: 'halted' });
  });

  it('keeps the terminal AKS error code and message on the failed member', () => {
    let run = recordMemberStarted(startRun(twoStageRun(), T0), 'm1', at(T0));
    run = recordMemberFailed(run, 'm1', { now: T1, error: boom });
    const member = run.stages[0]?.groups[0]?.members[0];
    expect(member?.status.error).toEqual(boom);
    expect(member?.message).toBe(boom.message);
    expect(run.stages[0]?.groups[0]?.status.error).toEqual({
      code: 'UpdateGroupFailed',
      message: '1 of 2 member(s) failed: m1 (UpgradeFailed).',
    });
  });

  it('goes straight to Failed when nothing else is in flight', () => {
    let run = recordMemberStarted(startRun(twoStageRun(), T0), 'm1', at(T0));
    run = recordMemberFailed(run, 'm1', { now: T1, error: boom });
    expect(run.status.state).toBe('Failed');
  });
});

describe('stop', () => {
  it('shows Stopping until the in-flight upgrade ends, stops Pending members at once, then Stopped', () => {
    let run = startRun(twoStageRun(), T0);
    run = recordMemberStarted(run, 'm1', at(T0));
    run = recordMemberPending(run, 'm3', { now: T0, message: 'closed' });
    run = stopRun(run, T1);
    expect(run.status.state).toBe('Stopping');
    expect(stateOf(run, 'Member', 'm3')).toBe('Stopped');
    expect(inflightMembers(run)).toEqual(['m1']);
    run = recordMemberSucceeded(run, 'm1', at(T2));
    expect(run.status).toMatchObject({ state: 'Stopped', completedTime: T2 });
    expect(stateOf(run, 'Group', 'a')).toBe('Stopped');
  });

  it('stops at once when nothing is in flight, including a running after-stage wait', () => {
    let run = complete(startRun(twoStageRun(), T0), 'm1', 'm2', 'm3', 'm4');
    run = stopRun(recordWaitStarted(run, 's1', T1), T2);
    expect(run.status.state).toBe('Stopped');
    expect(stateOf(run, 'Wait', 's1')).toBe('Stopped');
  });

  it('refuses to stop a run that has not started', () => {
    expect(() => stopRun(twoStageRun(), T0)).toThrow(expect.objectContaining({ from: 'NotStarted', action: 'stop' }));
  });
});

describe('restart', () => {
  it('resumes a stopped run at the first unprocessed member', () => {
    let run = complete(startRun(twoStageRun(), T0), 'm1');
    run = startRun(stopRun(run, T1), T2);
    expect(run.status.state).toBe('Running');
    expect(stateOf(run, 'Member', 'm1')).toBe('Completed');
    expect(nextMembersToStart(run, { group: 'a' }).start).toEqual(['m2']);
    expect(nextMembersToStart(run, { group: 'b' }).start).toEqual(['m3']);
  });

  it('retries a failed member and never redoes completed or skipped ones', () => {
    let run = complete(startRun(twoStageRun(), T0), 'm1');
    run = recordMemberFailed(recordMemberStarted(run, 'm2', { now: T0, operationId: 'op-2' }), 'm2', {
      now: T1,
      error: boom,
    });
    expect(run.status.state).toBe('Failed');
    run = startRun(run, T2);
    expect(run.status.error).toBeUndefined();
    expect(run.status.completedTime).toBeUndefined();
    expect(run.stages[0]?.groups[0]?.members[1]).toMatchObject({ name: 'm2', status: { state: 'NotStarted' } });
    expect(run.stages[0]?.groups[0]?.members[1]?.operationId).toBeUndefined();
    expect(stateOf(run, 'Group', 'a')).toBe('Running');
    expect(nextMembersToStart(run, { group: 'a' }).start).toEqual(['m2']);
  });

  it('restarts a stopped after-stage wait from the beginning', () => {
    let run = complete(startRun(twoStageRun(), T0), 'm1', 'm2', 'm3', 'm4');
    run = startRun(stopRun(recordWaitStarted(run, 's1', T1), T1), T2);
    expect(stateOf(run, 'Wait', 's1')).toBe('NotStarted');
    expect(nextRunStep(run)).toEqual({ type: 'afterStageWait', stage: 's1', seconds: 60 });
  });
});

describe('delete', () => {
  it('refuses to delete a Running run with 409 and allows a finished one', () => {
    const running = startRun(twoStageRun(), T0);
    expect(() => assertDeletable(running)).toThrow(
      expect.objectContaining({ code: 'OperationNotAllowed', from: 'Running' }),
    );
    expect(() => assertDeletable(twoStageRun())).not.toThrow();
  });
});
