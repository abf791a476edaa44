import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalContainerServiceClient } from '../src/arm-client';
import { DEMO_RESOURCE_GROUP, DEMO_SUBSCRIPTION_ID, ensureDemoTopology } from '../src/demo-topology';
import { startFixture, type SimFixture } from './support/sim-fixture';

describe('demo topology', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  it('creates five clusters in two regions whose latest node images differ', async () => {
    const topology = await ensureDemoTopology(f.sim.url);
    expect(topology.clusterIds).toHaveLength(5);
    const client = createLocalContainerServiceClient(f.sim.url, DEMO_SUBSCRIPTION_ID);
    const clusters = [];
    for await (const c of client.managedClusters.listByResourceGroup(DEMO_RESOURCE_GROUP)) clusters.push(c);
    expect(clusters.map((c) => `${c.name}@${c.location}`)).toEqual([
      'member1@eastus',
      'member2@eastus',
      'member3@eastus',
      'member4@westeurope',
      'member5@westeurope',
    ]);
    const east = await client.agentPools.getUpgradeProfile(DEMO_RESOURCE_GROUP, 'member1', 'system');
    const west = await client.agentPools.getUpgradeProfile(DEMO_RESOURCE_GROUP, 'member4', 'system');
    expect(east.latestNodeImageVersion).not.toBe(west.latestNodeImageVersion);
    const pool = await client.agentPools.get(DEMO_RESOURCE_GROUP, 'member1', 'system');
    expect(pool.nodeImageVersion).not.toBe(east.latestNodeImageVersion);
  });

  it('gives exactly one cluster a maintenance window that is closed now', async () => {
    const client = createLocalContainerServiceClient(f.sim.url, DEMO_SUBSCRIPTION_ID);
    const withWindows = [];
    for (const name of ['member1', 'member2', 'member3', 'member4', 'member5']) {
      for await (const config of client.maintenanceConfigurations.listByManagedCluster(DEMO_RESOURCE_GROUP, name)) {
        if (config.name === 'aksManagedAutoUpgradeSchedule') withWindows.push({ name, config });
      }
    }
    expect(withWindows.map((w) => w.name)).toEqual(['member4']);
    const [blocked] = withWindows[0]?.config.maintenanceWindow?.notAllowedDates ?? [];
    expect(blocked?.start.getTime()).toBeLessThan(Date.now());
    expect(blocked?.end.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
  });

  it('is idempotent: a second call keeps the clusters and their state', async () => {
    const client = createLocalContainerServiceClient(f.sim.url, DEMO_SUBSCRIPTION_ID);
    await client.managedClusters.beginUpdateTagsAndWait(DEMO_RESOURCE_GROUP, 'member5', { tags: { touched: 'yes' } });
    await ensureDemoTopology(f.sim);
    const names = [];
    for await (const c of client.managedClusters.list()) names.push(c.name);
    expect(names).toHaveLength(5);
    expect((await client.managedClusters.get(DEMO_RESOURCE_GROUP, 'member5')).tags).toEqual({ touched: 'yes' });
  });
});
