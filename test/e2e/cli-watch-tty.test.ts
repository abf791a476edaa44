import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIPTION, startFleetStack, type FleetStack } from '../support/fleet-stack';
import { FLEET_BIN, fleetShell, someClusters } from './support/fleet-cli';
import { Terminal } from './support/tmux';

const GROUP = 'fleet-cli-tty';

/** Two stages; a 2 s wait after the first keeps the run Running long enough to be seen so. */
const stages = (gated: boolean) =>
  JSON.stringify({
    stages: [
      { name: 'stage1', groups: [{ name: 'group-1a' }, { name: 'group-1b' }], afterStageWaitInSeconds: 2 },
      {
        name: 'stage2',
        groups: [{ name: 'group-2' }],
        ...(gated ? { beforeGates: [{ displayName: 'Approve stage2', type: 'Approval' }] } : {}),
      },
    ],
  });

/** How many lines of the screen match `pattern`. */
const count = (screen: string, pattern: RegExp): number => screen.split('\n').filter((l) => pattern.test(l)).length;

describe('the live tree of `fleet updaterun show --watch` and `wait` in a real terminal (tmux)', () => {
  let stack: FleetStack;
  let shell: ReturnType<typeof fleetShell>;
  let terminal: Terminal | undefined;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 20 });
    shell = fleetShell(stack, { GROUP });
  }, 120_000);
  afterEach(() => terminal?.close());
  afterAll(async () => {
    shell?.remove();
    await stack?.stop();
  });

  async function openTerminal(): Promise<Terminal> {
    terminal = await Terminal.open({
      cwd: shell.cwd,
      env: { FLEET_ENDPOINT: stack.devhost.url, AZURE_SUBSCRIPTION_ID: SUBSCRIPTION, GROUP },
      setup: `fleet() { node ${JSON.stringify(FLEET_BIN)} "$@"; }`,
    });
    return terminal;
  }

  /** A fleet of three members (group-1a, group-1b, group-2) with a created, not started run `run`. */
  async function aFleetWithRun(fleet: string, gated: boolean): Promise<void> {
    const groups = { m1: 'group-1a', m2: 'group-1b', m3: 'group-2' };
    const ids = await someClusters(
      stack,
      GROUP,
      Object.keys(groups).map((m) => ({ name: `${fleet}-${m}` })),
    );
    await shell.json(`fleet create -g $GROUP -n ${fleet} -l eastus`);
    for (const [member, group] of Object.entries(groups)) {
      await shell.json(
        `fleet member create -g $GROUP -f ${fleet} -n ${member} --member-cluster-id ${ids[`${fleet}-${member}`]} --update-group ${group}`,
      );
    }
    await shell.json(
      `fleet updaterun create -g $GROUP -f ${fleet} -n run --upgrade-type ControlPlaneOnly --kubernetes-version 1.32.9 --stages '${stages(gated)}'`,
    );
  }

  it('show --watch redraws the tree in place from Running to Completed, then gives the prompt back', async () => {
    await aFleetWithRun('watched', false);
    const tty = await openTerminal();
    tty.type(
      'fleet updaterun start -g $GROUP -f watched -n run -o none && ' +
        'fleet updaterun show -g $GROUP -f watched -n run --watch --interval 0.3; echo "exit=$?"',
    );
    let sawRunning = false;
    const screen = await tty.until(
      (s) => /^exit=\d+$/m.test(s),
      60_000,
      (s) => (sawRunning ||= /^run run +Running /m.test(s)),
    );

    expect(screen).toMatch(/^exit=0$/m);
    expect(sawRunning).toBe(true);
    // One tree, redrawn in place: each of its lines once, the last drawing's.
    expect(count(screen, /^run run /)).toBe(1);
    expect(screen).toMatch(/^run run +Completed +\d+s$/m);
    expect(count(screen, /^ {2}stage stage1 /)).toBe(1);
    expect(count(screen, /^ {4}wait 2s +Completed/)).toBe(1);
    for (const member of ['m1', 'm2', 'm3']) {
      expect(count(screen, new RegExp(`^ {6}member ${member} +Completed +\\d+s`))).toBe(1);
    }
    expect(count(screen, /fleet updaterun show/)).toBe(1);
  });

  it('wait shows the run Pending at its gate until `fleet gate approve`, then Completed, and exits 0', async () => {
    await aFleetWithRun('gated', true);
    const tty = await openTerminal();
    tty.type(
      'fleet updaterun start -g $GROUP -f gated -n run -o none && ' +
        'fleet updaterun wait -g $GROUP -f gated -n run --interval 0.3; echo "exit=$?"',
    );
    const pending = await tty.until((s) => /^ {4}before gate Approve stage2 +Pending/m.test(s), 60_000);
    expect(pending).toMatch(/^run run +Pending /m);
    expect(pending).not.toMatch(/^exit=/m);

    const gate = await shell.run('fleet gate list -g $GROUP -f gated --state Pending --query "[0].name" -o tsv');
    const approved = await shell.run(`fleet gate approve -g $GROUP -f gated -n ${gate.stdout.trim()} -o none`);
    expect(approved).toEqual({ code: 0, stdout: '', stderr: '' });

    const screen = await tty.until((s) => /^exit=\d+$/m.test(s), 60_000);
    expect(screen).toMatch(/^exit=0$/m);
    expect(count(screen, /^run run /)).toBe(1);
    expect(screen).toMatch(/^run run +Completed +\d+s$/m);
    expect(count(screen, /^ {4}before gate Approve stage2 +Completed/)).toBe(1);
    expect(count(screen, /^ {6}member m3 +Completed/)).toBe(1);
  });
});
