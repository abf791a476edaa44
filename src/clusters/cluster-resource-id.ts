import { TerminalClusterError } from './cluster-errors';

/** The parts of a managed cluster's ARM id. */
export interface ClusterRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const CLUSTER_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)\/?$/i;

/** Parses `/subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerService/managedClusters/…` (any case). */
export function parseClusterResourceId(clusterResourceId: string): ClusterRef {
  const match = CLUSTER_ID.exec(clusterResourceId.trim());
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new TerminalClusterError(
      'InvalidResourceId',
      `'${clusterResourceId}' is not a Microsoft.ContainerService/managedClusters resource id.`,
    );
  }
  return {
    subscriptionId: decodeURIComponent(match[1]),
    resourceGroup: decodeURIComponent(match[2]),
    name: decodeURIComponent(match[3]),
  };
}

/** The canonical ARM id of a managed cluster. */
export function clusterResourceId(ref: ClusterRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${ref.name}`;
}

/** The ARM path of a managed cluster or one of its agent pools (for raw requests). */
export function armPathOf(ref: ClusterRef, agentPoolName?: string): string {
  const cluster = clusterResourceId({
    subscriptionId: encodeURIComponent(ref.subscriptionId),
    resourceGroup: encodeURIComponent(ref.resourceGroup),
    name: encodeURIComponent(ref.name),
  });
  return agentPoolName === undefined ? cluster : `${cluster}/agentPools/${encodeURIComponent(agentPoolName)}`;
}
