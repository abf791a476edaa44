import { TableClient, type TableEntityResult } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { POLL, RG, SUBSCRIPTION, aCluster, startFixture, uniquePrefix, waitForOperation } from './support/sim-fixture';

describe('restart persistence', () => {
  it('keeps clusters, pools and maintenance configurations and finishes an in-flight upgrade after a restart', async () => {
    const tablePrefix = uniquePrefix();
    const first = await startFixture({ tablePrefix });
    const cluster = await first.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'survivor',
      aCluster({ tags: { 'sim-control-plane-seconds': '1.5' } }),
      POLL,
    );
    await first.client.agentPools.beginCreateOrUpdateAndWait(RG, 'survivor', 'user', { count: 3 }, POLL);
    await first.client.maintenanceConfigurations.createOrUpdate(RG, 'survivor', 'aksManagedAutoUpgradeSchedule', {
      maintenanceWindow: {
        schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
        durationHours: 4,
        startTime: '02:00',
      },
    });
    const { agentPoolProfiles: _pools, ...withoutPools } = cluster;
    await first.client.managedClusters.beginCreateOrUpdate(
      RG,
      'survivor',
      { ...withoutPools, kubernetesVersion: '1.32.6' },
      POLL,
    );
    const [inFlight] = first.sim.operations();
    await first.stop();

    const second = await startFixture({ tablePrefix });
    try {
      const during = await second.client.managedClusters.get(RG, 'survivor');
      expect(during.provisioningState).toBe('Upgrading');
      expect(during.agentPoolProfiles?.map((p) => p.name)).toEqual(['system', 'user']);
      const statusUrl = `${second.sim.url}/subscriptions/${inFlight?.subscriptionId ?? ''}/providers/Microsoft.ContainerService/locations/eastus/operations/${inFlight?.id ?? ''}?api-version=2025-02-01`;
      expect(await waitForOperation(statusUrl)).toMatchObject({
        status: 'Succeeded',
        endTime: inFlight?.expectedEndTime,
      });
      const after = await second.client.managedClusters.get(RG, 'survivor');
      expect(after).toMatchObject({ provisioningState: 'Succeeded', currentKubernetesVersion: '1.32.6' });
      const window = await second.client.maintenanceConfigurations.get(RG, 'survivor', 'aksManagedAutoUpgradeSchedule');
      expect(window.maintenanceWindow?.schedule.weekly?.dayOfWeek).toBe('Sunday');
    } finally {
      await second.stop();
    }
  });

  it('completes, at its planned end time, an upgrade that became due while the simulator was down', async () => {
    const tablePrefix = uniquePrefix();
    const first = await startFixture({ tablePrefix });
    const cluster = await first.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'sleeper',
      aCluster({ tags: { 'sim-control-plane-seconds': '0.3' } }),
      POLL,
    );
    await first.client.managedClusters.beginCreateOrUpdate(
      RG,
      'sleeper',
      { ...cluster, kubernetesVersion: '1.31.13' },
      POLL,
    );
    const [planned] = first.sim.operations();
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));

    const second = await startFixture({ tablePrefix });
    try {
      const [done] = second.sim.operations();
      expect(done).toMatchObject({ id: planned?.id, status: 'Succeeded', endTime: planned?.expectedEndTime });
      expect((await second.client.managedClusters.get(RG, 'sleeper')).currentKubernetesVersion).toBe('1.31.13');
    } finally {
      await second.stop();
    }
  });

  it('moves rows stored under the older layout (one partition per subscription) to their own partitions', async () => {
    const tablePrefix = uniquePrefix();
    const first = await startFixture({ tablePrefix });
    await first.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'legacy', aCluster(), POLL);
    await first.stop();
    const table = TableClient.fromConnectionString(inject('storageConnectionString'), `${tablePrefix}Clusters`, {
      allowInsecureConnection: true,
    });
    const [stored] = await rowsOf(table);
    if (!stored?.partitionKey || !stored.rowKey) throw new Error('no cluster row stored');
    const legacyKey = { partitionKey: SUBSCRIPTION, rowKey: `${RG}~legacy`.toLowerCase() };
    await table.createEntity({ ...stored, ...legacyKey });
    await table.deleteEntity(stored.partitionKey, stored.rowKey);

    const second = await startFixture({ tablePrefix });
    try {
      const rows = await rowsOf(table);
      expect(rows.map((r) => [r.partitionKey, r.rowKey])).toEqual([[stored.partitionKey, stored.rowKey]]);
      await second.client.managedClusters.beginDeleteAndWait(RG, 'legacy', POLL);
    } finally {
      await second.stop();
    }
    expect(await rowsOf(table)).toEqual([]);
  });
});

async function rowsOf(table: TableClient): Promise<TableEntityResult<Record<string, unknown>>[]> {
  const rows: TableEntityResult<Record<string, unknown>>[] = [];
  for await (const row of table.listEntities()) rows.push(row);
  return rows;
}
