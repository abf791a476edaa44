import type { CatalogView } from './catalog';
import { ArmError } from './errors';
import type { ClusterParams, ManagedClusterBody } from './managed-cluster.schema';
import { newPool, planPoolChange } from './pool-plan';
import type { ClusterRecord, PoolChange } from './state.schema';
import { assertWithinSkew, checkControlPlaneTarget } from './version-rules';
import { normalizeLocation } from './versions';

/** A new cluster, created instantly (provisioningState Succeeded). */
export function planCreate(
  catalog: CatalogView,
  params: ClusterParams,
  body: ManagedClusterBody,
  now: number,
): ClusterRecord {
  const location = normalizeLocation(body.location);
  if (!catalog.hasRegion(location)) {
    throw new ArmError(
      'LocationNotAvailableForResourceType',
      `The provided location '${body.location}' is not available for resource type 'Microsoft.ContainerService/managedClusters'. List of available regions for the resource type is '${catalog.regions().join(',')}'.`,
      'location',
    );
  }
  const requested = body.properties.kubernetesVersion ?? catalog.defaultVersion(location);
  if (requested === undefined)
    throw new ArmError('K8sVersionNotSupported', `No Kubernetes version is offered in ${location}.`);
  const version = checkControlPlaneTarget(catalog, location, undefined, requested);
  const profiles = body.properties.agentPoolProfiles ?? [];
  if (profiles.length === 0) {
    throw new ArmError(
      'InvalidParameter',
      'At least one agent pool profile is required.',
      'properties.agentPoolProfiles',
    );
  }
  assertUniqueNames(profiles.map((p) => p.name));
  const anySystem = profiles.some((p) => p.mode === 'System');
  const pools = profiles.map((profile, i) =>
    newPool(catalog, location, profile, { controlPlane: version, mode: !anySystem && i === 0 ? 'System' : 'User' }),
  );
  if (!pools.some((p) => p.mode === 'System')) {
    throw new ArmError(
      'InvalidParameter',
      'At least one agent pool must be in System mode.',
      'properties.agentPoolProfiles',
    );
  }
  return {
    subscriptionId: params.subscriptionId,
    resourceGroup: params.resourceGroupName,
    name: params.resourceName,
    location,
    tags: body.tags ?? {},
    dnsPrefix: body.properties.dnsPrefix ?? `${params.resourceName}-dns`.toLowerCase(),
    kubernetesVersion: version,
    currentKubernetesVersion: version,
    provisioningState: 'Succeeded',
    createdAt: new Date(now).toISOString(),
    pools,
  };
}

/** The updated cluster plus the upgrade it needs (none when only instant fields changed). */
export interface ClusterUpdatePlan {
  next: ClusterRecord;
  kubernetesVersion?: { from: string; to: string };
  pools: PoolChange[];
}

/**
 * PUT on an existing cluster. A new `kubernetesVersion` upgrades the control plane; each pool whose
 * `orchestratorVersion` in the body names a newer version (or is omitted, i.e. follows the control plane)
 * is upgraded in the same operation; pools that keep their version stay (control-plane-only upgrade).
 */
export function planUpdate(catalog: CatalogView, existing: ClusterRecord, body: ManagedClusterBody): ClusterUpdatePlan {
  if (normalizeLocation(body.location) !== existing.location) {
    throw new ArmError(
      'InvalidParameter',
      `The location of managed cluster ${existing.name} cannot be changed.`,
      'location',
    );
  }
  const next = structuredClone(existing);
  next.tags = body.tags ?? {};
  const from = existing.currentKubernetesVersion;
  const requested = body.properties.kubernetesVersion;
  const to = requested === undefined ? from : checkControlPlaneTarget(catalog, existing.location, from, requested);
  const profiles = body.properties.agentPoolProfiles ?? [];
  assertUniqueNames(profiles.map((p) => p.name));
  const changes: PoolChange[] = [];
  for (const profile of profiles) {
    const pool = next.pools.find((p) => p.name === profile.name);
    if (!pool) {
      next.pools.push(newPool(catalog, existing.location, profile, { controlPlane: from, mode: 'User' }));
      continue;
    }
    const change = planPoolChange(catalog, existing.location, pool, profile, {
      requestedVersion: profile.orchestratorVersion ?? to,
      requestedImage: profile.nodeImageVersion,
      controlPlane: to,
    });
    if (change) changes.push(change);
  }
  for (const pool of next.pools) {
    if (!changes.some((c) => c.name === pool.name && c.orchestratorVersion)) {
      assertWithinSkew(pool.name, pool.currentOrchestratorVersion, to);
    }
  }
  return { next, ...(to !== from ? { kubernetesVersion: { from, to } } : {}), pools: changes };
}

function assertUniqueNames(names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new ArmError(
        'InvalidParameter',
        `Agent pool name ${name} is used more than once.`,
        'properties.agentPoolProfiles',
      );
    }
    seen.add(name);
  }
}
