import { ArmError } from '../api/errors';
import type { ClusterClient } from '../clusters/cluster-client';
import { classifyClusterError, RetriableClusterError } from '../clusters/cluster-errors';

const TARGET = 'properties.clusterResourceId';

/**
 * Checks that a joining member's cluster exists and is a managed cluster, by reading it as an update run would. A
 * cluster ARM refuses for good (missing, no access) is the request's mistake: 400 with ARM's code and words. A
 * transient failure (throttling, 5xx, network) is 503 so the caller retries. Missing credentials are this app's own
 * configuration, not the request's: they stay an internal error.
 */
export async function requireManagedCluster(clusters: ClusterClient, clusterResourceId: string): Promise<void> {
  try {
    await clusters.getCluster(clusterResourceId);
  } catch (error) {
    const failure = classifyClusterError(error);
    if (failure instanceof RetriableClusterError) {
      throw new ArmError(
        'ServiceUnavailable',
        `The cluster '${clusterResourceId}' could not be read from Azure Resource Manager just now; try again. ` +
          `(${failure.code}) ${failure.detail}`,
        { target: TARGET },
      );
    }
    if (failure.code === 'CredentialUnavailable') throw failure;
    const message = `The cluster '${clusterResourceId}' cannot join the fleet: (${failure.code}) ${failure.message}`;
    throw new ArmError('InvalidParameter', message, {
      target: TARGET,
      details: [{ code: failure.code, message: failure.message, target: TARGET }],
    });
  }
}
