import { ContainerServiceFleetClient } from '@azure/arm-containerservicefleet';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { setConfig } from '../../src/config';
import { startSimulator } from '../../simulator/src/index';
import { spawnDevhost, type DevhostProcess } from './devhost-process';

/** Where the fleet API under test answers, and how to reach its tables for seeding. */
export interface FleetEndpoint {
  url: string;
  tablePrefix: string;
  stop(): Promise<void>;
}

/** Creates each cluster (by its ARM id) in the simulator at `url`: the clusters members of the test may join. */
async function createClusters(url: string, clusterIds: string[]): Promise<void> {
  for (const id of clusterIds) {
    const body = { location: 'westeurope', properties: { agentPoolProfiles: [{ name: 'system', count: 1 }] } };
    const response = await fetch(`${url}${id}?api-version=2025-02-01`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    if (!response.ok) throw new Error(`creating ${id}: ${response.status} ${await response.text()}`);
  }
}

/**
 * The app under test: `FLEET_API_BASE_URL` when set (any running instance; then FLEET_TABLE_PREFIX must match it, and
 * `clusters` must exist where it reads clusters), else this repository's built app (dist/) in the devhost, on the test
 * run's Azurite with its own table prefix, reading clusters from an AKS simulator that holds `clusters` (ARM ids).
 */
export async function startFleetEndpoint(clusters: string[] = []): Promise<FleetEndpoint> {
  const external = process.env.FLEET_API_BASE_URL;
  if (external) {
    return {
      url: external.replace(/\/$/, ''),
      tablePrefix: process.env.FLEET_TABLE_PREFIX ?? 'fleet',
      stop: async () => {},
    };
  }
  const tablePrefix = `e${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const storageConnectionString = inject('storageConnectionString');
  const simulator = await startSimulator({
    port: 0,
    storageConnectionString,
    tablePrefix: `sim${tablePrefix}`,
    env: {},
  });
  let devhost: DevhostProcess;
  try {
    await createClusters(simulator.url, clusters);
    devhost = await spawnDevhost({
      appDir: '.',
      env: { FLEET_TABLE_PREFIX: tablePrefix, ARM_ENDPOINT: simulator.url, ARM_AUTH: 'none' },
      stopAfterTest: false,
      readyTimeoutMs: 60_000,
    });
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  // The test process seeds and inspects the same tables the devhost serves.
  setConfig({
    storageConnectionString,
    tablePrefix,
    memberPollIntervalSeconds: 1,
    memberInlinePollSeconds: 0,
    memberBusyWaitSeconds: 7200,
    memberVersionRecheckSeconds: 3600,
    runStatusMaxAgeMs: 0,
  });
  return {
    url: devhost.url,
    tablePrefix,
    stop: async () => {
      await devhost.stop();
      await simulator.stop();
    },
  };
}

/** The official client against `endpoint`, without bearer tokens (they are refused over http). */
export function fleetClient(endpoint: string, subscriptionId: string): ContainerServiceFleetClient {
  const credential = { getToken: () => Promise.resolve({ token: 'x', expiresOnTimestamp: Date.now() + 3600e3 }) };
  const client = new ContainerServiceFleetClient(credential, subscriptionId, {
    endpoint,
    allowInsecureConnection: true,
  });
  client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
  return client;
}

/** Every item of a paged list of the official client (it follows nextLink). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
