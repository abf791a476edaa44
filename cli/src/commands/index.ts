import type { Command } from 'commander';
import { registerFleetCommands } from './fleet.commands';
import { registerMemberCommands } from './member.commands';
import { registerUpdateRunCommands } from './updaterun.commands';
import { registerUpdateStrategyCommands } from './updatestrategy.commands';

/**
 * Every command group of `fleet`, in the order `fleet --help` lists them. A new group (gate, autoupgradeprofile) is
 * one file exporting its `register…Commands(fleet)` and one entry here.
 */
export const COMMAND_GROUPS: ReadonlyArray<(fleet: Command) => void> = [
  registerFleetCommands,
  registerMemberCommands,
  registerUpdateRunCommands,
  registerUpdateStrategyCommands,
];
