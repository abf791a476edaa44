import { describe, expect, it } from 'vitest';
import { createClusterActivities } from '../../../src/activities/cluster.activities';
import {
  aCluster,
  FakeClusterClient,
  fakeClusterId,
  RetriableClusterError,
  TerminalClusterError,
} from '../../../src/clusters';

const ID = fakeClusterId('member1');
const NEW_IMAGE = 'AKSUbuntu-2204gen2containerd-202511.04.0';

async function pollToEnd(
  fake: FakeClusterClient,
  handle: Awaited<ReturnType<FakeClusterClient['beginControlPlaneUpgrade']>>,
) {
  for (;;) {
    const poll = await fake.pollOperation(handle);
    if (poll.status !== 'InProgress') return poll;
  }
}

describe('FakeClusterClient', () => {
  it('completes an operation on the configured poll and applies it to the cluster', async () => {
    const fake = new FakeClusterClient({ pollsUntilDone: 3, retryAfterSeconds: 30 }).withClusters(
      aCluster({ name: 'member1' }),
    );
    const handle = await fake.beginControlPlaneUpgrade(ID, '1.32.6');
    expect(await fake.getCluster(ID)).toMatchObject({ provisioningState: 'Upgrading', kubernetesVersion: '1.32.6' });
    expect(await fake.pollOperation(handle)).toEqual({ status: 'InProgress', retryAfterSeconds: 30 });
    expect(await fake.pollOperation(handle)).toEqual({ status: 'InProgress', retryAfterSeconds: 30 });
    expect(await fake.pollOperation(handle)).toEqual({ status: 'Succeeded' });
    const cluster = fake.cluster(ID);
    expect(cluster).toMatchObject({ currentKubernetesVersion: '1.32.6', provisioningState: 'Succeeded' });
    expect(cluster.agentPools[0]?.currentOrchestratorVersion).toBe('1.31.8');
  });

  it('fails the next operation with the given ARM code and leaves the versions where they were', async () => {
    const fake = new FakeClusterClient()
      .withClusters(aCluster({ name: 'member1' }))
      .failNextOperation(ID, { code: 'PodDrainFailure', message: 'drain timed out' });
    const poll = await pollToEnd(
      fake,
      await fake.beginAgentPoolUpgrade(ID, 'system', { orchestratorVersion: '1.31.13' }),
    );
    expect(poll).toEqual({ status: 'Failed', error: { code: 'PodDrainFailure', message: 'drain timed out' } });
    expect(fake.cluster(ID).agentPools[0]).toMatchObject({
      orchestratorVersion: '1.31.8',
      provisioningState: 'Failed',
    });
  });

  it('logs begins and finds the running operation instead of starting a second one', async () => {
    const fake = new FakeClusterClient().withClusters(aCluster({ name: 'member1' }));
    const first = await fake.beginControlPlaneUpgrade(ID, '1.32.6');
    const again = await fake.beginControlPlaneUpgrade(ID, '1.32.6');
    expect(again.poll).toEqual({ type: 'resourceState' });
    expect(await pollToEnd(fake, first)).toEqual({ status: 'Succeeded' });
    expect(await fake.pollOperation(again)).toEqual({ status: 'Succeeded' });
    expect((await fake.beginControlPlaneUpgrade(ID, '1.32.6')).poll).toEqual({ type: 'completed' });
    expect(fake.log.map((entry) => entry.outcome)).toEqual(['started', 'inFlight', 'completed']);
    expect(fake.started()).toHaveLength(1);
  });

  it('refuses a begin while another operation runs with a retriable OperationInProgress', async () => {
    const fake = new FakeClusterClient().withClusters(aCluster({ name: 'member1' }));
    await fake.beginControlPlaneUpgrade(ID, '1.32.6');
    await expect(fake.beginNodeImageUpgrade(ID, 'system', NEW_IMAGE)).rejects.toMatchObject({
      name: 'RetriableClusterError',
      code: 'OperationInProgress',
    });
  });

  it('moves node images to the latest it was given and reports them', async () => {
    const fake = new FakeClusterClient()
      .withClusters(aCluster({ name: 'member1', agentPools: [{}, { name: 'user' }] }))
      .withLatestNodeImages(ID, { system: NEW_IMAGE, user: NEW_IMAGE });
    expect(await fake.getLatestNodeImages(ID)).toEqual({ system: NEW_IMAGE, user: NEW_IMAGE });
    await pollToEnd(fake, await fake.beginNodeImageUpgrade(ID, 'user'));
    expect(fake.cluster(ID).agentPools.map((pool) => pool.nodeImageVersion)).toEqual([
      'AKSUbuntu-2204gen2containerd-202510.19.0',
      NEW_IMAGE,
    ]);
  });

  it('throws injected failures once and answers missing clusters with ResourceNotFound', async () => {
    const fake = new FakeClusterClient()
      .withClusters(aCluster({ name: 'member1' }))
      .failNextCall('getCluster', new RetriableClusterError('ServiceUnavailable', 'try later', 5));
    await expect(fake.getCluster(ID)).rejects.toBeInstanceOf(RetriableClusterError);
    await expect(fake.getCluster(ID)).resolves.toMatchObject({ name: 'member1' });
    await expect(fake.getCluster(fakeClusterId('other'))).rejects.toEqual(
      new TerminalClusterError(
        'ResourceNotFound',
        "The Resource 'Microsoft.ContainerService/managedClusters/other' under resource group 'rg-fake' was not found.",
      ),
    );
  });

  it('drives the activities: a closed window waits, an open one plans the steps', async () => {
    const window = {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Wednesday' as const } },
      durationHours: 4,
      startTime: '02:00',
    };
    const fake = new FakeClusterClient()
      .withClusters(aCluster({ name: 'member1' }))
      .withMaintenanceWindow(ID, 'aksManagedAutoUpgradeSchedule', window);
    const { planMember } = createClusterActivities(fake);
    const input = {
      clusterResourceId: ID,
      upgrade: { type: 'ControlPlaneOnly' as const, kubernetesVersion: '1.32.6' },
    };
    expect(await planMember({ ...input, now: '2026-01-05T12:00:00Z' })).toMatchObject({
      value: { action: 'wait', nextOpening: '2026-01-07T02:00:00.000Z' },
    });
    expect(await planMember({ ...input, now: '2026-01-07T03:00:00Z' })).toEqual({
      ok: true,
      value: { action: 'upgrade', steps: [{ kind: 'ControlPlane', kubernetesVersion: '1.32.6' }] },
    });
  });
});
