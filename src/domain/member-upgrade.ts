import { isKubernetesVersionAtTarget, isNodeImageAtTarget } from './versions';
import type { ManagedClusterUpgradeSpec } from './types';

/** An agent pool of a Member cluster as observed before its upgrade. */
export interface AgentPoolState {
  name: string;
  orchestratorVersion: string;
  nodeImageVersion: string;
}

/** A Member cluster's versions as observed before its upgrade. */
export interface ClusterVersionState {
  kubernetesVersion: string;
  agentPools: AgentPoolState[];
}

/** What one agent pool needs; `nodeImageVersion` undefined = leave its image alone. */
export interface AgentPoolUpgrade {
  name: string;
  kubernetesVersion?: string;
  nodeImageVersion?: string;
}

/** What a member says once its upgrade completed, unless something it did not do needs saying. */
export const COMPLETED_MESSAGE = 'Upgrade completed.';

/**
 * The work a Member's upgrade consists of, or `atTarget` with the message for Skipped. `completedMessage`: what the
 * member says once the work is done instead of COMPLETED_MESSAGE (a Kubernetes target the cluster was ahead of).
 */
export interface MemberUpgradePlan {
  controlPlane?: string;
  agentPools: AgentPoolUpgrade[];
  atTarget: boolean;
  message?: string;
  completedMessage?: string;
}

/**
 * Works out what to upgrade on one Member: Full = control plane then every agent pool to kubernetesVersion with its
 * target image; ControlPlaneOnly = control plane only; NodeImageOnly = node images only. `targetImages` maps pool
 * name to its target image (absent = untouched). Anything already at or ahead of its target is left alone.
 */
export function planMemberUpgrade(
  upgrade: ManagedClusterUpgradeSpec,
  cluster: ClusterVersionState,
  targetImages: Readonly<Record<string, string | undefined>>,
): MemberUpgradePlan {
  const target = upgrade.kubernetesVersion;
  const controlPlane =
    upgrade.type !== 'NodeImageOnly' &&
    target !== undefined &&
    !isKubernetesVersionAtTarget(cluster.kubernetesVersion, target)
      ? target
      : undefined;
  const agentPools: AgentPoolUpgrade[] = [];
  if (upgrade.type !== 'ControlPlaneOnly') {
    for (const pool of cluster.agentPools) {
      const image = targetImages[pool.name];
      const needsImage = image !== undefined && !isNodeImageAtTarget(pool.nodeImageVersion, image);
      const needsKubernetes =
        upgrade.type === 'Full' &&
        target !== undefined &&
        !isKubernetesVersionAtTarget(pool.orchestratorVersion, target);
      if (!needsImage && !needsKubernetes) continue;
      agentPools.push({
        name: pool.name,
        ...(needsKubernetes ? { kubernetesVersion: target } : {}),
        ...(needsImage ? { nodeImageVersion: image } : {}),
      });
    }
  }
  const atTarget = controlPlane === undefined && agentPools.length === 0;
  if (atTarget) return { agentPools, atTarget, message: atTargetMessage(upgrade) };
  const completedMessage = targetNotApplied(upgrade, cluster, controlPlane, agentPools);
  return {
    ...(controlPlane ? { controlPlane } : {}),
    agentPools,
    atTarget,
    ...(completedMessage ? { completedMessage } : {}),
  };
}

/**
 * When a Full upgrade only changes node images because the cluster is already at or ahead of the Kubernetes target,
 * the message its member ends with says so: the target was not applied, and nothing claims it was.
 */
function targetNotApplied(
  upgrade: ManagedClusterUpgradeSpec,
  cluster: ClusterVersionState,
  controlPlane: string | undefined,
  agentPools: readonly AgentPoolUpgrade[],
): string | undefined {
  const target = upgrade.kubernetesVersion;
  const kubernetesUpgraded = controlPlane !== undefined || agentPools.some((pool) => pool.kubernetesVersion);
  if (upgrade.type !== 'Full' || target === undefined || kubernetesUpgraded) return undefined;
  return (
    `Upgrade completed: node images upgraded; Kubernetes stays at ${cluster.kubernetesVersion}, ` +
    `already at or ahead of the target version ${target}.`
  );
}

function atTargetMessage(upgrade: ManagedClusterUpgradeSpec): string {
  switch (upgrade.type) {
    case 'ControlPlaneOnly':
      return `Skipped: the control plane is already at or ahead of Kubernetes version ${upgrade.kubernetesVersion ?? ''}.`;
    case 'NodeImageOnly':
      return 'Skipped: every agent pool is already at or ahead of its target node image version.';
    default:
      return `Skipped: the cluster is already at or ahead of Kubernetes version ${upgrade.kubernetesVersion ?? ''} and every agent pool at its target node image version.`;
  }
}
