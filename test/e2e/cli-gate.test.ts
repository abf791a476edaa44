import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { fleetShell, someClusters, type CliResult } from './support/fleet-cli';

const GROUP = 'fleet-cli-gate';
const FLEET = 'gated';

/** The demo's strategy in small: stage2 begins only once its approval gate is Completed. */
const STAGES = JSON.stringify({
  stages: [
    { name: 'stage1', groups: [{ name: 'group-1' }] },
    {
      name: 'stage2',
      beforeGates: [{ displayName: 'Approve stage2', type: 'Approval' }],
      groups: [{ name: 'group-2' }],
    },
  ],
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fleet gate list, show, update and approve (az fleet gate)', () => {
  let stack: FleetStack;
  let shell: ReturnType<typeof fleetShell>;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 20 });
    shell = fleetShell(stack, { GROUP, FLEET });
    const ids = await someClusters(stack, GROUP, [{ name: 'aks1' }, { name: 'aks2' }]);
    await shell.json('fleet create -g $GROUP -n $FLEET -l eastus');
    await shell.json(
      `fleet member create -g $GROUP -f $FLEET -n member1 --member-cluster-id ${ids.aks1} --update-group group-1`,
    );
    await shell.json(
      `fleet member create -g $GROUP -f $FLEET -n member2 --member-cluster-id ${ids.aks2} --update-group group-2`,
    );
  }, 120_000);
  afterAll(async () => {
    shell?.remove();
    await stack?.stop();
  });

  /** The gate as the API answers it (api-version 2026-06-01, which the official 2.0.0 client does not speak). */
  async function gateFromApi(id: string): Promise<{ status: number; state?: string }> {
    const response = await fetch(`${stack.devhost.url}${id}?api-version=2026-06-01`);
    const body = (await response.json()) as { properties?: { state?: string } };
    return { status: response.status, ...(body.properties?.state ? { state: body.properties.state } : {}) };
  }

  /** `fleet gate list --state Pending` until it lists a gate (the run opens it when it reaches stage2). */
  async function pendingGates(): Promise<Array<{ id: string; name: string }>> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const gates = await shell.json<Array<{ id: string; name: string }>>(
        'fleet gate list -g $GROUP -f $FLEET --state Pending',
      );
      if (gates.length > 0 || Date.now() > deadline) return gates;
      await sleep(200);
    }
  }

  it('lists the Pending gate, approves it, and updaterun wait returns once the run went on to Completed', async () => {
    await shell.json(
      `fleet updaterun create -g $GROUP -f $FLEET -n run --upgrade-type ControlPlaneOnly --kubernetes-version 1.32.9 --stages '${STAGES}'`,
    );
    expect(await shell.run('fleet gate list -g $GROUP -f $FLEET -o tsv')).toEqual({ code: 0, stdout: '', stderr: '' });
    await shell.json('fleet updaterun start -g $GROUP -f $FLEET -n run');
    let waited: CliResult | undefined;
    const waiting = shell.run('fleet updaterun wait -g $GROUP -f $FLEET -n run --interval 0.5', 90_000).then((r) => {
      waited = r;
      return r;
    });

    const [gate, ...others] = await pendingGates();
    expect(others).toEqual([]);
    if (!gate) throw new Error('the run opened no gate');
    const listed = await shell.run(
      'fleet gate list -g $GROUP -f $FLEET --state-filter pending --gate-type Approval ' +
        '--query "[].{gate:properties.displayName, run:properties.target.updateRunProperties.name, ' +
        'stage:properties.target.updateRunProperties.stage, state:properties.state}" -o tsv',
    );
    expect(listed).toEqual({ code: 0, stdout: 'Approve stage2\trun\tstage2\tPending\n', stderr: '' });
    expect((await shell.run('fleet gate list -g $GROUP -f $FLEET --gate-type ScheduledStart')).stdout).toBe('[]\n');
    expect((await shell.run('fleet gate list -g $GROUP -f $FLEET --state Completed')).stdout).toBe('[]\n');
    const shown = await shell.json(`fleet gate show -g $GROUP -f $FLEET --gate ${gate.name}`);
    expect(shown).toMatchObject({
      id: gate.id,
      name: gate.name,
      properties: { gateType: 'Approval', state: 'Pending' },
    });

    // The gate holds the run: wait is still waiting, stage2's member has not begun.
    await sleep(1_500);
    expect(waited).toBeUndefined();
    const run = await shell.json(
      'fleet updaterun show -g $GROUP -f $FLEET -n run --query "{run:properties.status.status.state, member2:properties.status.stages[1].groups[0].members[0].status.state}"',
    );
    expect(run).toEqual({ run: 'Pending', member2: 'NotStarted' });

    const approved = await shell.run(
      `fleet gate approve -g $GROUP -f $FLEET --gate-name ${gate.name} --query properties.state -o tsv`,
    );
    expect(approved).toEqual({ code: 0, stdout: 'Completed\n', stderr: '' });
    expect(await gateFromApi(gate.id)).toEqual({ status: 200, state: 'Completed' });

    const result = await waiting;
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(/before gate stage2\/Approve stage2 {2}Completed/);
    expect(result.stdout).toMatch(/^\d\d:\d\d:\d\d {2}run run {2}Completed/m);
    expect((await stack.fleetClient.updateRuns.get(GROUP, FLEET, 'run')).properties?.status?.status?.state).toBe(
      'Completed',
    );

    // Only a Pending gate can be completed: a second approval is the API's 409, as az shows it.
    const again = await shell.run(`fleet gate update -g $GROUP -f $FLEET -n ${gate.name} --gs Completed`);
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: `ERROR: (Conflict) The gate '${gate.name}' is Completed: only a Pending gate can be completed.\n`,
    });
    const completed = await shell.run('fleet gate list -g $GROUP -f $FLEET --state Completed --query "[].name" -o tsv');
    expect(completed.stdout).toBe(`${gate.name}\n`);
  });

  it("refuses a state other than Completed, a gate that is not there, and a gate command without the gate's name", async () => {
    const pending = await shell.run(
      'fleet gate update -g $GROUP -f $FLEET -n 00000000-0000-0000-0000-000000000000 --state Pending',
    );
    expect(pending.code).toBe(2);
    expect(pending.stderr).toMatch(
      /^ERROR: option '--state <state>' argument 'Pending' is invalid\. invalid choice: 'Pending' \(choose from 'Completed'\)/,
    );

    const missing = await shell.run(
      'fleet gate approve -g $GROUP -f $FLEET --gate 00000000-0000-0000-0000-000000000000',
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ERROR: \(ResourceNotFound\) .*00000000-0000-0000-0000-000000000000/);

    const unnamed = await shell.run('fleet gate show -g $GROUP -f $FLEET');
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toMatch(/^ERROR: required option '-n, --gate-name <name>' not specified/);
  });
});
