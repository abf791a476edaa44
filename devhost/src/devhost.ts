import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DurableExtension, DurableExtensionOptions } from './durable/extension';
import { FunctionHost } from './host/function-host';
import { loadHostKeys, type HostKeys } from './http/auth';
import { RouteTable } from './http/route-table';
import { DevhostServer } from './http/server';
import { createConsoleLogger, parseLogLevel, type DevhostLogger, type LogLevel } from './log';
import { applyLocalSettings, readHostSettings, readLocalSettings } from './settings';
import { prepareStorage } from './storage';
import { standaloneVirtualTime, virtualTimerClock, WALL_TIMER_CLOCK, type TimerClock } from './timers/timer-clock';
import { createTableScheduleMonitor } from './timers/timer-monitor';
import { TimerScheduler } from './timers/timer-scheduler';

export const DEFAULT_PORT = 7071;
export const DEFAULT_HOST = '127.0.0.1';

export interface DevhostOptions {
  appDir: string;
  /** Default 7071; 0 picks a free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Check function/admin keys like Azure (`func start --enableAuth`); default off: every request is allowed. */
  enableAuth?: boolean;
  /** Default: env AzureWebJobsStorage, else `UseDevelopmentStorage=true` (embedded Azurite when none runs). */
  storageConnectionString?: string;
  /** Where embedded Azurite keeps its data; default `<appDir>/.azurite`. */
  azuriteLocation?: string;
  /** Durable virtual clock. */
  timeSkipping?: boolean;
  /** What the console logger prints; default env LOG_LEVEL (local.settings.json counts), else `info`. */
  logLevel?: LogLevel;
  /** Level `debug`, and the Durable engine prints each episode's history. */
  verbose?: boolean;
  /** Level `error`. */
  quiet?: boolean;
  /** Set in process.env before anything else (wins over local.settings.json). */
  env?: Record<string, string>;
  /** Replaces the console logger. */
  logger?: DevhostLogger;
}

/** A running devhost. */
export interface Devhost {
  /** Public origin, e.g. http://127.0.0.1:7071 (no trailing slash). */
  url: string;
  port: number;
  storageConnectionString: string;
  functionHost: FunctionHost;
  routes: RouteTable;
  routePrefix: string;
  durable?: DurableExtension;
  /** Present when auth is enabled. */
  keys?: HostKeys;
  stop(): Promise<void>;
}

export type DurableFactory = (options: DurableExtensionOptions) => DurableExtension;

const DURABLE_BINDING_TYPES = new Set([
  'orchestrationtrigger',
  'activitytrigger',
  'entitytrigger',
  'durableclient',
  'orchestrationclient',
]);

/** Whether the app registered any Durable trigger or client binding. */
export function usesDurable(host: FunctionHost): boolean {
  return [...host.functions.values()].some((fn) =>
    Object.values(fn.metadata.bindings).some((binding) =>
      DURABLE_BINDING_TYPES.has((binding.type ?? '').toLowerCase()),
    ),
  );
}

/**
 * `createDurableExtension` from `./durable/index` when that module exists (it is being built alongside);
 * undefined when it does not. Loaded by path so this file compiles without it.
 */
export function loadDurableFactory(): DurableFactory | undefined {
  const file = path.join(__dirname, 'durable', 'index');
  const load = createRequire(__filename);
  let loaded: unknown;
  try {
    loaded = load(file);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'MODULE_NOT_FOUND' && message?.includes(file)) return undefined;
    throw error;
  }
  const factory = (loaded as { createDurableExtension?: unknown }).createDurableExtension;
  return typeof factory === 'function' ? (factory as DurableFactory) : undefined;
}

function publicHostName(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function httpRoutes(functionHost: FunctionHost, routePrefix: string): RouteTable {
  const inputs = functionHost.functionsWithTrigger('httpTrigger').map((fn) => {
    const { binding } = functionHost.triggerOf(fn.metadata.name);
    return {
      functionName: fn.metadata.name,
      route: typeof binding.route === 'string' ? binding.route : undefined,
      methods: Array.isArray(binding.methods) ? binding.methods.map(String) : undefined,
      authLevel: typeof binding.authLevel === 'string' ? binding.authLevel : undefined,
    };
  });
  return new RouteTable(routePrefix, inputs);
}

/** Runs `steps` in reverse, each once, logging (not throwing) failures so every resource gets released. */
async function unwind(steps: (() => Promise<void>)[], logger: DevhostLogger): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (error) {
      logger.error(`Error while stopping: ${String(error)}`);
    }
  }
}

/**
 * Starts the devhost for one app folder, in this process (one app per process: `@azure/functions-core` is
 * process-wide): settings, storage, the app, Durable, timers, then HTTP.
 */
