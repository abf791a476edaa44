import type { AgentPool, ManagedCluster, ManagedClusterAgentPoolProfile } from '@azure/arm-containerservice';
import type { MaintenanceWindow } from '../domain';
import type { AgentPoolSnapshot, ClusterSnapshot } from './cluster-client';
import { TerminalClusterError } from './cluster-errors';
import type { ClusterRef } from './cluster-resource-id';
import { MaintenanceWindowSchema } from './maintenance-window.schema';

type PoolLike = Pick<
  AgentPool,
  | 'orchestratorVersion'
  | 'currentOrchestratorVersion'
  | 'nodeImageVersion'
  | 'osType'
  | 'osSKU'
  | 'count'
  | 'mode'
  | 'provisioningState'
>;

/** An SDK agent pool (standalone or a cluster's profile) as a snapshot. */
export function toAgentPoolSnapshot(name: string, pool: PoolLike): AgentPoolSnapshot {
  const desired = pool.orchestratorVersion ?? pool.currentOrchestratorVersion ?? '';
  return {
    name,
    orchestratorVersion: desired,
    currentOrchestratorVersion: pool.currentOrchestratorVersion ?? desired,
    nodeImageVersion: pool.nodeImageVersion ?? '',
    osType: pool.osType ?? 'Linux',
    osSku: pool.osSKU ?? '',
    count: pool.count ?? 0,
    mode: pool.mode ?? 'User',
    provisioningState: pool.provisioningState ?? 'Succeeded',
  };
}

/** An SDK managed cluster as a snapshot. */
export function toClusterSnapshot(ref: ClusterRef, cluster: ManagedCluster): ClusterSnapshot {
  const desired = cluster.kubernetesVersion ?? cluster.currentKubernetesVersion ?? '';
  const profiles: ManagedClusterAgentPoolProfile[] = cluster.agentPoolProfiles ?? [];
  return {
    id: cluster.id ?? '',
    subscriptionId: ref.subscriptionId,
    resourceGroup: ref.resourceGroup,
    name: cluster.name ?? ref.name,
    location: cluster.location,
    kubernetesVersion: desired,
    currentKubernetesVersion: cluster.currentKubernetesVersion ?? desired,
    provisioningState: cluster.provisioningState ?? 'Succeeded',
    agentPools: profiles.map((profile) => toAgentPoolSnapshot(profile.name, profile)),
  };
}

/**
 * The PUT body of a control-plane-only upgrade: the cluster as read, with the new kubernetesVersion and every pool
 * pinned to its own orchestratorVersion, because AKS (and the simulator) upgrade a pool whose orchestratorVersion
 * is omitted along with the control plane.
 */
export function controlPlaneOnlyBody(cluster: ManagedCluster, kubernetesVersion: string): ManagedCluster {
  return {
    ...cluster,
    kubernetesVersion,
    agentPoolProfiles: (cluster.agentPoolProfiles ?? []).map((pool) => ({
      ...pool,
      orchestratorVersion: pool.orchestratorVersion ?? pool.currentOrchestratorVersion,
    })),
  };
}

/** An ARM maintenance window in the domain's shape; a shape the domain cannot evaluate is terminal. */
export function toMaintenanceWindow(value: unknown, configName: string): MaintenanceWindow {
  const parsed = MaintenanceWindowSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new TerminalClusterError(
    'InvalidMaintenanceWindow',
    `Maintenance configuration '${configName}' has a maintenanceWindow this orchestrator cannot read: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
  );
}
