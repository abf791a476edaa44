import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isPortFree, type AzuriteHandle } from '../../devhost/src/azurite';
import { DEFAULT_HOST, DEFAULT_PORT, startDevhost, type Devhost } from '../../devhost/src/devhost';
import { createConsoleLogger, LOG_LEVELS, type DevhostLogger } from '../../devhost/src/log';
import { applyLocalSettings, readLocalSettings } from '../../devhost/src/settings';
import { prepareStorage } from '../../devhost/src/storage';
import { startSimulator, type SimulatorHandle } from '../../simulator/src';
import { demoBanner } from './demo-banner';
import { seedDemo, type DemoSeed } from './demo-seed';

export const DEFAULT_SIMULATOR_PORT = 7072;
/** Printed once everything is up and seeded; scripts and tests wait for it. Keep its shape stable. */
export const START_ALL_READY_LINE = 'Fleet update orchestrator ready:';
const HEALTH_TIMEOUT_MS = 60_000;
/** npm relays the terminal's Ctrl+C to its script, which the terminal signals too: one press, two signals. */
const SIGNAL_ECHO_MS = 1000;

const Port = z.coerce.number().int().min(0).max(65535);
const EnvSchema = z.object({
  AzureWebJobsStorage: z.string().min(1).default('UseDevelopmentStorage=true'),
  DEVHOST_PORT: Port.default(DEFAULT_PORT),
  DEVHOST_HOST: z.string().min(1).default(DEFAULT_HOST),
  SIMULATOR_PORT: Port.default(DEFAULT_SIMULATOR_PORT),
  SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  SIMULATOR_TABLE_PREFIX: z.string().min(1).default('sim'),
  // Locally 2 s; the app's own default (15 s) suits real AKS, where an upgrade takes many minutes.
  MEMBER_POLL_INTERVAL_SECONDS: z.coerce.number().positive().max(3600).default(2),
  DEMO_SEED: z.enum(['0', '1', 'false', 'true']).default('1'),
  /** What the console prints: `info` = events only, `debug` = also every request and invocation. */
  LOG_LEVEL: z
    .preprocess((value) => (typeof value === 'string' ? value.toLowerCase() : value), z.enum(LOG_LEVELS))
    .default('info'),
  /** Where an Azurite started here keeps its data; default `<app>/.azurite`. */
  AZURITE_LOCATION: z.string().min(1).optional(),
});

/** The environment start-all reads; empty values count as unset. */
export type StartAllEnv = z.infer<typeof EnvSchema>;

export function parseStartAllEnv(env: NodeJS.ProcessEnv): StartAllEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  return EnvSchema.parse(present);
}

/** Everything `npm start` runs, and how to stop it (devhost, simulator, then Azurite). */
export interface StartedAll {
  devhost: Devhost;
  simulator: SimulatorHandle;
  /** The simulator as the app dials it (ARM_ENDPOINT). */
  simulatorUrl: string;
  azurite?: AzuriteHandle;
  /** Storage in words, for the banner. */
  storage: string;
  seed?: DemoSeed;
  stop(): Promise<void>;
}

/** The repository root (the function app): the nearest folder above this file holding host.json. */
function appRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'host.json')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`No function app (host.json) above ${__dirname}`);
}

