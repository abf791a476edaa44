import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  POLL,
  RG,
  aCluster,
  armErrorOf,
  clusterPath,
  putJson,
  startFixture,
  type SimFixture,
} from './support/sim-fixture';

describe('AKS version rules', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  async function upgradeControlPlane(name: string, from: string, to: string): Promise<unknown> {
    const cluster = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      name,
      aCluster({ kubernetesVersion: from }),
      POLL,
    );
    return f.client.managedClusters.beginCreateOrUpdateAndWait(RG, name, { ...cluster, kubernetesVersion: to }, POLL);
  }

  it('refuses a control-plane downgrade with OperationNotAllowed and the available upgrades', async () => {
    const error = await armErrorOf(upgradeControlPlane('down', '1.31.8', '1.30.14'));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('OperationNotAllowed');
    expect(error.message).toMatchInlineSnapshot(
      `"Downgrading Kubernetes version 1.31.8 to 1.30.14 is not allowed. Available upgrades: [1.31.13 1.32.6 1.32.9]. Please see https://aka.ms/aks-supported-k8s-ver for version details."`,
    );
  });

  it('refuses to skip a minor version of the control plane', async () => {
    const error = await armErrorOf(upgradeControlPlane('skip', '1.31.8', '1.33.5'));
    expect(error).toMatchObject({ statusCode: 400, code: 'OperationNotAllowed' });
    expect(error.message).toMatch(
      /^Upgrading Kubernetes version 1\.31\.8 to 1\.33\.5 is not allowed\. Available upgrades: \[1\.31\.13 1\.32\.6 1\.32\.9\]/,
    );
  });

  it('lets an LTS control plane skip to a higher LTS minor', async () => {
    await expect(upgradeControlPlane('lts', '1.27.102', '1.30.14')).resolves.toMatchObject({
      currentKubernetesVersion: '1.30.14',
    });
  });

  it('refuses a version the region does not offer', async () => {
    const error = await armErrorOf(
      f.client.managedClusters.beginCreateOrUpdateAndWait(
        RG,
        'unknown',
        aCluster({ kubernetesVersion: '1.19.0' }),
        POLL,
      ),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'K8sVersionNotSupported' });
  });

  it('resolves a minor-only version to its newest patch', async () => {
    const cluster = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'minor',
      aCluster({ kubernetesVersion: '1.32' }),
      POLL,
    );
    expect(cluster.currentKubernetesVersion).toBe('1.32.9');
  });

  it('refuses a node pool newer than the control plane', async () => {
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'newer', aCluster(), POLL);
    const error = await armErrorOf(
      f.client.agentPools.beginCreateOrUpdateAndWait(RG, 'newer', 'system', { orchestratorVersion: '1.32.6' }, POLL),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'NodePoolMcVersionIncompatible' });
  });

  it('refuses a node pool downgrade', async () => {
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'pooldown', aCluster(), POLL);
    const error = await armErrorOf(
      f.client.agentPools.beginCreateOrUpdateAndWait(
        RG,
        'pooldown',
        'system',
        { orchestratorVersion: '1.30.14' },
        POLL,
      ),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'OperationNotAllowed' });
  });

  it('refuses a control-plane upgrade that would leave a pool more than three minors behind', async () => {
    const cluster = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'skew',
      aCluster({ kubernetesVersion: '1.27.102', agentPoolProfiles: [{ name: 'system', count: 1, mode: 'System' }] }),
      POLL,
    );
    const toLts = await f.client.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'skew',
      { ...cluster, kubernetesVersion: '1.30.14' },
      POLL,
    );
    expect(toLts.agentPoolProfiles?.[0]?.currentOrchestratorVersion).toBe('1.27.102');
    const error = await armErrorOf(
      f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'skew', { ...toLts, kubernetesVersion: '1.31.8' }, POLL),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'NodePoolMcVersionIncompatible' });
    expect(error.message).toMatch(/more than 3 minor versions behind/);
  });

  it('refuses a node image that is not published in the cluster region', async () => {
    await putJson(f, clusterPath('we'), {
      location: 'westeurope',
      properties: { kubernetesVersion: '1.31.8', agentPoolProfiles: [{ name: 'system', mode: 'System' }] },
    });
    const response = await putJson(f, clusterPath('we', '/agentPools/system'), {
      properties: { nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202511.04.0' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "InvalidNodeImageVersion",
          "message": "Node image version AKSUbuntu-2204gen2containerd-202511.04.0 for agent pool system is not available in region westeurope. Available: [AKSUbuntu-2204gen2containerd-202510.19.0 AKSAzureLinux-V2gen2-202510.19.0 AKSWindows-2022-containerd-20348.4294.251021].",
          "target": "properties.nodeImageVersion",
        },
      }
    `);
  });
});
