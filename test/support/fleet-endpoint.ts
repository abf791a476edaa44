import { ContainerServiceFleetClient } from '@azure/arm-containerservicefleet';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { setConfig } from '../../src/config';
import { spawnDevhost, type DevhostProcess } from './devhost-process';

/** Where the fleet API under test answers, and how to reach its tables for seeding. */
export interface FleetEndpoint {
  url: string;
  tablePrefix: string;
  stop(): Promise<void>;
}

/**
 * The app under test: `FLEET_API_BASE_URL` when set (any running instance; then FLEET_TABLE_PREFIX must match it),
 * else this repository's built app (dist/) in the devhost, on the test run's Azurite with its own table prefix.
 */
export async function startFleetEndpoint(): Promise<FleetEndpoint> {
  const external = process.env.FLEET_API_BASE_URL;
  if (external) {
    return {
      url: external.replace(/\/$/, ''),
      tablePrefix: process.env.FLEET_TABLE_PREFIX ?? 'fleet',
      stop: async () => {},
    };
  }
  const tablePrefix = `e${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const devhost: DevhostProcess = await spawnDevhost({
    appDir: '.',
    env: { FLEET_TABLE_PREFIX: tablePrefix },
    stopAfterTest: false,
    readyTimeoutMs: 60_000,
  });
  // The test process seeds and inspects the same tables the devhost serves.
  setConfig({
    storageConnectionString: inject('storageConnectionString'),
    tablePrefix,
    memberPollIntervalSeconds: 1,
    memberInlinePollSeconds: 0,
    memberBusyWaitSeconds: 7200,
    runStatusMaxAgeMs: 0,
  });
  return {
    url: devhost.url,
    tablePrefix,
    stop: async () => {
      await devhost.stop();
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
