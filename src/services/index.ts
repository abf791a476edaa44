import type { ClusterClient } from '../clusters/cluster-client';
import { getArmClusterClient } from '../clusters/cluster-config';
import { getConfig, type AppConfig } from '../config';
import { getStores, type Stores } from '../storage/stores';
import { createAutoUpgradeProfileService } from './auto-upgrade-profiles.service';
import { createFleetService } from './fleets.service';
import { createMemberClusterService } from './member-clusters.service';
import { createMemberService } from './members.service';
import { createStrategyService } from './strategies.service';
import { RunDocuments } from './run-documents';
import { createUpdateRunService } from './update-runs.service';

/** What the services reach besides their stores; each defaults to what the process is configured with. */
export interface ServiceDependencies {
  config?: Pick<AppConfig, 'runStatusMaxAgeMs'>;
  /** How a joining member's cluster is read: the ClusterClient update runs use (ARM from ARM_* settings). */
  clusters?: ClusterClient;
}

/** Every use-case of the fleet resource API, over one set of stores. */
export function createServices(stores: Stores, dependencies: ServiceDependencies = {}) {
  const { config = getConfig(), clusters = getArmClusterClient() } = dependencies;
  // The update-run documents GETs answer from memory: fleet and update-run writes both make them stale.
  const documents = new RunDocuments();
  return {
    fleets: createFleetService(stores, documents),
    members: createMemberService(stores, clusters),
    memberClusters: createMemberClusterService(stores, clusters),
    strategies: createStrategyService(stores),
    autoUpgradeProfiles: createAutoUpgradeProfileService(stores),
    updateRuns: createUpdateRunService(stores, { documents, maxAgeMs: config.runStatusMaxAgeMs }),
  };
}

export type Services = ReturnType<typeof createServices>;

let byStores = new WeakMap<Stores, Services>();
let processClusters: ClusterClient | undefined;

/**
 * Sets the ClusterClient the HTTP functions' services read clusters through, instead of the ARM client built from
 * ARM_* settings (a host that runs the app in-process against other clusters; tests with a fake). Services already
 * built are dropped.
 */
export function useClusterClient(clusters: ClusterClient): void {
  processClusters = clusters;
  byStores = new WeakMap();
}

/** The services for the current configuration (cached with its stores). */
export async function getServices(): Promise<Services> {
  const stores = await getStores();
  let services = byStores.get(stores);
  if (!services) {
    services = createServices(stores, processClusters ? { clusters: processClusters } : {});
    byStores.set(stores, services);
  }
  return services;
}
