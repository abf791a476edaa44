import type { AutoUpgradeProfile, UpdateRun } from '@azure/arm-containerservicefleet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../simulator/src/index';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { FAST, RG } from '../support/fleet-fixtures';
import { aFleet, runState } from './support/e2e-fleet';

/** The timer ticks every 2 seconds here (AUTO_UPGRADE_SCHEDULE); a tick or two is a few seconds. */
const SCHEDULE = '*/2 * * * * *';
const TICKS_MS = 6_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('auto-upgrade profiles on the timer', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    // spawnDevhost passes the environment on: the app reads its schedule from it at start.
    process.env.AUTO_UPGRADE_SCHEDULE = SCHEDULE;
    stack = await startFleetStack({ simulatorSpeed: 20 });
  }, 120_000);
  afterAll(() => stack?.stop());

  const profiles = () => stack.fleetClient.autoUpgradeProfiles;
  const runsOf = async (fleet: string): Promise<UpdateRun[]> => {
    const runs: UpdateRun[] = [];
    for await (const run of stack.fleetClient.updateRuns.listByFleet(RG, fleet)) runs.push(run);
    return runs;
  };
  async function waitForRuns(fleet: string, count: number): Promise<UpdateRun[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const runs = await runsOf(fleet);
      if (runs.length >= count || Date.now() > deadline) return runs;
      await sleep(200);
    }
  }
  async function publish(version: string): Promise<void> {
    const catalog = { ...DEFAULT_CATALOG, kubernetesVersions: [...DEFAULT_CATALOG.kubernetesVersions, { version }] };
    const response = await fetch(`${stack.simulator.url}/simulator/catalog`, {
      method: 'PUT',
      body: JSON.stringify(catalog),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
  }

  it('starts exactly one run when AKS publishes a patch of the channel, and records it on the profile', async () => {
    await aFleet(stack, 'stable', [{ name: 'echo', kubernetesVersion: '1.32.9' }]);
    const profile = await profiles().createOrUpdate(
      RG,
      'stable',
      'stable',
      { properties: { channel: 'Stable' } },
      FAST,
    );
    // The member is on Stable's newest patch already: ticks pass, nothing to do.
    await sleep(TICKS_MS);
    expect(await runsOf('stable')).toEqual([]);

    await publish('1.32.10');
    const [run, ...more] = await waitForRuns('stable', 1);
    expect(more).toEqual([]);
    expect(run?.name).toBe('stable-1-32-10');
    expect(run?.properties).toMatchObject({
      autoUpgradeProfileId: profile.id,
      managedClusterUpdate: { upgrade: { type: 'Full', kubernetesVersion: '1.32.10' } },
    });
    // The tick that created it starts it moments later.
    await expect
      .poll(async () => runState(await stack.fleetClient.updateRuns.get(RG, 'stable', 'stable-1-32-10')), {
        timeout: 10_000,
      })
      .toMatch(/^(Running|Completed)$/);
    const status = (await profiles().get(RG, 'stable', 'stable')).properties?.autoUpgradeProfileStatus;
    expect(status).toMatchObject({ lastTriggerStatus: 'Succeeded', lastTriggerUpgradeVersions: ['1.32.10'] });
    expect(status?.lastTriggeredAt).toBeInstanceOf(Date);

    // More ticks (and the run finishing) make nothing more.
    await sleep(TICKS_MS);
    expect((await runsOf('stable')).map((r) => r.name)).toEqual(['stable-1-32-10']);
  });

  it('creates nothing for a disabled profile', async () => {
    await aFleet(stack, 'quiet', [{ name: 'foxtrot', kubernetesVersion: '1.31.8' }]);
    await profiles().createOrUpdate(RG, 'quiet', 'rapid', { properties: { channel: 'Rapid', disabled: true } }, FAST);
    await sleep(TICKS_MS);
    expect(await runsOf('quiet')).toEqual([]);
    const read: AutoUpgradeProfile = await profiles().get(RG, 'quiet', 'rapid');
    expect(read.properties?.autoUpgradeProfileStatus).toBeUndefined();
  });

  it('generateUpdateRun twice gives the same run, not started; after a crash the enabled profile starts that run', async () => {
    await aFleet(stack, 'manual', [{ name: 'golf', kubernetesVersion: '1.31.8' }]);
    const body = { properties: { channel: 'Rapid', disabled: true } };
    await profiles().createOrUpdate(RG, 'manual', 'rapid', body, FAST);
    const generate = () =>
      stack.fleetClient.autoUpgradeProfileOperations.generateUpdateRun(RG, 'manual', 'rapid', FAST);
    const first = await generate();
    const second = await generate();
    expect(first.id).toMatch(/\/fleets\/manual\/updateRuns\/rapid-1-33-5$/);
    expect(second.id).toBe(first.id);
    const generated = await stack.fleetClient.updateRuns.get(RG, 'manual', 'rapid-1-33-5');
    expect(runState(generated)).toBe('NotStarted');

    // A created, not started run is what a crash between creating and starting leaves: after a kill -9 and a
    // restart, the enabled profile's next tick starts that same run, and makes no other.
    await stack.devhost.kill('SIGKILL');
    await stack.restartDevhost();
    await profiles().createOrUpdate(RG, 'manual', 'rapid', { properties: { channel: 'Rapid' } }, FAST);
    const deadline = Date.now() + 20_000;
    while (runState(await stack.fleetClient.updateRuns.get(RG, 'manual', 'rapid-1-33-5')) === 'NotStarted') {
      if (Date.now() > deadline) throw new Error('the generated run was never started');
      await sleep(200);
    }
    expect((await runsOf('manual')).map((r) => r.name)).toEqual(['rapid-1-33-5']);
  });

  it('the NodeImage channel starts a NodeImageOnly run for a member behind the newest image of its region', async () => {
    const pools = [{ name: 'system', nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.19.0' }];
    await aFleet(stack, 'images', [{ name: 'hotel', kubernetesVersion: '1.31.8', pools }]);
    await profiles().createOrUpdate(RG, 'images', 'images', { properties: { channel: 'NodeImage' } }, FAST);
    const [run, ...more] = await waitForRuns('images', 1);
    expect(more).toEqual([]);
    expect(run?.name).toMatch(/^images-nodeimage-[0-9a-f]{8}$/);
    expect(run?.properties?.managedClusterUpdate?.upgrade).toEqual({ type: 'NodeImageOnly' });
    const status = (await profiles().get(RG, 'images', 'images')).properties?.autoUpgradeProfileStatus;
    expect(status?.lastTriggerUpgradeVersions).toEqual(['AKSUbuntu-2204gen2containerd-202511.04.0']);
  });
});
