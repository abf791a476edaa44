import { ensureDemoTopology } from './demo-topology';
import { startSimulator } from './server';

const USAGE = 'usage: node dist/simulator/src/cli.js [--port 7072] [--host 127.0.0.1] [--table-prefix sim] [--no-demo]';

/** CLI arguments; the environment supplies the defaults (SIMULATOR_PORT, SIMULATOR_STORAGE, AzureWebJobsStorage). */
interface CliArgs {
  port: number;
  host: string;
  tablePrefix: string;
  demo: boolean;
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): CliArgs {
  const args: CliArgs = {
    port: Number(env.SIMULATOR_PORT ?? 7072),
    host: env.SIMULATOR_HOST ?? '127.0.0.1',
    tablePrefix: env.SIMULATOR_TABLE_PREFIX ?? 'sim',
    demo: env.SIMULATOR_DEMO !== 'false',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--no-demo') {
      args.demo = false;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`missing value for ${flag ?? ''}\n${USAGE}`);
    if (flag === '--port') args.port = Number(value);
    else if (flag === '--host') args.host = value;
    else if (flag === '--table-prefix') args.tablePrefix = value;
    else throw new Error(`unknown argument ${flag ?? ''}\n${USAGE}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error(`invalid port\n${USAGE}`);
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env);
  // @azure/data-tables reads `UseDevelopmentStorage=true` itself: Azurite's tables on 127.0.0.1:10002.
  const storage = process.env.SIMULATOR_STORAGE ?? process.env.AzureWebJobsStorage ?? 'UseDevelopmentStorage=true';
  const simulator = await startSimulator({
    port: args.port,
    host: args.host,
    tablePrefix: args.tablePrefix,
    storageConnectionString: storage,
  });
  console.log(`[aks-simulator] listening on ${simulator.url} (speed ${simulator.settings().speed})`);
  if (args.demo) {
    const demo = await ensureDemoTopology(simulator.url);
    console.log(`[aks-simulator] demo topology ready: ${demo.clusterIds.length} clusters in ${demo.resourceGroup}`);
  }
  const shutdown = (): void => {
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('[aks-simulator] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
