import { describe, expect, it } from 'vitest';
import { ArmError } from '../../../src/api/errors';
import { FakeAksReleases } from '../../../src/clusters/aks-releases';
import type { FleetRef } from '../../../src/api/ids';
import { createAutoUpgradeProfileService } from '../../../src/services/auto-upgrade-profiles.service';
import { createAutoUpgradeTrigger } from '../../../src/services/auto-upgrade-trigger';
import { createServices } from '../../../src/services';
import type { RequestContext } from '../../../src/services/request-context';
import { getStores } from '../../../src/storage/stores';
import { DEFAULT_RELEASES } from '../../fixtures/aks-catalog';
import { givenFleetWithGroups } from '../../fixtures/fleet-builders';
import { CLUSTERS, missingClusterId, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';
import { aCluster } from '../../../src/clusters';

useFreshFleetTables();

const fleet: FleetRef = { subscriptionId: SUBSCRIPTION, resourceGroupName: 'rg1', fleetName: 'fleet1' };
const ctx: RequestContext = {
  version: '2026-06-01',
  preconditions: {},
  caller: {},
  url: 'http://localhost/',
  now: () => new Date().toISOString(),
};

/** The trigger over this test's tables and fakes; starting a run writes it Running, as its orchestration would. */
async function aTrigger(options: { startFails?: Error } = {}) {
  const stores = await getStores();
  const releases = new FakeAksReleases().withRegion(
    'eastus',
    DEFAULT_RELEASES.map((r) => ({ ...r })),
  );
  const started: string[] = [];
  const trigger = createAutoUpgradeTrigger({
    stores,
    clusters: CLUSTERS,
    releases,
    startRun: async (at, runName) => {
      if (options.startFails) throw options.startFails;
      started.push(runName);
      await stores.runStatus.write(at, runName, [{ key: 'run', status: { state: 'Running', startTime: ctx.now() } }]);
    },
    runWritten: () => undefined,
    now: ctx.now,
  });
  return { stores, releases, started, trigger };
}

async function givenProfile(name: string, properties: Record<string, unknown>) {
  const profiles = createAutoUpgradeProfileService(await getStores());
  const outcome = await profiles.put(fleet, name, { properties }, ctx);
  expect(outcome.status).toBe(201);
}

describe('the auto-upgrade trigger', () => {
  it('creates and starts one run for a new target, and records it on the profile', async () => {
    await givenFleetWithGroups();
    await givenProfile('stable', { channel: 'Stable' });
    const { stores, started, trigger } = await aTrigger();
    expect(Object.values(await trigger.tickAll())).toEqual(['Started']);
    expect(started).toEqual(['stable-1-32-9']);
    const run = await stores.runs.get(fleet, 'stable-1-32-9');
    expect(run?.doc).toMatchObject({
      managedClusterUpdate: {
        upgrade: { type: 'Full', kubernetesVersion: '1.32.9' },
        nodeImageSelection: { type: 'Latest' },
      },
      autoUpgradeProfileId: expect.stringMatching(/fleets\/fleet1\/autoUpgradeProfiles\/stable$/) as unknown,
    });
    expect((await stores.autoUpgradeProfiles.get(fleet, 'stable'))?.doc.status).toMatchObject({
      lastTriggerStatus: 'Succeeded',
      lastTriggerUpgradeVersions: ['1.32.9'],
    });
  });

  it('makes nothing more on a second tick or two ticks at once', async () => {
    await givenFleetWithGroups();
    await givenProfile('stable', { channel: 'Stable' });
    const { stores, started, trigger } = await aTrigger();
    const ref = { fleet, name: 'stable' };
    const both = await Promise.all([trigger.tick(ref), trigger.tick(ref)]);
    expect(both.filter((outcome) => outcome === 'Started')).toHaveLength(1);
    expect(await trigger.tick(ref)).toBe('AlreadyStarted');
    expect(started).toEqual(['stable-1-32-9']);
    expect((await stores.runs.all(fleet)).map((r) => r.meta.name)).toEqual(['stable-1-32-9']);
  });

  it('starts the run it created before a crash, instead of making another', async () => {
    await givenFleetWithGroups();
    await givenProfile('stable', { channel: 'Stable' });
    const { stores, trigger } = await aTrigger();
    expect((await trigger.generate(fleet, 'stable', ctx)).body).toEqual({
      id: expect.stringMatching(/\/updateRuns\/stable-1-32-9$/) as unknown,
    });
    expect(await trigger.tick({ fleet, name: 'stable' })).toBe('Started');
    expect(await stores.runStatus.readRunState(fleet, 'stable-1-32-9')).toBe('Running');
    expect(await stores.runs.all(fleet)).toHaveLength(1);
  });

  it('a user PUT of a generated run keeps the autoUpgradeProfileId it was made with', async () => {
    await givenFleetWithGroups();
    await givenProfile('stable', { channel: 'Stable' });
    const { stores, trigger } = await aTrigger();
    await trigger.generate(fleet, 'stable', ctx);
    const run = await stores.runs.get(fleet, 'stable-1-32-9');
    const profileId = run?.doc.autoUpgradeProfileId;
    expect(profileId).toMatch(/\/autoUpgradeProfiles\/stable$/);
    const { strategy, managedClusterUpdate } = run?.doc ?? {};
    const body = { properties: { ...(strategy ? { strategy } : {}), managedClusterUpdate, autoUpgradeProfileId: 'x' } };
    const put = await createServices(stores).updateRuns.put(fleet, 'stable-1-32-9', body, ctx);
    expect(put.status).toBe(200);
    expect((await stores.runs.get(fleet, 'stable-1-32-9'))?.doc.autoUpgradeProfileId).toBe(profileId);
  });

  it('does nothing for a disabled profile, nor when every member is on the target', async () => {
    await givenFleetWithGroups();
    await givenProfile('off', { channel: 'Rapid', disabled: true });
    await givenProfile('pinned', { channel: 'TargetKubernetesVersion', targetKubernetesVersion: '1.31' });
    for (const name of ['fleet1-c1', 'fleet1-p1', 'fleet1-p2']) {
      CLUSTERS.withClusters(
        aCluster({
          name,
          id: missingClusterId(name),
          subscriptionId: SUBSCRIPTION,
          resourceGroup: 'clusters',
          kubernetesVersion: '1.31.13',
        }),
      );
    }
    const { stores, started, trigger } = await aTrigger();
    expect(await trigger.tick({ fleet, name: 'off' })).toBe('Disabled');
    expect(await trigger.tick({ fleet, name: 'pinned' })).toBe('UpToDate');
    expect(started).toEqual([]);
    expect(await stores.runs.all(fleet)).toHaveLength(0);
  });

  it('waits for the next tick when a member is in another active run, and says so', async () => {
    await givenFleetWithGroups();
    await givenProfile('stable', { channel: 'Stable' });
    const busy = new ArmError('Conflict', "The cluster 'x' is already being updated by update run 'manual'.");
    const { stores, trigger } = await aTrigger({ startFails: busy });
    expect(await trigger.tick({ fleet, name: 'stable' })).toBe('Failed');
    const status = (await stores.autoUpgradeProfiles.get(fleet, 'stable'))?.doc.status;
    expect(status).toMatchObject({ lastTriggerStatus: 'Failed', lastTriggerError: { code: 'Conflict' } });
    expect(status?.lastTriggerError?.message).toContain('the next tick starts it');
    expect(await stores.runStatus.readRunState(fleet, 'stable-1-32-9')).toBeUndefined();
  });

  it('a profile whose channel has no target fails its trigger with the reason', async () => {
    await givenFleetWithGroups();
    await givenProfile('pinned', { channel: 'TargetKubernetesVersion', targetKubernetesVersion: '1.40' });
    const { stores, trigger } = await aTrigger();
    expect(await trigger.tick({ fleet, name: 'pinned' })).toBe('Failed');
    expect((await stores.autoUpgradeProfiles.get(fleet, 'pinned'))?.doc.status?.lastTriggerError).toMatchObject({
      code: 'NoTargetVersion',
    });
    expect(await stores.runs.all(fleet)).toHaveLength(0);
  });
});
