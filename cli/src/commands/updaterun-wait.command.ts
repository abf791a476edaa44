import { Option, type Command } from 'commander';
import { armPath } from '../arm/resources';
import { UsageError } from '../errors';
import { action } from '../session';
import { waitForRun, type WaitCondition } from '../watch/watch';
import { seconds } from './arguments';
import { opt } from './options';

interface WaitOptions extends Partial<Record<WaitCondition, boolean>> {
  resourceGroup: string;
  fleetName: string;
  name?: string;
  updateRunName?: string;
  custom?: string;
  interval: number;
  timeout: number;
}

const CONDITIONS: Array<[WaitCondition, string]> = [
  ['created', "Wait until created with 'provisioningState' at 'Succeeded'."],
  ['updated', "Wait until updated with provisioningState at 'Succeeded'."],
  ['deleted', 'Wait until deleted.'],
  ['exists', 'Wait until the resource exists.'],
];

const HELP = `
Without a condition, waits until the run ends, drawing its stages, groups and members as it goes (redrawn in
place on a terminal, one line per change otherwise): exits 0 when the run Completed (or was Skipped), 1 when it
Failed or Stopped, or at --timeout.`;

/** `fleet updaterun wait`: az's generic wait conditions, and by default until the run ends. */
export function registerUpdateRunWait(run: Command): void {
  const wait = run
    .command('wait')
    .description('Wait for an update run resource to reach a desired state.')
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(new Option('-n, --name <name>', 'Specify name for the update run.'))
    .addOption(new Option('--update-run-name <name>', 'Specify name for the update run (same as --name).'))
    .addOption(
      new Option(
        '--custom <jmespath>',
        "Wait until the condition satisfies a custom JMESPath query. E.g. properties.status.status.state=='Running'.",
      ),
    )
    .addOption(new Option('--interval <seconds>', 'Polling interval in seconds.').argParser(seconds).default(5))
    .addOption(new Option('--timeout <seconds>', 'Maximum wait in seconds.').argParser(seconds).default(3600));
  for (const [name, description] of CONDITIONS) wait.addOption(new Option(`--${name}`, description));
  wait.addHelpText('after', HELP).action(
    action<WaitOptions>((o, session) => {
      const name = o.name ?? o.updateRunName;
      if (name === undefined) throw new UsageError('the following arguments are required: --name/-n');
      const scope = { resourceGroup: o.resourceGroup, fleet: o.fleetName };
      const condition = CONDITIONS.map(([c]) => c).find((c) => o[c]);
      return waitForRun(session, armPath.child(session.arm.subscription, scope, 'updateRuns', name), {
        intervalSeconds: o.interval,
        timeoutSeconds: o.timeout,
        condition: o.custom !== undefined ? { custom: o.custom } : condition,
      });
    }),
  );
}
