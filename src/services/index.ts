import { getConfig, type AppConfig } from '../config';
import { getStores, type Stores } from '../storage/stores';
import { createFleetService } from './fleets.service';
import { createMemberService } from './members.service';
import { createStrategyService } from './strategies.service';
import { RunDocuments } from './run-documents';
import { createUpdateRunService } from './update-runs.service';

/** Every use-case of the fleet resource API, over one set of stores. */
export function createServices(stores: Stores, config: Pick<AppConfig, 'runStatusMaxAgeMs'> = getConfig()) {
  // The update-run documents GETs answer from memory: fleet and update-run writes both make them stale.
  const documents = new RunDocuments();
  return {
    fleets: createFleetService(stores, documents),
    members: createMemberService(stores),
    strategies: createStrategyService(stores),
    updateRuns: createUpdateRunService(stores, { documents, maxAgeMs: config.runStatusMaxAgeMs }),
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
