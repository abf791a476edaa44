import { describe, expect, it } from 'vitest';
import { createStageActivities } from '../../../src/activities/stage.activities';
import { aCluster, FakeClusterClient, fakeClusterId } from '../../../src/clusters';
import type { RunControl, RunRef, StatusWrite } from '../../../src/orchestrators/contracts';

const RUN: RunRef = { subscriptionId: 's', resourceGroupName: 'rg', fleetName: 'f', runName: 'r' };
const GOING: RunControl = { attempt: 1, stopRequested: false, skips: [] };
/** Monday 2026-01-05 12:00 UTC: a Wednesday 02:00 window is closed. */
const NOW = '2026-01-05T12:00:00.000Z';
const CARRIED: StatusWrite = { key: 'stage|s0', status: { state: 'Completed', completedTime: NOW } };
const STAGE_RUNNING: StatusWrite = { key: 'stage|s1', status: { state: 'Running', startTime: NOW } };
const GROUP_RUNNING: StatusWrite = { key: 'group|s1|g', status: { state: 'Running', startTime: NOW } };

function setUp(control: RunControl) {
  const fake = new FakeClusterClient()
    .withClusters(aCluster({ name: 'a' }), aCluster({ name: 'b' }), aCluster({ name: 'c' }))
    .withMaintenanceWindow(fakeClusterId('a'), 'aksManagedAutoUpgradeSchedule', {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Wednesday' } },
      durationHours: 4,
      startTime: '02:00',
    });
  const writes: StatusWrite[][] = [];
  const activities = createStageActivities(
    fake,
    (_run, rows) => {
      writes.push(rows);
      return Promise.resolve();
    },
    () => Promise.resolve(control),
  );
  const input = {
    run: RUN,
    rows: [CARRIED],
    unlessStopping: [STAGE_RUNNING, GROUP_RUNNING],
    groups: [{ name: 'g', members: ['a', 'b', 'c'].map((n) => ({ name: n, clusterResourceId: fakeClusterId(n) })) }],
    upgradeType: 'ControlPlaneOnly' as const,
    now: NOW,
  };
  return { writes, activities, input };
}

describe('beginStage: a stage and its first groups begun in one round trip', () => {
  it('writes the stage and group rows with the carried ones and orders the members (closed window last)', async () => {
    const { writes, activities, input } = setUp(GOING);
    const result = await activities.beginStage(input);
    expect(result).toEqual({ control: GOING, orders: { g: ['b', 'c', 'a'] } });
    expect(writes).toEqual([[CARRIED, STAGE_RUNNING, GROUP_RUNNING]]);
  });

  it('writes only the carried rows, and begins nothing, when the intent says stop', async () => {
    const stopping = { ...GOING, stopRequested: true };
    const { writes, activities, input } = setUp(stopping);
    expect(await activities.beginStage(input)).toEqual({ control: stopping, orders: {} });
    expect(writes).toEqual([[CARRIED]]);
  });
});
