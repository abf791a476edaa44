import { Option, type Command } from 'commander';
import { armPath } from '../arm/resources';
import { confirm } from '../prompt';
import { action } from '../session';
import { keyValues, opt } from './options';

interface FleetOptions {
  resourceGroup: string;
  name: string;
  location?: string;
  tags?: string[];
  wait: boolean;
  yes?: boolean;
}

const scopeOf = (o: FleetOptions) => ({ resourceGroup: o.resourceGroup, fleet: o.name });
const fleetName = () => opt.name('Specify the fleet name.');

/** `fleet create|update|show|list|delete`. */
export function registerFleetCommands(fleet: Command): void {
  fleet
    .command('create')
    .description('Creates or updates a fleet.')
    .addOption(opt.resourceGroup())
    .addOption(fleetName())
    .addOption(new Option('-l, --location <location>', 'Location.').makeOptionMandatory())
    .addOption(opt.tags())
    .addOption(opt.noWait())
    .action(
      action<FleetOptions>((o, { arm }) =>
        arm.put(
          armPath.fleet(arm.subscription, scopeOf(o)),
          { location: o.location, ...(o.tags ? { tags: keyValues(o.tags) } : {}) },
          !o.wait,
        ),
      ),
    );

  fleet
    .command('update')
    .description('Patches a fleet resource.')
    .addOption(opt.resourceGroup())
    .addOption(fleetName())
    .addOption(opt.tags())
    .addOption(opt.noWait())
    .action(
      action<FleetOptions>((o, { arm }) =>
        arm.patch(armPath.fleet(arm.subscription, scopeOf(o)), { tags: keyValues(o.tags) ?? {} }, !o.wait),
      ),
    );

  fleet
    .command('show')
    .description('Gets a fleet.')
    .addOption(opt.resourceGroup())
    .addOption(fleetName())
    .action(action<FleetOptions>((o, { arm }) => arm.get(armPath.fleet(arm.subscription, scopeOf(o)))));

  fleet
    .command('list')
    .description('Lists all fleets within a resource group.')
    .addOption(opt.resourceGroup(false))
    .action(action<Partial<FleetOptions>>((o, { arm }) => arm.list(armPath.fleets(arm.subscription, o.resourceGroup))));

  fleet
    .command('delete')
    .description('Deletes a fleet.')
    .addOption(opt.resourceGroup())
    .addOption(fleetName())
    .addOption(opt.noWait())
    .addOption(opt.yes())
    .action(
      action<FleetOptions>(async (o, { arm }) => {
        await confirm(o.yes);
        await arm.delete(armPath.fleet(arm.subscription, scopeOf(o)), !o.wait);
      }),
    );
}
