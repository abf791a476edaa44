import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalContainerServiceClient } from '../../simulator/src/index';
import { RG } from '../support/fleet-fixtures';
import { SUBSCRIPTION, startFleetStack, type FleetStack } from '../support/fleet-stack';
import {
  aFleet,
  eventually,
  groupOf,
  isTerminal,
  memberOf,
  memberStates,
  membersOf,
  operationCounts,
  runState,
  runsOf,
  stageOf,
  upgradeOperations,
} from './support/e2e-fleet';

describe('a failing member', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('fails its group, stage and run with the ARM error, lets the parallel group finish, and is retried by a restart', async () => {
    await aFleet(stack, 'failing', [
      { name: 'f1', group: 'gf', tags: { 'sim-control-plane-seconds': '10', 'sim-fail-next': '1' } },
      { name: 'f2', group: 'gf', tags: { 'sim-control-plane-seconds': '10' } },
      { name: 'p1', group: 'gp', tags: { 'sim-control-plane-seconds': '50' } },
      { name: 'p2', group: 'gp', tags: { 'sim-control-plane-seconds': '10' } },
    ]);
    const runs = runsOf(stack, 'failing');
    await runs.create('run', {
      strategy: { stages: [{ name: 's1', groups: [{ name: 'gf' }, { name: 'gp' }] }] },
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } },
    });
    await runs.start('run');

    // f1 failed while p1 is still upgrading: the run stops gracefully and shows Stopping until p1 ends.
    const stopping = await runs.waitFor('run', (run) => runState(run) !== 'Running');
    expect([runState(stopping), memberOf(stopping, 'f1').state, memberOf(stopping, 'p1').state]).toEqual([
      'Stopping',
      'Failed',
      'Running',
    ]);
    expect((await upgradeOperations(stack, 'p1'))[0]?.status).toBe('InProgress');

    const failed = await runs.waitFor('run', isTerminal);
    expect(runState(failed)).toBe('Failed');
    const [f1Op] = await upgradeOperations(stack, 'f1');
    expect(f1Op?.status).toBe('Failed');
    const f1 = memberOf(failed, 'f1');
    expect(f1.error?.code).toBe(f1Op?.error?.code);
    expect(f1.error?.code).toBe('UpgradeFailed');
    expect(f1.error?.message).toBe(f1Op?.error?.message);
    expect(groupOf(failed, 'gf').status?.state).toBe('Failed');
    expect(groupOf(failed, 'gf').status?.error?.message).toContain('f1');
    expect(stageOf(failed, 's1').status?.state).toBe('Failed');
    expect(stageOf(failed, 's1').status?.error?.code).toBeTruthy();
    expect(failed.properties?.status?.status?.error?.message).toContain('f1');
    // The upgrade in flight in the parallel group finished; nothing new started after the failure.
    expect(memberStates(failed)).toEqual({ f1: 'Failed', f2: 'NotStarted', p1: 'Completed', p2: 'NotStarted' });
    expect((await upgradeOperations(stack, 'p1'))[0]?.status).toBe('Succeeded');
    expect(await operationCounts(stack)).toEqual({ f1: 1, p1: 1 });

    // sim-fail-next counted itself down when the failing operation started: the retry can succeed.
    const aks = createLocalContainerServiceClient(stack.simulator.url, SUBSCRIPTION);
    expect((await aks.managedClusters.get(RG, 'f1')).tags?.['sim-fail-next']).toBeUndefined();
    await runs.start('run');
    const done = await runs.waitFor('run', isTerminal);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ f1: 'Completed', f2: 'Completed', p1: 'Completed', p2: 'Completed' });
    expect(memberOf(done, 'p1').end).toBe(memberOf(failed, 'p1').end);
    expect(await operationCounts(stack)).toEqual({ f1: 2, f2: 1, p1: 1, p2: 1 });
    // Inside a group one member at a time (maxConcurrency 1); the two groups overlap.
    const gf = membersOf(done).filter((m) => m.group === 'gf');
    const [first, next] = [...gf].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
    expect(next?.start).toBeGreaterThanOrEqual(first?.end ?? Infinity);
    await eventually(
      async () => ((await upgradeOperations(stack, 'f1'))[1]?.status === 'Succeeded' ? true : undefined),
      'f1 retried',
    );
  });
});
