import type { UpdateRun } from '@azure/arm-containerservicefleet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLUSTERS,
  DEMO_RESOURCE_GROUP,
  createLocalContainerServiceClient,
  ensureDemoTopology,
} from '../../simulator/src/index';
import { FAST, RG } from '../support/fleet-fixtures';
import { SUBSCRIPTION, startFleetStack, type FleetStack } from '../support/fleet-stack';
import {
  armErrorOf,
  getCatalog,
  isTerminal,
  joinFleet,
  memberStates,
  membersOf,
  overlaps,
  putCatalog,
  runState,
  runsOf,
  stageOf,
  type MemberView,
} from './support/e2e-fleet';

/** The product doc's walkthrough: five members in two regions, groups group-1a … group-2b. */
const FLEET_NAME = 'walkthrough';
const WAIT_S = 2;
/** The doc's example-stages.json, verbatim. */
const EXAMPLE_STAGES = {
  stages: [
    {
      name: 'stage1',
      groups: [{ name: 'group-1a' }, { name: 'group-1b' }, { name: 'group-1c' }],
      afterStageWaitInSeconds: 3600,
    },
    { name: 'stage2', groups: [{ name: 'group-2a' }, { name: 'group-2b' }, { name: 'group-2c' }] },
  ],
};
/** The same stages for the five-member fleet: no member is in group-2c, and the wait is short. */
const STAGES = {
  stages: [
    { ...EXAMPLE_STAGES.stages[0]!, afterStageWaitInSeconds: WAIT_S },
    { name: 'stage2', groups: [{ name: 'group-2a' }, { name: 'group-2b' }] },
  ],
};
const UBUNTU = 'AKSUbuntu-2204gen2containerd';
const AZURE_LINUX = 'AKSAzureLinux-V2gen2';

function expectOneAtATime(members: MemberView[]): void {
  const sorted = [...members].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  for (let i = 1; i < sorted.length; i++) {
    expect(sorted[i]!.start, `${sorted[i]!.name} starts after ${sorted[i - 1]!.name} ends`).toBeGreaterThanOrEqual(
      sorted[i - 1]!.end ?? Infinity,
    );
  }
}

/** Stages in order (a stage starts after the previous one ended plus its wait), groups of a stage overlapping. */
function expectStagedOrder(run: UpdateRun): void {
  const members = membersOf(run);
  const stage1 = members.filter((m) => m.stage === 'stage1');
  const stage2 = members.filter((m) => m.stage === 'stage2');
  expect(stage1.map((m) => m.group).sort()).toEqual(['group-1a', 'group-1b', 'group-1c']);
  expect(stage2.map((m) => m.group).sort()).toEqual(['group-2a', 'group-2b']);
  for (const group of new Set(members.map((m) => m.group))) expectOneAtATime(members.filter((m) => m.group === group));
  for (const stage of [stage1, stage2]) {
    for (const a of stage) {
      for (const b of stage.filter((m) => m.group > a.group)) {
        expect(overlaps(a, b), `${a.group} and ${b.group} run at the same time`).toBe(true);
      }
    }
  }
  const stage1End = Math.max(...stage1.map((m) => m.end ?? Infinity));
  const stage2Start = Math.min(...stage2.map((m) => m.start ?? -Infinity));
  expect(stage2Start).toBeGreaterThanOrEqual(stage1End + WAIT_S * 1000);
  const wait = stageOf(run, 'stage1').afterStageWaitStatus;
  expect(wait?.status?.state).toBe('Completed');
  expect(wait?.waitDurationInSeconds).toBe(WAIT_S);
  const s1 = stageOf(run, 'stage1').status;
  expect(stageOf(run, 'stage2').status?.startTime?.getTime()).toBeGreaterThanOrEqual(
    (s1?.completedTime?.getTime() ?? Infinity) + WAIT_S * 1000,
  );
}

