import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { freePort } from '../../devhost/src/azurite';
import { DEMO_KUBERNETES_VERSION } from '../../stack/src/demo-seed';
import { spawnStartAll, type StartAllProcess } from '../support/start-all-process';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const FLEET_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/fleet-demo/providers/Microsoft.ContainerService/fleets/demo-fleet`;
const CLUSTERS_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/fleet-demo/providers/Microsoft.ContainerService/managedClusters`;
const API = '?api-version=2026-06-01';
const SIM_API = '?api-version=2025-02-01';

/** The walkthrough's groups, one member (= simulator cluster) each. */
const GROUP_OF = {
  member1: 'group-1a',
  member2: 'group-1b',
  member3: 'group-1c',
  member4: 'group-2a',
  member5: 'group-2b',
};

interface Ports {
  app: number;
  simulator: number;
}

let ports: Ports;
let env: Record<string, string>;

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Starts `npm start`'s entry point on this suite's ports and storage; stopped (and its exit checked) after the test. */
async function startAll(): Promise<{ process: StartAllProcess; app: string; simulator: string }> {
  const instance = await spawnStartAll(env);
  onTestFinished(async () => {
    expect(await instance.stop(), instance.logs).toBe(0);
  });
  return { process: instance, app: `http://127.0.0.1:${ports.app}`, simulator: `http://127.0.0.1:${ports.simulator}` };
}

async function members(app: string): Promise<Array<{ name: string; group: string; clusterResourceId: string }>> {
  const { status, body } = await getJson(`${app}${FLEET_PATH}/members${API}`);
  expect(status).toBe(200);
  const value = body.value as Array<{ name: string; properties: { group: string; clusterResourceId: string } }>;
  return value.map((m) => ({ name: m.name, ...m.properties })).sort((a, b) => a.name.localeCompare(b.name));
}

