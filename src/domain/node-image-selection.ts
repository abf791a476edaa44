import type { NodeImageSelection, NodeImageVersion } from './types';
import { compareNodeImageVersions, nodeImageFamily } from './versions';

/** An agent pool as node image selection needs it: its current image and the newest image its region offers. */
export interface PoolImageInfo {
  name: string;
  nodeImageVersion: string;
  /** Newest image of this pool's family available in the Member's region (absent = unknown or none). */
  latestAvailableVersion?: string;
}

/** A Member's agent pools and region, for node image selection. */
export interface MemberImageInfo {
  member: string;
  region: string;
  pools: PoolImageInfo[];
}

/** Target images of one Member: pool name → image (absent pools are untouched), and families with no target. */
export interface MemberImageTargets {
  targets: Record<string, string>;
  missingFamilies: string[];
}

/**
 * Consistent selection at run start: for each image family, the newest version available to every pool of that
 * family in the run. AKS releases images region by region and a region keeps the earlier ones, so this is the oldest
 * of the pools' latest versions (the spec's example: 2021.10.12 in X and 2021.10.17 in Y → 2021.10.12 everywhere).
 */
export function selectConsistentNodeImages(members: readonly MemberImageInfo[]): NodeImageVersion[] {
  const newestCommon = new Map<string, string>();
  for (const pool of members.flatMap((member) => member.pools)) {
    const latest = pool.latestAvailableVersion;
    if (latest === undefined) continue;
    const family = nodeImageFamily(latest);
    const chosen = newestCommon.get(family);
    if (chosen === undefined || compareNodeImageVersions(latest, chosen) < 0) newestCommon.set(family, latest);
  }
  return [...newestCommon.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, version]) => ({ version }));
}

function byFamily(versions: readonly NodeImageVersion[]): Map<string, string> {
  return new Map(versions.map(({ version }) => [nodeImageFamily(version), version]));
}

/**
 * The target image of each pool of a Member. Latest: its region's newest at upgrade time. Consistent: the run's
 * selected version of its family (a family with none is reported missing, and the Member is Skipped). Custom: the
 * custom version of its family; pools of other families are untouched.
 */
export function nodeImageTargetsForMember(
  selection: NodeImageSelection,
  member: MemberImageInfo,
  selectedNodeImageVersions: readonly NodeImageVersion[] = [],
): MemberImageTargets {
  const targets: Record<string, string> = {};
  const missing = new Set<string>();
  const chosen =
    selection.type === 'Custom'
      ? byFamily(selection.customNodeImageVersions ?? [])
      : selection.type === 'Consistent'
        ? byFamily(selectedNodeImageVersions)
        : undefined;
  for (const pool of member.pools) {
    const family = nodeImageFamily(pool.nodeImageVersion);
    const target = chosen ? chosen.get(family) : pool.latestAvailableVersion;
    if (target !== undefined) targets[pool.name] = target;
    else if (selection.type === 'Consistent') missing.add(family);
  }
  return { targets, missingFamilies: [...missing].sort() };
}

/** The message for a Member Skipped because Consistent selection has no image for some of its pools' families. */
export function missingConsistentImageMessage(missingFamilies: readonly string[]): string {
  return `Skipped: no consistent node image version was selected for image famil${missingFamilies.length === 1 ? 'y' : 'ies'} ${missingFamilies.join(', ')}.`;
}
