import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import {
  aFleet,
  eventually,
  isTerminal,
  memberStates,
  operationCounts,
  runState,
  runsOf,
  upgradeOperations,
} from './support/e2e-fleet';

const SLOW = { 'sim-control-plane-seconds': '30' };

describe('a devhost killed mid-run', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('completes the run after kill -9 and a restart, with exactly one upgrade operation per cluster', async () => {
    await aFleet(stack, 'crash', [
      { name: 'k1', tags: SLOW },
      { name: 'k2', tags: SLOW },
      { name: 'k3', tags: SLOW },
    ]);
    const runs = runsOf(stack, 'crash');
    await runs.create('run', {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } },
    });
    await runs.start('run');
    await eventually(
      async () => (await upgradeOperations(stack, 'k2')).find((op) => op.status === 'InProgress'),
      'k2 in flight',
    );

    expect(await stack.devhost.kill('SIGKILL')).toBeNull();
    await stack.restartDevhost();

    const done = await runs.waitFor('run', isTerminal, 45_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ k1: 'Completed', k2: 'Completed', k3: 'Completed' });
    expect(await operationCounts(stack)).toEqual({ k1: 1, k2: 1, k3: 1 });
    expect((await upgradeOperations(stack)).map((op) => op.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
  }, 90_000);
});

describe('a devhost killed while an activity polls an upgrade itself, which ends before the restart', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10, inlinePollSeconds: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('shows the member Completed (not Skipped as already at the target) and upgrades every cluster once', async () => {
    await aFleet(stack, 'crash2', [
      { name: 'j1', tags: { 'sim-control-plane-seconds': '20' } },
      { name: 'j2', tags: { 'sim-control-plane-seconds': '20' } },
    ]);
    const runs = runsOf(stack, 'crash2');
    await runs.create('run', {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } },
    });
    await runs.start('run');
    await eventually(
      async () => (await upgradeOperations(stack, 'j1')).find((op) => op.status === 'InProgress'),
      'j1 in flight',
    );

    expect(await stack.devhost.kill('SIGKILL')).toBeNull();
    // The upgrade the killed activity began ends while nothing runs: the re-run plan finds j1 at the target.
    await eventually(
      async () => (await upgradeOperations(stack, 'j1')).find((op) => op.status === 'Succeeded'),
      'j1 upgraded',
    );
    await stack.restartDevhost();

    const done = await runs.waitFor('run', isTerminal, 45_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ j1: 'Completed', j2: 'Completed' });
    expect(await operationCounts(stack)).toEqual({ j1: 1, j2: 1 });
  }, 90_000);
});
