/** Where a fleet lives. Names keep the casing they were created with; keys compare case-insensitively. */
export interface FleetRef {
  subscriptionId: string;
  resourceGroupName: string;
  fleetName: string;
}

/** The nested resource types this API serves, as they appear in ids. */
export type ChildKind = 'members' | 'updateStrategies' | 'updateRuns' | 'gates' | 'autoUpgradeProfiles';

/** A member, update strategy, update run, gate or auto-upgrade profile of a fleet. */
export interface ChildRef extends FleetRef {
  kind: ChildKind;
  name: string;
}

export const PROVIDER = 'Microsoft.ContainerService';
export const FLEET_TYPE = `${PROVIDER}/fleets`;
export const CHILD_TYPES: Record<ChildKind, string> = {
  members: `${FLEET_TYPE}/members`,
  updateStrategies: `${FLEET_TYPE}/updateStrategies`,
  updateRuns: `${FLEET_TYPE}/updateRuns`,
  gates: `${FLEET_TYPE}/gates`,
  autoUpgradeProfiles: `${FLEET_TYPE}/autoUpgradeProfiles`,
};

export function formatFleetId(ref: FleetRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroupName}/providers/${FLEET_TYPE}/${ref.fleetName}`;
}

export function formatChildId(ref: ChildRef): string {
  return `${formatFleetId(ref)}/${ref.kind}/${ref.name}`;
}

const CHILD_ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/fleets\/([^/]+)\/(members|updateStrategies|updateRuns|gates|autoUpgradeProfiles)\/([^/]+)$/i;

/** Parses a nested fleet resource id of the given kind (case-insensitive, as ARM compares ids). */
export function parseChildId(id: string, kind: ChildKind): ChildRef | undefined {
  const match = CHILD_ID_PATTERN.exec(id);
  if (!match || match[4]?.toLowerCase() !== kind.toLowerCase()) return undefined;
  const [, subscriptionId = '', resourceGroupName = '', fleetName = '', , name = ''] = match;
  return { subscriptionId, resourceGroupName, fleetName, kind, name };
}

/** A managed cluster's coordinates, parsed from its ARM id. */
export interface ManagedClusterRef {
  subscriptionId: string;
  resourceGroupName: string;
  name: string;
}

const MANAGED_CLUSTER_ID_PATTERN =
  /^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([-\p{L}\p{N}_.()]{1,90})\/providers\/Microsoft\.ContainerService\/managedClusters\/([a-zA-Z0-9]([-_a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)$/iu;

export function parseManagedClusterId(id: string): ManagedClusterRef | undefined {
  const match = MANAGED_CLUSTER_ID_PATTERN.exec(id);
  if (!match) return undefined;
  const [, subscriptionId = '', resourceGroupName = '', name = ''] = match;
  return { subscriptionId, resourceGroupName, name };
}

export function sameFleet(a: FleetRef, b: FleetRef): boolean {
  return (
    a.subscriptionId.toLowerCase() === b.subscriptionId.toLowerCase() &&
    a.resourceGroupName.toLowerCase() === b.resourceGroupName.toLowerCase() &&
    a.fleetName.toLowerCase() === b.fleetName.toLowerCase()
  );
}
