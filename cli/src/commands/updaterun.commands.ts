import { Option, type Command } from 'commander';
import { armPath, type FleetScope } from '../arm/resources';
import { UsageError } from '../errors';
import { confirm } from '../prompt';
import { action, type Session } from '../session';
import { watchRun } from '../watch/watch';
import { parseStages, parseTarget, parseVersions, seconds, type SkipTarget, type Stages } from './arguments';
import { choice, opt } from './options';
import { registerUpdateRunWait } from './updaterun-wait.command';

interface RunOptions {
  resourceGroup: string;
  fleetName: string;
  name: string;
  upgradeType?: 'Full' | 'NodeImageOnly' | 'ControlPlaneOnly';
  kubernetesVersion?: string;
  nodeImageSelection?: 'Latest' | 'Consistent';
  customNodeImageVersions?: Array<{ version: string }>;
  stages?: Stages;
  updateStrategyName?: string;
  targets?: SkipTarget[];
  watch?: boolean;
  interval: number;
  wait: boolean;
  yes?: boolean;
}

const KIND = 'updateRuns';
const scopeOf = (o: RunOptions): FleetScope => ({ resourceGroup: o.resourceGroup, fleet: o.fleetName });
const runPath = (o: RunOptions, { arm }: Session): string => armPath.child(arm.subscription, scopeOf(o), KIND, o.name);
const runName = () => opt.name('Specify name for the update run.');

/** The common options of a command on one update run. */
function onRun(parent: Command, name: string, summary: string): Command {
  return parent
    .command(name)
    .description(summary)
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(runName());
}

/** `fleet updaterun create|start|stop|skip|show|list|delete|wait`. */
export function registerUpdateRunCommands(fleet: Command): void {
  const run = fleet.command('updaterun').description('Commands to manage update runs.');

  onRun(run, 'create', 'Creates or updates an update run.')
    .addOption(
      choice('--upgrade-type <type>', 'Specify the upgrade type of members.', [
        'Full',
        'NodeImageOnly',
        'ControlPlaneOnly',
      ]).makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--kubernetes-version <version>',
        "Specify the kubernetes version to upgrade member(s) to, when --upgrade-type is set to 'Full' or " +
          "'ControlPlaneOnly'. Acceptable format is x.x.x (eg. 1.2.3).",
      ),
    )
    .addOption(
      choice(
        '--node-image-selection <selection>',
        "Node Image Selection is an option that lets you choose how your clusters' nodes are upgraded.",
        ['Latest', 'Consistent'],
      ).conflicts('customNodeImageVersions'),
    )
    .addOption(
      new Option(
        '--custom-node-image-versions <versions>',
        'Comma-separated node image versions to upgrade the nodes to (node image selection Custom).',
      ).argParser(parseVersions),
    )
    .addOption(
      new Option(
        '--stages <file-or-json>',
        'Path to a JSON file, or the JSON itself, that defines stages to upgrade a fleet. See examples for reference.',
      ).argParser(parseStages),
    )
    .addOption(
      new Option(
        '--update-strategy-name <name>',
        'The name of the update strategy to use for this update run. If not specified, the default update strategy will be used.',
      ).conflicts('stages'),
    )
    .addOption(opt.noWait())
    .addHelpText('after', STAGES_EXAMPLE)
    .action(action<RunOptions>((o, session) => session.arm.put(runPath(o, session), runBody(o, session), !o.wait)));

  onRun(run, 'start', 'Starts an update run.')
    .addOption(opt.noWait())
    .action(action<RunOptions>((o, s) => s.arm.post(`${runPath(o, s)}/start`, undefined, !o.wait)));

  onRun(run, 'stop', 'Stops an update run.')
    .addOption(opt.noWait())
    .action(action<RunOptions>((o, s) => s.arm.post(`${runPath(o, s)}/stop`, undefined, !o.wait)));

  onRun(run, 'skip', 'Sets targets to be skipped within an UpdateRun.')
    .addOption(
      new Option(
        '--targets <targets...>',
        "Space-separated list of targets to skip. Targets must be of the form 'targetType:targetName' such as " +
          "Group:MyGroup. Valid target types are ('Member', 'Group', 'Stage', 'AfterStageWait'). The target type " +
          'is case-sensitive.',
      )
        .argParser(parseTarget)
        .makeOptionMandatory(),
    )
    .addOption(opt.noWait())
    .action(action<RunOptions>((o, s) => s.arm.post(`${runPath(o, s)}/skip`, { targets: o.targets }, !o.wait)));

  onRun(run, 'show', 'Shows an update run.')
    .addOption(new Option('--watch', 'Follow the run: its stages, groups and members, until it ends.'))
    .addOption(new Option('--interval <seconds>', 'Polling interval in seconds.').argParser(seconds).default(5))
    .action(
      action<RunOptions>((o, s) =>
        o.watch ? watchRun(s, runPath(o, s), { intervalSeconds: o.interval }) : s.arm.get(runPath(o, s)),
      ),
    );

  run
    .command('list')
    .description("Lists a fleet's update runs.")
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .action(action<RunOptions>((o, { arm }) => arm.list(armPath.children(arm.subscription, scopeOf(o), KIND))));

  onRun(run, 'delete', 'Deletes an update run.')
    .addOption(opt.noWait())
    .addOption(opt.yes())
    .action(
      action<RunOptions>(async (o, s) => {
        await confirm(o.yes);
        await s.arm.delete(runPath(o, s), !o.wait);
      }),
    );

  registerUpdateRunWait(run);
}

