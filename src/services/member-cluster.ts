import { ArmError } from '../api/errors';
import { getAuthConfig } from '../auth/auth-config';
import { getCallerClusterReader, inAllowedScope, requireOwnArmToken } from '../auth/cluster-reach';
import type { ClusterClient } from '../clusters/cluster-client';
import { classifyClusterError, RetriableClusterError } from '../clusters/cluster-errors';
import type { RequestContext } from './request-context';

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

/**
 * A joining member's cluster must lie within ALLOWED_CLUSTER_SCOPES and, under AUTH_MODE=entra, be one the caller can
 * read in Azure with their own ARM token (sent as `x-ms-authorization-auxiliary`): the app's identity, which can
 * write every cluster it manages, is never a way around the caller's Azure RBAC. 403 LinkedAuthorizationFailed else.
 */
export async function requireClusterInReach(
  clusterResourceId: string,
  ctx: Pick<RequestContext, 'principal' | 'callerArmToken'>,
): Promise<void> {
  const config = getAuthConfig();
  if (!inAllowedScope(config.allowedClusterScopes, clusterResourceId)) {
    throw new ArmError(
      'LinkedAuthorizationFailed',
      `The cluster '${clusterResourceId}' is outside the subscriptions and resource groups this service may manage.`,
      { target: TARGET },
    );
  }
  if (config.mode === 'none') return;
  const principal = ctx.principal;
  if (!principal || principal.type === 'Anonymous') {
    throw new ArmError('AuthenticationFailed', 'A member joins only for a verified caller.');
  }
  const token = await requireOwnArmToken(principal, ctx.callerArmToken);
  try {
    await getCallerClusterReader()(token, clusterResourceId);
  } catch (error) {
    const failure = classifyClusterError(error);
    if (failure instanceof RetriableClusterError) {
      throw new ArmError(
        'ServiceUnavailable',
        `The cluster '${clusterResourceId}' could not be read just now; try again.`,
        {
          target: TARGET,
        },
      );
    }
    throw new ArmError(
      'LinkedAuthorizationFailed',
      `The client '${principal.name}' cannot read the cluster '${clusterResourceId}' with its own token: ` +
        `(${failure.code}) ${failure.message}`,
      { target: TARGET },
    );
  }
}
