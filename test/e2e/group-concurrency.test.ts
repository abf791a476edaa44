import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, SUBSCRIPTION, type FleetStack } from '../support/fleet-stack';
import { RG } from '../support/fleet-fixtures';
import {
  aFleet,
  getRunRaw,
  isTerminal,
  memberStates,
  membersOf,
  operationCounts,
  overlaps,
  rawMember,
  runsOf,
} from './support/e2e-fleet';

describe('a group with maxConcurrency (2026-06-01)', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('upgrades two members at a time, and shows one Completed while the other is still upgrading', async () => {
    // q1 and q2 start together; q1 ends first and q3 takes its place; q3 ends while q2 still runs, with nothing
    // left to start: its Completed row is written on its own, not held back until q2 ends.
    await aFleet(stack, 'pairs', [
      { name: 'q1', group: 'g', tags: { 'sim-control-plane-seconds': '5' } },
      { name: 'q2', group: 'g', tags: { 'sim-control-plane-seconds': '60' } },
      { name: 'q3', group: 'g', tags: { 'sim-control-plane-seconds': '5' } },
    ]);
    const path = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/pairs/updateRuns/run`;
    const created = await fetch(`${stack.devhost.url}${path}?api-version=2026-06-01`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        properties: {
          strategy: { stages: [{ name: 's', groups: [{ name: 'g', maxConcurrency: '2' }] }] },
          managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } },
        },
      }),
    });
    expect(created.status).toBeLessThan(300);
    const runs = runsOf(stack, 'pairs');
    await runs.start('run');

    const partway = await runs.waitFor('run', (run) => memberStates(run).q3 === 'Completed', 30_000);
    expect(memberStates(partway)).toMatchObject({ q1: 'Completed', q2: 'Running', q3: 'Completed' });
    expect(rawMember(await getRunRaw(stack, 'pairs', 'run', '2026-06-01'), 'q2')?.status.state).toBe('Running');

    const done = await runs.waitFor('run', isTerminal, 60_000);
    expect(memberStates(done)).toEqual({ q1: 'Completed', q2: 'Completed', q3: 'Completed' });
    const [q1, q2, q3] = ['q1', 'q2', 'q3'].map((name) => membersOf(done).find((m) => m.name === name));
    expect(q1 && q2 && overlaps(q1, q2)).toBe(true);
    expect(q3?.start).toBeGreaterThanOrEqual(q1?.end ?? Infinity);
    expect(await operationCounts(stack)).toEqual({ q1: 1, q2: 1, q3: 1 });
  }, 120_000);
});
