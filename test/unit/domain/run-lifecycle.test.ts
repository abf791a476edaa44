import { describe, expect, it } from 'vitest';
import { intentStops, resetForStart, stopRun, type UpdateRunStatus } from '../../../src/domain';
import { T0, aRunStatus, aStrategy, stateOf, withFacts } from '../../fixtures/domain-builders';

const T1 = '2026-03-02T11:00:00.000Z';
const boom = { code: 'UpgradeFailed', message: 'agent pool upgrade failed' };
const failed = { state: 'Failed' as const, startTime: T0, completedTime: T0, error: boom };

/** Two stages: s1 has groups a (m1, m2) and b (m3, m4) and a 60 s wait; s2 has group c (m5). */
function twoStageRun(): UpdateRunStatus {
  const strategy = aStrategy({ s1: ['a', 'b'], s2: ['c'] }, { s1: { afterStageWaitInSeconds: 60 } });
  return aRunStatus(strategy, { a: ['m1', 'm2'], b: ['m3', 'm4'], c: ['m5'] });
}

describe('progress rolled up from members', () => {
  it('rolls a member Pending on a closed window up to a Pending group, stage and run', () => {
    const run = withFacts(aRunStatus(aStrategy({ s1: ['a'] }), { a: ['m1'] }), {
      run: 'Running',
      members: { m1: 'Pending' },
    });
    expect([
      stateOf(run, 'Member', 'm1'),
      stateOf(run, 'Group', 'a'),
      stateOf(run, 'Stage', 's1'),
      stateOf(run),
    ]).toEqual(['Pending', 'Pending', 'Pending', 'Pending']);
  });

  it('keeps a group Running while one member is Pending and another is upgrading', () => {
    const run = withFacts(aRunStatus(aStrategy({ s1: ['a'] }), { a: ['m1', 'm2'] }), {
      run: 'Running',
      members: { m1: 'Pending', m2: 'Running' },
    });
    expect(stateOf(run, 'Group', 'a')).toBe('Running');
  });

  it('keeps a stage Running through its after-stage wait and completes the run when every stage is done', () => {
    const done = { m1: 'Completed', m2: 'Completed', m3: 'Completed', m4: 'Completed' } as const;
    let run = withFacts(twoStageRun(), { run: 'Running', members: done, waits: { s1: 'Running' } });
    expect(stateOf(run, 'Stage', 's1')).toBe('Running');
    run = withFacts(run, { members: { m5: 'Completed' }, waits: { s1: 'Completed' } }, T1);
    expect(run.status).toMatchObject({ state: 'Completed', startTime: T0, completedTime: T1 });
  });
});

describe('fail-fast', () => {
  it('fails the group and stage at once and shows the run Stopping while a parallel upgrade finishes, then Failed', () => {
    let run = withFacts(twoStageRun(), { run: 'Running', members: { m1: failed, m3: 'Running' } });
    expect([stateOf(run, 'Group', 'a'), stateOf(run, 'Stage', 's1'), stateOf(run, 'Group', 'b')]).toEqual([
      'Failed',
      'Failed',
      'Stopping',
    ]);
    expect(run.status.state).toBe('Stopping');
    expect(run.status.error?.code).toBe('UpdateRunFailed');

    run = withFacts(run, { members: { m3: 'Completed' } }, T1);
    expect(run.status).toMatchObject({ state: 'Failed', completedTime: T1 });
    expect(run.status.error?.message).toContain('m1 (UpgradeFailed)');
    expect(stateOf(run, 'Group', 'b')).toBe('Stopped');
    expect(stateOf(run, 'Stage', 's2')).toBe('NotStarted');
  });

  it('keeps the terminal AKS error on the failed member and sums it up on its group', () => {
    const run = withFacts(twoStageRun(), { run: 'Running', members: { m1: failed } });
    expect(run.stages[0]?.groups[0]?.members[0]?.status.error).toEqual(boom);
    expect(run.stages[0]?.groups[0]?.status.error).toEqual({
      code: 'UpdateGroupFailed',
      message: '1 of 2 member(s) failed: m1 (UpgradeFailed).',
    });
  });

  it('goes straight to Failed when nothing else is in flight', () => {
    expect(withFacts(twoStageRun(), { run: 'Running', members: { m1: failed } }).status.state).toBe('Failed');
  });
});

