import { describe, expect, it } from 'vitest';
import { createStageActivities } from '../../../src/activities/stage.activities';
import { aCluster, FakeClusterClient, fakeClusterId } from '../../../src/clusters';
import type { PlannedMemberData, RunControl, RunRef, StatusWrite } from '../../../src/orchestrators/contracts';

const RUN: RunRef = { subscriptionId: 's', resourceGroupName: 'rg', fleetName: 'f', runName: 'r' };
const GOING: RunControl = { attempt: 1, stopRequested: false, skips: [] };
/** Monday 2026-01-05 12:00 UTC: a Wednesday 02:00 window is closed. */
const NOW = '2026-01-05T12:00:00.000Z';
const CARRIED: StatusWrite = { key: 'stage|s0', status: { state: 'Completed', completedTime: NOW } };
const STAGE_RUNNING: StatusWrite = { key: 'stage|s1', status: { state: 'Running', startTime: NOW } };
const GROUP_RUNNING: StatusWrite = { key: 'group|s1|g', status: { state: 'Running', startTime: NOW } };

const MEMBERS: PlannedMemberData[] = ['a', 'b', 'c'].map((name, order) => ({
  name,
  clusterResourceId: fakeClusterId(name),
  order,
  status: { state: 'NotStarted' },
}));

/** BeginUpdateGroup's input for group g of stage s1, showing it Running. */
function beginGroupInput(overrides: Record<string, unknown> = {}) {
  return {
    run: RUN,
    stage: 's1',
    group: 'g',
    rows: [GROUP_RUNNING],
    upgradeType: 'ControlPlaneOnly',
    now: NOW,
    ...overrides,
  };
}

function setUp(control: RunControl) {
  const fake = new FakeClusterClient()
    .withClusters(aCluster({ name: 'a' }), aCluster({ name: 'b' }), aCluster({ name: 'c' }))
    .withMaintenanceWindow(fakeClusterId('a'), 'aksManagedAutoUpgradeSchedule', {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Wednesday' } },
      durationHours: 4,
      startTime: '02:00',
    });
  const writes: StatusWrite[][] = [];
  const reads: string[] = [];
  const windowReads: string[] = [];
  const controlReads: string[] = [];
  /** The turns taken on the group's behalf (what the member upgrade activities were handed). */
  const turns: Array<{ input: Record<string, unknown>; control: RunControl }> = [];
  const getWindow = fake.getMaintenanceWindow.bind(fake);
  fake.getMaintenanceWindow = (id, configuration) => {
    windowReads.push(id);
    return getWindow(id, configuration);
  };
  const activities = createStageActivities(
    fake,
    (_run, rows) => {
      writes.push(rows);
      return Promise.resolve();
    },
    () => {
      controlReads.push(RUN.runName);
      return Promise.resolve(control);
    },
    {
      group: (_run, stage, group) => {
        reads.push(`${stage}/${group}`);
        return Promise.resolve(MEMBERS);
      },
      all: () => Promise.resolve(MEMBERS),
    },
    (input, control) => {
      turns.push({ input: input as Record<string, unknown>, control });
      return Promise.resolve({ action: 'skip', message: 'Taken.' });
    },
  );
  const input = { run: RUN, rows: [CARRIED], unlessStopping: [STAGE_RUNNING] };
  return { writes, reads, windowReads, controlReads, turns, activities, input };
}

describe('beginStage: a stage begun in one round trip, only if the intent lets it', () => {
  it('writes the stage row with the carried ones', async () => {
    const { writes, activities, input } = setUp(GOING);
    expect(await activities.beginStage(input)).toEqual({ control: GOING });
    expect(writes).toEqual([[CARRIED, STAGE_RUNNING]]);
  });

  it('writes only the carried rows, and begins nothing, when the intent says stop', async () => {
    const stopping = { ...GOING, stopRequested: true };
    const { writes, activities, input } = setUp(stopping);
    expect(await activities.beginStage(input)).toEqual({ control: stopping });
    expect(writes).toEqual([[CARRIED]]);
  });
});

