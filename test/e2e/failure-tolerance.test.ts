import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { aFleet, runsOf, type E2eCluster } from './support/e2e-fleet';
import { putRun, statusWhen, type RawRunStatus } from './support/gates';

const FAILS = { 'sim-fail-next': '1' };
const UPGRADE = { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } };
const done = (s: RawRunStatus) => ['Completed', 'Failed', 'Stopped'].includes(s.status.state);
const fiveWith = (prefix: string, failing: number): E2eCluster[] =>
  [1, 2, 3, 4, 5].map((i) => ({
    name: `${prefix}${i}`,
    group: `g${prefix}`,
    ...(i <= failing ? { tags: FAILS } : {}),
  }));

interface Counted {
  failureCount?: number;
  maxAllowedFailures?: number;
}

describe('maxAllowedFailures (api-version 2026-06-01)', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 50 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('a group of 5 allowing 40% completes with two failed members, and goes on to the next stage', async () => {
    await aFleet(stack, 'tolerant', [...fiveWith('a', 2), { name: 'n1', group: 'gnext' }]);
    await putRun(stack, 'tolerant', 'run', {
      strategy: {
        stages: [
          { name: 's1', maxAllowedFailures: '2', groups: [{ name: 'ga', maxAllowedFailures: '40%' }] },
          { name: 's2', groups: [{ name: 'gnext' }] },
        ],
      },
      managedClusterUpdate: UPGRADE,
    });
    await runsOf(stack, 'tolerant').start('run');
    const status = await statusWhen(stack, 'tolerant', 'run', done, 90_000);
    const [s1, s2] = status.stages;
    const ga = s1?.groups[0] as unknown as Counted & {
      status: { state: string };
      members: Array<{ status: { state: string } }>;
    };
    expect(status.status.state).toBe('Completed');
    expect((status as unknown as Counted).failureCount).toBe(2);
    expect(s1?.status.state).toBe('Completed');
    expect(s1 as unknown as Counted).toMatchObject({ failureCount: 2, maxAllowedFailures: 2 });
    expect(ga).toMatchObject({ failureCount: 2, maxAllowedFailures: 2, status: { state: 'Completed' } });
    expect(ga.members.map((m) => m.status.state).sort()).toEqual([
      'Completed',
      'Completed',
      'Completed',
      'Failed',
      'Failed',
    ]);
    expect(s2?.groups[0]?.members[0]?.status.state).toBe('Completed');
  }, 120_000);

  it('with a third failure the group stops beginning members and the run fails', async () => {
    await aFleet(stack, 'strict', [...fiveWith('b', 3), { name: 'm1', group: 'gmore' }]);
    await putRun(stack, 'strict', 'run', {
      strategy: {
        stages: [
          { name: 's1', maxAllowedFailures: '40%', groups: [{ name: 'gb', maxAllowedFailures: '40%' }] },
          { name: 's2', groups: [{ name: 'gmore' }] },
        ],
      },
      managedClusterUpdate: UPGRADE,
    });
    await runsOf(stack, 'strict').start('run');
    const status = await statusWhen(stack, 'strict', 'run', done, 90_000);
    const [s1, s2] = status.stages;
    expect(status.status.state).toBe('Failed');
    expect(s1?.status.state).toBe('Failed');
    expect(s1?.groups[0]?.status.state).toBe('Failed');
    // One by one: the three failing members go first (b1..b3), so b4 and b5 never begin.
    expect(s1?.groups[0]?.members.map((m) => m.status.state)).toEqual([
      'Failed',
      'Failed',
      'Failed',
      'NotStarted',
      'NotStarted',
    ]);
    expect(s1?.groups[0] as unknown as Counted).toMatchObject({ failureCount: 3, maxAllowedFailures: 2 });
    expect(s2?.groups[0]?.members[0]?.status.state).toBe('NotStarted');
  }, 120_000);

  it('a group past its own threshold fails alone when its stage tolerates the failures', async () => {
    await aFleet(stack, 'split', [
      { name: 'x1', group: 'gx', tags: FAILS },
      { name: 'x2', group: 'gx' },
      { name: 'y1', group: 'gy' },
      { name: 'y2', group: 'gy' },
    ]);
    await putRun(stack, 'split', 'run', {
      strategy: { stages: [{ name: 's1', maxAllowedFailures: '1', groups: [{ name: 'gx' }, { name: 'gy' }] }] },
      managedClusterUpdate: UPGRADE,
    });
    await runsOf(stack, 'split').start('run');
    const status = await statusWhen(stack, 'split', 'run', done, 90_000);
    const [gx, gy] = status.stages[0]?.groups ?? [];
    expect(gx?.status.state).toBe('Failed');
    expect(gx?.members.map((m) => m.status.state)).toEqual(['Failed', 'NotStarted']);
    expect(gy?.members.map((m) => m.status.state)).toEqual(['Completed', 'Completed']);
    expect(status.stages[0]?.status.state).toBe('Completed');
    expect(status.status.state).toBe('Completed');
  }, 120_000);
});
