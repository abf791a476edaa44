import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  POLL,
  RG,
  SUBSCRIPTION,
  aCluster,
  armErrorOf,
  clusterPath,
  startFixture,
  type SimFixture,
} from './support/sim-fixture';

describe('managed clusters over the ARM client', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  it('creates a cluster whose pools run the control-plane version and the region newest node image', async () => {
    const cluster = await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'create1', aCluster(), POLL);
    expect(cluster.provisioningState).toBe('Succeeded');
    expect(cluster.currentKubernetesVersion).toBe('1.31.8');
    expect(cluster.dnsPrefix).toBe('test');
    expect(cluster.agentPoolProfiles?.[0]).toMatchObject({
      name: 'system',
      orchestratorVersion: '1.31.8',
      currentOrchestratorVersion: '1.31.8',
      nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202511.04.0',
      mode: 'System',
      count: 2,
    });
    expect(cluster.id).toBe(
      `/subscriptions/${SUBSCRIPTION}/resourcegroups/${RG}/providers/Microsoft.ContainerService/managedClusters/create1`,
    );
  });

  it('answers 201 for a new cluster and 200 for an unchanged PUT', async () => {
    const body = JSON.stringify({
      location: 'westeurope',
      properties: { kubernetesVersion: '1.30.14', agentPoolProfiles: [{ name: 'sys', mode: 'System' }] },
    });
    const init = { method: 'PUT', body, headers: { 'content-type': 'application/json' } };
    expect((await f.http(clusterPath('status1'), init)).status).toBe(201);
    expect((await f.http(clusterPath('status1'), init)).status).toBe(200);
  });

  it('gets a cluster through a path whose literal segments differ in case', async () => {
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'casey', aCluster(), POLL);
    const path = `/SUBSCRIPTIONS/${SUBSCRIPTION}/resourcegroups/${RG.toUpperCase()}/PROVIDERS/microsoft.containerservice/MANAGEDCLUSTERS/CASEY?api%2Dversion=2025-02-01`;
    const response = await f.http(path);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }).name).toBe('casey');
  });

  it('lists clusters by resource group and by subscription, following nextLink pages', async () => {
    f.sim.updateSettings({ pageSize: 2 });
    try {
      for (const name of ['list-a', 'list-b', 'list-c']) {
        await f.client.managedClusters.beginCreateOrUpdateAndWait('rg-list', name, aCluster(), POLL);
      }
      const inGroup = [];
      for await (const c of f.client.managedClusters.listByResourceGroup('rg-list')) inGroup.push(c.name);
      expect(inGroup).toEqual(['list-a', 'list-b', 'list-c']);
      const all = [];
      for await (const c of f.client.managedClusters.list()) all.push(c.name);
      expect(all).toEqual(expect.arrayContaining(['list-a', 'list-b', 'list-c', 'create1']));
    } finally {
      f.sim.updateSettings({ pageSize: 100 });
    }
  });

  it('replaces tags with a tags PATCH', async () => {
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'tagged', aCluster({ tags: { a: '1' } }), POLL);
    const updated = await f.client.managedClusters.beginUpdateTagsAndWait(RG, 'tagged', { tags: { b: '2' } }, POLL);
    expect(updated.tags).toEqual({ b: '2' });
    expect((await f.client.managedClusters.get(RG, 'tagged')).tags).toEqual({ b: '2' });
  });

  it('deletes a cluster so that a GET answers 404 ResourceNotFound', async () => {
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'doomed', aCluster(), POLL);
    await f.client.managedClusters.beginDeleteAndWait(RG, 'doomed', POLL);
    const error = await armErrorOf(f.client.managedClusters.get(RG, 'doomed'));
    expect(error).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('rejects an invalid body with one ARM error detail per zod issue', async () => {
    const body = JSON.stringify({
      location: 'eastus',
      properties: { agentPoolProfiles: [{ name: 'Bad_Name', count: -1 }] },
    });
    const response = await f.http(clusterPath('invalid'), {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "InvalidRequestContent",
          "details": [
            {
              "code": "InvalidParameter",
              "message": "Too small: expected number to be >=0",
              "target": "properties.agentPoolProfiles.0.count",
            },
            {
              "code": "InvalidParameter",
              "message": "agent pool names are 1-12 lowercase letters and digits, starting with a letter",
              "target": "properties.agentPoolProfiles.0.name",
            },
          ],
          "message": "properties.agentPoolProfiles.0.count: Too small: expected number to be >=0",
          "target": "properties.agentPoolProfiles.0.count",
        },
      }
    `);
  });

  it('requires the api-version query parameter', async () => {
    const response = await f.http(clusterPath('create1').replace('?api-version=2025-02-01', ''));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('MissingApiVersionParameter');
  });

  it('refuses a region the catalog does not publish', async () => {
    const error = await armErrorOf(
      f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'nowhere', aCluster({ location: 'mars' }), POLL),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'LocationNotAvailableForResourceType' });
  });
});