describe('stop', () => {
  it('shows Stopping until the in-flight upgrade ends, stops Pending members at once, then Stopped', () => {
    let run = withFacts(twoStageRun(), { run: 'Running', members: { m1: 'Running', m3: 'Pending' } });
    run = stopRun(run, T1);
    expect(run.status.state).toBe('Stopping');
    expect(stateOf(run, 'Member', 'm3')).toBe('Stopped');
    run = withFacts(run, { members: { m1: 'Completed' } }, T1);
    expect(run.status).toMatchObject({ state: 'Stopped', completedTime: T1 });
    expect(stateOf(run, 'Group', 'a')).toBe('Stopped');
  });

  it('stops at once when nothing is in flight, including a running after-stage wait', () => {
    const done = { m1: 'Completed', m2: 'Completed', m3: 'Completed', m4: 'Completed' } as const;
    const run = stopRun(withFacts(twoStageRun(), { run: 'Running', members: done, waits: { s1: 'Running' } }), T1);
    expect(run.status.state).toBe('Stopped');
    expect(stateOf(run, 'Wait', 's1')).toBe('Stopped');
  });

  it('leaves a run the transitions table does not let stop as it is', () => {
    const planned = twoStageRun();
    expect(stopRun(planned, T1)).toBe(planned);
  });
});

describe('restart', () => {
  it('resumes a stopped run at the first unprocessed member', () => {
    let run = withFacts(twoStageRun(), { run: 'Running', members: { m1: 'Completed', m2: 'Running', m3: 'Pending' } });
    run = resetForStart(stopRun(run, T1));
    expect(['m1', 'm2', 'm3', 'm4'].map((name) => stateOf(run, 'Member', name))).toEqual([
      'Completed',
      'NotStarted',
      'NotStarted',
      'NotStarted',
    ]);
  });

  it('retries a failed member as a new attempt and never redoes completed or skipped ones', () => {
    const run = withFacts(twoStageRun(), { run: 'Running', members: { m1: 'Completed', m2: failed, m3: 'Skipped' } });
    const member = run.stages[0]?.groups[0]?.members[1];
    if (member) Object.assign(member, { operationId: 'op-2', message: boom.message });
    const reset = resetForStart(run);
    expect(reset.stages[0]?.groups[0]?.members[1]).toEqual({
      name: 'm2',
      clusterResourceId: member?.clusterResourceId,
      status: { state: 'NotStarted' },
    });
    expect([stateOf(reset, 'Member', 'm1'), stateOf(reset, 'Member', 'm3')]).toEqual(['Completed', 'Skipped']);
  });

  it('starts unfinished groups, stages and waits over, keeping when a group or stage first started', () => {
    const done = { m1: 'Completed', m2: 'Completed', m3: 'Completed', m4: 'Completed' } as const;
    const run = stopRun(withFacts(twoStageRun(), { run: 'Running', members: done, waits: { s1: 'Running' } }), T1);
    const reset = resetForStart(run);
    expect(stateOf(reset, 'Wait', 's1')).toBe('NotStarted');
    expect(reset.stages[0]?.status).toEqual({ state: 'NotStarted', startTime: T0 });
    expect(stateOf(reset, 'Group', 'a')).toBe('Completed');
  });

  it('leaves the run state to the orchestration and the status it was given untouched', () => {
    const run = withFacts(twoStageRun(), { run: 'Running', members: { m1: failed } });
    const reset = resetForStart(run);
    expect(reset.status).toEqual(run.status);
    expect(stateOf(run, 'Member', 'm1')).toBe('Failed');
  });
});

describe('intentStops: whether the intent stops the work of an attempt', () => {
  const go = { attempt: 2, stopRequested: false };

  it('lets work of the current attempt go on until a stop or a halt', () => {
    expect(intentStops(go, 2)).toBe(false);
    expect(intentStops({ ...go, stopRequested: true }, 2)).toBe(true);
    expect(intentStops({ ...go, halted: boom }, 2)).toBe(true);
  });

  it('stops work of an earlier attempt once a later start took a new one', () => {
    expect(intentStops(go, 1)).toBe(true);
  });

  it('asked for the run itself (no attempt), looks only at the stop and the halt', () => {
    expect(intentStops(go)).toBe(false);
    expect(intentStops({ ...go, halted: boom })).toBe(true);
  });
});
