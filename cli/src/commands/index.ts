import type { Command } from 'commander';
import { registerAutoUpgradeProfileCommands } from './autoupgradeprofile.commands';
import { registerFleetCommands } from './fleet.commands';
import { registerGateCommands } from './gate.commands';
import { registerMemberCommands } from './member.commands';
import { registerUpdateRunCommands } from './updaterun.commands';
import { registerUpdateStrategyCommands } from './updatestrategy.commands';

/**
 * Every command group of `fleet`, in the order `fleet --help` lists them. A new group is one file exporting its
 * `register…Commands(fleet)` and one entry here.
 */
export const COMMAND_GROUPS: ReadonlyArray<(fleet: Command) => void> = [
  registerFleetCommands,
  registerMemberCommands,
  registerUpdateRunCommands,
  registerUpdateStrategyCommands,
  registerAutoUpgradeProfileCommands,
  registerGateCommands,
];
