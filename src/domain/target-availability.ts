import type { AgentPoolUpgrade } from './member-upgrade';
import { compareNodeImageVersions, nodeImageFamily, parseKubernetesVersion } from './versions';

// Whether the versions a Member's upgrade moves to are offered in its region yet. AKS releases Kubernetes versions and
// node images region by region over days; a Member whose target has not reached its region waits Pending (as for a
// closed maintenance window) and is checked again later, instead of failing.

/** Where the product doc sends people to see when a release reaches a region. */
export const AKS_RELEASE_TRACKER_URL = 'https://releases.aks.azure.com/';

/** The code a Member Pending on its node image shows (as Fleet's does). */
export const NODE_IMAGE_VERSION_NOT_AVAILABLE = 'NodeImageVersionNotAvailable';
/** The code a Member Pending on its Kubernetes version shows (Fleet's NodeImageVersionNotAvailable, for versions). */
export const KUBERNETES_VERSION_NOT_AVAILABLE = 'KubernetesVersionNotAvailable';

/** What a Member's region offers, as read before its upgrade. */
export interface RegionOffer {
  /** The fleet member's name, as the message names it. */
  member: string;
  region: string;
  /** Kubernetes patch versions offered in the region; empty = not known, which never holds a Member back. */
  kubernetesVersions: readonly string[];
  /** Agent pool name → the newest node image of its family in the region (absent = not known). */
  latestNodeImages: Readonly<Record<string, string | undefined>>;
}

/** The upgrade a Member needs (see planMemberUpgrade): the control plane's target and each pool's. */
export interface PlannedTargets {
  controlPlane?: string;
  agentPools: readonly AgentPoolUpgrade[];
}

/** Why a Member waits Pending: ARM-shaped, shown as the Member's `status.error` and (its message) `message`. */
export interface TargetNotAvailable {
  code: typeof NODE_IMAGE_VERSION_NOT_AVAILABLE | typeof KUBERNETES_VERSION_NOT_AVAILABLE;
  message: string;
}

/**
 * The first target of the upgrade its region does not offer yet, or undefined when every target is offered (or not
 * known). A Kubernetes target is offered when the region lists it (`1.33` when it lists any `1.33.x`); a node image
 * when it is no newer than the region's newest image of its family. An image older than that which the region never
 * published is not "not yet offered": the upgrade goes ahead and AKS refuses it.
 */
export function findTargetNotAvailable(targets: PlannedTargets, offer: RegionOffer): TargetNotAvailable | undefined {
  if (targets.controlPlane !== undefined && !isKubernetesVersionOffered(targets.controlPlane, offer)) {
    return kubernetesNotAvailable(offer, targets.controlPlane, 'the control plane');
  }
  for (const pool of targets.agentPools) {
    if (pool.kubernetesVersion !== undefined && !isKubernetesVersionOffered(pool.kubernetesVersion, offer)) {
      return kubernetesNotAvailable(offer, pool.kubernetesVersion, `agent pool ${pool.name}`);
    }
  }
  for (const pool of targets.agentPools) {
    const image = pool.nodeImageVersion;
    if (image !== undefined && !isNodeImageOffered(image, offer.latestNodeImages[pool.name])) {
      return {
        code: NODE_IMAGE_VERSION_NOT_AVAILABLE,
        message: pendingMessage(offer, `node image version "${image}" for agent pool ${pool.name}`),
      };
    }
  }
  return undefined;
}

const KUBERNETES_PATCH = /^v?\d+\.\d+\.\d+$/;

function isKubernetesVersionOffered(target: string, offer: RegionOffer): boolean {
  if (offer.kubernetesVersions.length === 0) return true;
  const wanted = parseKubernetesVersion(target);
  return offer.kubernetesVersions.some((version) => {
    if (!KUBERNETES_PATCH.test(version.trim())) return false; // a malformed entry offers nothing
    const v = parseKubernetesVersion(version);
    return v.major === wanted.major && v.minor === wanted.minor && (wanted.patch ?? v.patch) === v.patch;
  });
}

function isNodeImageOffered(target: string, newest: string | undefined): boolean {
  if (newest === undefined || nodeImageFamily(newest) !== nodeImageFamily(target)) return true;
  return compareNodeImageVersions(target, newest) <= 0;
}

function kubernetesNotAvailable(offer: RegionOffer, version: string, of: string): TargetNotAvailable {
  return {
    code: KUBERNETES_VERSION_NOT_AVAILABLE,
    message: pendingMessage(offer, `Kubernetes version "${version}" for ${of}`),
  };
}

/** Fleet's words (the product doc's example), then where to see when the release reaches the region. */
function pendingMessage(offer: RegionOffer, what: string): string {
  return (
    `set member: ${offer.member} to Pending due to failed validation err: target upgrade ${what} ` +
    `is not available in region "${offer.region}". The member is checked again until the region offers it; see ` +
    `the AKS release tracker: ` +
    AKS_RELEASE_TRACKER_URL
  );
}
