import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_ENDPOINT, DEFAULT_SUBSCRIPTION } from './arm/client';
import { COMMAND_GROUPS } from './commands';
import { choice } from './commands/options';
import { OUTPUT_FORMATS } from './output/format';

function packageVersion(): string {
  const file = path.join(__dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/** `fleet`: az's global arguments on every command, then the command groups. */
export function buildProgram(write: { out: (s: string) => void; err: (s: string) => void }): Command {
  const program = new Command('fleet')
    .description(
      'Commands to manage fleets: members, update strategies, update runs, auto upgrade profiles and gates (az fleet, without az).',
    )
    .version(packageVersion(), '--version', 'Show the version of this CLI.')
    .addOption(
      new Option('--endpoint <url>', 'Where the fleet API answers (https: signs in with DefaultAzureCredential).')
        .env('FLEET_ENDPOINT')
        .default(DEFAULT_ENDPOINT),
    )
    .addOption(
      new Option('--subscription <id>', 'Name or ID of subscription.')
        .env('AZURE_SUBSCRIPTION_ID')
        .default(DEFAULT_SUBSCRIPTION),
    )
    .addOption(
      choice('-o, --output <format>', 'Output format.', OUTPUT_FORMATS).env('AZURE_CORE_OUTPUT').default('json'),
    )
    .addOption(new Option('--query <jmespath>', 'JMESPath query string. See http://jmespath.org/ for examples.'))
    .addOption(new Option('--verbose', 'Increase logging verbosity. Use --debug for full debug logs.'))
    .addOption(new Option('--debug', 'Increase logging verbosity to show all debug logs.'))
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: write.out,
      writeErr: write.err,
      outputError: (message, writeErr) => writeErr(`ERROR: ${message.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  for (const register of COMMAND_GROUPS) register(program);
  return program;
}