describe("beginGroup: a group's members from the run's status rows, in update order", () => {
  it('reads its own members, orders them by maintenance window (closed last) and writes its Running row', async () => {
    const { writes, reads, activities } = setUp(GOING);
    const result = await activities.beginGroup(beginGroupInput());
    expect(reads).toEqual(['s1/g']);
    expect(result.members.map((m) => m.name)).toEqual(['b', 'c', 'a']);
    expect(result.members[2]).toEqual(MEMBERS[0]);
    expect(result.control).toEqual(GOING);
    expect(writes).toEqual([[GROUP_RUNNING]]);
  });

  it('takes the intent its stage just read instead of reading it again', async () => {
    const { controlReads, activities } = setUp(GOING);
    const stopping = { ...GOING, stopRequested: true };
    const result = await activities.beginGroup(beginGroupInput({ control: stopping }));
    expect(result.control).toEqual(stopping);
    expect(controlReads).toEqual([]);
  });
});

describe("orderStage: the next stage's members put in order while the stage before runs", () => {
  it("orders each group's unfinished members by maintenance window, as of now", async () => {
    const { activities } = setUp(GOING);
    const order = await activities.orderStage({
      run: RUN,
      stage: 's2',
      groups: ['g'],
      upgradeType: 'ControlPlaneOnly',
      now: NOW,
    });
    expect(order).toEqual({ at: NOW, groups: { g: ['b', 'c', 'a'] } });
  });

  it('lets a group begin in that order without reading any window while it is fresh, and not once it is stale', async () => {
    const { activities, windowReads } = setUp(GOING);
    const begin = (now: string) =>
      activities.beginGroup(beginGroupInput({ rows: [], now, order: { at: NOW, names: ['c', 'a', 'b'] } }));
    expect((await begin(NOW)).members.map((m) => m.name)).toEqual(['c', 'a', 'b']);
    expect(windowReads).toEqual([]);
    const later = new Date(Date.parse(NOW) + 16 * 60_000).toISOString();
    expect((await begin(later)).members.map((m) => m.name)).toEqual(['b', 'c', 'a']);
    expect(windowReads).toHaveLength(3);
  });
});

describe("beginGroup with `first`: the group's first step takes the turn of the member first in line", () => {
  const FIRST = {
    managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } },
    pollIntervalSeconds: 15,
    since: NOW,
  };

  it("hands on its Running row with that member's turn", async () => {
    const { writes, turns, activities } = setUp(GOING);
    const result = await activities.beginGroup(beginGroupInput({ first: FIRST }));
    expect(result.first).toEqual({
      member: 'b',
      startTime: expect.any(String) as string,
      plan: { action: 'skip', message: 'Taken.' },
    });
    expect(writes).toEqual([]);
    expect(turns).toHaveLength(1);
    const [turn] = turns;
    expect(turn?.control).toEqual(GOING);
    expect(turn?.input).toMatchObject({
      clusterResourceId: fakeClusterId('b'),
      carry: [GROUP_RUNNING],
      gate: { stage: 's1', group: 'g', member: 'b' },
      record: { key: 'member|s1|g|b', order: 1, startTime: result.first?.startTime },
      since: NOW,
    });
  });

  it('passes over members the user skipped', async () => {
    const { activities } = setUp({ ...GOING, skips: [{ type: 'Member', name: 'b' }] });
    const result = await activities.beginGroup(beginGroupInput({ first: FIRST }));
    expect(result.first?.member).toBe('c');
  });

  it('writes its Running row alone and takes no turn when the intent says stop', async () => {
    const { writes, turns, activities } = setUp({ ...GOING, stopRequested: true });
    const result = await activities.beginGroup(beginGroupInput({ first: FIRST }));
    expect(result.first).toBeUndefined();
    expect(turns).toEqual([]);
    expect(writes).toEqual([[GROUP_RUNNING]]);
  });
});
