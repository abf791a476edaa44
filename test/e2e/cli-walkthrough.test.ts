import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { fleetShell, someClusters } from './support/fleet-cli';

const GROUP = 'fleet-cli';
const FLEET = 'fleet-1';

/** The product doc's example-stages.json, as the doc shows it. */
const EXAMPLE_STAGES = `{
    "stages": [
        {
            "name": "stage1",
            "groups": [
                {
                    "name": "group-1a"
                },
                {
                    "name": "group-1b"
                },
                {
                    "name": "group-1c"
                }
            ],
            "afterStageWaitInSeconds": 3600
        },
        {
            "name": "stage2",
            "groups": [
                {
                    "name": "group-2a"
                },
                {
                    "name": "group-2b"
                },
                {
                    "name": "group-2c"
                }
            ]
        }
    ]
}
`;

const MEMBER_GROUPS = { member1: 'group-1a', member2: 'group-1b', member3: 'group-1c' } as const;
const OTHER_GROUPS = { member4: 'group-2a', member5: 'group-2b', member6: 'group-2c' } as const;

describe("the product doc's az fleet commands, run as `fleet` without az", () => {
  let stack: FleetStack;
  let shell: ReturnType<typeof fleetShell>;
  let clusterIds: Record<string, string>;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 20 });
    shell = fleetShell(stack, { GROUP, FLEET });
    shell.writeFile('example-stages.json', EXAMPLE_STAGES);
    const names = [...Object.keys(MEMBER_GROUPS), ...Object.keys(OTHER_GROUPS)];
    clusterIds = await someClusters(
      stack,
      GROUP,
      names.map((name) => ({ name })),
    );
  }, 120_000);
  afterAll(async () => {
    shell?.remove();
    await stack?.stop();
  });

  const fleets = () => stack.fleetClient;

  it('joins the members to their update groups (member create, then member update)', async () => {
    await shell.json('fleet create --resource-group $GROUP --name $FLEET --location eastus');
    for (const [member, group] of Object.entries({ ...MEMBER_GROUPS, ...OTHER_GROUPS })) {
      const created = await shell.json(
        `export AKS_CLUSTER_ID='${clusterIds[member]}'\n` +
          `fleet member create --resource-group $GROUP --fleet-name $FLEET --name ${member} --member-cluster-id $AKS_CLUSTER_ID --update-group ${member === 'member1' ? 'group-0' : group}`,
      );
      expect(created.name).toBe(member);
    }
    await shell.json(
      'fleet member update --resource-group $GROUP --fleet-name $FLEET --name member1 --update-group group-1a',
    );

    const members = [];
    for await (const m of fleets().fleetMembers.listByFleet(GROUP, FLEET)) members.push(m);
    expect(Object.fromEntries(members.map((m) => [m.name, m.properties?.group]))).toEqual({
      ...MEMBER_GROUPS,
      ...OTHER_GROUPS,
    });
    expect(members.find((m) => m.name === 'member3')?.properties?.clusterResourceId).toBe(clusterIds.member3);
  });

  it('creates the one-by-one runs of the three upgrade types', async () => {
    await shell.json(
      'fleet updaterun create --resource-group $GROUP --fleet-name $FLEET --name run-1 --upgrade-type Full --kubernetes-version 1.26.0',
    );
    await shell.json(
      'fleet updaterun create --resource-group $GROUP --fleet-name $FLEET --name run-2 --upgrade-type ControlPlaneOnly --kubernetes-version 1.26.0',
    );
    await shell.json(
      'fleet updaterun create --resource-group $GROUP --fleet-name $FLEET --name run-3 --upgrade-type NodeImageOnly',
    );

    const upgrades = await Promise.all(
      ['run-1', 'run-2', 'run-3'].map(async (name) => {
        const run = await fleets().updateRuns.get(GROUP, FLEET, name);
        return [run.properties?.managedClusterUpdate.upgrade, run.properties?.status?.status?.state];
      }),
    );
    expect(upgrades).toEqual([
      [{ type: 'Full', kubernetesVersion: '1.26.0' }, 'NotStarted'],
      [{ type: 'ControlPlaneOnly', kubernetesVersion: '1.26.0' }, 'NotStarted'],
      [{ type: 'NodeImageOnly' }, 'NotStarted'],
    ]);
  });

  it("creates a run from the doc's example-stages.json file", async () => {
    await shell.json(
      'fleet updaterun create --resource-group $GROUP --fleet-name $FLEET --name run-4 --upgrade-type Full --kubernetes-version 1.26.0 --stages example-stages.json',
    );
    const run = await fleets().updateRuns.get(GROUP, FLEET, 'run-4');
    expect(run.properties?.strategy).toEqual(JSON.parse(EXAMPLE_STAGES));
    const stages = run.properties?.status?.stages?.map((s) => [s.name, s.groups?.map((g) => g.members?.[0]?.name)]);
    expect(stages).toEqual([
      ['stage1', ['member1', 'member2', 'member3']],
      ['stage2', ['member4', 'member5', 'member6']],
    ]);
  });

  it('creates a strategy, a run from it, starts the run and waits until it Completed (exit 0)', async () => {
    await shell.json(
      'fleet updatestrategy create --resource-group $GROUP --fleet-name $FLEET --name strategy-1 --stages example-stages.json',
    );
    await shell.json(
      'fleet updaterun create --resource-group $GROUP --fleet-name $FLEET --name run-5 --update-strategy-name strategy-1 --upgrade-type NodeImageOnly --node-image-selection Consistent',
    );
    const strategy = await fleets().fleetUpdateStrategies.get(GROUP, FLEET, 'strategy-1');
    expect(strategy.properties?.strategy).toEqual(JSON.parse(EXAMPLE_STAGES));
    const created = await fleets().updateRuns.get(GROUP, FLEET, 'run-5');
    expect(created.properties?.updateStrategyId).toBe(strategy.id);
    expect(created.properties?.managedClusterUpdate.nodeImageSelection?.type).toBe('Consistent');

    // The doc's hour-long wait after stage1 is skipped, so that the run ends within the test.
    await shell.json(
      'fleet updaterun skip --resource-group $GROUP --fleet-name $FLEET --name run-5 --targets AfterStageWait:stage1',
    );
    await shell.json('fleet updaterun start --resource-group $GROUP --fleet-name $FLEET --name run-5');
    const waited = await shell.run(
      'fleet updaterun wait --resource-group $GROUP --fleet-name $FLEET --name run-5 --interval 0.5',
    );
    expect(waited.stderr).toBe('');
    expect(waited.code).toBe(0);
    // Piped, the wait prints a line per change of the run, a stage, group, member or wait.
    expect(waited.stdout).toMatch(/^\d\d:\d\d:\d\d {2}run run-5 {2}Completed {2}\d+s$/m);
    expect(waited.stdout).toMatch(/member stage2\/group-2c\/member6 {2}(Completed|Skipped)/);
    const run = await fleets().updateRuns.get(GROUP, FLEET, 'run-5');
    expect(run.properties?.status?.status?.state).toBe('Completed');
  });
});