function runBody(o: RunOptions, { arm }: Session): unknown {
  const withVersion = o.upgradeType === 'Full' || o.upgradeType === 'ControlPlaneOnly';
  if (withVersion && o.kubernetesVersion === undefined) {
    throw new UsageError("Please set kubernetes version when upgrade type is 'Full' or 'ControlPlaneOnly'.");
  }
  if (!withVersion && o.kubernetesVersion !== undefined) {
    throw new UsageError("Cannot set kubernetes version when upgrade type is 'NodeImageOnly'.");
  }
  const nodeImageSelection = o.customNodeImageVersions
    ? { type: 'Custom', customNodeImageVersions: o.customNodeImageVersions }
    : { type: o.nodeImageSelection ?? 'Latest' };
  const strategyId =
    o.updateStrategyName === undefined
      ? undefined
      : armPath.child(arm.subscription, scopeOf(o), 'updateStrategies', o.updateStrategyName);
  return {
    properties: {
      ...(strategyId !== undefined ? { updateStrategyId: strategyId } : {}),
      ...(o.stages !== undefined ? { strategy: o.stages } : {}),
      managedClusterUpdate: {
        upgrade: { type: o.upgradeType, ...(withVersion ? { kubernetesVersion: o.kubernetesVersion } : {}) },
        nodeImageSelection,
      },
    },
  };
}

const STAGES_EXAMPLE = `
Examples:
  fleet updaterun create -g MyResourceGroup -f MyFleet -n MyUpdateRun --upgrade-type Full --kubernetes-version 1.25.0 --node-image-selection Latest
  fleet updaterun create -g MyResourceGroup -f MyFleet -n MyUpdateRun --upgrade-type NodeImageOnly --node-image-selection Latest
  fleet updaterun create -g MyResourceGroup -f MyFleet -n MyUpdateRun --upgrade-type Full --kubernetes-version 1.25.0 --stages ./stages.json

  A stages file holds one or more stages, each with one or more groups (the update groups of the members,
  see 'fleet member create --help'), and an optional 'afterStageWaitInSeconds' between stages:
  {"stages": [{"name": "stage1", "groups": [{"name": "group-1a"}], "afterStageWaitInSeconds": 3600},
              {"name": "stage2", "groups": [{"name": "group-2a"}]}]}`;
