import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import {
  aFleet,
  armErrorOf,
  eventually,
  groupOf,
  isTerminal,
  memberOf,
  memberStates,
  operationCounts,
  runState,
  runsOf,
  stageOf,
  upgradeOperations,
} from './support/e2e-fleet';
import { aDailyUpgradeWindow } from './support/maintenance';

const SLOW = { 'sim-control-plane-seconds': '20' };
/** An hour: the run only finishes in time if skipping the wait ends it at once. */
const LONG_WAIT_S = 3600;

describe('skipping groups, stages and after-stage waits', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('skips a stage before the start, a group in flight and an hour-long wait at once; rejects unknown and completed targets', async () => {
    await aFleet(stack, 'skips', [
      { name: 'a1', group: 'ga', tags: SLOW },
      { name: 'a2', group: 'ga', tags: SLOW },
      { name: 'b1', group: 'gb' },
      { name: 'c1', group: 'gc' },
      { name: 'd1', group: 'gd' },
    ]);
    const runs = runsOf(stack, 'skips');
    await runs.create('run', {
      strategy: {
        stages: [
          { name: 's1', groups: [{ name: 'ga' }, { name: 'gb' }], afterStageWaitInSeconds: LONG_WAIT_S },
          { name: 's2', groups: [{ name: 'gc' }] },
          { name: 's3', groups: [{ name: 'gd' }] },
        ],
      },
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } },
    });

    const skippedStage = await runs.skip('run', [{ type: 'Stage', name: 's3' }]);
    expect(stageOf(skippedStage, 's3').status?.state).toBe('Skipped');
    expect(memberStates(skippedStage).d1).toBe('Skipped');

    await runs.start('run');
    await eventually(
      async () => (await upgradeOperations(stack, 'a1')).find((op) => op.status === 'InProgress'),
      'a1 in flight',
    );
    const skippedGroup = await runs.skip('run', [{ type: 'Group', name: 'ga' }]);
    expect(groupOf(skippedGroup, 'ga').status?.state).toBe('Skipped');

    const waiting = await runs.waitFor(
      'run',
      (run) => stageOf(run, 's1').afterStageWaitStatus?.status?.state === 'Running',
    );
    expect(runState(waiting)).toBe('Running');
    expect(stageOf(waiting, 's2').status?.state).toBe('NotStarted');

    const unknown = await armErrorOf(runs.skip('run', [{ type: 'Group', name: 'no-such-group' }]));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.message).toContain("'no-such-group'");
    const completed = await armErrorOf(runs.skip('run', [{ type: 'Group', name: 'gb' }]));
    expect(completed.statusCode).toBe(409);
    expect(completed.message).toContain("'gb'");
    expect(groupOf(await runs.get('run'), 'gb').status?.state).toBe('Completed');

    const skippedAt = Date.now();
    await runs.skip('run', [{ type: 'AfterStageWait', name: 's1' }]);
    const done = await runs.waitFor('run', isTerminal, 20_000);
    expect(runState(done)).toBe('Completed');
    const wait = stageOf(done, 's1').afterStageWaitStatus;
    expect([wait?.status?.state, wait?.waitDurationInSeconds]).toEqual(['Skipped', LONG_WAIT_S]);
    expect(stageOf(done, 's2').status?.startTime?.getTime()).toBeLessThan(skippedAt + 5_000);
    expect(stageOf(done, 's3').status?.state).toBe('Skipped');
    expect(groupOf(done, 'ga').status?.state).toBe('Skipped');
    expect(memberStates(done)).toEqual({
      a1: 'Skipped',
      a2: 'Skipped',
      b1: 'Completed',
      c1: 'Completed',
      d1: 'Skipped',
    });
    // a1's upgrade was in flight when its group was skipped: it finished (never aborted); a2 and d1 never started.
    expect(await operationCounts(stack)).toEqual({ a1: 1, b1: 1, c1: 1 });
    expect((await upgradeOperations(stack, 'a1'))[0]?.status).toBe('Succeeded');
  });
  it('does not wait after a stage whose members were all already at the target (the stage ends Skipped)', async () => {
    await aFleet(stack, 'current', [
      { name: 'e1', group: 'ge', kubernetesVersion: '1.32.6' },
      { name: 'f1', group: 'gf' },
    ]);
    const runs = runsOf(stack, 'current');
    await runs.create('run', {
      strategy: {
        stages: [
          { name: 's1', groups: [{ name: 'ge' }], afterStageWaitInSeconds: LONG_WAIT_S },
          { name: 's2', groups: [{ name: 'gf' }] },
        ],
      },
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } },
    });
    await runs.start('run');
    const done = await runs.waitFor('run', isTerminal, 60_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ e1: 'Skipped', f1: 'Completed' });
    const s1 = stageOf(done, 's1');
    expect(s1.status?.state).toBe('Skipped');
    expect(s1.afterStageWaitStatus?.status?.state).toBe('Skipped');
  }, 120_000);

  it('says why a member is Skipped, in the skip response and the next GET alike, not what it said before', async () => {
    await aFleet(stack, 'closed', [{ name: 'p1' }, { name: 'p2' }]);
    await aDailyUpgradeWindow(stack, 'p1', new Date(Date.now() + 12 * 3_600_000));
    const runs = runsOf(stack, 'closed');
    await runs.create('run', {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } },
    });
    await runs.start('run');
    await runs.waitFor('run', (run) => memberOf(run, 'p1').message?.includes('Waiting') === true);
    const skipped = await runs.skip('run', [{ type: 'Member', name: 'p1' }]);
    expect(memberOf(skipped, 'p1')).toMatchObject({ state: 'Skipped', message: 'Skipped by the user.' });
    const done = await runs.waitFor('run', isTerminal, 60_000);
    expect(memberOf(done, 'p1')).toMatchObject({ state: 'Skipped', message: 'Skipped by the user.' });
    expect(memberStates(done)).toEqual({ p1: 'Skipped', p2: 'Completed' });
  }, 120_000);
});
