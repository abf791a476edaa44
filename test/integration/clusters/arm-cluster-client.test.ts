import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetriableClusterError, TerminalClusterError } from '../../../src/clusters';
import { pollUntilDone, startClusterSim, SIM_RG, UBUNTU, type ClusterSim } from '../../fixtures/clusters';

describe('ArmClusterClient against the AKS simulator', () => {
  let env: ClusterSim;
  beforeAll(async () => {
    env = await startClusterSim({ pinregion: [`${UBUNTU}-202509.01.0`] });
  });
  afterAll(() => env.stop());

  it('upgrades only the control plane and polls the Azure-AsyncOperation to Succeeded', async () => {
    const id = await env.createCluster('cp');
    const handle = await env.clusters.beginControlPlaneUpgrade(id, '1.32.6');
    expect(handle).toMatchObject({ kind: 'ControlPlaneUpgrade', poll: { type: 'asyncOperation' } });
    expect(JSON.parse(JSON.stringify(handle))).toEqual(handle);
    expect(await pollUntilDone(env.clusters, handle)).toEqual({ status: 'Succeeded' });
    const cluster = await env.clusters.getCluster(id);
    expect(cluster).toMatchObject({ currentKubernetesVersion: '1.32.6', provisioningState: 'Succeeded' });
    expect(cluster.agentPools[0]).toMatchObject({ name: 'system', currentOrchestratorVersion: '1.31.8' });
    expect(await env.operationsOf('cp')).toMatchObject([
      { kind: 'ManagedClusterUpgrade', status: 'Succeeded', pools: [] },
    ]);
  });

  it('upgrades an agent pool to the control plane version', async () => {
    const id = await env.createCluster('pool');
    await pollUntilDone(env.clusters, await env.clusters.beginControlPlaneUpgrade(id, '1.32.6'));
    const handle = await env.clusters.beginAgentPoolUpgrade(id, 'system', { orchestratorVersion: '1.32.6' });
    expect(await pollUntilDone(env.clusters, handle)).toEqual({ status: 'Succeeded' });
    const [pool] = (await env.clusters.getCluster(id)).agentPools;
    expect(pool).toMatchObject({ currentOrchestratorVersion: '1.32.6', provisioningState: 'Succeeded' });
  });

  it('moves a pool to a specific node image that is not its region newest, and to the newest without one', async () => {
    const id = await env.createCluster('image', { location: 'pinregion' });
    await env.publishNodeImage('pinregion', `${UBUNTU}-202510.19.0`);
    await env.publishNodeImage('pinregion', `${UBUNTU}-202511.04.0`);
    expect(await env.clusters.getLatestNodeImages(id)).toEqual({ system: `${UBUNTU}-202511.04.0` });

    const pinned = await env.clusters.beginNodeImageUpgrade(id, 'system', `${UBUNTU}-202510.19.0`);
    expect(await pollUntilDone(env.clusters, pinned)).toEqual({ status: 'Succeeded' });
    expect((await env.clusters.getCluster(id)).agentPools[0]?.nodeImageVersion).toBe(`${UBUNTU}-202510.19.0`);

    const latest = await env.clusters.beginNodeImageUpgrade(id, 'system');
    expect(latest.target).toEqual({ nodeImageVersion: `${UBUNTU}-202511.04.0` });
    expect(await pollUntilDone(env.clusters, latest)).toEqual({ status: 'Succeeded' });
    expect((await env.clusters.getCluster(id)).agentPools[0]?.nodeImageVersion).toBe(`${UBUNTU}-202511.04.0`);
    expect((await env.operationsOf('image')).map((op) => op.kind)).toEqual(['NodeImageUpgrade', 'NodeImageUpgrade']);
  });

  it('reports an upgrade that fails with the ARM code and message of the operation', async () => {
    const id = await env.createCluster('flaky', { tags: { 'sim-fail-next': '1', 'sim-fail-code': 'PodDrainFailure' } });
    const poll = await pollUntilDone(env.clusters, await env.clusters.beginControlPlaneUpgrade(id, '1.32.6'));
    expect(poll.status).toBe('Failed');
    expect(poll.error?.code).toBe('PodDrainFailure');
    expect(poll.error?.message).toMatch(/Simulated failure \(sim-fail-next\)/);
  });

  it('reads an operation back by the id a member row records, with the error it failed with', async () => {
    const id = await env.createCluster('lost', { tags: { 'sim-fail-next': '1', 'sim-fail-code': 'PodDrainFailure' } });
    const handle = await env.clusters.beginControlPlaneUpgrade(id, '1.32.6');
    const ended = await pollUntilDone(env.clusters, handle);
    expect(await env.clusters.getOperation(id, handle.operationId)).toEqual(ended);
    expect(ended).toMatchObject({ status: 'Failed', error: { code: 'PodDrainFailure' } });
    expect(await env.clusters.getOperation(id, `completed:${id}`)).toBeUndefined();
    expect(await env.clusters.getOperation(id, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('refuses a version AKS does not allow with a terminal error carrying the ARM code', async () => {
    const id = await env.createCluster('rules');
    const error = await env.clusters.beginControlPlaneUpgrade(id, '1.33.5').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerminalClusterError);
    expect(error).toMatchObject({ code: 'OperationNotAllowed' });
    expect((error as Error).message).toMatch(/1\.31\.8 to 1\.33\.5 is not allowed/);
  });

  it('reports a missing cluster as terminal ResourceNotFound', async () => {
    const error = await env.clusters.getCluster(env.idOf('nowhere')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerminalClusterError);
    expect(error).toMatchObject({ code: 'ResourceNotFound' });
  });

  it('turns throttling into a RetriableClusterError with the Retry-After of the 429', async () => {
    const id = await env.createCluster('throttled');
    env.sim.updateSettings({ throttleNextRequests: 1 });
    const error = await env.clusters.getCluster(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriableClusterError);
    expect(error).toMatchObject({ code: 'SubscriptionRequestsThrottled', retryAfterSeconds: 7 });
  });

  it('answers a begin on a cluster busy with another upgrade with a retriable OperationInProgress', async () => {
    const id = await env.createCluster('busy', { tags: { 'sim-control-plane-seconds': '1' } });
    const first = await env.clusters.beginControlPlaneUpgrade(id, '1.32.6');
    const error = await env.clusters
      .beginAgentPoolUpgrade(id, 'system', { orchestratorVersion: '1.31.13' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriableClusterError);
    expect(error).toMatchObject({ code: 'OperationInProgress' });
    await pollUntilDone(env.clusters, first);
    expect(await env.operationsOf('busy')).toHaveLength(1);
  });

  it('never starts a second upgrade when begin runs again after a crash', async () => {
    const id = await env.createCluster('crash', { tags: { 'sim-control-plane-seconds': '1' } });
    await env.clusters.beginControlPlaneUpgrade(id, '1.32.6');
    // The activity crashed before its handle reached the orchestrator; the re-run finds the running upgrade.
    const again = await env.clusters.beginControlPlaneUpgrade(id, '1.32.6');
    expect(again.poll).toEqual({ type: 'resourceState' });
    expect(await pollUntilDone(env.clusters, again)).toEqual({ status: 'Succeeded' });
    const afterDone = await env.clusters.beginControlPlaneUpgrade(id, '1.32.6');
    expect(afterDone.poll).toEqual({ type: 'completed' });
    expect(await env.operationsOf('crash')).toHaveLength(1);
  });

  it('reads a planned maintenance window back in the domain shape, and none when absent', async () => {
    const id = await env.createCluster('window');
    await env.arm.maintenanceConfigurations.createOrUpdate(SIM_RG, 'window', 'aksManagedAutoUpgradeSchedule', {
      maintenanceWindow: {
        schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Wednesday' } },
        durationHours: 4,
        utcOffset: '+01:00',
        startTime: '02:00',
        startDate: new Date('2026-01-01'),
        notAllowedDates: [{ start: new Date('2026-12-24'), end: new Date('2026-12-26') }],
      },
    });
    expect(await env.clusters.getMaintenanceWindow(id, 'aksManagedAutoUpgradeSchedule')).toEqual({
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Wednesday' } },
      durationHours: 4,
      utcOffset: '+01:00',
      startTime: '02:00',
      startDate: '2026-01-01',
      notAllowedDates: [{ start: '2026-12-24', end: '2026-12-26' }],
    });
    expect(await env.clusters.getMaintenanceWindow(id, 'aksManagedNodeOSUpgradeSchedule')).toBeUndefined();
  });

  it('lists the Kubernetes patch versions the region of a cluster offers', async () => {
    const id = await env.createCluster('offer');
    const versions = await env.clusters.getKubernetesVersions(id, 'eastus');
    expect(versions).toEqual(expect.arrayContaining(['1.31.8', '1.32.6', '1.32.9', '1.33.5']));
    expect(versions.every((version) => /^\d+\.\d+\.\d+$/.test(version))).toBe(true);
  });
});
