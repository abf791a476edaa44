import { selectConsistentNodeImages } from './node-image-selection';
import { compareNodeImageVersions, isKubernetesVersionAtTarget, nodeImageFamily } from './versions';

// What an auto-upgrade profile's channel targets, from what AKS offers in the regions of the fleet's members, and
// whether any member is below it. Pure: the trigger (src/services/auto-upgrade-trigger.ts) reads the catalog and the
// clusters, then asks these rules.

/** One Kubernetes patch version AKS offers in a region (listKubernetesVersions). */
export interface KubernetesRelease {
  version: string;
  /** Preview versions are never an auto-upgrade target: channels follow GA releases only. */
  preview: boolean;
  /** Its minor has AKS Long Term Support. */
  lts: boolean;
}

/** What AKS offers in one region the fleet's members are in. */
export interface RegionReleases {
  region: string;
  kubernetes: readonly KubernetesRelease[];
}

/** What a profile asks to follow. */
export interface ChannelRules {
  channel: 'Stable' | 'Rapid' | 'NodeImage' | 'TargetKubernetesVersion';
  /** `{major}.{minor}`, with channel TargetKubernetesVersion. */
  targetKubernetesVersion?: string;
  longTermSupport?: boolean;
  nodeImageSelection: 'Latest' | 'Consistent';
}

/** A member's cluster as the rules need it: its region, control plane version and pools' node images. */
export interface MemberVersions {
  member: string;
  region: string;
  kubernetesVersion: string;
  pools: ReadonlyArray<{ name: string; nodeImageVersion: string; latestNodeImage?: string }>;
}

/** The release a channel moves the fleet to, or why it has none. */
export type ChannelTarget =
  | { kind: 'Kubernetes'; kubernetesVersion: string }
  | { kind: 'NodeImage'; nodeImageVersions: string[] }
  | { kind: 'None'; code: 'NoTargetVersion'; message: string };

/** Minors AKS supports without LTS: the newest GA minor and the two before it (N-2). */
export const COMMUNITY_SUPPORTED_MINORS = 3;

interface Patch {
  version: string;
  minor: string;
  numbers: [number, number, number];
}

function parsePatch(version: string): Patch | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  if (!match) return undefined;
  const numbers: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { version: version.trim(), minor: `${numbers[0]}.${numbers[1]}`, numbers };
}

function comparePatches(a: Patch, b: Patch): number {
  return a.numbers[0] - b.numbers[0] || a.numbers[1] - b.numbers[1] || a.numbers[2] - b.numbers[2];
}

/** GA patches offered in every region (a release reaches regions over days: only one all have is a target). */
export function commonGaPatches(regions: readonly RegionReleases[]): { patches: Patch[]; ltsMinors: Set<string> } {
  const ltsMinors = new Set<string>();
  let common: Map<string, Patch> | undefined;
  for (const region of regions) {
    const here = new Map<string, Patch>();
    for (const release of region.kubernetes) {
      const patch = parsePatch(release.version);
      if (!patch || release.preview) continue;
      if (release.lts) ltsMinors.add(patch.minor);
      here.set(patch.version, patch);
    }
    common = common ? new Map([...common].filter(([version]) => here.has(version))) : here;
  }
  return { patches: [...(common ?? new Map<string, Patch>()).values()].sort(comparePatches), ltsMinors };
}

function none(message: string): ChannelTarget {
  return { kind: 'None', code: 'NoTargetVersion', message };
}

/**
 * The Kubernetes version a channel targets: Rapid, the newest patch of the newest GA minor (N); Stable, the newest
 * patch of N-1; TargetKubernetesVersion, the newest patch of the chosen minor, which must be within N-2 unless
 * longTermSupport is set and the minor has AKS LTS.
 */
