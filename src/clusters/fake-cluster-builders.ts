import type { AgentPoolSnapshot, ClusterSnapshot } from './cluster-client';
import { clusterResourceId } from './cluster-resource-id';

/** Subscription and resource group the builders use unless told otherwise. */
export const FAKE_SUBSCRIPTION_ID = '00000000-0000-0000-0000-00000000fa6e';
export const FAKE_RESOURCE_GROUP = 'rg-fake';
/** The node image pools get unless told otherwise. */
export const FAKE_NODE_IMAGE = 'AKSUbuntu-2204gen2containerd-202510.19.0';

/** The ARM id of a fake cluster. */
export function fakeClusterId(name: string, resourceGroup = FAKE_RESOURCE_GROUP): string {
  return clusterResourceId({ subscriptionId: FAKE_SUBSCRIPTION_ID, resourceGroup, name });
}

/** An idle Linux system pool on 1.31.8 unless overridden; `currentOrchestratorVersion` follows `orchestratorVersion`. */
export function anAgentPool(overrides: Partial<AgentPoolSnapshot> = {}): AgentPoolSnapshot {
  const orchestratorVersion = overrides.orchestratorVersion ?? overrides.currentOrchestratorVersion ?? '1.31.8';
  return {
    name: 'system',
    orchestratorVersion,
    currentOrchestratorVersion: orchestratorVersion,
    nodeImageVersion: FAKE_NODE_IMAGE,
    osType: 'Linux',
    osSku: 'Ubuntu',
    count: 3,
    mode: 'System',
    provisioningState: 'Succeeded',
    ...overrides,
  };
}

/** Overrides of aCluster: any snapshot field, with `name` deciding the id. */
export type ClusterOverrides = Partial<Omit<ClusterSnapshot, 'agentPools'>> & {
  name: string;
  agentPools?: Array<Partial<AgentPoolSnapshot>>;
};

/**
 * An idle cluster in eastus on 1.31.8 with one system pool (pools at the cluster's version unless they say).
 * `aCluster({ name: 'member1', kubernetesVersion: '1.30.14', agentPools: [{ name: 'system' }, { name: 'user' }] })`.
 */
export function aCluster(overrides: ClusterOverrides): ClusterSnapshot {
  const resourceGroup = overrides.resourceGroup ?? FAKE_RESOURCE_GROUP;
  const kubernetesVersion = overrides.kubernetesVersion ?? overrides.currentKubernetesVersion ?? '1.31.8';
  const pools = overrides.agentPools ?? [{}];
  return {
    id: fakeClusterId(overrides.name, resourceGroup),
    subscriptionId: FAKE_SUBSCRIPTION_ID,
    location: 'eastus',
    currentKubernetesVersion: kubernetesVersion,
    provisioningState: 'Succeeded',
    ...overrides,
    resourceGroup,
    kubernetesVersion,
    agentPools: pools.map((pool, i) =>
      anAgentPool({
        name: i === 0 ? 'system' : `pool${i}`,
        mode: i === 0 ? 'System' : 'User',
        orchestratorVersion: kubernetesVersion,
        ...pool,
      }),
    ),
  };
}
