import { randomUUID } from 'node:crypto';
import { ContainerServiceFleetClient } from '@azure/arm-containerservicefleet';
import { inject } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../simulator/src/index';
import { spawnDevhost, type DevhostProcess } from './devhost-process';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/** The app on a devhost, an AKS simulator, isolated tables and task hub: one per test file. */
export interface FleetStack {
  devhost: DevhostProcess;
  simulator: SimulatorHandle;
  fleetClient: ContainerServiceFleetClient;
  env: Record<string, string>;
  /** Restarts the devhost process (same storage, hub and tables), e.g. after kill -9. */
  restartDevhost(): Promise<DevhostProcess>;
  stop(): Promise<void>;
}

export interface FleetStackOptions {
  pollIntervalSeconds?: number;
  /** How long an activity polls an operation it began before handing over to durable timers (app default 10). */
  inlinePollSeconds?: number;
  simulatorSpeed?: number;
  /** Where the app (not the simulator) keeps its tables and task hub, e.g. through a proxy that injects faults. */
  appStorageConnectionString?: string;
  /** More of the app's settings (src/config.ts), e.g. `{ MEMBER_VERSION_RECHECK_SECONDS: '2' }`. */
  appSettings?: Record<string, string>;
}

export async function startFleetStack(options: FleetStackOptions = {}): Promise<FleetStack> {
  const storage = inject('storageConnectionString');
  const id = randomUUID().replaceAll('-', '').slice(0, 12);
  const simulator = await startSimulator({
    port: 0,
    storageConnectionString: storage,
    tablePrefix: `sim${id}`,
    env: {},
    ...(options.simulatorSpeed !== undefined ? { speed: options.simulatorSpeed } : {}),
    settings: { pollRetryAfterSeconds: 0 },
  });
  const env = {
    AzureWebJobsStorage: options.appStorageConnectionString ?? storage,
    FLEET_TABLE_PREFIX: `e${id}`,
    DEVHOST_TASK_HUB: `Hub${id}`,
    ARM_ENDPOINT: simulator.url,
    ARM_AUTH: 'none',
    MEMBER_POLL_INTERVAL_SECONDS: String(options.pollIntervalSeconds ?? 0.2),
    // Short, so that upgrades of a few seconds go through both paths: polled by their activity, then on timers.
    MEMBER_INLINE_POLL_SECONDS: String(options.inlinePollSeconds ?? 1),
    ...options.appSettings,
  };
  let devhost = await spawnDevhost({ appDir: '.', env, stopAfterTest: false });
  const client = (url: string) => {
    const c = new ContainerServiceFleetClient(
      { getToken: () => Promise.resolve({ token: 'local', expiresOnTimestamp: Date.now() + 3_600_000 }) },
      SUBSCRIPTION,
      { endpoint: url, allowInsecureConnection: true },
    );
    c.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
    return c;
  };
  const stack: FleetStack = {
    devhost,
    simulator,
    fleetClient: client(devhost.url),
    env,
    async restartDevhost() {
      devhost = await spawnDevhost({ appDir: '.', env, stopAfterTest: false });
      stack.devhost = devhost;
      stack.fleetClient = client(devhost.url);
      return devhost;
    },
    async stop() {
      await devhost.stop();
      await simulator.stop();
    },
  };
  return stack;
}
