import { getStores, type Stores } from '../storage/stores';
import { createFleetService } from './fleets.service';
import { createMemberService } from './members.service';
import { createStrategyService } from './strategies.service';
import { createUpdateRunService } from './update-runs.service';

/** Every use-case of the fleet resource API, over one set of stores. */
export function createServices(stores: Stores) {
  return {
    fleets: createFleetService(stores),
    members: createMemberService(stores),
    strategies: createStrategyService(stores),
    updateRuns: createUpdateRunService(stores),
  };
}

export type Services = ReturnType<typeof createServices>;

const byStores = new WeakMap<Stores, Services>();

/** The services for the current configuration (cached with its stores). */
export async function getServices(): Promise<Services> {
  const stores = await getStores();
  let services = byStores.get(stores);
  if (!services) {
    services = createServices(stores);
    byStores.set(stores, services);
  }
  return services;
}
