import type { ManagedCluster } from '@azure/arm-containerservice';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../src/catalog.schema';
import {
  POLL,
  RG,
  aCluster,
  armErrorOf,
  clusterPath,
  publishNodeImage,
  putJson,
  startFixture,
  type SimFixture,
  waitForOperation,
} from './support/sim-fixture';

const OLD_IMAGE = 'AKSUbuntu-2204gen2containerd-202510.19.0';
const NEW_IMAGE = 'AKSUbuntu-2204gen2containerd-202511.04.0';

describe('upgrades through the ARM client', () => {
  let f: SimFixture;
  beforeAll(async () => {
    // Regions that start on the older image, so a test can publish a newer one after creating its cluster.
    const lagging = { regiona: [OLD_IMAGE], regionb: [OLD_IMAGE] };
    f = await startFixture({
      catalog: { ...DEFAULT_CATALOG, nodeImages: { ...DEFAULT_CATALOG.nodeImages, ...lagging } },
    });
  });
  afterAll(() => f.stop());

  async function create(name: string, overrides: Partial<ManagedCluster> = {}): Promise<ManagedCluster> {
    return f.client.managedClusters.beginCreateOrUpdateAndWait(RG, name, aCluster(overrides), POLL);
  }

  it('upgrades only the control plane when the pools keep their orchestratorVersion', async () => {
    const cluster = await create('cp-only');
    const upgraded = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'cp-only',
      { ...cluster, kubernetesVersion: '1.32.6' },
      POLL,
    );
    expect(upgraded.currentKubernetesVersion).toBe('1.32.6');
    expect(upgraded.agentPoolProfiles?.[0]?.currentOrchestratorVersion).toBe('1.31.8');
    const log = f.sim.operations().filter((op) => op.clusterName === 'cp-only');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'ManagedClusterUpgrade', status: 'Succeeded', pools: [] });
  });

  it('upgrades control plane and pools together when the pools name the new version, taking the newest image', async () => {
    const cluster = await create('full', { location: 'regiona' });
    await publishNodeImage(f, 'regiona', NEW_IMAGE);
    const pools = (cluster.agentPoolProfiles ?? []).map((p) => ({ ...p, orchestratorVersion: '1.32.6' }));
    const upgraded = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'full',
      { ...cluster, kubernetesVersion: '1.32.6', agentPoolProfiles: pools },
      POLL,
    );
    expect(upgraded.currentKubernetesVersion).toBe('1.32.6');
    expect(upgraded.agentPoolProfiles?.[0]).toMatchObject({
      currentOrchestratorVersion: '1.32.6',
      nodeImageVersion: NEW_IMAGE,
      provisioningState: 'Succeeded',
    });
    const [op] = f.sim.operations().filter((o) => o.clusterName === 'full');
    expect(op?.kubernetesVersion).toEqual({ from: '1.31.8', to: '1.32.6' });
    expect(op?.pools).toEqual([
      {
        name: 'system',
        orchestratorVersion: { from: '1.31.8', to: '1.32.6' },
        nodeImageVersion: { from: OLD_IMAGE, to: NEW_IMAGE },
      },
    ]);
  });

  it('upgrades a node pool through agentPools after the control plane moved', async () => {
    const cluster = await create('pool-up');
    await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'pool-up',
      { ...cluster, kubernetesVersion: '1.32.9' },
      POLL,
    );
    const pool = await f.client.agentPools.beginCreateOrUpdateAndWait(
      RG,
      'pool-up',
      'system',
      { orchestratorVersion: '1.32.9' },
      POLL,
    );
    expect(pool).toMatchObject({ currentOrchestratorVersion: '1.32.9', provisioningState: 'Succeeded' });
    const kinds = f.sim
      .operations()
      .filter((o) => o.clusterName === 'pool-up')
      .map((o) => o.kind);
    expect(kinds).toEqual(['ManagedClusterUpgrade', 'AgentPoolUpgrade']);
  });

  it('upgrades the node image to the region newest and reports it in the pool upgrade profile', async () => {
    await create('image', { location: 'regionb' });
    expect((await f.client.agentPools.get(RG, 'image', 'system')).nodeImageVersion).toBe(OLD_IMAGE);
    await publishNodeImage(f, 'regionb', NEW_IMAGE);
    const before = await f.client.agentPools.getUpgradeProfile(RG, 'image', 'system');
    expect(before.latestNodeImageVersion).toBe(NEW_IMAGE);
    await f.client.agentPools.beginUpgradeNodeImageVersionAndWait(RG, 'image', 'system', POLL);
    const pool = await f.client.agentPools.get(RG, 'image', 'system');
    expect(pool.nodeImageVersion).toBe(NEW_IMAGE);
    const [op] = f.sim.operations().filter((o) => o.clusterName === 'image');
    expect(op).toMatchObject({ kind: 'NodeImageUpgrade', status: 'Succeeded' });
  });

  // The 2025-02-01 SDK treats nodeImageVersion as read-only, so this is raw HTTP (newer api-versions send it).
  it('moves a pool to a specific node image of its region with an agent pool PUT', async () => {
    await create('image-put');
    const response = await putJson(f, clusterPath('image-put', '/agentPools/system'), {
      properties: { nodeImageVersion: OLD_IMAGE },
    });
    expect(response.status).toBe(200);
    const status = await waitForOperation(response.headers.get('azure-asyncoperation') ?? '');
    expect(status.status).toBe('Succeeded');
    expect((await f.client.agentPools.get(RG, 'image-put', 'system')).nodeImageVersion).toBe(OLD_IMAGE);
  });

  it('shows Upgrading while running and refuses a second operation with 409 OperationNotAllowed', async () => {
    const cluster = await create('busy', { tags: { 'sim-control-plane-seconds': '1.5' } });
    const poller = await f.client.managedClusters.beginCreateOrUpdate(
      RG,
      'busy',
      { ...cluster, kubernetesVersion: '1.32.6' },
      POLL,
    );
    const during = await f.client.managedClusters.get(RG, 'busy');
    expect(during).toMatchObject({
      provisioningState: 'Upgrading',
      kubernetesVersion: '1.32.6',
      currentKubernetesVersion: '1.31.8',
    });
    const conflict = await armErrorOf(f.client.agentPools.beginUpgradeNodeImageVersion(RG, 'busy', 'system', POLL));
    expect(conflict).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    expect(conflict.message).toMatch(/in progress upgrade managed cluster operation/);
    const done = await poller.pollUntilDone();
    expect(done).toMatchObject({ provisioningState: 'Succeeded', currentKubernetesVersion: '1.32.6' });
  });

  it('adds a node pool with an agent pool PUT at the control-plane version', async () => {
    await create('add-pool');
    const pool = await f.client.agentPools.beginCreateOrUpdateAndWait(
      RG,
      'add-pool',
      'user1',
      { count: 2, osSKU: 'AzureLinux' },
      POLL,
    );
    expect(pool).toMatchObject({
      orchestratorVersion: '1.31.8',
      mode: 'User',
      nodeImageVersion: 'AKSAzureLinux-V2gen2-202511.04.0',
    });
    const names = [];
    for await (const p of f.client.agentPools.list(RG, 'add-pool')) names.push(p.name);
    expect(names).toEqual(['system', 'user1']);
    await f.client.agentPools.beginDeleteAndWait(RG, 'add-pool', 'user1', POLL);
    expect((await armErrorOf(f.client.agentPools.get(RG, 'add-pool', 'user1'))).statusCode).toBe(404);
  });
});
