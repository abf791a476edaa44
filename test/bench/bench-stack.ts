import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort, startAzurite } from '../../devhost/src/azurite';
import { startDevhost, type Devhost } from '../../devhost/src/devhost';
import { createLocalContainerServiceClient } from '../../simulator/src/index';
import { startDevhostChild } from './devhost-child';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SUB = '00000000-0000-0000-0000-000000000000';
export const RG = 'bench';
export const API = 'api-version=2026-06-01';

/** Runs `work` over `items`, `concurrency` at a time. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** One JSON request; a status of 300 or more throws with the body. */
export async function json(url: string, method = 'GET', body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export interface BenchStackOptions {
  /** The simulator tells each in-flight operation's remaining time (`retry-after-ms`). */
  pollHints: boolean;
  /** MEMBER_POLL_INTERVAL_SECONDS for the app; the app's default when undefined. */
  pollSeconds?: string;
  /**
   * The devhost in a child process of its own, as `npm start` runs it, instead of in the bench's: the stack's memory
   * is then not the bench client's, and the app's table calls are counted in the child (`tableCalls`).
   */
  devhostChild?: boolean;
}

/** A fresh Azurite for the app, another for the simulator (a child process), and the app on a devhost. */
export interface BenchStack {
  simUrl: string;
  /** The bench fleet's ARM URL on the devhost. */
  fleetUrl: string;
  /** The app's table calls so far, counted in the devhost child (`devhostChild` only). */
  tableCalls?: () => Promise<number>;
  stop(): Promise<void>;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const azurite = await startAzurite({ ports: 'free' });
  // The simulator stands in for AKS, which keeps its state in its own backend: it gets an Azurite of its own, so
  // its bookkeeping does not queue in front of the app's table calls on one emulator (all still share the cores).
  const simAzurite = await startAzurite({ ports: 'free' });
  const simPort = await freePort();
  const simulator = spawn(
    process.execPath,
    [path.join(ROOT, 'dist', 'simulator', 'src', 'cli.js'), '--port', String(simPort), '--no-demo'],
    {
      env: {
        ...process.env,
        SIMULATOR_STORAGE: simAzurite.connectionString,
        SIMULATOR_POLL_RETRY_AFTER_SECONDS: '0',
        SIMULATOR_POLL_RETRY_AFTER_REMAINING: options.pollHints ? '1' : '0',
        SIMULATOR_NODE_SECONDS: '0',
      },
      stdio: 'ignore',
    },
  );
  const simUrl = `http://127.0.0.1:${simPort}`;
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${simUrl}/simulator/health`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const env = {
    FLEET_TABLE_PREFIX: 'bench',
    DEVHOST_TASK_HUB: 'BenchHub',
    ARM_ENDPOINT: simUrl,
    ARM_AUTH: 'none',
    // With hints the app's default interval (15 s) applies: the operation's Retry-After says when to look.
    ...(options.pollSeconds ? { MEMBER_POLL_INTERVAL_SECONDS: options.pollSeconds } : {}),
  };
  const app = options.devhostChild
    ? await startDevhostChild(ROOT, { ...env, AzureWebJobsStorage: azurite.connectionString, LOG_LEVEL: 'error' })
    : await startInProcess(azurite.connectionString, env);
  return {
    simUrl,
    fleetUrl: `${app.url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/bench`,
    ...('tableCalls' in app ? { tableCalls: () => app.tableCalls() } : {}),
    async stop() {
      await app.stop();
      simulator.kill('SIGTERM');
      await Promise.all([azurite.stop(), simAzurite.stop()]);
    },
  };
}

function startInProcess(storageConnectionString: string, env: Record<string, string>): Promise<Devhost> {
  return startDevhost({ appDir: ROOT, port: 0, quiet: true, storageConnectionString, env });
}

export interface BenchFleetOptions {
  stages: number;
  groups: number;
  perGroup: number;
  /** How long each simulated control-plane upgrade takes. */
  upgradeSeconds: number;
}

/**
 * Creates `stages x groups x perGroup` simulated clusters, the fleet `bench` with one member per cluster (group
 * `g<n>`), and the update run `run` (ControlPlaneOnly to 1.32.6, one stage per `groups` groups), not yet started.
 * Returns the members' names.
 */
export async function createBenchFleet(stack: BenchStack, options: BenchFleetOptions): Promise<string[]> {
  const { stages, groups, perGroup, upgradeSeconds } = options;
  const aks = createLocalContainerServiceClient(stack.simUrl, SUB);
  const fleet = stack.fleetUrl;
  const names = Array.from({ length: stages * groups * perGroup }, (_, i) => `m${String(i).padStart(4, '0')}`);
  await pool(names, 50, (name) =>
    aks.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      name,
      {
        location: 'eastus',
        kubernetesVersion: '1.31.8',
        tags: { 'sim-control-plane-seconds': String(upgradeSeconds) },
        agentPoolProfiles: [{ name: 'system', count: 1, mode: 'System', vmSize: 'Standard_D2s_v5', osType: 'Linux' }],
      },
      { updateIntervalInMs: 20 },
    ),
  );
  await json(`${fleet}?${API}`, 'PUT', { location: 'eastus' });
  await pool(
    names.map((name, i) => ({ name, group: `g${Math.floor(i / perGroup) % (stages * groups)}` })),
    20,
    ({ name, group }) =>
      json(`${fleet}/members/${name}?${API}`, 'PUT', {
        properties: {
          clusterResourceId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`,
          group,
        },
      }),
  );
  const strategy = {
    stages: Array.from({ length: stages }, (_, s) => ({
      name: `stage${s}`,
      groups: Array.from({ length: groups }, (_, g) => ({ name: `g${s * groups + g}` })),
    })),
  };
  await json(`${fleet}/updateRuns/run?${API}`, 'PUT', {
    properties: {
      strategy,
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } },
    },
  });
  return names;
}
