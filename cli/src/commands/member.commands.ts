import { Option, type Command } from 'commander';
import { armPath } from '../arm/resources';
import { confirm } from '../prompt';
import { action } from '../session';
import { keyValues, opt } from './options';

interface MemberOptions {
  resourceGroup: string;
  fleetName: string;
  name: string;
  memberClusterId?: string;
  updateGroup?: string;
  labels?: string[];
  wait: boolean;
  yes?: boolean;
}

const KIND = 'members';
const scopeOf = (o: MemberOptions) => ({ resourceGroup: o.resourceGroup, fleet: o.fleetName });
const memberName = () => opt.name('Specify the fleet member name.');
const updateGroup = () => new Option('--update-group <group>', 'Update group of the member.');
const labels = () =>
  new Option('--member-labels, --labels <labels...>', 'Space-separated labels in key=value format. Example: env=prod');

/** `fleet member create|update|show|list|delete`. */
export function registerMemberCommands(fleet: Command): void {
  const member = fleet.command('member').description('Commands to manage members.');

  member
    .command('create')
    .description('Creates or updates a member.')
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(memberName())
    .addOption(new Option('--member-cluster-id <id>', 'The ARM resource ID of the cluster.').makeOptionMandatory())
    .addOption(updateGroup())
    .addOption(labels())
    .addOption(opt.noWait())
    .action(
      action<MemberOptions>((o, { arm }) =>
        arm.put(
          armPath.child(arm.subscription, scopeOf(o), KIND, o.name),
          { properties: { clusterResourceId: o.memberClusterId, ...memberFields(o) } },
          !o.wait,
        ),
      ),
    );

  member
    .command('update')
    .description('Update a member.')
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(memberName())
    .addOption(updateGroup())
    .addOption(labels())
    .addOption(opt.noWait())
    .action(
      action<MemberOptions>((o, { arm }) =>
        arm.patch(armPath.child(arm.subscription, scopeOf(o), KIND, o.name), { properties: memberFields(o) }, !o.wait),
      ),
    );

  member
    .command('show')
    .description('Gets a fleet member.')
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(memberName())
    .action(action<MemberOptions>((o, { arm }) => arm.get(armPath.child(arm.subscription, scopeOf(o), KIND, o.name))));

  member
    .command('list')
    .description("Lists a fleet's members.")
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .action(action<MemberOptions>((o, { arm }) => arm.list(armPath.children(arm.subscription, scopeOf(o), KIND))));

  member
    .command('delete')
    .description('Deletes a fleet member.')
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(memberName())
    .addOption(opt.noWait())
    .addOption(opt.yes())
    .action(
      action<MemberOptions>(async (o, { arm }) => {
        await confirm(o.yes);
        await arm.delete(armPath.child(arm.subscription, scopeOf(o), KIND, o.name), !o.wait);
      }),
    );
}

function memberFields(o: MemberOptions): Record<string, unknown> {
  return {
    ...(o.updateGroup !== undefined ? { group: o.updateGroup } : {}),
    ...(o.labels !== undefined ? { labels: keyValues(o.labels) } : {}),
  };
}