export function kubernetesTargetOf(rules: ChannelRules, regions: readonly RegionReleases[]): ChannelTarget {
  const { patches, ltsMinors } = commonGaPatches(regions);
  const minors = [...new Set(patches.map((p) => p.minor))].reverse(); // newest first
  const newestOf = (minor: string): ChannelTarget => {
    const newest = patches.filter((p) => p.minor === minor).at(-1);
    return newest ? { kind: 'Kubernetes', kubernetesVersion: newest.version } : none(`No GA patch of ${minor}.`);
  };
  const where = `every region of the fleet's members (${regions.map((r) => r.region).join(', ')})`;
  if (minors.length === 0) return none(`AKS offers no GA Kubernetes version in ${where}.`);
  if (rules.channel === 'Rapid') return newestOf(minors[0] ?? '');
  if (rules.channel === 'Stable') {
    const stable = minors[1];
    return stable ? newestOf(stable) : none(`AKS offers only one GA minor (${minors[0]}) in ${where}: no N-1.`);
  }
  const wanted = rules.targetKubernetesVersion ?? '';
  const place = minors.indexOf(wanted);
  if (place < 0) return none(`AKS offers no GA patch of Kubernetes ${wanted} in ${where}.`);
  if (place >= COMMUNITY_SUPPORTED_MINORS) {
    const supported = `${minors[COMMUNITY_SUPPORTED_MINORS - 1]} to ${minors[0]}`;
    if (rules.longTermSupport !== true) {
      return none(
        `Kubernetes ${wanted} is past AKS community support (${supported}): set longTermSupport to follow its LTS ` +
          'patches, or raise targetKubernetesVersion.',
      );
    }
    if (!ltsMinors.has(wanted)) {
      return none(`Kubernetes ${wanted} has no AKS Long Term Support and is past community support (${supported}).`);
    }
  }
  return newestOf(wanted);
}

/**
 * The node images the NodeImage channel targets: each pool's region's newest image of its family (Latest), or per
 * family the newest image every pool of the family can have (Consistent: the oldest of the regions' newest).
 */
export function nodeImageTargetOf(selection: ChannelRules['nodeImageSelection'], members: readonly MemberVersions[]) {
  const images =
    selection === 'Consistent'
      ? selectConsistentNodeImages(
          members.map((m) => ({
            member: m.member,
            region: m.region,
            pools: m.pools.map((p) => ({ ...p, latestAvailableVersion: p.latestNodeImage })),
          })),
        ).map((image) => image.version)
      : members.flatMap((m) => m.pools.flatMap((p) => (p.latestNodeImage !== undefined ? [p.latestNodeImage] : [])));
  return [...new Set(images)].sort();
}

/** The channel's target for the fleet's members. */
export function channelTarget(
  rules: ChannelRules,
  regions: readonly RegionReleases[],
  members: readonly MemberVersions[],
): ChannelTarget {
  if (rules.channel !== 'NodeImage') return kubernetesTargetOf(rules, regions);
  const nodeImageVersions = nodeImageTargetOf(rules.nodeImageSelection, members);
  return nodeImageVersions.length > 0
    ? { kind: 'NodeImage', nodeImageVersions }
    : none("AKS reports no node image for the pools of the fleet's members.");
}

/** The members some part of which is below the target: they are why a run is needed. */
export function membersBelowTarget(target: ChannelTarget, members: readonly MemberVersions[]): string[] {
  if (target.kind === 'None') return [];
  if (target.kind === 'Kubernetes') {
    return members
      .filter((m) => !isKubernetesVersionAtTarget(m.kubernetesVersion, target.kubernetesVersion))
      .map((m) => m.member);
  }
  const byFamily = new Map<string, string[]>();
  for (const image of target.nodeImageVersions) {
    byFamily.set(nodeImageFamily(image), [...(byFamily.get(nodeImageFamily(image)) ?? []), image]);
  }
  const below = (pool: MemberVersions['pools'][number]): boolean => {
    const family = nodeImageFamily(pool.nodeImageVersion);
    // Latest: the pool's own region's newest; Consistent: its family's one version.
    const goal =
      pool.latestNodeImage !== undefined && byFamily.get(family)?.includes(pool.latestNodeImage)
        ? pool.latestNodeImage
        : byFamily.get(family)?.[0];
    return goal !== undefined && compareNodeImageVersions(pool.nodeImageVersion, goal) < 0;
  };
  return members.filter((m) => m.pools.some(below)).map((m) => m.member);
}

/** What `lastTriggerUpgradeVersions` shows for a target. */
export function targetVersions(target: ChannelTarget): string[] {
  if (target.kind === 'Kubernetes') return [target.kubernetesVersion];
  return target.kind === 'NodeImage' ? target.nodeImageVersions : [];
}
