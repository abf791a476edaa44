import type { AgentPoolProfile, AgentPoolProperties } from './agent-pool.schema';
import { familyFor, type CatalogView } from './catalog';
import { ArmError } from './errors';
import type { PoolChange, PoolRecord } from './state.schema';
import { checkNodeImage, checkPoolVersion } from './version-rules';
import { nodeImageFamily } from './versions';

const DEFAULT_VM_SIZE = 'Standard_D2s_v3';

/** A pool created instantly at the given control-plane version, with the region's newest image by default. */
export function newPool(
  catalog: CatalogView,
  location: string,
  profile: AgentPoolProfile,
  options: { controlPlane: string; mode: 'System' | 'User' },
): PoolRecord {
  const osType = profile.osType ?? 'Linux';
  const osSKU = profile.osSKU ?? (osType === 'Windows' ? 'Windows2022' : 'Ubuntu');
  const version = checkPoolVersion(catalog, location, {
    pool: profile.name,
    current: undefined,
    requested: profile.orchestratorVersion ?? options.controlPlane,
    controlPlane: options.controlPlane,
  });
  const image = profile.nodeImageVersion
    ? checkNodeImage(catalog, location, profile.name, profile.nodeImageVersion)
    : latestImageOrThrow(catalog, location, profile.name, familyFor(osType, osSKU));
  return {
    name: profile.name,
    count: profile.count ?? 1,
    vmSize: profile.vmSize ?? DEFAULT_VM_SIZE,
    osType,
    osSKU,
    mode: profile.mode ?? options.mode,
    orchestratorVersion: version,
    currentOrchestratorVersion: version,
    nodeImageVersion: image,
    provisioningState: 'Succeeded',
    ...(profile.tags ? { tags: profile.tags } : {}),
  };
}

/** Inputs of planPoolChange. */
export interface PoolChangeInput {
  requestedVersion: string;
  requestedImage: string | undefined;
  /** Control-plane version once the operation completes. */
  controlPlane: string;
}

/**
 * Applies the instant fields (count, vmSize, mode, tags) to `pool` and returns the version/image change
 * the request needs, if any. A Kubernetes upgrade also moves the pool to the region's newest image.
 */
export function planPoolChange(
  catalog: CatalogView,
  location: string,
  pool: PoolRecord,
  props: AgentPoolProperties,
  input: PoolChangeInput,
): PoolChange | undefined {
  if (props.count !== undefined) pool.count = props.count;
  if (props.vmSize !== undefined) pool.vmSize = props.vmSize;
  if (props.mode !== undefined) pool.mode = props.mode;
  if (props.tags !== undefined) pool.tags = props.tags;
  const change: PoolChange = { name: pool.name };
  const version = checkPoolVersion(catalog, location, {
    pool: pool.name,
    current: pool.currentOrchestratorVersion,
    requested: input.requestedVersion,
    controlPlane: input.controlPlane,
  });
  if (version !== pool.currentOrchestratorVersion) {
    change.orchestratorVersion = { from: pool.currentOrchestratorVersion, to: version };
  }
  let image: string | undefined;
  if (input.requestedImage !== undefined && input.requestedImage !== pool.nodeImageVersion) {
    image = checkNodeImage(catalog, location, pool.name, input.requestedImage);
  } else if (change.orchestratorVersion) {
    image = catalog.latestNodeImage(location, nodeImageFamily(pool.nodeImageVersion));
  }
  if (image !== undefined && image !== pool.nodeImageVersion) {
    change.nodeImageVersion = { from: pool.nodeImageVersion, to: image };
  }
  return change.orchestratorVersion || change.nodeImageVersion ? change : undefined;
}

function latestImageOrThrow(catalog: CatalogView, location: string, pool: string, family: string): string {
  const image = catalog.latestNodeImage(location, family);
  if (image) return image;
  throw new ArmError(
    'InvalidNodeImageVersion',
    `No node image of family ${family} is published in region ${location} (agent pool ${pool}).`,
    'properties.nodeImageVersion',
  );
}
