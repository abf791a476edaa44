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

/** Fleet resources table: one partition per fleet holding its members, strategies, update-run specs and gates. */
export function fleetScopeKey(fleet: FleetRef): string {
  return [fleet.subscriptionId, fleet.resourceGroupName, fleet.fleetName].join(SEPARATOR).toLowerCase();
}

const KIND_PREFIX: Record<ChildKind, string> = {
  members: 'member',
  updateStrategies: 'strategy',
  updateRuns: 'run',
  gates: 'gate',
  autoUpgradeProfiles: 'autoupgradeprofile',
};

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

/**
 * Member rows per partition. A group's row and its first members share the group's partition; each further
 * hundred members (by their place in the group) have a partition of their own, so no partition grows with the group
 * (Table Storage's emulator reads and writes a partition in time that grows with its size) and a page of members
 * is one partition's read.
 */
export const MEMBERS_PER_PARTITION = 100;

/**
 * The partition of one status row: a group's row `group|s|g` lives in `<run partition>|s|g`, a member's row
 * `member|s|g|m` there too or, from its group's 101st member on, in `<run partition>|s|g|<n>`
 * (`runMemberPartitionKey`), everything else in the run's partition. One range `[<run>|, <run>})` still holds every
 * group's rows of the run and no other run's (a run name is a DNS label: every character it may hold sorts below
 * '|'). A member row's partition comes from its place in its group (`order`), which every member row carries.
 */
export function runStatusRowPartitionKey(runPartition: string, row: { key: string; order?: number }): string {
  const [scope, stage = '', group = ''] = row.key.split(SEPARATOR);
  if (scope === 'group') return runGroupPartitionKey(runPartition, stage, group);
  if (scope !== 'member') return runPartition;
  if (row.order === undefined) throw new Error(`The member row '${row.key}' has no place in its group.`);
  return runMemberPartitionKey(runPartition, stage, group, row.order);
}

/** The partition of one group of a run: its row and its first MEMBERS_PER_PARTITION members' rows. */
export function runGroupPartitionKey(runPartition: string, stage: string, group: string): string {
  return [runPartition, stage, group].join(SEPARATOR);
}

/** The partition of a member's row from its place in its group (0 first). */
export function runMemberPartitionKey(runPartition: string, stage: string, group: string, order: number): string {
  return memberPartitionOf(runGroupPartitionKey(runPartition, stage, group), Math.floor(order / MEMBERS_PER_PARTITION));
}

/** The `index`th member partition of a group (0: the group's own partition). */
export function memberPartitionOf(groupPartition: string, index: number): string {
  return index === 0 ? groupPartition : `${groupPartition}${SEPARATOR}${String(index).padStart(6, '0')}`;
}

/** The range of partition keys under `partition` (a run's group partitions, a group's later members'): `[from, to)`. */
export function partitionsUnder(partition: string): { from: string; to: string } {
  return {
    from: `${partition}${SEPARATOR}`,
    to: `${partition}${String.fromCharCode(SEPARATOR.charCodeAt(0) + 1)}`,
  };
}

/** Cluster claims table: one partition per managed cluster id ('/' is not allowed in keys). */
export function clusterClaimKey(clusterResourceId: string): string {
  return clusterResourceId.toLowerCase().replaceAll('/', SEPARATOR);
}
