import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import {
  aFleet,
  armErrorOf,
  eventually,
  isTerminal,
  memberOf,
  memberStates,
  operationCounts,
  runState,
  runsOf,
  sleep,
  upgradeOperations,
} from './support/e2e-fleet';

/** 20 simulated seconds per control-plane upgrade at speed 10: two wall seconds in flight. */
const SLOW = { 'sim-control-plane-seconds': '20' };
const CONTROL_PLANE_ONLY = { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } } as const;

async function inFlight(stack: FleetStack, cluster: string) {
  return eventually(
    async () => (await upgradeOperations(stack, cluster)).find((op) => op.status === 'InProgress'),
    `an upgrade of ${cluster} in flight`,
  );
}

describe('stop and start of an update run', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('stops gracefully, then resumes at the first unprocessed member without redoing completed ones', async () => {
    await aFleet(stack, 'stopstart', [
      { name: 'ss1', tags: SLOW },
      { name: 'ss2', tags: SLOW },
      { name: 'ss3', tags: SLOW },
    ]);
    const runs = runsOf(stack, 'stopstart');
    await runs.create('run', { managedClusterUpdate: CONTROL_PLANE_ONLY });
    await runs.start('run');
    const second = await inFlight(stack, 'ss2');

    const stopping = await runs.stop('run');
    expect(runState(stopping)).toBe('Stopping');
    const stopped = await runs.waitFor('run', isTerminal);
    expect(runState(stopped)).toBe('Stopped');
    // The in-flight upgrade was never aborted: it finished and its member shows Completed.
    expect(memberStates(stopped)).toEqual({ ss1: 'Completed', ss2: 'Completed', ss3: 'NotStarted' });
    const [ss2Op] = await upgradeOperations(stack, 'ss2');
    expect([ss2Op?.id, ss2Op?.status]).toEqual([second.id, 'Succeeded']);
    // Nothing new starts while the run is Stopped.
    await sleep(1500);
    expect(await operationCounts(stack)).toEqual({ ss1: 1, ss2: 1 });
    expect(memberStates(await runs.get('run'))).toEqual({ ss1: 'Completed', ss2: 'Completed', ss3: 'NotStarted' });

    const restartedAt = Date.now();
    await runs.start('run');
    const done = await runs.waitFor('run', isTerminal);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ ss1: 'Completed', ss2: 'Completed', ss3: 'Completed' });
    for (const name of ['ss1', 'ss2']) {
      expect(memberOf(done, name).end, `${name} kept its first completion`).toBe(memberOf(stopped, name).end);
    }
    expect(memberOf(done, 'ss3').start).toBeGreaterThanOrEqual(restartedAt - 1000);
    expect(await operationCounts(stack)).toEqual({ ss1: 1, ss2: 1, ss3: 1 });
  });

  it('refuses (409) to start a second run sharing a cluster with a running run, and to delete a running run', async () => {
    await aFleet(stack, 'conflicts', [
      { name: 'cf1', tags: { 'sim-control-plane-seconds': '60' } },
      { name: 'cf2', tags: { 'sim-control-plane-seconds': '60' } },
    ]);
    const runs = runsOf(stack, 'conflicts');
    await runs.create('first', { managedClusterUpdate: CONTROL_PLANE_ONLY });
    await runs.create('second', { managedClusterUpdate: CONTROL_PLANE_ONLY });
    await runs.start('first');
    await inFlight(stack, 'cf1');
    expect(runState(await runs.get('first'))).toBe('Running');

    const busy = await armErrorOf(runs.start('second'));
    expect([busy.statusCode, busy.code]).toEqual([409, 'Conflict']);
    expect(busy.message).toMatch(/managedclusters\/cf[12]'.*'first'/i);
    expect(runState(await runs.get('second'))).toBe('NotStarted');

    const running = await armErrorOf(runs.delete('first'));
    expect(running.statusCode).toBe(409);
    expect(running.message).toContain("'first'");
    expect(runState(await runs.get('first'))).toBe('Running');

    await runs.stop('first');
    expect(runState(await runs.waitFor('first', isTerminal))).toBe('Stopped');
    expect((await upgradeOperations(stack)).filter((op) => op.clusterName === 'cf2')).toEqual([]);
  });

  it("starts no after-stage wait when a stop comes while the stage's last member finishes", async () => {
    await aFleet(stack, 'stopatend', [
      { name: 'se1', group: 'g1', tags: SLOW },
      { name: 'se2', group: 'g2' },
    ]);
    const runs = runsOf(stack, 'stopatend');
    await runs.create('run', {
      strategy: {
        stages: [
          { name: 's1', groups: [{ name: 'g1' }], afterStageWaitInSeconds: 3600 },
          { name: 's2', groups: [{ name: 'g2' }] },
        ],
      },
      managedClusterUpdate: CONTROL_PLANE_ONLY,
    });
    await runs.start('run');
    const last = await inFlight(stack, 'se1');
    expect(runState(await runs.stop('run'))).toBe('Stopping');
    // The hour-long wait never starts: the run is Stopped as soon as the in-flight upgrade has ended.
    const stopped = await runs.waitFor('run', isTerminal, 20_000);
    expect(runState(stopped)).toBe('Stopped');
    const [op] = await upgradeOperations(stack, 'se1');
    expect([op?.id, op?.status]).toEqual([last.id, 'Succeeded']);
    const s1 = stopped.properties?.status?.stages?.find((s) => s.name === 's1');
    expect(s1?.afterStageWaitStatus?.status?.state).not.toBe('Running');
    expect(memberStates(stopped)).toEqual({ se1: 'Completed', se2: 'NotStarted' });
    const counts = await operationCounts(stack);
    expect([counts.se1, counts.se2]).toEqual([1, undefined]);
  });
});
