import type { ApiVersion } from '../api/api-version';
import { ArmError } from '../api/errors';
import { formatPath } from '../api/field-path';
import type { FleetRef } from '../api/ids';
import { groupsOf, type UpdateGroup, type UpdateRunStrategy, type UpdateStage } from '../api/strategy.schema';
import type { Stores } from '../storage/stores';

/** Every group a strategy names must be the group of some member of the fleet. */
export async function checkGroupsExist(
  stores: Stores,
  fleet: FleetRef,
  strategy: UpdateRunStrategy,
  root: Array<string | number>,
): Promise<void> {
  const known = new Set((await stores.members.all(fleet)).flatMap((m) => (m.doc.group ? [m.doc.group] : [])));
  const details = groupsOf(strategy)
    .filter((group) => !known.has(group.name))
    .map((group) => ({
      code: 'InvalidParameter',
      message: `No member of fleet '${fleet.fleetName}' is in group '${group.name}'.`,
      target: formatPath([...root, ...group.path]),
    }));
  const first = details[0];
  if (first) throw new ArmError('InvalidParameter', first.message, { target: first.target, details });
}

type NewerFields = Pick<UpdateGroup, 'maxConcurrency' | 'maxAllowedFailures' | 'beforeGates' | 'afterGates'>;

function newerFields(item: UpdateStage | UpdateGroup | undefined): NewerFields {
  if (!item) return {};
  return {
    ...(item.maxConcurrency !== undefined ? { maxConcurrency: item.maxConcurrency } : {}),
    ...(item.maxAllowedFailures !== undefined ? { maxAllowedFailures: item.maxAllowedFailures } : {}),
    ...(item.beforeGates !== undefined ? { beforeGates: item.beforeGates } : {}),
    ...(item.afterGates !== undefined ? { afterGates: item.afterGates } : {}),
  };
}

/**
 * A PUT under an older api-version cannot see fields added later, so it must not erase them: stages and groups
 * kept by name keep their 2026-06-01 fields (maxConcurrency, maxAllowedFailures, gates).
 */
export function keepNewerFields(
  next: UpdateRunStrategy,
  previous: UpdateRunStrategy | undefined,
  version: ApiVersion,
): UpdateRunStrategy {
  if (version === '2026-06-01' || !previous) return next;
  return {
    stages: next.stages.map((stage) => {
      const old = previous.stages.find((s) => s.name === stage.name);
      return {
        ...stage,
        ...newerFields(old),
        groups: stage.groups.map((group) => ({
          ...group,
          ...newerFields(old?.groups.find((g) => g.name === group.name)),
        })),
      };
    }),
  };
}
