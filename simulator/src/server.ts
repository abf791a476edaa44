import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerAgentPoolRoutes } from './agent-pools.routes';
import { registerAsyncOperationRoutes } from './async-operations.routes';
import type { Catalog } from './catalog.schema';
import { ArmError } from './errors';
import { injectFaults } from './faults';
import { sendError } from './http-io';
import { registerMaintenanceRoutes } from './maintenance-configurations.routes';
import { registerManagedClusterRoutes } from './managed-clusters.routes';
import { OperationEngine } from './operations.engine';
import { Router } from './router';
import { DEFAULT_SETTINGS, SettingsSchema, settingsFromEnv, type Settings } from './settings.schema';
import type { SimContext } from './sim-context';
import { registerSimulatorRoutes } from './simulator.routes';
import { SimState } from './state.store';
import type { OperationRecord } from './state.schema';
import { registerUpgradeProfileRoutes } from './upgrade-profiles.routes';

/** Options of startSimulator. */
export interface SimulatorOptions {
  /** 0 picks a free port; default 7072. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Azure Storage / Azurite connection string for the state tables. */
  storageConnectionString: string;
  /** Table name prefix, so parallel tests can isolate themselves; letters and digits, default `sim`. */
  tablePrefix?: string;
  /** Global speed factor (simulated seconds per wall second); beats `settings.speed` and SIMULATOR_SPEED. */
  speed?: number;
  /** Initial settings (beat SIMULATOR_* environment variables). */
  settings?: Partial<Settings>;
  /** Catalog to start with when none is stored yet. */
  catalog?: Catalog;
  /** Environment read for SIMULATOR_* settings; default process.env (pass `{}` to ignore it). */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
}

/** A running simulator. */
export interface SimulatorHandle {
  url: string;
  port: number;
  settings: () => Settings;
  updateSettings: (patch: Partial<Settings>) => Settings;
  /** The upgrade log (same data as GET /simulator/operations). */
  operations: () => OperationRecord[];
  /** Completes every operation that is due now (useful with an injected clock). */
  advance: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Starts the AKS simulator: ARM's Microsoft.ContainerService surface over plain HTTP, state in tables. */
export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
  const prefix = options.tablePrefix ?? 'sim';
  if (!/^[A-Za-z][A-Za-z0-9]{0,40}$/.test(prefix)) throw new Error(`tablePrefix must be letters and digits: ${prefix}`);
  const clock = options.clock ?? Date.now;
  let settings = SettingsSchema.parse({
    ...DEFAULT_SETTINGS,
    ...settingsFromEnv(options.env ?? process.env),
    ...options.settings,
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
  });
  const state = await SimState.load(options.storageConnectionString, prefix);
  if (!state.hasStoredCatalog() && options.catalog) await state.saveCatalog(options.catalog);
  const engine = new OperationEngine(state, () => settings, clock);
  const sim: SimContext = {
    state,
    engine,
    clock,
    settings: () => settings,
    updateSettings: (patch) => (settings = SettingsSchema.parse({ ...settings, ...patch })),
  };
  const router = new Router();
  registerManagedClusterRoutes(router, sim);
  registerAgentPoolRoutes(router, sim);
  registerMaintenanceRoutes(router, sim);
  registerUpgradeProfileRoutes(router, sim);
  registerAsyncOperationRoutes(router, sim);
  registerSimulatorRoutes(router, sim);
  await engine.advance();

  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => void handle(sim, router, req, res));
  // Like ARM's front end, idle connections stay open for minutes: a server that closes them soon races clients reusing
  // pooled sockets (ECONNRESET, which the Azure SDK retries only after about a second).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7072, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    settings: sim.settings,
    updateSettings: sim.updateSettings,
    operations: () => [...state.operations.values()],
    advance: () => engine.advance(),
    stop: async () => {
      engine.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await state.flush();
    },
  };
}

async function handle(sim: SimContext, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path.toLowerCase().startsWith('/subscriptions/')) {
      const fault = await injectFaults(sim.settings(), sim.updateSettings);
      if (fault) {
        sendError(res, fault.error, fault.headers);
        return;
      }
    }
    sim.engine.completeDue();
    const match = router.match(req.method ?? 'GET', path);
    if (match === undefined) throw new ArmError('NotFound', `No route for ${req.method ?? 'GET'} ${path}.`);
    if (match === 'method')
      throw new ArmError('MethodNotAllowed', `${req.method ?? 'GET'} is not supported on ${path}.`);
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    await match.handler({ req, res, params: match.params, query: url.searchParams, origin, path });
  } catch (error) {
    if (!res.headersSent) sendError(res, error);
    else res.destroy();
  }
}
