import {
  evaluateMaintenanceWindow,
  maintenanceConfigurationFor,
  missingConsistentImageMessage,
  nodeImageTargetsForMember,
  planMemberUpgrade,
  resolveKubernetesTarget,
  type MaintenanceWindow,
  type ManagedClusterUpgradeSpec,
  type MemberImageInfo,
  type NodeImageSelection,
  type NodeImageVersion,
} from '../domain';
import { findTargetNotAvailable, type TargetNotAvailable } from '../domain/target-availability';
import type { ClusterSnapshot, LatestNodeImages } from '../clusters/cluster-client';
import type { UpgradeStep } from './cluster-activity.schema';

/**
 * What the orchestrator does with a Member now. `wait`: Pending until its maintenance window opens (`nextOpening`),
 * or, with `notAvailable`, until its region offers the target (checked again after MEMBER_VERSION_RECHECK_SECONDS).
 */
export type MemberPlanDecision =
  | { action: 'skip'; message: string }
  | { action: 'wait'; nextOpening?: string; message: string; notAvailable?: TargetNotAvailable }
  | { action: 'upgrade'; steps: UpgradeStep[]; completedMessage?: string };

/** Everything planMember read from the cluster, plus the run's choices. */
export interface MemberPlanInput {
  snapshot: ClusterSnapshot;
  window: MaintenanceWindow | undefined;
  latestImages: LatestNodeImages;
  /** The Kubernetes versions the cluster is offered (read when the target names no patch). */
  kubernetesUpgrades: string[];
  /** The Kubernetes versions the cluster's region offers (empty: not read, or not known). */
  offeredKubernetesVersions: string[];
  /** The fleet member's name, as its messages name it (default: the cluster's). */
  member?: string;
  upgrade: ManagedClusterUpgradeSpec;
  nodeImageSelection: NodeImageSelection;
  selectedNodeImageVersions: NodeImageVersion[];
  now: string;
}

/** A cluster's pools in the shape node image selection takes (current images and the newest of its region). */
export function memberImageInfo(member: string, snapshot: ClusterSnapshot, latest: LatestNodeImages): MemberImageInfo {
  return {
    member,
    region: snapshot.location,
    pools: snapshot.agentPools.map((pool) => ({
      name: pool.name,
      nodeImageVersion: pool.nodeImageVersion,
      ...(latest[pool.name] !== undefined ? { latestAvailableVersion: latest[pool.name] } : {}),
    })),
  };
}

/**
 * Decides a Member: Skipped when already at target (or Consistent has no image for a family), before looking at
 * its window, since a Member with nothing to do need not wait; Pending (`wait`) while its maintenance window is
 * closed, then while its region does not offer a target yet; else the steps: control plane first, then each pool
 * (Kubernetes + image, or image only).
 */
export function decideMemberPlan(input: MemberPlanInput): MemberPlanDecision {
  const { snapshot, upgrade } = input;
  let targets: Record<string, string> = {};
  if (upgrade.type !== 'ControlPlaneOnly') {
    const info = memberImageInfo(snapshot.name, snapshot, input.latestImages);
    const images = nodeImageTargetsForMember(input.nodeImageSelection, info, input.selectedNodeImageVersions);
    if (images.missingFamilies.length > 0) {
      return { action: 'skip', message: missingConsistentImageMessage(images.missingFamilies) };
    }
    targets = images.targets;
  }
  const plan = planMemberUpgrade(
    upgrade,
    {
      kubernetesVersion: snapshot.currentKubernetesVersion,
      agentPools: snapshot.agentPools.map((pool) => ({
        name: pool.name,
        orchestratorVersion: pool.currentOrchestratorVersion,
        nodeImageVersion: pool.nodeImageVersion,
      })),
    },
    targets,
  );
  if (plan.atTarget) return { action: 'skip', message: plan.message ?? 'Skipped: already at target.' };
  if (input.window) {
    const evaluation = evaluateMaintenanceWindow(input.window, input.now);
    if (!evaluation.open) {
      const config = maintenanceConfigurationFor(upgrade.type);
      const next = evaluation.next?.start;
      const message = next
        ? `Waiting for planned maintenance window ${config} to open at ${next}.`
        : `Planned maintenance window ${config} has no opening in the search horizon.`;
      return { action: 'wait', ...(next ? { nextOpening: next } : {}), message };
    }
  }
  const notAvailable = findTargetNotAvailable(plan, {
    member: input.member ?? snapshot.name,
    region: snapshot.location,
    kubernetesVersions: input.offeredKubernetesVersions,
    latestNodeImages: input.latestImages,
  });
  if (notAvailable) return { action: 'wait', message: notAvailable.message, notAvailable };
  // A target without a patch (`1.33`) is upgraded to, and named as, the patch the cluster is offered (`1.33.5`).
  const version = (target: string): string => resolveKubernetesTarget(target, input.kubernetesUpgrades);
  const steps: UpgradeStep[] = [];
  if (plan.controlPlane) steps.push({ kind: 'ControlPlane', kubernetesVersion: version(plan.controlPlane) });
  for (const pool of plan.agentPools) {
    const image = pool.nodeImageVersion ? { nodeImageVersion: pool.nodeImageVersion } : {};
    steps.push(
      pool.kubernetesVersion
        ? { kind: 'AgentPool', agentPoolName: pool.name, kubernetesVersion: version(pool.kubernetesVersion), ...image }
        : { kind: 'NodeImage', agentPoolName: pool.name, ...image },
    );
  }
  return { action: 'upgrade', steps, ...(plan.completedMessage ? { completedMessage: plan.completedMessage } : {}) };
}
