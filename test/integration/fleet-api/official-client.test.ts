import type { ContainerServiceFleetClient, FleetMember } from '@azure/arm-containerservicefleet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStores } from '../../../src/storage/stores';
import { collect, fleetClient, startFleetEndpoint, type FleetEndpoint } from '../../support/fleet-endpoint';
import { clusterId, SUBSCRIPTION } from '../../support/fleet-api';

let endpoint: FleetEndpoint;
let client: ContainerServiceFleetClient;
const RG = 'rg-client';
const FAST = { updateIntervalInMs: 10 };

beforeAll(async () => {
  // The members that join through the client; the 5,000 listed ones are written straight to the tables.
  endpoint = await startFleetEndpoint([clusterId('client-k1'), clusterId('client-k5')]);
  client = fleetClient(endpoint.url, SUBSCRIPTION);
}, 120_000);

afterAll(async () => {
  await endpoint?.stop();
});

describe('@azure/arm-containerservicefleet 2.0.0 against the fleet API', () => {
  it('creates, updates, reads, lists and deletes fleets', async () => {
    const fleet = await client.fleets.create(RG, 'fleet-a', { location: 'westeurope', tags: { env: 'dev' } }, FAST);
    expect(fleet).toMatchObject({
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/fleet-a`,
      name: 'fleet-a',
      type: 'Microsoft.ContainerService/fleets',
      location: 'westeurope',
      tags: { env: 'dev' },
      properties: { provisioningState: 'Succeeded' },
    });
    expect(fleet.eTag).toMatch(/^".+"$/);
    expect(fleet.systemData?.createdAt).toBeInstanceOf(Date);
    const patched = await client.fleets.updateAsync(RG, 'fleet-a', { tags: { env: 'prod' } }, FAST);
    expect(patched.tags).toEqual({ env: 'prod' });
    expect((await client.fleets.get(RG, 'fleet-a')).tags).toEqual({ env: 'prod' });
    await client.fleets.create(RG, 'fleet-b', { location: 'westeurope' }, FAST);
    expect((await collect(client.fleets.listByResourceGroup(RG))).map((f) => f.name)).toEqual(['fleet-a', 'fleet-b']);
    expect((await collect(client.fleets.listBySubscription())).length).toBeGreaterThanOrEqual(2);
    await client.fleets.delete(RG, 'fleet-b', FAST);
    await expect(client.fleets.get(RG, 'fleet-b')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('manages members, update strategies and update runs', async () => {
    await client.fleets.create(RG, 'fleet-c', { location: 'westeurope' }, FAST);
    const member = await client.fleetMembers.create(
      RG,
      'fleet-c',
      'member-one',
      { properties: { clusterResourceId: clusterId('client-k1'), group: 'canary' } },
      FAST,
    );
    expect(member).toMatchObject({
      name: 'member-one',
      type: 'Microsoft.ContainerService/fleets/members',
      properties: { clusterResourceId: clusterId('client-k1'), group: 'canary', provisioningState: 'Succeeded' },
    });
    const moved = await client.fleetMembers.updateAsync(
      RG,
      'fleet-c',
      'member-one',
      { properties: { group: 'prod' } },
      FAST,
    );
    expect(moved.properties?.group).toBe('prod');
    expect((await collect(client.fleetMembers.listByFleet(RG, 'fleet-c'))).map((m) => m.name)).toEqual(['member-one']);

    const strategy = { stages: [{ name: 'stage1', groups: [{ name: 'prod' }], afterStageWaitInSeconds: 3600 }] };
    const saved = await client.fleetUpdateStrategies.createOrUpdate(
      RG,
      'fleet-c',
      'strategy-1',
      { properties: { strategy } },
      FAST,
    );
    expect(saved.properties).toMatchObject({ provisioningState: 'Succeeded', strategy });
    expect(await collect(client.fleetUpdateStrategies.listByFleet(RG, 'fleet-c'))).toHaveLength(1);

    const run = await client.updateRuns.createOrUpdate(
      RG,
      'fleet-c',
      'run-1',
      {
        properties: {
          updateStrategyId: saved.id,
          managedClusterUpdate: {
            upgrade: { type: 'Full', kubernetesVersion: '1.30.4' },
            nodeImageSelection: { type: 'Latest' },
          },
        },
      },
      FAST,
    );
    expect(run.properties).toMatchObject({
      provisioningState: 'Succeeded',
      updateStrategyId: saved.id,
      strategy,
      status: {
        status: { state: 'NotStarted' },
        stages: [
          {
            name: 'stage1',
            status: { state: 'NotStarted' },
            groups: [
              {
                name: 'prod',
                status: { state: 'NotStarted' },
                members: [
                  { name: 'member-one', clusterResourceId: clusterId('client-k1'), status: { state: 'NotStarted' } },
                ],
              },
            ],
            afterStageWaitStatus: { status: { state: 'NotStarted' }, waitDurationInSeconds: 3600 },
          },
        ],
      },
    });
    expect((await client.updateRuns.get(RG, 'fleet-c', 'run-1')).eTag).toBe(run.eTag);
    expect(await collect(client.updateRuns.listByFleet(RG, 'fleet-c'))).toHaveLength(1);
    await expect(
      client.updateRuns.createOrUpdate(
        RG,
        'fleet-c',
        'run-1',
        { properties: { managedClusterUpdate: { upgrade: { type: 'NodeImageOnly' } } } },
        { ...FAST, ifMatch: '"stale"' },
      ),
    ).rejects.toMatchObject({ statusCode: 412 });

    await client.updateRuns.delete(RG, 'fleet-c', 'run-1', FAST);
    await client.fleetUpdateStrategies.delete(RG, 'fleet-c', 'strategy-1', FAST);
    await client.fleetMembers.delete(RG, 'fleet-c', 'member-one', FAST);
    await expect(client.fleetMembers.get(RG, 'fleet-c', 'member-one')).rejects.toMatchObject({ statusCode: 404 });
    await client.fleets.delete(RG, 'fleet-c', FAST);
  });

  it('writes back what it read: get, then createOrUpdate with the same object', async () => {
    await client.fleets.create(RG, 'fleet-e', { location: 'westeurope', tags: { env: 'dev' } }, FAST);
    const fleet = await client.fleets.get(RG, 'fleet-e');
    expect((await client.fleets.create(RG, 'fleet-e', fleet, FAST)).tags).toEqual({ env: 'dev' });
    const memberBody = { properties: { clusterResourceId: clusterId('client-k5'), group: 'prod' } };
    await client.fleetMembers.create(RG, 'fleet-e', 'member-five', memberBody, FAST);
    const member = await client.fleetMembers.get(RG, 'fleet-e', 'member-five');
    expect((await client.fleetMembers.create(RG, 'fleet-e', 'member-five', member, FAST)).properties?.group).toBe(
      'prod',
    );
    const strategy = { stages: [{ name: 'stage1', groups: [{ name: 'prod' }], afterStageWaitInSeconds: 60 }] };
    const update = { upgrade: { type: 'NodeImageOnly' as const } };
    await client.updateRuns.createOrUpdate(
      RG,
      'fleet-e',
      'run-e',
      { properties: { strategy, managedClusterUpdate: update } },
      FAST,
    );
    const run = await client.updateRuns.get(RG, 'fleet-e', 'run-e');
    const replaced = await client.updateRuns.createOrUpdate(RG, 'fleet-e', 'run-e', run, FAST);
    expect(replaced.properties?.strategy).toEqual(strategy);
    await client.fleets.delete(RG, 'fleet-e', FAST);
  });

  it('surfaces validation errors with the ARM error body', async () => {
    await client.fleets.create(RG, 'fleet-d', { location: 'westeurope' }, FAST);
    const failure = client.fleetMembers.create(
      RG,
      'fleet-d',
      'm',
      { properties: { clusterResourceId: '/not/a/cluster' } },
      FAST,
    );
    // Long-running operations surface the body's code and message (not details) on the RestError.
    await expect(failure).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidRequestContent',
      message: expect.stringContaining('properties.clusterResourceId') as unknown,
    });
  });

  it('pages through 5,000 members', async () => {
    await client.fleets.create(RG, 'fleet-big', { location: 'westeurope' }, FAST);
    const stores = await getStores();
    const fleet = { subscriptionId: SUBSCRIPTION, resourceGroupName: RG, fleetName: 'fleet-big' };
    const now = new Date().toISOString();
    const names = Array.from({ length: 5000 }, (_, i) => `member-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 100) {
      await Promise.all(
        names.slice(i, i + 100).map((name) =>
          stores.members.create(
            fleet,
            {
              name,
              eTag: `"${name}"`,
              provisioningState: 'Succeeded',
              systemData: { createdAt: now, lastModifiedAt: now },
            },
            { clusterResourceId: clusterId(`big-${name}`), group: 'prod' },
          ),
        ),
      );
    }
    const started = performance.now();
    const listed: FleetMember[] = await collect(client.fleetMembers.listByFleet(RG, 'fleet-big'));
    const elapsedMs = performance.now() - started;
    console.info(`listed ${listed.length} members through the client's paging in ${Math.round(elapsedMs)} ms`);
    expect(listed.map((m) => m.name)).toEqual(names);
  }, 300_000);
});
