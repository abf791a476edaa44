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

/**
 * Update-run status table: the run's partition holds its intent and its run, stage and wait rows; each group's row and
 * its members' rows have a partition of their own (`runStatusRowPartitionKey`).
 */
export function runStatusPartitionKey(fleet: FleetRef, runName: string): string {
  return `${fleetScopeKey(fleet)}${SEPARATOR}${runName.toLowerCase()}`;
}

const GROUP_SCOPES = [`member${SEPARATOR}`, `group${SEPARATOR}`];

/**
 * The partition of one status row: a group's row `group|s|g` and its members' rows `member|s|g|m` live in
 * `<run partition>|s|g`, everything else in the run's partition. A group's rows are written in one transaction (a
 * member finishes as the next starts; the last one as the group ends) and no partition grows with the fleet, while
 * one range `[<run>|, <run>})` still holds every group's rows of the run and no other run's (a run name is a DNS
 * label: every character it may hold sorts below '|').
 */
export function runStatusRowPartitionKey(runPartition: string, rowKey: string): string {
  if (!GROUP_SCOPES.some((scope) => rowKey.startsWith(scope))) return runPartition;
  const [, stage = '', group = ''] = rowKey.split(SEPARATOR);
  return runGroupPartitionKey(runPartition, stage, group);
}

/** The partition of one group of a run: its row and its members' rows. */
export function runGroupPartitionKey(runPartition: string, stage: string, group: string): string {
  return [runPartition, stage, group].join(SEPARATOR);
}

/** The range of partition keys that holds a run's group partitions: `[from, to)`. */
export function runGroupPartitions(runPartition: string): { from: string; to: string } {
  return {
    from: `${runPartition}${SEPARATOR}`,
    to: `${runPartition}${String.fromCharCode(SEPARATOR.charCodeAt(0) + 1)}`,
  };
}

/** Cluster claims table: one partition per managed cluster id ('/' is not allowed in keys). */
export function clusterClaimKey(clusterResourceId: string): string {
  return clusterResourceId.toLowerCase().replaceAll('/', SEPARATOR);
}
