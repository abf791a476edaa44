import { describe, expect, it } from 'vitest';
import { decideGates, derivePending, type UpdateRunStatus, type UpdateState } from '../../../src/domain';

const none = { stopping: false, skips: [] };

describe('a set of gates (decideGates)', () => {
  it('waits while one is Pending, passes once all are Completed', () => {
    expect(decideGates(['Completed', 'Pending'], none, { stage: 's' })).toBe('Wait');
    expect(decideGates(['Completed', 'Completed'], none, { stage: 's' })).toBe('Completed');
  });
  it('is skipped with the stage or group it guards, even when a stop came too', () => {
    const skips = [{ type: 'Group' as const, name: 'g' }];
    expect(decideGates(['Pending'], { stopping: true, skips }, { stage: 's', group: 'g' })).toBe('Skipped');
    expect(decideGates(['Pending'], { stopping: false, skips }, { stage: 's' })).toBe('Wait');
    const stage = [{ type: 'Stage' as const, name: 's' }];
    expect(decideGates(['Pending'], { stopping: false, skips: stage }, { stage: 's', group: 'g' })).toBe('Skipped');
  });
  it('a stop ends the wait and leaves the gates Pending; approved gates pass even when stopping', () => {
    expect(decideGates(['Pending'], { stopping: true, skips: [] }, { stage: 's' })).toBe('Stopped');
    expect(decideGates(['Completed'], { stopping: true, skips: [] }, { stage: 's' })).toBe('Completed');
  });
});

const st = (state: UpdateState) => ({ state });
function aRun(run: UpdateState, groups: Array<{ state: UpdateState; members: UpdateState[]; gate?: UpdateState }>) {
  const status: UpdateRunStatus = {
    status: st(run),
    stages: [
      {
        name: 's1',
        status: st('Running'),
        groups: groups.map((g, i) => ({
          name: `g${i}`,
          status: st(g.state),
          members: g.members.map((m, j) => ({ name: `m${i}${j}`, clusterResourceId: 'c', status: st(m) })),
          ...(g.gate ? { beforeGates: [{ status: st(g.gate) }] } : {}),
        })),
      },
      { name: 's2', status: st('NotStarted'), groups: [] },
    ],
  };
  return status;
}
const states = (run: UpdateRunStatus) => ({
  run: run.status.state,
  stage: run.stages[0]?.status.state,
  groups: run.stages[0]?.groups.map((g) => g.status.state),
});

describe('Pending roll-up (derivePending)', () => {
  it('a group whose unfinished members all wait is Pending, and so are its stage and the run', () => {
    const run = aRun('Running', [{ state: 'Running', members: ['Completed', 'Pending', 'NotStarted'] }]);
    expect(states(derivePending(run))).toEqual({ run: 'Pending', stage: 'Pending', groups: ['Pending'] });
  });
  it('a member in flight keeps its group, the stage and the run Running', () => {
    const run = aRun('Running', [
      { state: 'Running', members: ['Pending'] },
      { state: 'Running', members: ['Running'] },
    ]);
    expect(states(derivePending(run))).toEqual({ run: 'Running', stage: 'Running', groups: ['Pending', 'Running'] });
  });
  it('a Pending gate makes a group not begun Pending; groups not begun next to a Pending one keep the stage Pending', () => {
    const run = aRun('Running', [
      { state: 'NotStarted', members: ['NotStarted'], gate: 'Pending' },
      { state: 'NotStarted', members: ['NotStarted'] },
      { state: 'Completed', members: ['Completed'] },
    ]);
    expect(states(derivePending(run))).toEqual({
      run: 'Pending',
      stage: 'Pending',
      groups: ['Pending', 'NotStarted', 'Completed'],
    });
  });
  it('a stopping or stopped run shows its own state, and its stored statuses are not changed', () => {
    const run = aRun('Stopping', [{ state: 'Running', members: ['Pending'] }]);
    expect(states(derivePending(run))).toEqual({ run: 'Stopping', stage: 'Running', groups: ['Running'] });
    const running = aRun('Running', [{ state: 'Running', members: ['Pending'] }]);
    derivePending(running);
    expect(states(running)).toEqual({ run: 'Running', stage: 'Running', groups: ['Running'] });
  });
  it('the gates of a skipped group are Skipped unless they were approved', () => {
    const run = aRun('Completed', [{ state: 'Skipped', members: ['Skipped'], gate: 'Pending' }]);
    expect(derivePending(run).stages[0]?.groups[0]?.beforeGates?.[0]?.status.state).toBe('Skipped');
    const approved = aRun('Completed', [{ state: 'Skipped', members: ['Skipped'], gate: 'Completed' }]);
    expect(derivePending(approved).stages[0]?.groups[0]?.beforeGates?.[0]?.status.state).toBe('Completed');
  });
});
