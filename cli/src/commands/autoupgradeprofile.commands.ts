import { Option, type Command } from 'commander';
import { armPath, type FleetScope } from '../arm/resources';
import { confirm } from '../prompt';
import { action, type Session } from '../session';
import { choice, opt, withAliases } from './options';

const CHANNELS = ['Stable', 'Rapid', 'NodeImage', 'TargetKubernetesVersion'] as const;

interface ProfileOptions {
  resourceGroup: string;
  fleetName: string;
  name: string;
  channel: (typeof CHANNELS)[number];
  updateStrategyId?: string;
  nodeImageSelection?: 'Latest' | 'Consistent';
  targetKubernetesVersion?: string;
  disabled?: boolean;
  longTermSupport?: boolean;
  wait: boolean;
  yes?: boolean;
}

const KIND = 'autoUpgradeProfiles';
const scopeOf = (o: ProfileOptions): FleetScope => ({ resourceGroup: o.resourceGroup, fleet: o.fleetName });
const profilePath = (o: ProfileOptions, { arm }: Session): string =>
  armPath.child(arm.subscription, scopeOf(o), KIND, o.name);
const profileName = () => opt.name('Specify name for the auto upgrade profile.');

/** A command on one profile, named by `-n/--name`. */
function onProfile(parent: Command, name: string, summary: string): Command {
  return parent
    .command(name)
    .description(summary)
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .addOption(profileName());
}

/**
 * The PUT body, as az sends it: `disabled` always (so a create without `--disabled` enables the profile again), the
 * rest when given; the API says which combinations of channel, version and LTS it takes.
 */
function profileBody(o: ProfileOptions): unknown {
  return {
    properties: {
      channel: o.channel,
      ...(o.updateStrategyId !== undefined ? { updateStrategyId: o.updateStrategyId } : {}),
      ...(o.nodeImageSelection !== undefined ? { nodeImageSelection: { type: o.nodeImageSelection } } : {}),
      ...(o.targetKubernetesVersion !== undefined ? { targetKubernetesVersion: o.targetKubernetesVersion } : {}),
      ...(o.longTermSupport ? { longTermSupport: true } : {}),
      disabled: o.disabled ?? false,
    },
  };
}

/** `fleet autoupgradeprofile create|show|list|delete|generate-update-run`. */
export function registerAutoUpgradeProfileCommands(fleet: Command): void {
  const profile = fleet.command('autoupgradeprofile').description('Commands to manage auto upgrade profiles.');

  onProfile(profile, 'create', 'Creates or updates an auto upgrade profile.')
    .addOption(choice('-c, --channel <channel>', 'The upgrade channel of the profile.', CHANNELS).makeOptionMandatory())
    .addOption(
      new Option(
        '--update-strategy-id <id>',
        'The resource ID of the update strategy the generated update runs follow. If not set, every member is ' +
          'updated one by one. Cannot be changed once the profile is created.',
      ),
    )
    .addOption(
      choice('--node-image-selection <selection>', 'How the node image of the generated update runs is chosen.', [
        'Latest',
        'Consistent',
      ]),
    )
    .addOption(
      new Option(
        '--tkv, --target-kubernetes-version <version>',
        "The Kubernetes minor version '{major}.{minor}' to follow (e.g. 1.33): channel TargetKubernetesVersion only.",
      ),
    )
    .addOption(
      new Option('--disabled', 'Create the profile disabled: it generates no update runs until created again without.'),
    )
    .addOption(
      new Option(
        '--lts, --long-term-support',
        'Keep generating update runs for patches of an LTS minor past N-2: channel TargetKubernetesVersion only.',
      ),
    )
    .addOption(opt.noWait())
    .addHelpText('after', CREATE_EXAMPLES)
    .action(action<ProfileOptions>((o, s) => s.arm.put(profilePath(o, s), profileBody(o), !o.wait)));

  onProfile(profile, 'show', 'Shows an auto upgrade profile.').action(
    action<ProfileOptions>((o, s) => s.arm.get(profilePath(o, s))),
  );

  profile
    .command('list')
    .description("Lists a fleet's auto upgrade profiles.")
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName())
    .action(action<ProfileOptions>((o, { arm }) => arm.list(armPath.children(arm.subscription, scopeOf(o), KIND))));

  onProfile(profile, 'delete', 'Deletes an auto upgrade profile.')
    .addOption(opt.noWait())
    .addOption(opt.yes())
    .action(
      action<ProfileOptions>(async (o, s) => {
        await confirm(o.yes);
        await s.arm.delete(profilePath(o, s), !o.wait);
      }),
    );

  const generate = profile
    .command('generate-update-run')
    .description(
      "Generates the update run an auto upgrade profile calls for now, without starting it: answers the run's id " +
        '(an existing run of the same target is answered as it is).',
    )
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName());
  withAliases(
    generate,
    new Option(
      '-n, --auto-upgrade-profile-name <name>',
      'Specify name for the auto upgrade profile.',
    ).makeOptionMandatory(),
    '--profile-name <name>',
    '--name <name>',
  )
    .addOption(opt.noWait())
    .action(
      action<ProfileOptions & { autoUpgradeProfileName: string }>((o, s) =>
        s.arm.post(`${profilePath({ ...o, name: o.autoUpgradeProfileName }, s)}/generateUpdateRun`, undefined, !o.wait),
      ),
    );
}

const CREATE_EXAMPLES = `
Examples:
  fleet autoupgradeprofile create -g MyResourceGroup -f MyFleet -n MyProfile --channel Stable
  fleet autoupgradeprofile create -g MyResourceGroup -f MyFleet -n MyProfile --channel TargetKubernetesVersion --tkv 1.33 --lts
  fleet autoupgradeprofile create -g MyResourceGroup -f MyFleet -n MyProfile --channel NodeImage --node-image-selection Consistent --disabled`;