describe('npm start (stack/src/start-all.ts)', () => {
  beforeAll(async () => {
    // Never the defaults (7071/7072, Azurite 10000-10002): a developer may be running `npm start` on them.
    ports = { app: await freePort(), simulator: await freePort() };
    const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
    env = {
      AzureWebJobsStorage: inject('storageConnectionString'),
      FLEET_TABLE_PREFIX: `startall${suffix}`,
      SIMULATOR_TABLE_PREFIX: `simstartall${suffix}`,
      DEVHOST_PORT: String(ports.app),
      SIMULATOR_PORT: String(ports.simulator),
    };
  });

  it('serves /healthz and seeds the demo fleet, its five members in their groups and the staged, gated strategy', async () => {
    const { process: started, app, simulator } = await startAll();
    expect((await fetch(`${app}/healthz`)).status).toBe(200);

    const clusters = await getJson(`${simulator}${CLUSTERS_PATH}${SIM_API}`);
    const clusterIds = (clusters.body.value as Array<{ id: string; name: string }>).map((c) => c.id);
    expect(clusterIds.map((id) => id.split('/').pop()).sort()).toEqual(Object.keys(GROUP_OF));

    const fleet = await getJson(`${app}${FLEET_PATH}${API}`);
    expect(fleet.status).toBe(200);
    expect(fleet.body).toMatchObject({ name: 'demo-fleet', location: 'eastus' });

    const seeded = await members(app);
    expect(seeded.map(({ name, group }) => [name, group])).toEqual(Object.entries(GROUP_OF));
    for (const member of seeded) {
      const cluster = clusterIds.find((id) => id.toLowerCase().endsWith(`/${member.name}`));
      expect(member.clusterResourceId.toLowerCase()).toBe(cluster?.toLowerCase());
    }

    const strategy = await getJson(`${app}${FLEET_PATH}/updateStrategies/demo-stages${API}`);
    expect(strategy.status).toBe(200);
    expect(strategy.body.properties).toMatchObject({
      strategy: {
        stages: [
          {
            name: 'stage1',
            groups: [{ name: 'group-1a' }, { name: 'group-1b' }, { name: 'group-1c' }],
            afterStageWaitInSeconds: 30,
          },
          {
            name: 'stage2',
            beforeGates: [{ displayName: 'Approve stage2', type: 'Approval' }],
            groups: [{ name: 'group-2a' }, { name: 'group-2b' }],
          },
        ],
      },
    });
    // The banner says what the strategy holds and how to approve its gate.
    expect(started.logs).toContain(
      'demo-stages: stage1 [group-1a, group-1b, group-1c] → wait 30 s → approval "Approve stage2" → stage2 [group-2a, group-2b]',
    );
    expect(started.logs).toContain(`curl -s -X PATCH "$F/gates/$G${API}"`);
  });

  it('offers the Kubernetes version the banner and README suggest as an upgrade to every demo cluster', async () => {
    const { simulator } = await startAll();
    for (const name of Object.keys(GROUP_OF)) {
      const profile = await getJson(`${simulator}${CLUSTERS_PATH}/${name}/upgradeProfiles/default${SIM_API}`);
      const upgrades = (
        profile.body.properties as { controlPlaneProfile: { upgrades?: Array<{ kubernetesVersion: string }> } }
      ).controlPlaneProfile.upgrades?.map((u) => u.kubernetesVersion);
      expect(upgrades, name).toContain(DEMO_KUBERNETES_VERSION);
    }
  });

  it('keeps the seed on a second start against the same storage: five members, edits kept, nothing created, no errors', async () => {
    const first = await startAll();
    // A developer's edit since the first start: a longer wait after stage 1, and no approval before stage 2.
    const edited = await fetch(`${first.app}${FLEET_PATH}/updateStrategies/demo-stages${API}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        properties: {
          strategy: {
            stages: [
              {
                name: 'stage1',
                groups: [{ name: 'group-1a' }, { name: 'group-1b' }, { name: 'group-1c' }],
                afterStageWaitInSeconds: 60,
              },
              { name: 'stage2', groups: [{ name: 'group-2a' }, { name: 'group-2b' }] },
            ],
          },
        },
      }),
    });
    expect(edited.status).toBe(200);
    // The banner's run name is taken once a run of that name exists: the next start suggests another.
    expect(first.process.logs).toContain('/updateRuns/demo-run?');
    const run = await fetch(`${first.app}${FLEET_PATH}/updateRuns/demo-run${API}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { managedClusterUpdate: { upgrade: { type: 'NodeImageOnly' } } } }),
    });
    expect(run.status).toBe(201);
    expect(await first.process.stop()).toBe(0);

    const second = await startAll();
    expect(second.process.logs).toContain('/updateRuns/demo-run-2?');
    expect(second.process.logs).toContain('all of it was already there');
    expect(second.process.errors).toBe('');
    // One word about storage, not two that disagree ("Starting embedded Azurite…", then "Using the Azurite already running…").
    expect(second.process.logs).not.toContain('Azurite already running');
    // Requests (the seed's GETs and PUTs, the health probe) are debug-level: LOG_LEVEL=info prints events only.
    expect(first.process.logs).not.toContain("Executed 'Functions.");
    // The banner describes the strategy as kept, not as the seed would have made it.
    expect(second.process.logs).toContain(
      'demo-stages: stage1 [group-1a, group-1b, group-1c] → wait 60 s → stage2 [group-2a, group-2b]',
    );
    expect(second.process.logs).not.toContain('/gates');
    expect((await members(second.app)).map((m) => m.name)).toEqual(Object.keys(GROUP_OF));
    const strategy = await getJson(`${second.app}${FLEET_PATH}/updateStrategies/demo-stages${API}`);
    const stages = (strategy.body.properties as { strategy: { stages: Array<{ afterStageWaitInSeconds?: number }> } })
      .strategy.stages;
    expect(stages.map((stage) => stage.afterStageWaitInSeconds)).toEqual([60, undefined]);
  });
});
