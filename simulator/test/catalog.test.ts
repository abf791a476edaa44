import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, type Catalog } from '../src/catalog.schema';
import {
  POLL,
  RG,
  aCluster,
  publishNodeImage,
  putJson,
  startFixture,
  uniquePrefix,
  type SimFixture,
} from './support/sim-fixture';

describe('catalog', () => {
  let f: SimFixture;
  const tablePrefix = uniquePrefix();
  beforeAll(async () => {
    f = await startFixture({ tablePrefix });
  });
  afterAll(() => f.stop());

  it('lists Kubernetes versions per minor with preview and LTS flags and the allowed upgrades', async () => {
    const { values = [] } = await f.client.managedClusters.listKubernetesVersions('eastus');
    const byMinor = new Map(values.map((v) => [v.version ?? '', v]));
    expect(byMinor.get('1.34')).toMatchObject({ isPreview: true });
    expect(byMinor.get('1.30')?.capabilities?.supportPlan).toEqual(['KubernetesOfficial', 'AKSLongTermSupport']);
    expect(byMinor.get('1.31')?.patchVersions?.['1.31.8']?.upgrades).toEqual(['1.31.13', '1.32.6', '1.32.9']);
    expect(values.filter((v) => v.isDefault).map((v) => v.version)).toEqual(['1.32']);
  });

  it('serves the cluster upgrade profile from the catalog', async () => {
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'profiled', aCluster(), POLL);
    const profile = await f.client.managedClusters.getUpgradeProfile(RG, 'profiled');
    expect(profile.controlPlaneProfile.kubernetesVersion).toBe('1.31.8');
    expect(profile.controlPlaneProfile.upgrades?.map((u) => u.kubernetesVersion)).toEqual([
      '1.31.13',
      '1.32.6',
      '1.32.9',
    ]);
    expect(profile.agentPoolProfiles[0]?.upgrades).toEqual([]);
  });

  it('publishes a new node image release so the pool upgrade profile offers it', async () => {
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'released', aCluster(), POLL);
    await publishNodeImage(f, 'eastus', 'AKSUbuntu-2204gen2containerd-202512.01.0');
    const profile = await f.client.agentPools.getUpgradeProfile(RG, 'released', 'system');
    expect(profile.latestNodeImageVersion).toBe('AKSUbuntu-2204gen2containerd-202512.01.0');
  });

  it('keeps a replaced catalog across a restart', async () => {
    await f.stop();
    f = await startFixture({ tablePrefix });
    const catalog = (await (await f.http('/simulator/catalog')).json()) as Catalog;
    expect(catalog.nodeImages.eastus).toContain('AKSUbuntu-2204gen2containerd-202512.01.0');
  });

  it('refuses a catalog whose node image has no family', async () => {
    const response = await putJson(f, '/simulator/catalog', {
      ...DEFAULT_CATALOG,
      nodeImages: { eastus: ['202511.04.0'] },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { target: string } };
    expect(body.error.target).toBe('nodeImages.eastus.0');
  });
});

describe('the default Kubernetes version of a create', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  it('is the newest patch of the second-newest GA minor until a catalog PUT pins defaultKubernetesVersion', async () => {
    const served = (await (await f.http('/simulator/catalog')).json()) as Catalog;
    expect(served).not.toHaveProperty('defaultKubernetesVersion');
    const unpinned = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'unpinned',
      aCluster({ kubernetesVersion: undefined }),
      POLL,
    );
    expect(unpinned.kubernetesVersion).toBe('1.32.9');
    expect((await putJson(f, '/simulator/catalog', { ...served, defaultKubernetesVersion: '1.31.13' })).status).toBe(
      200,
    );
    const pinned = (await (await f.http('/simulator/catalog')).json()) as Catalog;
    expect(pinned.defaultKubernetesVersion).toBe('1.31.13');
    const created = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'pinned',
      aCluster({ kubernetesVersion: undefined }),
      POLL,
    );
    expect(created.kubernetesVersion).toBe('1.31.13');
  });
});
