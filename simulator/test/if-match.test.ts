import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLL, RG, aCluster, clusterPath, startFixture, type SimFixture } from './support/sim-fixture';

const POOL = (cluster: string) => clusterPath(cluster, '/agentPools/system');
const NODE_IMAGE = (cluster: string) => clusterPath(cluster, '/agentPools/system/upgradeNodeImageVersion');

describe('If-Match on cluster writes', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  async function create(name: string): Promise<void> {
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, name, aCluster(), POLL);
  }

  function send(method: string, path: string, ifMatch: string | undefined, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (ifMatch !== undefined) headers['if-match'] = ifMatch;
    return f.http(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  }

  it('gives a cluster a new eTag on every write and its pool one when the write changes the pool', async () => {
    await create('stamped');
    const before = await f.client.managedClusters.get(RG, 'stamped');
    const pool = await f.client.agentPools.get(RG, 'stamped', 'system');
    expect(before.eTag).toBeTruthy();
    expect(pool.eTag).toBe(before.agentPoolProfiles?.[0]?.eTag);

    await f.client.managedClusters.beginUpdateTagsAndWait(RG, 'stamped', { tags: { a: '1' } }, POLL);
    const tagged = await f.client.managedClusters.get(RG, 'stamped');
    expect(tagged.eTag).not.toBe(before.eTag);
    expect((await f.client.agentPools.get(RG, 'stamped', 'system')).eTag).toBe(pool.eTag);

    await f.client.agentPools.beginCreateOrUpdateAndWait(RG, 'stamped', 'system', { ...pool, count: 3 }, POLL);
    expect((await f.client.agentPools.get(RG, 'stamped', 'system')).eTag).not.toBe(pool.eTag);
  });

  it('refuses a managed-cluster PUT whose If-Match is not the current eTag with 412 PreconditionFailed', async () => {
    await create('mc');
    const read = await f.client.managedClusters.get(RG, 'mc');
    await f.client.managedClusters.beginUpdateTagsAndWait(RG, 'mc', { tags: { someone: 'else' } }, POLL);
    const current = (await f.client.managedClusters.get(RG, 'mc')).eTag ?? '';

    const stale = await send('PUT', clusterPath('mc'), read.eTag, { location: 'eastus', properties: {} });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toEqual({
      error: {
        code: 'PreconditionFailed',
        message: `Etag provided in if-match header "${read.eTag}" does not match etag "${current}" of resource ${read.id}.`,
      },
    });
    expect(f.sim.operations().filter((op) => op.clusterName === 'mc')).toHaveLength(0);

    const fresh = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'mc',
      { ...read, kubernetesVersion: '1.32.6' },
      { ...POLL, ifMatch: current },
    );
    expect(fresh.currentKubernetesVersion).toBe('1.32.6');
  });

  it('refuses an agent-pool PUT with a stale If-Match and accepts the quoted current eTag or *', async () => {
    await create('pool');
    const read = await f.client.agentPools.get(RG, 'pool', 'system');
    await f.client.agentPools.beginCreateOrUpdateAndWait(RG, 'pool', 'system', { ...read, count: 3 }, POLL);
    const current = (await f.client.agentPools.get(RG, 'pool', 'system')).eTag ?? '';

    const stale = await send('PUT', POOL('pool'), read.eTag, { properties: { count: 4 } });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('PreconditionFailed');
    expect((await f.client.agentPools.get(RG, 'pool', 'system')).count).toBe(3);

    expect((await send('PUT', POOL('pool'), `"${current}"`, { properties: { count: 4 } })).status).toBe(200);
    expect((await send('PUT', POOL('pool'), '*', { properties: { count: 5 } })).status).toBe(200);
    expect((await f.client.agentPools.get(RG, 'pool', 'system')).count).toBe(5);
  });

  it('refuses upgradeNodeImageVersion with a stale If-Match before starting anything', async () => {
    await create('image');
    const read = await f.client.agentPools.get(RG, 'image', 'system');
    await f.client.agentPools.beginCreateOrUpdateAndWait(RG, 'image', 'system', { ...read, count: 3 }, POLL);

    const stale = await send('POST', NODE_IMAGE('image'), read.eTag);
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('PreconditionFailed');
    const current = (await f.client.agentPools.get(RG, 'image', 'system')).eTag ?? '';
    expect((await send('POST', NODE_IMAGE('image'), current)).status).toBe(200);
    expect(f.sim.operations().filter((op) => op.clusterName === 'image')).toHaveLength(0);
  });

  it('refuses If-Match on a pool that does not exist yet', async () => {
    await create('absent');
    const response = await send('PUT', clusterPath('absent', '/agentPools/extra'), 'anything', { properties: {} });
    expect(response.status).toBe(412);
  });
});
