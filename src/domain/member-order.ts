import { evaluateMaintenanceWindow, type MaintenanceWindow } from './maintenance-window';
import { toEpochMs } from './time';
import type { Instant, ManagedClusterUpgradeType } from './types';

/** The AKS maintenance configuration an upgrade type honours. */
export type MaintenanceConfigurationName = 'aksManagedAutoUpgradeSchedule' | 'aksManagedNodeOSUpgradeSchedule';

/** Full and ControlPlaneOnly honour the auto-upgrade schedule; NodeImageOnly the node OS schedule. */
export function maintenanceConfigurationFor(type: ManagedClusterUpgradeType): MaintenanceConfigurationName {
  return type === 'NodeImageOnly' ? 'aksManagedNodeOSUpgradeSchedule' : 'aksManagedAutoUpgradeSchedule';
}

/** How soon a window must open to rank before Members without one. */
export const OPENS_SOON_MS = 4 * 3_600_000;

/** Member priority by maintenance window, best first. */
export type WindowPriority = 'OpenNow' | 'OpensSoon' | 'NoWindow' | 'Closed';
const RANK: Record<WindowPriority, number> = { OpenNow: 0, OpensSoon: 1, NoWindow: 2, Closed: 3 };

/** Where a Member ranks at `now`: window open, opening within 4 hours, no window, or closed. */
export function windowPriority(window: MaintenanceWindow | undefined, now: Instant): WindowPriority {
  if (!window) return 'NoWindow';
  const evaluation = evaluateMaintenanceWindow(window, now);
  if (evaluation.open) return 'OpenNow';
  const next = evaluation.next && toEpochMs(evaluation.next.start) - toEpochMs(now);
  return next !== undefined && next <= OPENS_SOON_MS ? 'OpensSoon' : 'Closed';
}

/** Member names in update order: open now, opens within 4 h, no window, closed; then by name. */
export function orderMembersForUpdate(
  members: readonly { name: string; window?: MaintenanceWindow }[],
  now: Instant,
): string[] {
  return members
    .map((member) => ({ name: member.name, rank: RANK[windowPriority(member.window, now)] }))
    .sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((member) => member.name);
}
