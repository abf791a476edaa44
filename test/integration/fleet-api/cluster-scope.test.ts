import { describe, expect, it } from 'vitest';
import { aFleet } from '../../fixtures/fleet-builders';
import { useEntraMode } from '../../support/entra-mode';
import { callApi, clusterId, fleetPath, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();
/** Clusters each caller can read in Azure, by object id. */
const readable = new Map<string, string[]>();
const entra = useEntraMode({ ALLOWED_CLUSTER_SCOPES: `/subscriptions/${SUBSCRIPTION}/resourceGroups/allowed` }, () => {
  return async (armToken, clusterResourceId) => {
    const { oid } = JSON.parse(Buffer.from(armToken.split('.')[1] ?? '', 'base64url').toString()) as { oid: string };
    if (!(readable.get(oid) ?? []).includes(clusterResourceId)) {
      throw Object.assign(new Error('The client does not have authorization to perform action read.'), {
        statusCode: 403,
        code: 'AuthorizationFailed',
      });
    }
    await Promise.resolve();
  };
});

const FLEET = fleetPath('fleet1');

async function join(member: string, cluster: string, headers: Record<string, string>) {
  return callApi('PUT', `${FLEET}/members/${member}`, {
    body: { properties: { clusterResourceId: cluster } },
    headers,
  });
}

describe('which clusters may join', () => {
  it('refuses a cluster outside ALLOWED_CLUSTER_SCOPES with 403 LinkedAuthorizationFailed', async () => {
    const admin = await entra.headersOf('Fleet.Admin', 'ada');
    await callApi('PUT', FLEET, { body: aFleet(), headers: admin });
    const outside = clusterId('k-outside', 'elsewhere');
    readable.set('oid-ada', [outside]);
    const response = await join('m1', outside, admin);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      error: { code: 'LinkedAuthorizationFailed', target: 'properties.clusterResourceId' },
    });
  });

  it('lets a cluster in scope join only for a caller who can read it with their own ARM token', async () => {
    const ada = await entra.headersOf('Fleet.Admin', 'ada');
    const bob = await entra.headersOf('Fleet.Admin', 'bob');
    await callApi('PUT', FLEET, { body: aFleet(), headers: ada });
    const cluster = clusterId('k-inside', 'allowed');
    readable.set('oid-ada', [cluster]);
    readable.set('oid-bob', []);
    const refused = await join('m1', cluster, bob);
    expect(refused.status).toBe(403);
    expect((refused.body as { error: { message: string } }).error.message).toContain('AuthorizationFailed');
    expect((await join('m1', cluster, ada)).status).toBe(201);
  });

  it('refuses an ARM token that is missing or belongs to someone else', async () => {
    const ada = await entra.headersOf('Fleet.Admin', 'ada');
    const bob = await entra.headersOf('Fleet.Admin', 'bob');
    await callApi('PUT', FLEET, { body: aFleet(), headers: ada });
    const cluster = clusterId('k-inside2', 'allowed');
    readable.set('oid-ada', [cluster]);
    const { 'x-ms-authorization-auxiliary': _none, ...withoutArmToken } = ada;
    expect((await join('m1', cluster, withoutArmToken)).body).toMatchObject({
      error: { code: 'LinkedAuthorizationFailed' },
    });
    const borrowed = { ...bob, 'x-ms-authorization-auxiliary': ada['x-ms-authorization-auxiliary'] ?? '' };
    const response = await join('m1', cluster, borrowed);
    expect(response.status).toBe(403);
    expect((response.body as { error: { message: string } }).error.message).toContain('someone other than the caller');
  });
});
