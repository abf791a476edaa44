import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { fleetShell, someClusters } from './support/fleet-cli';

const GROUP = 'fleet-cli-manage';

/** Four stages of one member each, inline as `--stages` takes JSON since az fleet 1.6.1. */
const STAGES = JSON.stringify({
  stages: [
    { name: 'stage-a', groups: [{ name: 'group-a' }] },
    { name: 'stage-b', groups: [{ name: 'group-b' }] },
    { name: 'stage-c', groups: [{ name: 'group-c' }] },
    { name: 'stage-d', groups: [{ name: 'group-d' }] },
  ],
});

describe('managing an update run with fleet start, stop, skip and wait', () => {
  let stack: FleetStack;
  let shell: ReturnType<typeof fleetShell>;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
    shell = fleetShell(stack, { GROUP });
  }, 120_000);
  afterAll(async () => {
    shell?.remove();
    await stack?.stop();
  });

  /** A fleet whose members (one per group) take `seconds` (simulated) to upgrade their control plane. */
  async function aFleet(fleet: string, groups: string[], tags: Record<string, string>): Promise<void> {
    const ids = await someClusters(
      stack,
      GROUP,
      groups.map((group) => ({ name: `${fleet}-${group}`, tags })),
    );
    await shell.json(`fleet create -g $GROUP -n ${fleet} -l eastus`);
    for (const group of groups) {
      await shell.json(
        `fleet member create -g $GROUP -f ${fleet} -n m-${group} --member-cluster-id ${ids[`${fleet}-${group}`]} --update-group ${group}`,
      );
    }
  }

  const runOf = (fleet: string, run: string) => stack.fleetClient.updateRuns.get(GROUP, fleet, run);

  it('skips a group and a stage, refuses to start a running run (409), stops it, and wait exits 1 on Stopped', async () => {
    await aFleet('slow', ['group-a', 'group-b', 'group-c', 'group-d'], { 'sim-control-plane-seconds': '100' });
    await shell.json(
      `fleet updaterun create -g $GROUP -f slow -n run --upgrade-type ControlPlaneOnly --kubernetes-version 1.32.9 --stages '${STAGES}'`,
    );
    const started = await shell.run('fleet updaterun start --resource-group $GROUP --fleet-name slow --name run');
    expect([started.code, started.stderr]).toEqual([0, '']);
    expect(JSON.parse(started.stdout)).toMatchObject({ name: 'run', properties: { status: { status: {} } } });

    const again = await shell.run('fleet updaterun start --resource-group $GROUP --fleet-name slow --name run');
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^ERROR: \(OperationNotAllowed\) The update run 'run' is Running: .*\n$/);

    const skipped = await shell.run(
      'fleet updaterun skip --resource-group $GROUP --fleet-name slow --name run --targets Group:group-b Stage:stage-c --query "properties.status.stages[].[name, status.state]" -o tsv',
    );
    expect(skipped).toEqual({
      code: 0,
      stdout: 'stage-a\tRunning\nstage-b\tSkipped\nstage-c\tSkipped\nstage-d\tNotStarted\n',
      stderr: '',
    });

    // stage-a's member is upgrading: the stop lets it finish, and stage-d is left for a later start.
    const stopped = await shell.run(
      'fleet updaterun stop --resource-group $GROUP --fleet-name slow --name run -o none',
    );
    expect(stopped).toEqual({ code: 0, stdout: '', stderr: '' });
    const waited = await shell.run('fleet updaterun wait -g $GROUP -f slow --update-run-name run --interval 0.5');
    expect(waited.code).toBe(1);
    expect(waited.stderr).toBe('ERROR: (UpdateRunStopped) The update run was stopped.\n');
    expect(waited.stdout).toMatch(/run run {2}Stopped/);
    expect((await runOf('slow', 'run')).properties?.status?.status?.state).toBe('Stopped');
  });

  it('wait exits 1 with the failure when the run Failed', async () => {
    await aFleet('failing', ['group-a'], { 'sim-fail-next': '1' });
    await shell.json(
      'fleet updaterun create -g $GROUP -f failing -n run --upgrade-type ControlPlaneOnly --kubernetes-version 1.32.9',
    );
    await shell.json('fleet updaterun start -g $GROUP -f failing -n run');
    const waited = await shell.run('fleet updaterun wait -g $GROUP -f failing -n run --interval 0.5');
    expect(waited.code).toBe(1);
    expect(waited.stderr).toMatch(/^ERROR: \(UpdateRunFailed\) The update run failed: .+\n$/);
    expect(waited.stdout).toMatch(
      /member default\/default\/m-group-a {2}Failed {2}\d+s {2}UpgradeFailed: Simulated failure/,
    );
  });

  it("wait gives up at --timeout, and takes az's --custom condition", async () => {
    await aFleet('idle', ['group-a'], {});
    await shell.json('fleet updaterun create -g $GROUP -f idle -n run --upgrade-type NodeImageOnly');
    const timedOut = await shell.run('fleet updaterun wait -g $GROUP -f idle -n run --interval 0.2 --timeout 1');
    expect([timedOut.code, timedOut.stderr]).toEqual([
      1,
      'ERROR: (WaitTimeout) Wait operation timed-out after 1 seconds\n',
    ]);

    const notStarted = await shell.run(
      `fleet updaterun wait -g $GROUP -f idle -n run --interval 0.2 --custom "properties.status.status.state=='NotStarted'"`,
    );
    expect(notStarted).toEqual({ code: 0, stdout: '', stderr: '' });
    const deleted = await shell.run(
      'fleet updaterun delete -g $GROUP -f idle -n run --yes && fleet updaterun wait -g $GROUP -f idle -n run --deleted',
    );
    expect(deleted).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
