import type { AutoUpgradeProfileDoc } from '../api/auto-upgrade-profile.schema';
import { ArmError, type ErrorDetail } from '../api/errors';
import type { FleetRef } from '../api/ids';
import type { ManagedClusterUpdate } from '../api/update-run.schema';
import type { AksReleases } from '../clusters/aks-releases';
import type { ClusterClient } from '../clusters/cluster-client';
import { classifyClusterError, TerminalClusterError } from '../clusters/cluster-errors';
import {
  autoUpgradeRunName,
  channelTarget,
  membersBelowTarget,
  targetVersions,
  type ChannelTarget,
  type MemberVersions,
  type RegionReleases,
} from '../domain';
import type { Stores } from '../storage/stores';

/** How many member clusters are read at once. */
const CLUSTER_READS_AT_ONCE = 16;

/** What the profile's channel asks of the fleet now. */
export type RunPlan =
  | {
      kind: 'Run';
      runName: string;
      managedClusterUpdate: ManagedClusterUpdate;
      versions: string[];
      /** Members below the target (none: the fleet is on it, nothing to trigger). */
      membersBelow: string[];
    }
  | { kind: 'NoTarget'; error: ErrorDetail };

export interface PlanDeps {
  stores: Stores;
  clusters: ClusterClient;
  releases: AksReleases;
}

/** A failure to read what AKS offers, as an ARM error: terminal ones are 400s, the rest 503 (try again later). */
export function clusterReadError(error: unknown): ArmError {
  const failure = classifyClusterError(error);
  if (failure instanceof TerminalClusterError) return new ArmError('InvalidParameter', failure.message);
  return new ArmError('ServiceUnavailable', `AKS could not be read; try again later. ${failure.message}`);
}

async function inChunks<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += CLUSTER_READS_AT_ONCE) {
    results.push(...(await Promise.all(items.slice(i, i + CLUSTER_READS_AT_ONCE).map(work))));
  }
  return results;
}

/**
 * Reads each member's cluster (a cluster ARM will not show is left out: it would fail in the run anyway), then what
 * AKS offers in each of their regions, in the subscription of a cluster there.
 */
async function readFleet(deps: PlanDeps, fleet: FleetRef, withImages: boolean) {
  const members = await deps.stores.members.all(fleet);
  const read = await inChunks(
    members,
    async (m): Promise<(MemberVersions & { subscriptionId: string }) | undefined> => {
      try {
        const cluster = await deps.clusters.getCluster(m.doc.clusterResourceId);
        const latest = withImages ? await deps.clusters.getLatestNodeImages(m.doc.clusterResourceId) : {};
        return {
          member: m.meta.name,
          subscriptionId: cluster.subscriptionId,
          region: cluster.location.toLowerCase(),
          kubernetesVersion: cluster.currentKubernetesVersion,
          pools: cluster.agentPools.map((p) => ({
            name: p.name,
            nodeImageVersion: p.nodeImageVersion,
            ...(latest[p.name] !== undefined ? { latestNodeImage: latest[p.name] } : {}),
          })),
        };
      } catch (error) {
        if (classifyClusterError(error) instanceof TerminalClusterError) return undefined;
        throw error;
      }
    },
  );
  const clusters = read.filter((m) => m !== undefined);
  const bySubscription = new Map(clusters.map((m) => [m.region, m.subscriptionId] as const));
  const regions: RegionReleases[] = await inChunks([...bySubscription], async ([region, subscriptionId]) => ({
    region,
    kubernetes: await deps.releases.kubernetesReleases(subscriptionId, region),
  }));
  return { clusters, regions };
}

function updateOf(target: Exclude<ChannelTarget, { kind: 'None' }>, profile: AutoUpgradeProfileDoc) {
  const nodeImageSelection = { type: profile.nodeImageSelection?.type ?? 'Latest' } as const;
  const upgrade =
    target.kind === 'Kubernetes'
      ? { type: 'Full' as const, kubernetesVersion: target.kubernetesVersion }
      : { type: 'NodeImageOnly' as const };
  return { upgrade, nodeImageSelection };
}

/** The run the profile's channel calls for, from the fleet's clusters and AKS's catalog (rules: src/domain). */
export async function planRun(
  deps: PlanDeps,
  fleet: FleetRef,
  profile: { name: string; doc: AutoUpgradeProfileDoc },
): Promise<RunPlan> {
  const { doc } = profile;
  const { clusters, regions } = await readFleet(deps, fleet, doc.channel === 'NodeImage');
  if (clusters.length === 0) {
    const message = `Fleet '${fleet.fleetName}' has no member whose cluster could be read: there is nothing to upgrade.`;
    return { kind: 'NoTarget', error: { code: 'NoMembers', message } };
  }
  const rules = {
    channel: doc.channel,
    nodeImageSelection: doc.nodeImageSelection?.type ?? 'Latest',
    ...(doc.targetKubernetesVersion !== undefined ? { targetKubernetesVersion: doc.targetKubernetesVersion } : {}),
    ...(doc.longTermSupport !== undefined ? { longTermSupport: doc.longTermSupport } : {}),
  };
  const target = channelTarget(rules, regions, clusters);
  if (target.kind === 'None') return { kind: 'NoTarget', error: { code: target.code, message: target.message } };
  return {
    kind: 'Run',
    runName: autoUpgradeRunName(profile.name, target),
    managedClusterUpdate: updateOf(target, doc),
    versions: targetVersions(target),
    membersBelow: membersBelowTarget(target, clusters),
  };
}
