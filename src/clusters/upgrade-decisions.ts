import { isKubernetesVersionAtTarget, isNodeImageAtTarget } from '../domain';
import type { AgentPoolSnapshot, AgentPoolUpgradeTarget, ClusterSnapshot } from './cluster-client';
import { TerminalClusterError } from './cluster-errors';
import type { OperationHandle, OperationPoll } from './operation-handle.schema';

/**
 * What `begin*` does, decided from a fresh GET of the cluster so a re-run after a crash never starts a second upgrade:
 * - `completed`: the resource is already at the target → a handle that polls Succeeded, no request sent;
 * - `inFlight`: the resource is provisioning towards the target (desired version = target, or for an image-only
 *   target the pool is `UpgradingNodeImageVersion`) → a handle that polls the resource's provisioningState;
 * - `busy`: another operation runs on the cluster or pool → RetriableClusterError `OperationInProgress`;
 * - `start`: send the PUT/POST.
 */
export type BeginDecision =
  { action: 'completed' } | { action: 'inFlight' } | { action: 'start' } | { action: 'busy'; reason: string };

const TERMINAL_STATES = ['succeeded', 'failed', 'canceled'];

/** ARM: only Succeeded, Failed and Canceled are terminal; every other provisioningState means work in progress. */
export function isProvisioning(state: string): boolean {
  return !TERMINAL_STATES.includes(state.toLowerCase());
}

function sameState(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The named pool of a snapshot, or a terminal AgentPoolNotFound. */
export function requirePool(cluster: ClusterSnapshot, agentPoolName: string): AgentPoolSnapshot {
  const pool = cluster.agentPools.find((p) => p.name.toLowerCase() === agentPoolName.toLowerCase());
  if (!pool) {
    throw new TerminalClusterError(
      'AgentPoolNotFound',
      `Agent pool '${agentPoolName}' was not found in managed cluster '${cluster.name}'.`,
    );
  }
  return pool;
}

/** Control plane: at target by currentKubernetesVersion; in flight when provisioning with the target desired. */
export function decideControlPlaneBegin(cluster: ClusterSnapshot, kubernetesVersion: string): BeginDecision {
  if (isKubernetesVersionAtTarget(cluster.currentKubernetesVersion, kubernetesVersion)) return { action: 'completed' };
  if (!isProvisioning(cluster.provisioningState)) return { action: 'start' };
  if (isKubernetesVersionAtTarget(cluster.kubernetesVersion, kubernetesVersion)) return { action: 'inFlight' };
  return { action: 'busy', reason: `managed cluster '${cluster.name}' is ${cluster.provisioningState}` };
}

function poolAtTarget(pool: AgentPoolSnapshot, target: AgentPoolUpgradeTarget): boolean {
  return (
    (target.orchestratorVersion === undefined ||
      isKubernetesVersionAtTarget(pool.currentOrchestratorVersion, target.orchestratorVersion)) &&
    (target.nodeImageVersion === undefined || isNodeImageAtTarget(pool.nodeImageVersion, target.nodeImageVersion))
  );
}

/**
 * Agent pool (Kubernetes and/or image): at target by currentOrchestratorVersion and nodeImageVersion. An empty
 * target (node image "latest" when the newest is unknown) is never at target: AKS decides.
 */
export function decideAgentPoolBegin(
  cluster: ClusterSnapshot,
  agentPoolName: string,
  target: AgentPoolUpgradeTarget,
): BeginDecision {
  const pool = requirePool(cluster, agentPoolName);
  const hasTarget = target.orchestratorVersion !== undefined || target.nodeImageVersion !== undefined;
  if (hasTarget && poolAtTarget(pool, target)) return { action: 'completed' };
  if (isProvisioning(pool.provisioningState)) {
    const ours =
      target.orchestratorVersion !== undefined
        ? isKubernetesVersionAtTarget(pool.orchestratorVersion, target.orchestratorVersion)
        : sameState(pool.provisioningState, 'UpgradingNodeImageVersion');
    if (ours) return { action: 'inFlight' };
    return { action: 'busy', reason: `agent pool '${pool.name}' is ${pool.provisioningState}` };
  }
  if (isProvisioning(cluster.provisioningState)) {
    return { action: 'busy', reason: `managed cluster '${cluster.name}' is ${cluster.provisioningState}` };
  }
  return { action: 'start' };
}

/** One poll of a `resourceState` handle against a fresh snapshot of its cluster. */
export function evaluateResourceState(handle: OperationHandle, cluster: ClusterSnapshot): OperationPoll {
  const { target } = handle;
  let state = cluster.provisioningState;
  let reached: boolean;
  let what = `managed cluster '${cluster.name}'`;
  if (handle.kind === 'ControlPlaneUpgrade') {
    reached =
      target.kubernetesVersion === undefined ||
      isKubernetesVersionAtTarget(cluster.currentKubernetesVersion, target.kubernetesVersion);
  } else {
    const pool = requirePool(cluster, handle.agentPoolName ?? '');
    state = pool.provisioningState;
    reached = poolAtTarget(pool, target);
    what = `agent pool '${pool.name}' of ${what}`;
  }
  if (isProvisioning(state)) return { status: 'InProgress' };
  if (sameState(state, 'Canceled')) {
    return { status: 'Canceled', error: { code: 'Canceled', message: `The upgrade of ${what} was canceled.` } };
  }
  if (sameState(state, 'Failed')) {
    const message = `The upgrade of ${what} ended with provisioningState Failed (operation details unavailable: the upgrade was found running rather than started by this run).`;
    return { status: 'Failed', error: { code: 'UpgradeFailed', message } };
  }
  if (reached) return { status: 'Succeeded' };
  const message = `The operation on ${what} finished but it is not at the target ${JSON.stringify(target)}.`;
  return { status: 'Failed', error: { code: 'UpgradeTargetNotReached', message } };
}
