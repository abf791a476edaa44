import { describe, expect, it } from 'vitest';
import { aCluster, FakeClusterClient, RetriableClusterError, TerminalClusterError } from '../../../src/clusters';
import { useClusterClient } from '../../../src/services';
import { aFleet, aMember } from '../../fixtures/fleet-builders';
import {
  callApi,
  clusterId,
  fleetPath,
  missingClusterId,
  SUBSCRIPTION,
  useFreshFleetTables,
} from '../../support/fleet-api';

useFreshFleetTables();

const members = `${fleetPath('fleet1')}/members`;

async function givenFleet(): Promise<void> {
  await callApi('PUT', fleetPath('fleet1'), { body: aFleet() });
}

/** A fake that knows cluster `name` (in the resource group clusterId uses) and is what member joins read. */
function joinsRead(name: string): FakeClusterClient {
  const fake = new FakeClusterClient().withClusters(
    aCluster({ name, id: missingClusterId(name), subscriptionId: SUBSCRIPTION, resourceGroup: 'clusters' }),
  );
  useClusterClient(fake);
  return fake;
}

describe('a member joining the fleet', () => {
  it('is refused with 400 naming clusterResourceId in ARM words when its cluster does not exist, and not created', async () => {
    await givenFleet();
    const body = { properties: { clusterResourceId: missingClusterId('aks-does-not-exist') } };
    const refused = await callApi('PUT', `${members}/m1`, { body });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "InvalidParameter",
          "details": [
            {
              "code": "ResourceNotFound",
              "message": "The Resource 'Microsoft.ContainerService/managedClusters/aks-does-not-exist' under resource group 'clusters' was not found.",
              "target": "properties.clusterResourceId",
            },
          ],
          "message": "The cluster '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/clusters/providers/Microsoft.ContainerService/managedClusters/aks-does-not-exist' cannot join the fleet: (ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/aks-does-not-exist' under resource group 'clusters' was not found.",
          "target": "properties.clusterResourceId",
        },
      }
    `);
    expect((await callApi('GET', `${members}/m1`)).status).toBe(404);
    // Nothing was claimed for the missing cluster: once it exists, it joins.
    expect((await callApi('PUT', `${members}/m1`, { body: aMember('aks-does-not-exist') })).status).toBe(201);
  });

  it('is refused with 400 when ARM refuses to show the cluster, keeping ARM code and message', async () => {
    await givenFleet();
    const message = "The client 'fleet' does not have authorization to perform action 'read' over scope 'k1'.";
    joinsRead('k1').failNextCall('getCluster', new TerminalClusterError('AuthorizationFailed', message));
    const refused = await callApi('PUT', `${members}/m1`, { body: aMember('k1') });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: {
        target: 'properties.clusterResourceId',
        details: [{ code: 'AuthorizationFailed', message, target: 'properties.clusterResourceId' }],
      },
    });
  });

  it('answers 503 ServiceUnavailable, not 400, when ARM fails for now, and joins when the client retries', async () => {
    await givenFleet();
    joinsRead('k1').failNextCall('getCluster', new RetriableClusterError('ServerTimeout', 'The request timed out.', 5));
    const failed = await callApi('PUT', `${members}/m1`, { body: aMember('k1') });
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({
      error: { code: 'ServiceUnavailable', target: 'properties.clusterResourceId' },
    });
    expect((failed.body as { error: { message: string } }).error.message).toContain(
      '(ServerTimeout) The request timed out.',
    );
    expect((await callApi('PUT', `${members}/m1`, { body: aMember('k1') })).status).toBe(201);
  });

  it('does not read the cluster again when the member is replaced or patched', async () => {
    await givenFleet();
    const fake = joinsRead('k1');
    expect((await callApi('PUT', `${members}/m1`, { body: aMember('k1', 'canary') })).status).toBe(201);
    const gone = new TerminalClusterError('ResourceNotFound', 'The Resource was not found.');
    fake.failNextCall('getCluster', gone).failNextCall('getCluster', gone);
    expect((await callApi('PUT', `${members}/m1`, { body: aMember('k1', 'prod') })).status).toBe(200);
    const patched = await callApi('PATCH', `${members}/m1`, { body: { properties: { group: 'web' } } });
    expect(patched.status).toBe(200);
    // Both planned failures are still queued: neither write read the cluster.
    await expect(fake.getCluster(clusterId('k1'))).rejects.toBe(gone);
    await expect(fake.getCluster(clusterId('k1'))).rejects.toBe(gone);
  });
});
