import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  POLL,
  RG,
  aCluster,
  clusterPath,
  putJson,
  startFixture,
  waitForOperation,
  type SimFixture,
} from './support/sim-fixture';

describe('long-running operations as ARM does them', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  function upgradeBody(version: string, tags: Record<string, string> = {}): unknown {
    return {
      location: 'eastus',
      tags,
      properties: {
        kubernetesVersion: version,
        agentPoolProfiles: [{ name: 'system', count: 2, mode: 'System', orchestratorVersion: '1.31.8' }],
      },
    };
  }

  it('answers an upgrade PUT with Azure-AsyncOperation, Location and Retry-After, then reports the status resource', async () => {
    await putJson(f, clusterPath('raw'), upgradeBody('1.31.8'));
    f.sim.updateSettings({ pollRetryAfterSeconds: 3 });
    const response = await putJson(
      f,
      clusterPath('raw'),
      upgradeBody('1.31.13', { 'sim-control-plane-seconds': '0.5' }),
    );
    f.sim.updateSettings({ pollRetryAfterSeconds: 0 });
    expect(response.status).toBe(200);
    expect(
      ((await response.json()) as { properties: { provisioningState: string } }).properties.provisioningState,
    ).toBe('Upgrading');
    const asyncUrl = response.headers.get('azure-asyncoperation') ?? '';
    const location = response.headers.get('location') ?? '';
    expect(asyncUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operations\/[0-9a-f-]{36}\?api-version=2025-02-01$/,
    );
    expect(location).toMatch(/\/operationresults\/[0-9a-f-]{36}\?api-version=2025-02-01$/);
    expect(response.headers.get('retry-after')).toBe('3');

    const running = (await (await fetch(asyncUrl)).json()) as Record<string, unknown>;
    expect(running).toMatchObject({ status: 'InProgress' });
    expect((await fetch(location)).status).toBe(202);

    const done = await waitForOperation(asyncUrl);
    expect(done).toMatchObject({ status: 'Succeeded', percentComplete: 100 });
    expect(typeof done.endTime).toBe('string');
    const result = await fetch(location);
    expect(result.status).toBe(200);
    expect(
      ((await result.json()) as { properties: { currentKubernetesVersion: string } }).properties
        .currentKubernetesVersion,
    ).toBe('1.31.13');
  });

  it("tells an in-flight operation's remaining time in retry-after-ms when pollRetryAfterRemaining is on", async () => {
    await putJson(f, clusterPath('hinted'), upgradeBody('1.31.8'));
    const response = await putJson(
      f,
      clusterPath('hinted'),
      upgradeBody('1.31.13', { 'sim-control-plane-seconds': '2' }),
    );
    const asyncUrl = response.headers.get('azure-asyncoperation') ?? '';
    expect((await fetch(asyncUrl)).headers.get('retry-after-ms')).toBeNull();
    f.sim.updateSettings({ pollRetryAfterRemaining: true });
    try {
      const poll = await fetch(asyncUrl);
      const remaining = Number(poll.headers.get('retry-after-ms'));
      expect(remaining).toBeGreaterThan(0);
      expect(remaining).toBeLessThanOrEqual(2000);
      expect((await fetch(response.headers.get('location') ?? '')).headers.get('retry-after-ms')).not.toBeNull();
      const done = await waitForOperation(asyncUrl);
      expect(done).toMatchObject({ status: 'Succeeded' });
      expect((await fetch(asyncUrl)).headers.get('retry-after-ms')).toBeNull();
    } finally {
      f.sim.updateSettings({ pollRetryAfterRemaining: false });
    }
  });

  it('fails the next upgrade when sim-fail-next is set, with the sim-fail-code in an ARM error body', async () => {
    const cluster = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'flaky',
      aCluster({ tags: { 'sim-fail-next': '1', 'sim-fail-code': 'PodDrainFailure' } }),
      POLL,
    );
    await expect(
      f.client.managedClusters.beginCreateOrUpdateAndWait(
        RG,
        'flaky',
        { ...cluster, kubernetesVersion: '1.32.6' },
        POLL,
      ),
    ).rejects.toThrow(/The long-running operation has failed\. PodDrainFailure\. Simulated failure/);
    const after = await f.client.managedClusters.get(RG, 'flaky');
    expect(after).toMatchObject({
      provisioningState: 'Failed',
      kubernetesVersion: '1.31.8',
      currentKubernetesVersion: '1.31.8',
    });
    expect(after.tags).toEqual({ 'sim-fail-code': 'PodDrainFailure' });
    const [op] = f.sim.operations().filter((o) => o.clusterName === 'flaky');
    expect(op).toMatchObject({ status: 'Failed', error: { code: 'PodDrainFailure' } });

    const retried = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'flaky',
      { ...after, kubernetesVersion: '1.32.6' },
      POLL,
    );
    expect(retried).toMatchObject({ provisioningState: 'Succeeded', currentKubernetesVersion: '1.32.6' });
  });

  it('reports a failed operation on its status resource with the ARM error', async () => {
    await putJson(f, clusterPath('rawfail'), upgradeBody('1.31.8'));
    const response = await putJson(f, clusterPath('rawfail'), upgradeBody('1.32.6', { 'sim-fail-next': '2' }));
    const status = await waitForOperation(response.headers.get('azure-asyncoperation') ?? '');
    expect(status).toMatchObject({ status: 'Failed', error: { code: 'UpgradeFailed' } });
    const result = await fetch(response.headers.get('location') ?? '');
    expect(result.status).toBe(500);
    expect(((await result.json()) as { error: { code: string } }).error.code).toBe('UpgradeFailed');
    const cluster = (await (await f.http(clusterPath('rawfail'))).json()) as { tags: Record<string, string> };
    expect(cluster.tags['sim-fail-next']).toBe('1');
  });

  it('times upgrades from the sim tags: control plane plus count × node seconds, divided by the speed', async () => {
    f.sim.updateSettings({ speed: 4 });
    try {
      const tags = { 'sim-control-plane-seconds': '2', 'sim-node-seconds': '1', 'sim-node-seconds-user': '3' };
      const cluster = await f.client.managedClusters.beginCreateOrUpdateAndWait(
        RG,
        'timed',
        aCluster({
          tags,
          agentPoolProfiles: [
            { name: 'system', count: 2, mode: 'System' },
            { name: 'user', count: 1, mode: 'User' },
          ],
        }),
        POLL,
      );
      const pools = (cluster.agentPoolProfiles ?? []).map((p) => ({ ...p, orchestratorVersion: '1.31.13' }));
      await f.client.managedClusters.beginCreateOrUpdateAndWait(
        RG,
        'timed',
        { ...cluster, kubernetesVersion: '1.31.13', agentPoolProfiles: pools },
        POLL,
      );
      const [op] = f.sim.operations().filter((o) => o.clusterName === 'timed');
      // (2 s control plane + 2 nodes × 1 s + 1 node × 3 s) / speed 4 = 1.75 s
      expect(Date.parse(op?.expectedEndTime ?? '') - Date.parse(op?.startTime ?? '')).toBe(1750);
      expect(op?.endTime).toBe(op?.expectedEndTime);
    } finally {
      f.sim.updateSettings({ speed: 1 });
    }
  });

  it('serves the upgrade log per cluster with start and end times', async () => {
    const response = await f.http('/simulator/operations?cluster=timed');
    const { value } = (await response.json()) as { value: Array<Record<string, unknown>> };
    expect(value).toHaveLength(1);
    expect(value[0]).toMatchObject({ kind: 'ManagedClusterUpgrade', status: 'Succeeded', clusterName: 'timed' });
    expect(value[0]?.durationMs).toBe(1750);
  });
});
