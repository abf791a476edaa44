import { Option, type Command } from 'commander';
import { armPath } from '../arm/resources';
import { confirm } from '../prompt';
import { action } from '../session';
import { parseStages, type Stages } from './arguments';
import { opt } from './options';

interface StrategyOptions {
  resourceGroup: string;
  fleetName: string;
  name: string;
  stages?: Stages;
  wait: boolean;
  yes?: boolean;
}

const KIND = 'updateStrategies';
const scopeOf = (o: StrategyOptions) => ({ resourceGroup: o.resourceGroup, fleet: o.fleetName });
const strategyName = () => opt.name('Specify name for the fleet update strategy.');

/** `fleet updatestrategy create|show|list|delete`. */
export function registerUpdateStrategyCommands(fleet: Command): void {
  const strategy = fleet.command('updatestrategy').description('Commands to manage update strategies.');

  strategy
    .command('create')
    .description('Creates or updates an update strategy.')
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(strategyName())
    .addOption(
      new Option(
        '--stages <file-or-json>',
        'Path to a JSON file, or the JSON itself, that defines the update strategy.',
      )
        .argParser(parseStages)
        .makeOptionMandatory(),
    )
    .addOption(opt.noWait())
    .action(
      action<StrategyOptions>((o, { arm }) =>
        arm.put(
          armPath.child(arm.subscription, scopeOf(o), KIND, o.name),
          { properties: { strategy: o.stages } },
          !o.wait,
        ),
      ),
    );

  strategy
    .command('show')
    .description('Shows an update strategy.')
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(strategyName())
    .action(
      action<StrategyOptions>((o, { arm }) => arm.get(armPath.child(arm.subscription, scopeOf(o), KIND, o.name))),
    );

  strategy
    .command('list')
    .description("Lists the fleet's update strategies.")
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .action(action<StrategyOptions>((o, { arm }) => arm.list(armPath.children(arm.subscription, scopeOf(o), KIND))));

  strategy
    .command('delete')
    .description('Deletes a update strategy.')
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(strategyName())
    .addOption(opt.noWait())
    .addOption(opt.yes())
    .action(
      action<StrategyOptions>(async (o, { arm }) => {
        await confirm(o.yes);
        await arm.delete(armPath.child(arm.subscription, scopeOf(o), KIND, o.name), !o.wait);
      }),
    );
}
