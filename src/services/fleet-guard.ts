import { notFound } from '../api/errors';
import type { FleetRef } from '../api/ids';
import type { FleetStore, StoredFleet } from '../storage/fleet-store';
import type { Stores } from '../storage/stores';

export const DELETING = 'Deleting';

/** The parent fleet of a nested resource, or 404 ResourceNotFound (also while the fleet is being deleted). */
export async function requireFleet(stores: { fleets: Pick<FleetStore, 'get'> }, ref: FleetRef): Promise<StoredFleet> {
  const fleet = await stores.fleets.get(ref);
  if (!fleet || fleet.meta.provisioningState === DELETING) {
    throw notFound('parent resource Microsoft.ContainerService/fleets', ref.fleetName, 'fleetName');
  }
  return fleet;
}

/** The fleet's ref in the casing it was created with (ids echo that casing). */
export function canonicalRef(fleet: StoredFleet): FleetRef {
  return {
    subscriptionId: fleet.doc.subscriptionId,
    resourceGroupName: fleet.doc.resourceGroupName,
    fleetName: fleet.meta.name,
  };
}

/**
 * After creating a child, makes sure the fleet was not deleted meanwhile: fleet deletion marks the fleet Deleting
 * before it sweeps children, so a child written after the sweep read its list removes itself here.
 */
export async function confirmParentStillThere(
  stores: Stores,
  ref: FleetRef,
  undo: () => Promise<unknown>,
): Promise<void> {
  const fleet = await stores.fleets.get(ref);
  if (!fleet || fleet.meta.provisioningState === DELETING) {
    await undo();
    throw notFound('parent resource Microsoft.ContainerService/fleets', ref.fleetName, 'fleetName');
  }
}
