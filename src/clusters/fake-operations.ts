import type { ClusterSnapshot, LatestNodeImages } from './cluster-client';
import type { ClusterErrorDetail, OperationHandle, OperationPoll } from './operation-handle.schema';
import { requirePool } from './upgrade-decisions';

/** An operation FakeClusterClient started: its handle, how often it was polled, and how it is to end. */
export interface FakeOperation {
  handle: OperationHandle;
  polls: number;
  failure?: ClusterErrorDetail;
  status: OperationPoll['status'];
}

/**
 * What ending an operation does to the fake's cluster, as AKS would: a success moves the current versions (and a
 * pool's node image: the one asked for, else its region's newest, from `latestImages`), a failure rolls the asked-for
 * versions back; provisioning states follow.
 */
export function endFakeOperation(
  operation: FakeOperation,
  cluster: ClusterSnapshot,
  latestImages: LatestNodeImages | undefined,
): void {
  const { handle, failure } = operation;
  operation.status = failure ? 'Failed' : 'Succeeded';
  cluster.provisioningState = failure ? 'Failed' : 'Succeeded';
  if (handle.kind === 'ControlPlaneUpgrade') {
    if (failure) cluster.kubernetesVersion = cluster.currentKubernetesVersion;
    else cluster.currentKubernetesVersion = cluster.kubernetesVersion;
    return;
  }
  const pool = requirePool(cluster, handle.agentPoolName ?? '');
  pool.provisioningState = cluster.provisioningState;
  if (failure) {
    pool.orchestratorVersion = pool.currentOrchestratorVersion;
    return;
  }
  pool.currentOrchestratorVersion = pool.orchestratorVersion;
  const image = handle.target.nodeImageVersion ?? latestImages?.[pool.name];
  if (image !== undefined) pool.nodeImageVersion = image;
}
