import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIPTION, startFleetStack, type FleetStack } from '../support/fleet-stack';
import { RG } from '../support/fleet-fixtures';
import { aFleet, armErrorOf, isTerminal, memberStates, runState, runsOf } from './support/e2e-fleet';

const UPGRADE = { upgrade: { type: 'ControlPlaneOnly' as const, kubernetesVersion: '1.32.9' } };
const SLOW = { 'sim-control-plane-seconds': '30' };
const runPath = (fleet: string, run: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/${fleet}/updateRuns/${run}`;

describe('races of starts and deletes', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('of 20 concurrent starts exactly one starts the run, and its clusters stay claimed until it ends', async () => {
    await aFleet(stack, 'racing', [
      { name: 'r1', group: 'g', tags: SLOW },
      { name: 'r2', group: 'g' },
    ]);
    const runs = runsOf(stack, 'racing');
    const strategy = { stages: [{ name: 's', groups: [{ name: 'g' }] }] };
    await runs.create('run', { strategy, managedClusterUpdate: UPGRADE });
    await runs.create('other', { strategy, managedClusterUpdate: UPGRADE });
    const url = `${stack.devhost.url}${runPath('racing', 'run')}/start?api-version=2025-03-01`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(url, { method: 'POST' })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    // The losers released nothing: a second run over the same clusters is still refused while the first runs.
    const busy = await armErrorOf(runs.start('other'));
    expect(busy).toMatchObject({ statusCode: 409 });
    expect(busy.message).toContain("already being updated by update run 'run'");

    // Neither the fleet nor a member whose cluster is in the run can go while it runs.
    const fleetDelete = await fetch(
      `${stack.devhost.url}/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/racing?api-version=2025-03-01`,
      { method: 'DELETE' },
    );
    expect(fleetDelete.status).toBe(409);
    expect(JSON.stringify(await fleetDelete.json())).toContain('has update runs in progress (run)');
    const memberDelete = await armErrorOf(
      stack.fleetClient.fleetMembers.delete(RG, 'racing', 'r1', { updateIntervalInMs: 10 }),
    );
    expect(memberDelete).toMatchObject({ statusCode: 409 });
    expect(memberDelete.message).toContain("is in update run 'run'");

    const done = await runs.waitFor('run', isTerminal, 120_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ r1: 'Completed', r2: 'Completed' });
    await stack.fleetClient.fleetMembers.delete(RG, 'racing', 'r2', { updateIntervalInMs: 10 });
  }, 180_000);

  it('a run of the name of one whose delete failed halfway inherits none of its progress', async () => {
    await aFleet(stack, 'again', [{ name: 'a1', group: 'g' }]);
    const runs = runsOf(stack, 'again');
    const properties = {
      strategy: { stages: [{ name: 's', groups: [{ name: 'g' }] }] },
      managedClusterUpdate: UPGRADE,
    };
    await runs.create('run', properties);
    await runs.start('run');
    expect(runState(await runs.waitFor('run', isTerminal, 60_000))).toBe('Completed');
    // The delete got as far as the run's own row: its status rows and intent are still there.
    const table = TableClient.fromConnectionString(
      stack.env.AzureWebJobsStorage ?? '',
      `${stack.env.FLEET_TABLE_PREFIX ?? ''}FleetResources`,
      { allowInsecureConnection: true },
    );
    await table.deleteEntity(`${SUBSCRIPTION}|${RG}|again`.toLowerCase(), 'run|run');
    await runs.create('run', properties);
    const fresh = await runs.get('run');
    expect(runState(fresh)).toBe('NotStarted');
    expect(memberStates(fresh)).toEqual({ a1: 'NotStarted' });
  }, 120_000);
});
