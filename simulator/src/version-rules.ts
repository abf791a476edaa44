import type { CatalogView } from './catalog';
import { ArmError } from './errors';
import { compareVersions, isMinorOnly, minorDistance, minorOf, parseVersion } from './versions';

/** Node pools may trail the control plane by at most this many minors (AKS N-3 since 1.28). */
export const MAX_POOL_SKEW_MINORS = 3;

const VERSION_DOC = 'Please see https://aka.ms/aks-supported-k8s-ver for version details.';
const SKEW_DOC = 'For more information, please check https://aka.ms/aks/UpgradeVersionRules';

/** Resolves `1.31` to the newest offered `1.31.x`; full versions pass through. */
export function resolveVersion(catalog: CatalogView, location: string, requested: string): string {
  if (!parseVersion(requested)) {
    throw new ArmError(
      'InvalidParameter',
      `Kubernetes version '${requested}' is not a valid version.`,
      'kubernetesVersion',
    );
  }
  if (!isMinorOnly(requested)) return requested.replace(/^v/, '');
  return catalog.newestPatch(location, minorOf(requested)) ?? requested;
}

/** Validates a control-plane version change; returns the resolved target. */
export function checkControlPlaneTarget(
  catalog: CatalogView,
  location: string,
  current: string | undefined,
  requested: string,
): string {
  const target = resolveVersion(catalog, location, requested);
  if (current !== undefined && target === current) return target;
  if (!catalog.find(location, target)) {
    throw new ArmError(
      'K8sVersionNotSupported',
      `Version ${target} is not supported in this region (${location}). Please use [az aks get-versions] command to get the supported version list in this region.`,
      'properties.kubernetesVersion',
    );
  }
  if (current === undefined) return target;
  const upgrades = catalog.controlPlaneUpgrades(location, current).map((v) => v.version);
  if (compareVersions(target, current) < 0) {
    throw new ArmError(
      'OperationNotAllowed',
      `Downgrading Kubernetes version ${current} to ${target} is not allowed. Available upgrades: [${upgrades.join(' ')}]. ${VERSION_DOC}`,
      'properties.kubernetesVersion',
    );
  }
  if (!upgrades.includes(target)) {
    throw new ArmError(
      'OperationNotAllowed',
      `Upgrading Kubernetes version ${current} to ${target} is not allowed. Available upgrades: [${upgrades.join(' ')}]. ${VERSION_DOC}`,
      'properties.kubernetesVersion',
    );
  }
  return target;
}

/** Inputs of a node-pool version check. */
export interface PoolVersionCheck {
  pool: string;
  /** The pool's current version; undefined for a new pool. */
  current: string | undefined;
  requested: string;
  /** The control-plane version once the operation completes. */
  controlPlane: string;
}

/** Validates a node-pool version: no downgrade, never newer than the control plane, within the skew. */
export function checkPoolVersion(catalog: CatalogView, location: string, check: PoolVersionCheck): string {
  const target = resolveVersion(catalog, location, check.requested);
  const field = 'properties.orchestratorVersion';
  if (check.current !== undefined && compareVersions(target, check.current) < 0) {
    throw new ArmError(
      'OperationNotAllowed',
      `Downgrading agent pool ${check.pool} Kubernetes version ${check.current} to ${target} is not allowed. ${VERSION_DOC}`,
      field,
    );
  }
  if (compareVersions(target, check.controlPlane) > 0) {
    throw new ArmError(
      'NodePoolMcVersionIncompatible',
      `Node pool version ${target} and control plane version ${check.controlPlane} are incompatible. Node pool ${check.pool} cannot be newer than the control plane. ${SKEW_DOC}`,
      field,
    );
  }
  assertWithinSkew(check.pool, target, check.controlPlane);
  if (target !== check.current && !catalog.find(location, target)) {
    throw new ArmError(
      'AgentPoolK8sVersionNotSupported',
      `Version ${target} is not supported in this region (${location}) for agent pool ${check.pool}. Please use [az aks get-versions] command to get the supported version list in this region.`,
      field,
    );
  }
  return target;
}

/** A pool left behind may not trail the (new) control plane by more than MAX_POOL_SKEW_MINORS. */
export function assertWithinSkew(pool: string, poolVersion: string, controlPlane: string): void {
  const skew = minorDistance(poolVersion, controlPlane);
  if (skew > MAX_POOL_SKEW_MINORS) {
    throw new ArmError(
      'NodePoolMcVersionIncompatible',
      `Node pool version ${poolVersion} and control plane version ${controlPlane} are incompatible. Minor version of node pool ${pool} is more than ${MAX_POOL_SKEW_MINORS} minor versions behind the control plane. ${SKEW_DOC}`,
      'properties.orchestratorVersion',
    );
  }
}

/** A node image must be published in the cluster's region. */
export function checkNodeImage(catalog: CatalogView, location: string, pool: string, image: string): string {
  const offered = catalog.nodeImages(location);
  if (!offered.includes(image)) {
    throw new ArmError(
      'InvalidNodeImageVersion',
      `Node image version ${image} for agent pool ${pool} is not available in region ${location}. Available: [${offered.join(' ')}].`,
      'properties.nodeImageVersion',
    );
  }
  return image;
}
