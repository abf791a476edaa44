import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT, startDevhost, type Devhost } from './devhost';
import { HOST_VERSION } from './host/function-host';
import { parseTimerSchedule } from './timers/ncrontab';
import { readLocalSettings, resolveSettingReferences } from './settings';

const USAGE = `Usage: devhost start [options]

Runs an Azure Functions Node.js (v4 model) app folder locally, like \`func start\`.

Options:
  --app DIR        app folder (package.json, host.json); default: current directory
  --port N         HTTP port; 0 = any free port (env DEVHOST_PORT; default local.settings Host.LocalHttpPort or ${DEFAULT_PORT})
  --host ADDR      interface to listen on (env DEVHOST_HOST; default ${DEFAULT_HOST})
  --enable-auth    check function/admin keys as Azure does (default: every request is allowed)
  --time-skip      Durable virtual clock: jump over timers when nothing else is pending
  --verbose        LOG_LEVEL=debug, and each Durable episode's history
  --quiet          LOG_LEVEL=error
  -h, --help       show this help

LOG_LEVEL (env or local.settings.json): error | warn | info (default: start-up, shutdown, the app's own logs,
warnings, failures) | debug (also a line per invocation, every HTTP request included, and host internals).`;

/** The line test helpers and scripts wait for; keep its shape stable. */
export const READY_LINE_PREFIX = 'Devhost listening on ';

function parsePort(value: string | undefined, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${source}: '${value}' is not a port`);
  return port;
}

function describeTimer(schedule: unknown): string {
  const text = typeof schedule === 'string' ? schedule : '';
  try {
    return parseTimerSchedule(resolveSettingReferences(text)).expression;
  } catch {
    return text;
  }
}

/** The `func start`-like banner: each function with its URL (HTTP) or trigger type. */
export function banner(devhost: Devhost): string[] {
  const lines = ['', `Azure Functions devhost (stand-in for host ${HOST_VERSION})`, '', 'Functions:', ''];
  const byName = new Map(devhost.routes.routes.map((route) => [route.functionName, route]));
  for (const name of [...devhost.functionHost.functions.keys()].sort()) {
    const route = byName.get(name);
    const { binding } = devhost.functionHost.triggerOf(name);
    if (route) {
      const methods = route.methods ? [...route.methods].join(',') : 'ALL';
      lines.push(`\t${name}: [${methods}] ${devhost.url}/${route.template.text}`);
    } else if ((binding.type ?? '').toLowerCase() === 'timertrigger') {
      lines.push(`\t${name}: timerTrigger (${describeTimer(binding.schedule)})`);
    } else lines.push(`\t${name}: ${binding.type ?? 'unknown'}`);
    lines.push('');
  }
  if (devhost.keys) {
    lines.push(`Auth enabled. Master key: ${devhost.keys.masterKey}`);
    lines.push(`              Function key: ${devhost.keys.functionKey}`);
    lines.push(`              Durable task key: ${devhost.keys.durableTaskKey} (/runtime/webhooks/durabletask)`);
    lines.push('  (send as x-functions-key header or ?code=; override with DEVHOST_MASTER_KEY / DEVHOST_FUNCTION_KEY)');
  } else {
    lines.push('Auth disabled: every request is allowed, whatever its authLevel (use --enable-auth to check keys).');
  }
  if (!devhost.durable) lines.push('Durable: not active for this app.');
  lines.push('', `${READY_LINE_PREFIX}${devhost.url}`);
  return lines;
}

/** `devhost start …`: starts, prints the banner, and stops gracefully on SIGINT/SIGTERM. */
export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      app: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'enable-auth': { type: 'boolean' },
      'time-skip': { type: 'boolean' },
      verbose: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals[0] !== 'start' || positionals.length > 1) {
    (values.help ? console.log : console.error)(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const appDir = path.resolve(values.app ?? process.cwd());
  const port =
    parsePort(values.port, '--port') ??
    parsePort(process.env.DEVHOST_PORT, 'DEVHOST_PORT') ??
    readLocalSettings(appDir)?.Host?.LocalHttpPort ??
    DEFAULT_PORT;
  const devhost = await startDevhost({
    appDir,
    port,
    host: values.host ?? (process.env.DEVHOST_HOST || DEFAULT_HOST),
    enableAuth: values['enable-auth'] ?? false,
    timeSkipping: values['time-skip'] ?? false,
    verbose: values.verbose ?? false,
    quiet: values.quiet ?? false,
  });
  console.log(banner(devhost).join('\n'));
  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (++signals > 1) process.exit(130);
    console.log(`\n${signal}: stopping the devhost…`);
    devhost.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** `main` for a command line: prints failures as one line (stack with DEVHOST_DEBUG=1) and exits 1. */
export function run(argv: string[]): void {
  main(argv).catch((error: unknown) => {
    console.error(`devhost: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEVHOST_DEBUG && error instanceof Error) console.error(error.stack);
    process.exit(1);
  });
}

if (require.main === module) run(process.argv.slice(2));
