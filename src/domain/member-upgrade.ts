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

/** The work a Member's upgrade consists of, or `atTarget` with the message for Skipped. */
export interface MemberUpgradePlan {
  controlPlane?: string;
  agentPools: AgentPoolUpgrade[];
  atTarget: boolean;
  message?: string;
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
  if (!atTarget) return { ...(controlPlane ? { controlPlane } : {}), agentPools, atTarget };
  return { agentPools, atTarget, message: atTargetMessage(upgrade) };
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