export async function startDevhost(options: DevhostOptions): Promise<Devhost> {
  const appDir = path.resolve(options.appDir);
  if (!fs.existsSync(path.join(appDir, 'package.json')))
    throw new Error(`No function app in ${appDir} (no package.json)`);
  Object.assign(process.env, options.env ?? {});
  applyLocalSettings(readLocalSettings(appDir));
  // --verbose and --quiet say what they want; the environment only decides when nothing was said.
  const flagged = options.logLevel ?? (options.verbose ? 'debug' : options.quiet ? 'error' : undefined);
  const logger = options.logger ?? createConsoleLogger({ level: flagged ?? parseLogLevel(process.env.LOG_LEVEL) });
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const server = new DevhostServer({ logger });
    const host = options.host ?? DEFAULT_HOST;
    const port = await server.listen(options.port ?? DEFAULT_PORT, host).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      throw new Error(`Port ${options.port ?? DEFAULT_PORT} is unavailable. Stop what uses it, or pass --port.`, {
        cause: error,
      });
    });
    let closing: Promise<void> | undefined;
    const closeServer = (): Promise<void> => (closing ??= server.close());
    cleanup.push(closeServer);
    const hostName = `${publicHostName(host)}:${port}`;
    const url = `http://${hostName}`;
    process.env.WEBSITE_HOSTNAME = hostName;
    process.env.AZURE_FUNCTIONS_ENVIRONMENT ??= 'Development';
    process.env.FUNCTIONS_WORKER_RUNTIME ??= 'node';
    if (process.env.FUNCTIONS_WORKER_RUNTIME !== 'node') {
      logger.warn(`FUNCTIONS_WORKER_RUNTIME is '${process.env.FUNCTIONS_WORKER_RUNTIME}'; the devhost runs node apps`);
    }

    const rawStorage =
      options.storageConnectionString ?? process.env.AzureWebJobsStorage ?? 'UseDevelopmentStorage=true';
    // The app's own storage clients read the same setting, so an explicit option must win over the environment.
    if (options.storageConnectionString !== undefined) process.env.AzureWebJobsStorage = rawStorage;
    else process.env.AzureWebJobsStorage ??= rawStorage;
    const storage = await prepareStorage(rawStorage, options.azuriteLocation ?? path.join(appDir, '.azurite'), logger);
    const azurite = storage.azurite;
    if (azurite) cleanup.push(() => azurite.stop());

    const settings = readHostSettings(appDir);
    const functionHost = new FunctionHost(appDir, logger);
    await functionHost.start();
    cleanup.push(() => functionHost.stop());
    const routes = httpRoutes(functionHost, settings.routePrefix);

    let durable: DurableExtension | undefined;
    if (usesDurable(functionHost)) {
      const factory = loadDurableFactory();
      if (!factory) {
        logger.warn(
          'This app uses Durable Functions, but the devhost Durable engine is not built yet (devhost/src/durable/index.ts).',
        );
      } else {
        durable = factory({
          host: functionHost,
          storageConnectionString: storage.connectionString,
          hubName: settings.hubName,
          baseUrl: url,
          settings: settings.durableTask,
          timeSkipping: options.timeSkipping ?? false,
          verbose: options.verbose ?? false,
        });
        await durable.start();
        const started = durable;
        cleanup.push(() => started.stop());
      }
    }

    const hostId = (process.env.DEVHOST_HOST_ID || `${settings.hubName}-${path.basename(appDir)}`).replace(
      /[^\w-]/g,
      '-',
    );
    // Under time-skipping timer triggers fire by virtual time too: the Durable engine's, or their own.
    let clock: TimerClock = WALL_TIMER_CLOCK;
    if (options.timeSkipping === true && durable) clock = virtualTimerClock(durable.virtualTime());
    else if (options.timeSkipping === true) {
      const standalone = standaloneVirtualTime();
      cleanup.push(() => Promise.resolve(standalone.stop()));
      clock = virtualTimerClock(standalone);
    }
    const timers = new TimerScheduler({
      host: functionHost,
      logger,
      monitor: createTableScheduleMonitor(storage.connectionString, hostId),
      clock,
    });
    await timers.start();
    cleanup.push(() => timers.stop());

    const keys = options.enableAuth ? loadHostKeys(appDir) : undefined;
    server.attach({ functionHost, routes, durable, keys });

    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      storageConnectionString: storage.connectionString,
      functionHost,
      routes,
      routePrefix: settings.routePrefix,
      durable,
      keys,
      // Reverse start order: HTTP and timers first (no new work), then Durable, appTerminate hooks, Azurite.
      stop: () => (stopping ??= unwind([...cleanup, closeServer], logger)),
    };
  } catch (error) {
    await unwind(cleanup, logger);
    throw error;
  }
}
