import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusterActivities, type ClusterActivities } from '../../../src/activities/cluster.activities';
import { parseRetriableFailure, RetriableClusterError } from '../../../src/clusters';
import { selectConsistentNodeImages } from '../../../src/domain';
import { pollUntilDone, startClusterSim, SIM_RG, UBUNTU, type ClusterSim } from '../../fixtures/clusters';

const MONDAY_NOON = '2026-01-05T12:00:00.000Z';

describe('cluster activities over ArmClusterClient and the simulator', () => {
  let env: ClusterSim;
  let activities: ClusterActivities;
  beforeAll(async () => {
    env = await startClusterSim({ lagging: [`${UBUNTU}-202509.01.0`] });
    activities = createClusterActivities(env.clusters);
  });
  afterAll(() => env.stop());

  it('skips a Member already at the target version', async () => {
    const id = await env.createCluster('at-target');
    const plan = await activities.planMember({
      clusterResourceId: id,
      upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.31' },
      now: MONDAY_NOON,
    });
    expect(plan).toEqual({
      ok: true,
      value: {
        action: 'skip',
        message: 'Skipped: the control plane is already at or ahead of Kubernetes version 1.31.',
      },
    });
  });

  it('waits for a closed maintenance window and names its next opening', async () => {
    const id = await env.createCluster('closed');
    await env.arm.maintenanceConfigurations.createOrUpdate(SIM_RG, 'closed', 'aksManagedAutoUpgradeSchedule', {
      maintenanceWindow: {
        schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Wednesday' } },
        durationHours: 4,
        startTime: '02:00',
      },
    });
    const plan = await activities.planMember({
      clusterResourceId: id,
      upgrade: { type: 'Full', kubernetesVersion: '1.32.6' },
      now: MONDAY_NOON,
    });
    expect(plan).toMatchObject({ ok: true, value: { action: 'wait', nextOpening: '2026-01-07T02:00:00.000Z' } });
  });

  it('plans, begins and polls a Full upgrade step by step', async () => {
    const id = await env.createCluster('full');
    const plan = await activities.planMember({
      clusterResourceId: id,
      upgrade: { type: 'Full', kubernetesVersion: '1.32.6' },
      now: MONDAY_NOON,
    });
    expect(plan).toEqual({
      ok: true,
      value: {
        action: 'upgrade',
        steps: [
          { kind: 'ControlPlane', kubernetesVersion: '1.32.6' },
          { kind: 'AgentPool', agentPoolName: 'system', kubernetesVersion: '1.32.6' },
        ],
      },
    });
    if (!plan.ok || plan.value.action !== 'upgrade') throw new Error('expected steps');
    for (const step of plan.value.steps) {
      const begun = await activities.beginStep({ clusterResourceId: id, step });
      if (!begun.ok) throw new Error(begun.error.message);
      expect(await pollUntilDone(env.clusters, begun.value)).toEqual({ status: 'Succeeded' });
    }
    const cluster = await env.clusters.getCluster(id);
    expect(cluster.agentPools[0]?.currentOrchestratorVersion).toBe('1.32.6');
  });

  it('upgrades to the newest image every Member can get under Consistent selection', async () => {
    const behind = await env.createCluster('behind', { location: 'lagging' });
    await env.publishNodeImage('lagging', `${UBUNTU}-202510.19.0`);
    await env.publishNodeImage('lagging', `${UBUNTU}-202511.04.0`);
    const west = await env.createCluster('west', { location: 'westeurope' });
    const inventory = await activities.collectNodeImageInventory({
      members: [
        { member: 'behind', clusterResourceId: behind },
        { member: 'west', clusterResourceId: west },
        { member: 'gone', clusterResourceId: env.idOf('gone') },
      ],
    });
    if (!inventory.ok) throw new Error(inventory.error.message);
    expect(inventory.value.failures).toMatchObject([{ member: 'gone', error: { code: 'ResourceNotFound' } }]);
    const selected = selectConsistentNodeImages(inventory.value.members);
    expect(selected).toEqual([{ version: `${UBUNTU}-202510.19.0` }]);

    const input = {
      upgrade: { type: 'NodeImageOnly' as const },
      nodeImageSelection: { type: 'Consistent' as const },
      selectedNodeImageVersions: selected,
      now: MONDAY_NOON,
    };
    expect(await activities.planMember({ ...input, clusterResourceId: west })).toMatchObject({
      value: { action: 'skip' },
    });
    const plan = await activities.planMember({ ...input, clusterResourceId: behind });
    const step = { kind: 'NodeImage' as const, agentPoolName: 'system', nodeImageVersion: `${UBUNTU}-202510.19.0` };
    expect(plan).toEqual({ ok: true, value: { action: 'upgrade', steps: [step] } });
    const begun = await activities.beginStep({ clusterResourceId: behind, step });
    if (!begun.ok) throw new Error(begun.error.message);
    let poll = await activities.pollStep(begun.value);
    while (poll.ok && poll.value.status === 'InProgress') poll = await activities.pollStep(begun.value);
    expect(poll).toEqual({ ok: true, value: { status: 'Succeeded' } });
    expect((await env.clusters.getCluster(behind)).agentPools[0]?.nodeImageVersion).toBe(`${UBUNTU}-202510.19.0`);
  });

  it('returns a failed upgrade as data and a refused one as a terminal error with the ARM code', async () => {
    const id = await env.createCluster('fails', { tags: { 'sim-fail-next': '1', 'sim-fail-code': 'PodDrainFailure' } });
    const begun = await activities.beginStep({
      clusterResourceId: id,
      step: { kind: 'ControlPlane', kubernetesVersion: '1.32.6' },
    });
    if (!begun.ok) throw new Error(begun.error.message);
    const polled = await pollUntilDone(env.clusters, begun.value);
    expect(polled).toMatchObject({ status: 'Failed', error: { code: 'PodDrainFailure' } });
    const refused = await activities.beginStep({
      clusterResourceId: id,
      step: { kind: 'ControlPlane', kubernetesVersion: '1.34.1' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'OperationNotAllowed' } });
  });

  it('rejects malformed input as a terminal InvalidRequestContent', async () => {
    const result = await activities.beginStep({
      clusterResourceId: env.idOf('x'),
      step: { kind: 'ControlPlane' } as never,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidRequestContent' } });
  });

  it('throws throttling as a RetriableClusterError whose message carries the Retry-After', async () => {
    const id = await env.createCluster('throttle');
    env.sim.updateSettings({ throttleNextRequests: 1 });
    const error = await activities
      .planMember({ clusterResourceId: id, upgrade: { type: 'Full', kubernetesVersion: '1.32.6' }, now: MONDAY_NOON })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriableClusterError);
    // What the orchestrator gets back from Durable Functions is only the message.
    expect(parseRetriableFailure(new Error(`Error: ${(error as Error).message}`))).toEqual({
      code: 'SubscriptionRequestsThrottled',
      retryAfterSeconds: 7,
    });
  });
});
