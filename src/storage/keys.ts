import type { ChildKind, FleetRef } from '../api/ids';

/**
 * Table keys. Every segment is validated before it gets here (GUID subscription, ARM resource-group characters,
 * lowercase DNS-label names), so none holds '/', '\\', '#', '?' or the '|' separator; keys are lowercased because
 * ARM compares names case-insensitively.
 */
export const SEPARATOR = '|';

/** Fleets table: one partition per subscription, so both list scopes are single-partition range scans. */
export function fleetPartitionKey(subscriptionId: string): string {
  return subscriptionId.toLowerCase();
}

export function fleetRowKey(resourceGroupName: string, fleetName: string): string {
  return `${resourceGroupName.toLowerCase()}${SEPARATOR}${fleetName.toLowerCase()}`;
}

export function resourceGroupPrefix(resourceGroupName: string): string {
  return `${resourceGroupName.toLowerCase()}${SEPARATOR}`;
}

/** Fleet resources table: one partition per fleet holding its members, strategies and update-run specs. */
export function fleetScopeKey(fleet: FleetRef): string {
  return [fleet.subscriptionId, fleet.resourceGroupName, fleet.fleetName].join(SEPARATOR).toLowerCase();
}

const KIND_PREFIX: Record<ChildKind, string> = { members: 'member', updateStrategies: 'strategy', updateRuns: 'run' };

export function childPrefix(kind: ChildKind): string {
  return `${KIND_PREFIX[kind]}${SEPARATOR}`;
}

export function childRowKey(kind: ChildKind, name: string): string {
  return `${childPrefix(kind)}${name.toLowerCase()}`;
}

/** Update-run status table: one partition per run, one row per run/stage/wait/group/member status. */
export function runStatusPartitionKey(fleet: FleetRef, runName: string): string {
  return `${fleetScopeKey(fleet)}${SEPARATOR}${runName.toLowerCase()}`;
}

/** Cluster claims table: one partition per managed cluster id ('/' is not allowed in keys). */
export function clusterClaimKey(clusterResourceId: string): string {
  return clusterResourceId.toLowerCase().replaceAll('/', SEPARATOR);
}
