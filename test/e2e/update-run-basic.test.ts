import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, SUBSCRIPTION, type FleetStack } from '../support/fleet-stack';
import { aFleetWithMembers, FAST, FLEET, RG, waitForRun } from '../support/fleet-fixtures';
import { aFleet, isTerminal, memberOf, runState, runsOf, upgradeOperations } from './support/e2e-fleet';

describe('an update run that really runs', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 20 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('upgrades every member one by one without a strategy (Full)', async () => {
    const fleets = await aFleetWithMembers(stack, [{ name: 'alpha' }, { name: 'bravo' }, { name: 'charlie' }]);
    const update = {
      upgrade: { type: 'Full', kubernetesVersion: '1.32.6' },
      nodeImageSelection: { type: 'Latest' },
    } as const;
    await fleets.updateRuns.createOrUpdate(
      RG,
      FLEET,
      'one-by-one',
      { properties: { managedClusterUpdate: update } },
      FAST,
    );
    const started = await fleets.updateRuns.start(RG, FLEET, 'one-by-one', FAST);
    expect(['Running', 'Completed']).toContain(started.properties?.status?.status?.state);
    const run = await waitForRun(stack, 'one-by-one');
    expect(run.properties?.status?.status?.state).toBe('Completed');
    const members = run.properties?.status?.stages?.[0]?.groups?.[0]?.members ?? [];
    expect(members.map((m) => [m.name, m.status?.state])).toEqual([
      ['alpha', 'Completed'],
      ['bravo', 'Completed'],
      ['charlie', 'Completed'],
    ]);
    // One by one: each member starts after the previous one completed.
    for (let i = 1; i < members.length; i++) {
      const previousEnd = members[i - 1]?.status?.completedTime?.getTime() ?? Infinity;
      expect(members[i]?.status?.startTime?.getTime()).toBeGreaterThanOrEqual(previousEnd);
    }
  });
  it('upgrades to the newest patch the cluster is offered for a major.minor target, and names it', async () => {
    await aFleet(stack, 'minor', [{ name: 'delta', tags: { 'sim-control-plane-seconds': '40' } }]);
    const runs = runsOf(stack, 'minor');
    await runs.create('to-minor', {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32' } },
    });
    await runs.start('to-minor');
    const upgrading = await runs.waitFor(
      'to-minor',
      (run) => memberOf(run, 'delta').message?.startsWith('Upgrading') === true,
    );
    expect(memberOf(upgrading, 'delta').message).toMatch(/^Upgrading the control plane to 1\.32\.\d+\.$/);
    const done = await runs.waitFor('to-minor', isTerminal);
    expect(runState(done)).toBe('Completed');
    const [op] = await upgradeOperations(stack, 'delta');
    expect(op?.kubernetesVersion?.to).toBe(/to (1\.32\.\d+)\./.exec(memberOf(upgrading, 'delta').message ?? '')?.[1]);
  });

  it("answers paths and methods it does not serve with ARM's error body, its own routes still winning", async () => {
    const at = (path: string, method = 'GET') => fetch(`${stack.devhost.url}${path}`, { method });
    expect((await at('/healthz')).status).toBe(200);
    const root = await at('/');
    expect(root.status).toBe(404);
    expect(await root.json()).toMatchObject({ error: { code: 'NotFound' } });
    const fleet = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/${FLEET}`;
    expect((await at(`${fleet}/nonsense?api-version=2025-03-01`, 'DELETE')).status).toBe(404);
    const start = await at(`${fleet}/updateRuns/x/start?api-version=2025-03-01`);
    expect(start.status).toBe(405);
    expect(start.headers.get('allow')).toBe('POST');
    expect(await start.json()).toMatchObject({ error: { code: 'MethodNotAllowed' } });
  });
});
