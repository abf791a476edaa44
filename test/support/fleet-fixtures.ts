import type { ContainerServiceFleetClient } from '@azure/arm-containerservicefleet';
import { createLocalContainerServiceClient } from '../../simulator/src/index';
import { SUBSCRIPTION, type FleetStack } from './fleet-stack';

export const RG = 'fleet-e2e';
export const FLEET = 'fleet1';
/** Poll fast: our API answers long-running operations at once. */
export const FAST = { updateIntervalInMs: 10 };

export interface ClusterSpec {
  name: string;
  group?: string;
  kubernetesVersion?: string;
  location?: string;
  tags?: Record<string, string>;
  pools?: number;
}

export function clusterId(name: string): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** Creates clusters in the simulator and joins them to a fleet (through the official clients). */
export async function aFleetWithMembers(
  stack: FleetStack,
  clusters: ClusterSpec[],
): Promise<ContainerServiceFleetClient> {
  const aks = createLocalContainerServiceClient(stack.simulator.url, SUBSCRIPTION);
  await Promise.all(
    clusters.map((c) =>
      aks.managedClusters.beginCreateOrUpdateAndWait(
        RG,
        c.name,
        {
          location: c.location ?? 'eastus',
          kubernetesVersion: c.kubernetesVersion ?? '1.31.8',
          tags: c.tags ?? {},
          agentPoolProfiles: Array.from({ length: c.pools ?? 1 }, (_, i) => ({
            name: i === 0 ? 'system' : `user${i}`,
            count: 1,
            mode: i === 0 ? 'System' : 'User',
            vmSize: 'Standard_D2s_v5',
            osType: 'Linux',
          })),
        },
        { updateIntervalInMs: 10 },
      ),
    ),
  );
  await joinFleet(
    stack,
    FLEET,
    clusters.map((c) => ({ name: c.name, clusterResourceId: clusterId(c.name), group: c.group })),
  );
  return stack.fleetClient;
}

/** Creates the fleet and its members (through the official client). */
export async function joinFleet(
  stack: FleetStack,
  fleetName: string,
  members: Array<{ name: string; clusterResourceId: string; group?: string | undefined }>,
): Promise<void> {
  const fleets = stack.fleetClient;
  await fleets.fleets.create(RG, fleetName, { location: 'eastus' }, FAST);
  for (const m of members) {
    await fleets.fleetMembers.create(
      RG,
      fleetName,
      m.name,
      { properties: { clusterResourceId: m.clusterResourceId, ...(m.group ? { group: m.group } : {}) } },
      FAST,
    );
  }
}

/** Polls the run until `done` holds; fails with the last status. */
export async function waitForRun(
  stack: FleetStack,
  runName: string,
  done: (state: string | undefined) => boolean = (s) => s === 'Completed' || s === 'Failed' || s === 'Stopped',
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: Awaited<ReturnType<ContainerServiceFleetClient['updateRuns']['get']>> | undefined;
  while (Date.now() < deadline) {
    last = await stack.fleetClient.updateRuns.get(RG, FLEET, runName);
    if (done(last.properties?.status?.status?.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runName} did not finish; last status: ${JSON.stringify(last?.properties?.status, null, 1)}`);
}
