import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemberClusterSteps } from '../../../src/activities/member-cluster';
import { createArmClusterClient, RetriableClusterError, type ArmClusterClient } from '../../../src/clusters';
import { pollUntilDone, startClusterSim, SIM_RG, UBUNTU, type ClusterSim } from '../../fixtures/clusters';

/** A write as it left the client: what it addressed and the If-Match it carried. */
interface SentWrite {
  method: string;
  path: string;
  ifMatch: string | undefined;
}

const OLD = `${UBUNTU}-202509.01.0`;
const MIDDLE = `${UBUNTU}-202510.19.0`;
const NEWEST = `${UBUNTU}-202511.04.0`;

describe('every cluster write of ArmClusterClient carries If-Match', () => {
  let env: ClusterSim;
  let clusters: ArmClusterClient;
  const writes: SentWrite[] = [];
  /** Runs once, just before the next write leaves: someone else changing the cluster between our read and write. */
  let beforeNextWrite: (() => Promise<void>) | undefined;

  const recorder: PipelinePolicy = {
    name: 'recordWrites',
    async sendRequest(request, next) {
      if (request.method === 'PUT' || request.method === 'POST') {
        const interfere = beforeNextWrite;
        beforeNextWrite = undefined;
        await interfere?.();
        const path = new URL(request.url).pathname;
        writes.push({ method: request.method, path, ifMatch: request.headers.get('if-match') });
      }
      return next(request);
    },
  };

  beforeAll(async () => {
    env = await startClusterSim({ pinregion: [OLD], postregion: [OLD] });
    clusters = createArmClusterClient(
      { armEndpoint: env.sim.url, armAuth: 'none', maxRetries: 0 },
      { clientOptions: { additionalPolicies: [{ policy: recorder, position: 'perCall' }] } },
    );
  });
  afterAll(() => env.stop());

  /** Someone else scales the pool (a write that changes the pool's eTag and starts no operation). */
  const scalePool = (name: string) => async () => {
    const pool = await env.arm.agentPools.get(SIM_RG, name, 'system');
    await env.arm.agentPools.beginCreateOrUpdateAndWait(SIM_RG, name, 'system', { ...pool, count: 3 });
  };
  const lastWrite = (): SentWrite | undefined => writes.at(-1);
  const poolETag = async (name: string) => (await env.arm.agentPools.get(SIM_RG, name, 'system')).eTag;

  it('sends the cluster eTag with the control-plane PUT; a change in between is a retriable 412', async () => {
    const id = await env.createCluster('cp');
    beforeNextWrite = async () => {
      await env.arm.managedClusters.beginUpdateTagsAndWait(SIM_RG, 'cp', { tags: { owner: 'someone-else' } });
    };
    const read = (await env.arm.managedClusters.get(SIM_RG, 'cp')).eTag;
    const refused = await clusters.beginControlPlaneUpgrade(id, '1.32.6').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RetriableClusterError);
    expect(refused).toMatchObject({ code: 'PreconditionFailed' });
    expect(lastWrite()).toMatchObject({ method: 'PUT', ifMatch: read });

    const current = (await env.arm.managedClusters.get(SIM_RG, 'cp')).eTag;
    expect(current).not.toBe(read);
    const handle = await clusters.beginControlPlaneUpgrade(id, '1.32.6');
    expect(lastWrite()).toMatchObject({ method: 'PUT', ifMatch: current });
    expect(await pollUntilDone(clusters, handle)).toEqual({ status: 'Succeeded' });
    expect((await env.arm.managedClusters.get(SIM_RG, 'cp')).tags).toEqual({ owner: 'someone-else' });
    expect(await env.operationsOf('cp')).toMatchObject([{ kind: 'ManagedClusterUpgrade', status: 'Succeeded' }]);
  });

  it('sends the pool eTag with the SDK agent-pool PUT; a change in between is retried by the member step', async () => {
    const id = await env.createCluster('pool');
    await pollUntilDone(clusters, await clusters.beginControlPlaneUpgrade(id, '1.32.6'));
    const before = await poolETag('pool');
    beforeNextWrite = scalePool('pool');
    const steps = createMemberClusterSteps(clusters, { versionRecheckSeconds: 60 });
    const step = { kind: 'AgentPool' as const, agentPoolName: 'system', kubernetesVersion: '1.32.6' };
    const refused = await steps.beginStep(id, step);
    expect(refused).toMatchObject({ outcome: 'retry', error: { code: 'PreconditionFailed' } });
    expect(lastWrite()).toMatchObject({ method: 'PUT', ifMatch: before });
    expect(lastWrite()?.path).toMatch(/agentPools\/system$/);

    const current = await poolETag('pool');
    const begun = await steps.beginStep(id, step);
    if (begun.outcome !== 'started') throw new Error(`expected the retry to start: ${JSON.stringify(begun)}`);
    expect(lastWrite()?.ifMatch).toBe(current);
    expect(await pollUntilDone(clusters, begun.handle)).toEqual({ status: 'Succeeded' });
    const pool = await env.arm.agentPools.get(SIM_RG, 'pool', 'system');
    expect([pool.count, pool.currentOrchestratorVersion]).toEqual([3, '1.32.6']);
  });

  it('sends the pool eTag read by the GET with the raw agent-pool PUT of a pinned node image', async () => {
    const id = await env.createCluster('pinned', { location: 'pinregion' });
    await env.publishNodeImage('pinregion', MIDDLE);
    await env.publishNodeImage('pinregion', NEWEST);
    const before = await poolETag('pinned');
    beforeNextWrite = scalePool('pinned');
    const refused = await clusters.beginNodeImageUpgrade(id, 'system', MIDDLE).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'RetriableClusterError', code: 'PreconditionFailed' });
    expect(lastWrite()).toMatchObject({ method: 'PUT', ifMatch: before });

    const current = await poolETag('pinned');
    const handle = await clusters.beginNodeImageUpgrade(id, 'system', MIDDLE);
    expect(lastWrite()).toMatchObject({ method: 'PUT', ifMatch: current });
    expect(await pollUntilDone(clusters, handle)).toEqual({ status: 'Succeeded' });
    expect((await env.arm.agentPools.get(SIM_RG, 'pinned', 'system')).nodeImageVersion).toBe(MIDDLE);
    expect(await env.operationsOf('pinned')).toHaveLength(1);
  });

  it('sends the pool eTag with the node-image upgrade POST', async () => {
    const id = await env.createCluster('latest', { location: 'postregion' });
    await env.publishNodeImage('postregion', NEWEST);
    const before = await poolETag('latest');
    beforeNextWrite = scalePool('latest');
    const refused = await clusters.beginNodeImageUpgrade(id, 'system').catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'RetriableClusterError', code: 'PreconditionFailed' });
    expect(lastWrite()).toMatchObject({ method: 'POST', ifMatch: before });
    expect(lastWrite()?.path).toMatch(/upgradeNodeImageVersion$/);

    const current = await poolETag('latest');
    const handle = await clusters.beginNodeImageUpgrade(id, 'system');
    expect(lastWrite()).toMatchObject({ method: 'POST', ifMatch: current });
    expect(await pollUntilDone(clusters, handle)).toEqual({ status: 'Succeeded' });
    expect((await env.arm.agentPools.get(SIM_RG, 'latest', 'system')).nodeImageVersion).toBe(NEWEST);
    expect(await env.operationsOf('latest')).toHaveLength(1);
  });
});
