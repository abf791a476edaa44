import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import {
  aRunUpgrading,
  eventually,
  isTerminal,
  memberStates,
  operationCounts,
  runState,
  upgradeOperations,
} from './support/e2e-fleet';

describe('a devhost killed mid-run', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('completes the run after kill -9 and a restart, with exactly one upgrade operation per cluster', async () => {
    const runs = await aRunUpgrading(stack, 'crash', {
      clusters: ['k1', 'k2', 'k3'],
      upgrading: 'k2',
      controlPlaneSeconds: 30,
    });

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
    const runs = await aRunUpgrading(stack, 'crash2', { clusters: ['j1', 'j2'], upgrading: 'j1' });

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

describe('a devhost killed right after a stop, while an activity polls the upgrade it began', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10, inlinePollSeconds: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('lets the upgrade finish as the stop promises: the member Completed, the run Stopped, no second upgrade', async () => {
    const runs = await aRunUpgrading(stack, 'crash3', { clusters: ['h1', 'h2'], upgrading: 'h1' });
    await runs.stop('run');
    expect(await stack.devhost.kill('SIGKILL')).toBeNull();
    await stack.restartDevhost();

    const stopped = await runs.waitFor('run', isTerminal, 45_000);
    expect(runState(stopped)).toBe('Stopped');
    // The re-run of the killed activity finds its upgrade in flight: a stop lets it finish, it is not NotStarted.
    expect(memberStates(stopped)).toEqual({ h1: 'Completed', h2: 'NotStarted' });

    await runs.start('run');
    const done = await runs.waitFor('run', isTerminal, 45_000);
    expect(memberStates(done)).toEqual({ h1: 'Completed', h2: 'Completed' });
    expect(await operationCounts(stack)).toEqual({ h1: 1, h2: 1 });
  }, 120_000);
});
