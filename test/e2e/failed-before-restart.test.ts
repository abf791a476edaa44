import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { aFleet, eventually, isTerminal, memberOf, runState, runsOf, upgradeOperations } from './support/e2e-fleet';

describe('an upgrade that fails while the devhost is down', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    // The activity that began the upgrade polls it itself for 10 s: the kill lands while it does.
    stack = await startFleetStack({ simulatorSpeed: 10, inlinePollSeconds: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('records the member Failed with the operation error after the restart, and never starts it again', async () => {
    await aFleet(stack, 'downfail', [
      {
        name: 'd1',
        tags: { 'sim-control-plane-seconds': '20', 'sim-fail-next': '1', 'sim-fail-code': 'PodDrainFailure' },
      },
    ]);
    const runs = runsOf(stack, 'downfail');
    await runs.create('run', {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } },
    });
    await runs.start('run');
    await eventually(
      async () => (await upgradeOperations(stack, 'd1')).find((op) => op.status === 'InProgress'),
      'd1 in flight',
    );
    // The member's row names the operation it is on (what a re-run after the restart finds).
    await runs.waitFor('run', (run) => /Upgrading the control plane/.test(memberOf(run, 'd1').message ?? ''));

    expect(await stack.devhost.kill('SIGKILL')).toBeNull();
    const failedOp = await eventually(
      async () => (await upgradeOperations(stack, 'd1')).find((op) => op.status === 'Failed'),
      'd1 failed',
    );
    await stack.restartDevhost();

    const done = await runs.waitFor('run', isTerminal, 45_000);
    expect(runState(done)).toBe('Failed');
    const d1 = memberOf(done, 'd1');
    expect(d1.state).toBe('Failed');
    expect(d1.error).toEqual({ code: 'PodDrainFailure', message: failedOp.error?.message });
    expect(d1.error?.message).toMatch(/Simulated failure \(sim-fail-next\)/);
    const operations = await upgradeOperations(stack, 'd1');
    expect(operations.map((op) => [op.id, op.status])).toEqual([[failedOp.id, 'Failed']]);
  }, 90_000);
});
