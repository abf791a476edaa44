import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { aFleet, isTerminal, memberStates, runsOf, upgradeOperations, type E2eCluster } from './support/e2e-fleet';

const COUNT = 230;
const name = (i: number): string => `big-${String(i).padStart(3, '0')}`;

describe('one group of more members than a storage partition holds (one by one, 2026-06-01)', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 100 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('upgrades every member in plan order across partitions, skipping the one skipped and the one at target', async () => {
    const clusters: E2eCluster[] = Array.from({ length: COUNT }, (_, i) => ({
      name: name(i),
      tags: { 'sim-control-plane-seconds': '1' },
      ...(i === 150 ? { kubernetesVersion: '1.32.6' } : {}),
    }));
    await aFleet(stack, 'big', clusters);
    const runs = runsOf(stack, 'big');
    await runs.create('run', {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } },
    });
    await runs.start('run');
    await runs.skip('run', [{ type: 'Member', name: name(205) }]);

    const done = await runs.waitFor('run', isTerminal, 150_000);
    expect(done.properties?.status?.status?.state).toBe('Completed');
    const states = memberStates(done);
    expect(Object.keys(states)).toHaveLength(COUNT);
    const expected = Object.fromEntries(
      clusters.map((c, i) => [c.name, i === 150 || i === 205 ? 'Skipped' : 'Completed']),
    );
    expect(states).toEqual(expected);

    // Oldest first: one at a time, in plan (name) order.
    const upgraded = (await upgradeOperations(stack)).map((op) => op.clusterName);
    expect(upgraded).toEqual(clusters.map((c) => c.name).filter((n) => n !== name(150) && n !== name(205)));
  }, 200_000);
});
