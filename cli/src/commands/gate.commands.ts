import { Option, type Command } from 'commander';
import { armPath, type FleetScope } from '../arm/resources';
import { action, type Session } from '../session';
import { choice, opt, withAliases } from './options';

const GATE_STATES = ['Pending', 'Skipped', 'Completed'] as const;
const GATE_TYPES = ['Approval', 'ScheduledStart'] as const;

interface GateOptions {
  resourceGroup: string;
  fleetName: string;
  gateName: string;
  stateFilter?: (typeof GATE_STATES)[number];
  gateType?: (typeof GATE_TYPES)[number];
  gateState: 'Completed';
  wait: boolean;
}

const KIND = 'gates';
const scopeOf = (o: GateOptions): FleetScope => ({ resourceGroup: o.resourceGroup, fleet: o.fleetName });
const gatePath = (o: GateOptions, { arm }: Session): string =>
  armPath.child(arm.subscription, scopeOf(o), KIND, o.gateName);

/** A command on one gate: `-g -f` and the gate's name, as `--gate-name`, `--gate` or `-n`. */
function onGate(parent: Command, name: string, summary: string): Command {
  const command = parent.command(name).description(summary).addOption(opt.resourceGroup()).addOption(opt.fleetName());
  return withAliases(
    command,
    new Option('-n, --gate-name <name>', 'The name of the Fleet gate.').makeOptionMandatory(),
    '--gate <name>',
  );
}

/** The PATCH of a gate's state, the one change a user makes to a gate (only a Pending gate can be completed). */
function setState(o: GateOptions, session: Session, state: 'Completed') {
  return session.arm.patch(gatePath(o, session), { properties: { state } }, !o.wait);
}

/** `$filter` of `gate list`: az's `--state-filter` and the docs' `--gate-type`, joined by `and`. */
function listFilter(o: GateOptions): Record<string, string> | undefined {
  const clauses = [
    ...(o.stateFilter !== undefined ? [`state eq ${o.stateFilter}`] : []),
    ...(o.gateType !== undefined ? [`gateType eq ${o.gateType}`] : []),
  ];
  return clauses.length === 0 ? undefined : { $filter: clauses.join(' and ') };
}

/** `fleet gate list|show|update|approve`. */
export function registerGateCommands(fleet: Command): void {
  const gate = fleet.command('gate').description('Commands to manage gates.');

  const list = gate
    .command('list')
    .description("Lists a fleet's gates.")
    .addOption(opt.resourceGroup())
    .addOption(opt.fleetName());
  withAliases(
    list,
    choice('--state-filter <state>', 'Filter the gates by their state.', GATE_STATES),
    '--state <state>',
  )
    .addOption(choice('--gate-type <type>', 'Filter the gates by their type.', GATE_TYPES))
    .addHelpText('after', LIST_EXAMPLES)
    .action(
      action<GateOptions>((o, { arm }) =>
        arm.list(armPath.children(arm.subscription, scopeOf(o), KIND), listFilter(o)),
      ),
    );

  onGate(gate, 'show', 'Shows a gate.').action(
    action<GateOptions>((o, session) => session.arm.get(gatePath(o, session))),
  );

  withAliases(
    onGate(gate, 'update', 'Updates a gate.'),
    choice('--gate-state <state>', 'The state of the gate.', ['Completed']).makeOptionMandatory(),
    '--gs <state>',
    '--state <state>',
  )
    .addOption(opt.noWait())
    .action(action<GateOptions>((o, session) => setState(o, session, o.gateState)));

  onGate(gate, 'approve', "Approves a gate: sets its state to 'Completed'.")
    .addOption(opt.noWait())
    .action(action<GateOptions>((o, session) => setState(o, session, 'Completed')));
}

const LIST_EXAMPLES = `
Examples:
  fleet gate list -g MyResourceGroup -f MyFleet --state Pending
  fleet gate list -g MyResourceGroup -f MyFleet --gate-type Approval --query "[].{Name:name, Gate:properties.displayName, Run:properties.target.updateRunProperties.name}" -o table`;