/** A wildcard listen address is not an address to call. */
function dialHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function requireFreePort(port: number, host: string, variable: string): Promise<void> {
  if (port !== 0 && !(await isPortFree(port, host))) {
    throw new Error(
      `Port ${port} on ${host} is already in use. Stop what uses it, or set ${variable} to another port.`,
    );
  }
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/healthz did not answer 200 within ${HEALTH_TIMEOUT_MS} ms (last: ${last})`);
}

/** Runs `steps` newest first, each once; a failing step is logged so the others still run. */
async function unwind(steps: Array<() => Promise<void>>, logger: DevhostLogger): Promise<void> {
  for (const step of steps.reverse())
    await step().catch((error: unknown) => logger.error(`stopping: ${String(error)}`));
}

/**
 * Azurite (persistent, under `.azurite/`, unless AzureWebJobsStorage points elsewhere or one already runs), the AKS
 * simulator, the devhost with this app pointed at the simulator, then the demo seed.
 */
export async function startAll(): Promise<StartedAll> {
  const appDir = appRoot();
  // As the devhost would (unset variables only), so local.settings.json counts for storage, prefixes and polling too.
  applyLocalSettings(readLocalSettings(appDir));
  const config = parseStartAllEnv(process.env);
  const logger = createConsoleLogger({ level: config.LOG_LEVEL });
  await requireFreePort(config.SIMULATOR_PORT, config.SIMULATOR_HOST, 'SIMULATOR_PORT');
  await requireFreePort(config.DEVHOST_PORT, config.DEVHOST_HOST, 'DEVHOST_PORT');
  const cleanup: Array<() => Promise<void>> = [];
  try {
    const azuriteLocation = path.resolve(appDir, config.AZURITE_LOCATION ?? '.azurite');
    const storage = await prepareStorage(config.AzureWebJobsStorage, azuriteLocation, logger);
    const azurite = storage.azurite;
    if (azurite) cleanup.push(() => azurite.stop());

    const simulator = await startSimulator({
      port: config.SIMULATOR_PORT,
      host: config.SIMULATOR_HOST,
      storageConnectionString: storage.connectionString,
      tablePrefix: config.SIMULATOR_TABLE_PREFIX,
    });
    cleanup.push(() => simulator.stop());
    const simulatorUrl = `http://${dialHost(config.SIMULATOR_HOST)}:${simulator.port}`;
    logger.info(`AKS simulator listening on ${simulatorUrl} (speed ${simulator.settings().speed})`);

    const devhost = await startDevhost({
      appDir,
      port: config.DEVHOST_PORT,
      host: config.DEVHOST_HOST,
      storageConnectionString: storage.connectionString,
      // start-all exists to drive the simulator it started, so these beat local.settings.json.
      env: {
        ARM_ENDPOINT: simulatorUrl,
        ARM_AUTH: 'none',
        MEMBER_POLL_INTERVAL_SECONDS: String(config.MEMBER_POLL_INTERVAL_SECONDS),
      },
      logger,
    });
    cleanup.push(() => devhost.stop());
    await waitForHealth(devhost.url);

    const seeding = config.DEMO_SEED === '1' || config.DEMO_SEED === 'true';
    const seed = seeding ? await seedDemo({ appUrl: devhost.url, simulatorUrl }) : undefined;
    let stopping: Promise<void> | undefined;
    return {
      devhost,
      simulator,
      simulatorUrl,
      azurite,
      storage: describeStorage(storage.connectionString, azurite, azuriteLocation),
      seed,
      stop: () => (stopping ??= unwind(cleanup, logger)),
    };
  } catch (error) {
    await unwind(cleanup, logger);
    throw error;
  }
}

function describeStorage(connectionString: string, azurite: AzuriteHandle | undefined, location: string): string {
  if (azurite) return `embedded Azurite on ports ${Object.values(azurite.ports).join(', ')}, data in ${location}`;
  const table =
    /TableEndpoint=([^;]+)/i.exec(connectionString)?.[1] ?? /AccountName=([^;]+)/i.exec(connectionString)?.[1];
  return `AzureWebJobsStorage (${table ?? 'tables'}), not started here`;
}

/**
 * `npm start`: starts everything, prints where it is and what to try, and stops it all on SIGINT/SIGTERM: the app
 * first, then the simulator (its writes land), then Azurite (it saves its data). A second signal exits at once; the
 * Azurite child then still saves its data, as it does whenever its parent goes away.
 */
export async function main(): Promise<void> {
  const running: { all?: StartedAll } = {};
  let firstSignalAt: number | undefined;
  const stopAndExit = (all: StartedAll): void => {
    all.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Registered before anything starts, so a signal during start-up still stops Azurite and the rest.
  const shutdown = (signal: NodeJS.Signals): void => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < SIGNAL_ECHO_MS) return;
      console.log(`\n${signal} again: exiting now`);
      process.exit(130);
    }
    firstSignalAt = Date.now();
    console.log(`\n${signal}: stopping the devhost, the simulator and Azurite…`);
    if (running.all) stopAndExit(running.all);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const started = (running.all = await startAll());
  if (firstSignalAt !== undefined) return stopAndExit(started);
  const { devhost, simulatorUrl, storage, seed } = started;
  console.log(demoBanner({ appUrl: devhost.url, simulatorUrl, storage, seed }));
  console.log(`${START_ALL_READY_LINE} app ${devhost.url} simulator ${simulatorUrl}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message =
      error instanceof z.ZodError ? z.prettifyError(error) : String(error instanceof Error ? error.message : error);
    console.error(`start-all: ${message}`);
    if (process.env.DEVHOST_DEBUG && error instanceof Error) console.error(error.stack);
    process.exit(1);
  });
}