describe('the product doc walkthrough: five members, one by one, staged, from a strategy', () => {
  let stack: FleetStack;
  let runs: ReturnType<typeof runsOf>;
  const aks = () => createLocalContainerServiceClient(stack.simulator.url, SUBSCRIPTION);

  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
    const demo = await ensureDemoTopology(stack.simulator, { subscriptionId: SUBSCRIPTION });
    // member4's windows are closed for a year in the demo; the walkthrough updates every member now.
    for (const config of ['aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule']) {
      await aks().maintenanceConfigurations.delete(DEMO_RESOURCE_GROUP, 'member4', config);
    }
    await joinFleet(
      stack,
      FLEET_NAME,
      DEMO_CLUSTERS.map((c, i) => ({ name: c.name, clusterResourceId: demo.clusterIds[i]!, group: c.updateGroup })),
    );
    runs = runsOf(stack, FLEET_NAME);
  }, 120_000);
  afterAll(() => stack?.stop());

  it('updates all five members one by one (Full), each after the previous one ended', async () => {
    await runs.create('run-1', { managedClusterUpdate: { upgrade: { type: 'Full', kubernetesVersion: '1.31.13' } } });
    await runs.start('run-1');
    const run = await runs.waitFor('run-1', isTerminal);
    expect(runState(run)).toBe('Completed');
    const members = membersOf(run);
    expect(members.map((m) => [m.name, m.state])).toEqual(
      ['member1', 'member2', 'member3', 'member4', 'member5'].map((m) => [m, 'Completed']),
    );
    expect(new Set(members.map((m) => `${m.stage}/${m.group}`)).size).toBe(1);
    expectOneAtATime(members);
    for (const cluster of DEMO_CLUSTERS) {
      const mc = await aks().managedClusters.get(DEMO_RESOURCE_GROUP, cluster.name);
      expect([cluster.name, mc.currentKubernetesVersion]).toEqual([cluster.name, '1.31.13']);
    }
  });

  it("rejects the doc's example-stages.json as is: no member is in group-2c", async () => {
    const error = await armErrorOf(
      runs.create('run-4-verbatim', {
        strategy: EXAMPLE_STAGES,
        managedClusterUpdate: { upgrade: { type: 'Full', kubernetesVersion: '1.32.9' } },
      }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain("'group-2c'");
  });

  it('runs the stages of example-stages.json in order, the groups of a stage in parallel, waiting after stage1', async () => {
    await runs.create('run-4', {
      strategy: STAGES,
      managedClusterUpdate: { upgrade: { type: 'Full', kubernetesVersion: '1.32.9' } },
    });
    await runs.start('run-4');
    const run = await runs.waitFor('run-4', isTerminal);
    expect(runState(run)).toBe('Completed');
    expect(memberStates(run)).toEqual({
      member1: 'Completed',
      member2: 'Completed',
      member3: 'Completed',
      member4: 'Completed',
      member5: 'Completed',
    });
    expectStagedOrder(run);
  });

  it('creates a NodeImageOnly run from a strategy with Consistent images: the newest image common to both regions', async () => {
    const catalog = await getCatalog(stack);
    // East US publishes two newer images, West Europe only the first of them: Latest and Consistent now differ.
    catalog.nodeImages.eastus = [
      ...(catalog.nodeImages.eastus ?? []),
      `${UBUNTU}-202512.01.0`,
      `${UBUNTU}-202601.05.0`,
      `${AZURE_LINUX}-202512.01.0`,
      `${AZURE_LINUX}-202601.05.0`,
    ];
    catalog.nodeImages.westeurope = [...(catalog.nodeImages.westeurope ?? []), `${UBUNTU}-202512.01.0`];
    await putCatalog(stack, catalog);
    await stack.fleetClient.fleetUpdateStrategies.createOrUpdate(
      RG,
      FLEET_NAME,
      'strategy-1',
      { properties: { strategy: STAGES } },
      FAST,
    );
    const strategyId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/${FLEET_NAME}/updateStrategies/strategy-1`;
    await runs.create('run-5', {
      updateStrategyId: strategyId,
      managedClusterUpdate: { upgrade: { type: 'NodeImageOnly' }, nodeImageSelection: { type: 'Consistent' } },
    });
    await runs.start('run-5');
    const run = await runs.waitFor('run-5', isTerminal);
    expect(runState(run)).toBe('Completed');
    expect(run.properties?.strategy?.stages?.map((s) => s.name)).toEqual(['stage1', 'stage2']);
    const selected = (run.properties?.status?.nodeImageSelection?.selectedNodeImageVersions ?? []).map(
      (v) => v.version ?? '',
    );
    // AzureLinux pools exist only in East US (member2); Ubuntu pools in both regions → West Europe's newest.
    expect([...selected].sort()).toEqual([`${AZURE_LINUX}-202601.05.0`, `${UBUNTU}-202512.01.0`]);
    expect(Object.values(memberStates(run))).toEqual(Array(5).fill('Completed'));
    expectStagedOrder(run);
    for (const cluster of DEMO_CLUSTERS) {
      for await (const pool of aks().agentPools.list(DEMO_RESOURCE_GROUP, cluster.name)) {
        const family = pool.nodeImageVersion?.slice(0, pool.nodeImageVersion.lastIndexOf('-'));
        const expected = selected.find((v) => v.startsWith(`${family ?? ''}-`));
        expect(`${cluster.name}/${pool.name}: ${pool.nodeImageVersion ?? ''}`).toBe(
          `${cluster.name}/${pool.name}: ${expected ?? 'no selected version'}`,
        );
      }
    }
  });
});
