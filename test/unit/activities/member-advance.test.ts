import { describe, expect, it } from 'vitest';
import { createMemberUpgradeActivities } from '../../../src/activities/member-upgrade.activities';
import { aCluster, FakeClusterClient, fakeClusterId, RetriableClusterError } from '../../../src/clusters';
import type { MemberCursor, RunControl, RunRef, StatusWrite } from '../../../src/orchestrators/contracts';

const ID = fakeClusterId('member1');
const RUN: RunRef = { subscriptionId: 's', resourceGroupName: 'rg', fleetName: 'f', runName: 'r' };
const RECORD = {
  run: RUN,
  key: 'member|s1|g1|member1',
  clusterResourceId: ID,
  order: 0,
  startTime: '2026-01-05T12:00:00.000Z',
};
const GOING: RunControl = { attempt: 1, stopRequested: false, skips: [] };
const FULL_STEPS = [
  { kind: 'ControlPlane', kubernetesVersion: '1.32.6' },
  { kind: 'AgentPool', agentPoolName: 'system', kubernetesVersion: '1.32.6' },
];

/** An advance of the Full upgrade of member1 from `cursor`, polling every second. */
const fullFrom = (cursor: MemberCursor) => ({
  clusterResourceId: ID,
  steps: FULL_STEPS,
  cursor,
  record: { ...RECORD, ...(cursor.operationId ? { operationId: cursor.operationId } : {}) },
  pollIntervalSeconds: 1,
});

/** The activities over a fake cluster, with a virtual clock the in-activity polls advance. */
function setUp(options: { pollsUntilDone: number; budgetSeconds: number; retryAfterSeconds?: number }) {
  const fake = new FakeClusterClient({
    pollsUntilDone: options.pollsUntilDone,
    ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
  }).withClusters(aCluster({ name: 'member1' }));
  const rows: StatusWrite[] = [];
  let now = 0;
  const slept: number[] = [];
  const activities = createMemberUpgradeActivities(
    fake,
    (_run, written) => {
      rows.push(...written);
      return Promise.resolve();
    },
    () => Promise.resolve(GOING),
    {
      budgetSeconds: options.budgetSeconds,
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
    },
  );
  return { fake, rows, slept, activities };
}

describe('advance: an upgrade taken as far as it goes in one activity', () => {
  it('runs every step to the end within the inline budget, polling every interval, and records the member', async () => {
    const { fake, rows, slept, activities } = setUp({ pollsUntilDone: 3, budgetSeconds: 10 });
    const progress = await activities.advance(fullFrom({ step: 0 }));
    expect(progress).toEqual({
      outcome: 'completed',
      completedTime: expect.any(String) as string,
      operationId: expect.any(String) as string,
    });
    expect(fake.started().map((e) => e.method)).toEqual(['beginControlPlaneUpgrade', 'beginAgentPoolUpgrade']);
    expect(slept).toEqual([1000, 1000, 1000, 1000]);
    // The Completed row is the group's to write, with the next member's first row.
    expect(rows.map((r) => [r.status?.state, r.message])).toEqual([
      ['Running', 'Upgrading the control plane to 1.32.6.'],
      ['Running', "Upgrading agent pool 'system' to 1.32.6."],
    ]);
    expect(rows.every((r) => r.operationId)).toBe(true);
    expect(fake.cluster(ID)).toMatchObject({ currentKubernetesVersion: '1.32.6' });
  });

  it("polls when ARM's Retry-After says the operation ends, if that is sooner than the interval", async () => {
    const { slept, activities } = setUp({ pollsUntilDone: 2, budgetSeconds: 10, retryAfterSeconds: 0.25 });
    expect(await activities.advance(fullFrom({ step: 0 }))).toMatchObject({ outcome: 'completed' });
    expect(slept).toEqual([252, 252]);
  });

  it('hands back the cursor when the budget is spent, and a later advance goes on without starting anything twice', async () => {
    const { fake, rows, activities } = setUp({ pollsUntilDone: 3, budgetSeconds: 0 });
    const first = await activities.advance(fullFrom({ step: 0 }));
    expect(first).toMatchObject({ outcome: 'inProgress', cursor: { step: 0 } });
    if (first.outcome !== 'inProgress') throw new Error('unreachable');
    let progress = first;
    for (let i = 0; i < 10 && progress.outcome === 'inProgress'; i++) {
      const next = await activities.advance(fullFrom(progress.cursor));
      if (next.outcome !== 'inProgress') {
        expect(next).toMatchObject({ outcome: 'completed' });
        break;
      }
      progress = next;
    }
    expect(fake.started()).toHaveLength(2);
    expect(rows.at(-1)).toMatchObject({
      status: { state: 'Running' },
      message: "Upgrading agent pool 'system' to 1.32.6.",
    });
  });

  it("fails the member with the operation's ARM code and message", async () => {
    const { fake, rows, activities } = setUp({ pollsUntilDone: 1, budgetSeconds: 10 });
    fake.failNextOperation(ID, { code: 'UpgradeFailed', message: 'Drain timed out.' });
    const progress = await activities.advance(fullFrom({ step: 0 }));
    expect(progress).toEqual({ outcome: 'failed', error: { code: 'UpgradeFailed', message: 'Drain timed out.' } });
    expect(rows.at(-1)).toMatchObject({
      status: { state: 'Failed', error: { code: 'UpgradeFailed' } },
      message: 'Drain timed out.',
    });
  });

  it('returns a throttled poll as retry data with Retry-After and the cursor, so a durable timer backs off', async () => {
    const { fake, activities } = setUp({ pollsUntilDone: 5, budgetSeconds: 10 });
    fake.failNextCall('pollOperation', new RetriableClusterError('TooManyRequests', 'Throttled.', 42));
    const progress = await activities.advance(fullFrom({ step: 0 }));
    expect(progress).toMatchObject({
      outcome: 'retry',
      retryAfterSeconds: 42,
      error: { code: 'TooManyRequests' },
      cursor: { step: 0 },
    });
    if (progress.outcome !== 'retry') throw new Error('unreachable');
    expect(progress.cursor.handle).toBeDefined();
    expect(fake.started()).toHaveLength(1);
  });
});

/** member1's turn in a ControlPlaneOnly run: plan it, then begin and advance the upgrade. */
const PLAN_INPUT = {
  clusterResourceId: ID,
  managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly' as const, kubernetesVersion: '1.32.6' } },
  now: '2026-01-05T12:00:00.000Z',
  record: RECORD,
  advance: { pollIntervalSeconds: 1 },
  gate: { stage: 's1', group: 'g1', member: 'member1' },
};

/** Rows another member completed, which the group hands to this member's plan. */
const CARRIED: StatusWrite = {
  key: 'member|s1|g1|member0',
  status: { state: 'Completed', startTime: '2026-01-05T11:00:00.000Z', completedTime: '2026-01-05T11:59:00.000Z' },
  message: 'Upgrade completed.',
};

/** planMember over a fake cluster, recording each write (one call = one transaction). */
function planWith(control: RunControl, cluster = aCluster({ name: 'member1' })) {
  const fake = new FakeClusterClient({ pollsUntilDone: 1 }).withClusters(cluster);
  const writes: StatusWrite[][] = [];
  const activities = createMemberUpgradeActivities(
    fake,
    (_run, rows) => {
      writes.push(rows);
      return Promise.resolve();
    },
    () => Promise.resolve(control),
    { budgetSeconds: 0 },
  );
  return { fake, writes, activities };
}

describe('planMember writes the rows the group carries with its own first row', () => {
  it('flips the previous member to Completed in the same transaction as this member to Running', async () => {
    const { writes, activities } = planWith(GOING);
    await activities.planMember({ ...PLAN_INPUT, carry: [CARRIED] });
    expect(writes[0]?.map((r) => [r.key, r.status?.state, r.message])).toEqual([
      [CARRIED.key, 'Completed', 'Upgrade completed.'],
      [RECORD.key, 'Running', 'Starting the upgrade.'],
    ]);
    expect(
      writes
        .slice(1)
        .flat()
        .map((r) => r.key),
    ).not.toContain(CARRIED.key);
  });

  it('has the carried rows stored before it returns, also when the upgrade request was throttled', async () => {
    const fake = new FakeClusterClient().withClusters(aCluster({ name: 'member1' }));
    fake.failNextCall('beginControlPlaneUpgrade', new RetriableClusterError('TooManyRequests', 'Throttled.', 7));
    const stored: StatusWrite[] = [];
    const slowWriter = (_run: RunRef, rows: StatusWrite[]) =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          stored.push(...rows);
          resolve();
        }, 20),
      );
    const activities = createMemberUpgradeActivities(fake, slowWriter, () => Promise.resolve(GOING), {
      budgetSeconds: 0,
    });
    const plan = await activities.planMember({ ...PLAN_INPUT, carry: [CARRIED] });
    expect(plan).toMatchObject({ action: 'upgrade', progress: { outcome: 'retry', retryAfterSeconds: 7 } });
    expect(stored.map((r) => r.key)).toEqual([CARRIED.key, RECORD.key]);
  });

  it('writes the carried rows alone when the run was stopped meanwhile', async () => {
    const { fake, writes, activities } = planWith({ ...GOING, stopRequested: true });
    expect(await activities.planMember({ ...PLAN_INPUT, carry: [CARRIED] })).toEqual({ action: 'halted' });
    expect(writes).toEqual([[CARRIED]]);
    expect(fake.started()).toHaveLength(0);
  });

  it('writes them with the Skipped row of a member already at the target', async () => {
    const { writes, activities } = planWith(GOING, aCluster({ name: 'member1', kubernetesVersion: '1.32.6' }));
    expect(await activities.planMember({ ...PLAN_INPUT, carry: [CARRIED] })).toMatchObject({ action: 'skip' });
    expect(writes.map((w) => w.map((r) => r.status?.state))).toEqual([['Completed', 'Skipped']]);
  });
});

describe('planMember with advance', () => {
  it('does nothing to the cluster when the run was stopped meanwhile', async () => {
    const fake = new FakeClusterClient().withClusters(aCluster({ name: 'member1' }));
    const activities = createMemberUpgradeActivities(
      fake,
      () => Promise.resolve(),
      () => Promise.resolve({ ...GOING, stopRequested: true }),
      { budgetSeconds: 10 },
    );
    const plan = await activities.planMember(PLAN_INPUT);
    expect(plan).toEqual({ action: 'halted' });
    expect(fake.started()).toHaveLength(0);
  });

  it('keeps a member Completed when its plan runs again after a crash that came after the upgrade ended', async () => {
    const { activities, rows, fake } = crashable();
    const input = PLAN_INPUT;
    // The first run began the upgrade and was cut off before it saw the end (its row says Running).
    const first = await activities.planMember(input);
    expect(first).toMatchObject({ action: 'upgrade', progress: { outcome: 'completed' } });
    rows.set(RECORD.key, { ...rows.get(RECORD.key)!, status: { state: 'Running', startTime: RECORD.startTime } });

    expect(await activities.planMember(input)).toEqual({ action: 'completed' });
    expect(rows.get(RECORD.key)?.status?.state).toBe('Completed');
    expect(fake.started()).toHaveLength(1);
    // Another turn (a later start) finds it at the target and skips it.
    expect(
      await activities.planMember({ ...input, record: { ...RECORD, startTime: '2026-01-06T00:00:00.000Z' } }),
    ).toMatchObject({
      action: 'skip',
    });
  });

  it('keeps it Completed also when the crash came right after the PUT, before its row had an operation id', async () => {
    const { activities, rows, fake } = crashable();
    await fake.pollOperation(await fake.beginControlPlaneUpgrade(ID, '1.32.6'));
    rows.set(RECORD.key, {
      key: RECORD.key,
      status: { state: 'Running', startTime: RECORD.startTime },
      message: 'Starting the upgrade.',
    });
    expect(await activities.planMember(PLAN_INPUT)).toEqual({ action: 'completed' });
    expect(rows.get(RECORD.key)?.status?.state).toBe('Completed');
  });

  it('skips a member another actor upgraded while this turn was only waiting to retry its plan', async () => {
    const { activities, rows, fake } = crashable();
    await fake.pollOperation(await fake.beginControlPlaneUpgrade(ID, '1.32.6'));
    rows.set(RECORD.key, {
      key: RECORD.key,
      status: { state: 'Running', startTime: RECORD.startTime },
      message: 'Waiting to retry: Throttled.',
    });
    expect(await activities.planMember(PLAN_INPUT)).toMatchObject({ action: 'skip' });
    expect(rows.get(RECORD.key)?.status?.state).toBe('Skipped');
  });
});

/** Activities over a fake cluster whose rows live in a map, read back as a re-run after a crash would. */
function crashable() {
  const fake = new FakeClusterClient({ pollsUntilDone: 1 }).withClusters(aCluster({ name: 'member1' }));
  const rows = new Map<string, StatusWrite>();
  const activities = createMemberUpgradeActivities(
    fake,
    (_run, written) => {
      for (const r of written) rows.set(r.key, r);
      return Promise.resolve();
    },
    () => Promise.resolve(GOING),
    { budgetSeconds: 0 },
    (_run, key) => Promise.resolve(rows.get(key)),
  );
  return { activities, rows, fake };
}

describe('advance with the next member: the hand-on', () => {
  const ID2 = fakeClusterId('member2');
  const SINCE = '2026-01-05T11:30:00.000Z';
  /** member2's turn as the group hands it with member1's upgrade. */
  const NEXT = {
    ...PLAN_INPUT,
    clusterResourceId: ID2,
    record: { ...RECORD, key: 'member|s1|g1|member2', clusterResourceId: ID2, order: 1 },
    gate: { stage: 's1', group: 'g1', member: 'member2' },
    since: SINCE,
    stampStart: true,
  };
  const CONTROL_PLANE = [{ kind: 'ControlPlane', kubernetesVersion: '1.32.6' }];

  /** member1's upgrade begun; ARM says when it ends (2 s) and the activity may poll for `budgetSeconds`. */
  function handOnSetUp(control: RunControl, budgetSeconds = 10) {
    const fake = new FakeClusterClient({ pollsUntilDone: 2, retryAfterSeconds: 2 }).withClusters(
      aCluster({ name: 'member1' }),
      aCluster({ name: 'member2' }),
    );
    let now = 0;
    const calls: string[] = [];
    const at = (what: string) => calls.push(`${now} ${what}`);
    const client = Object.create(fake) as FakeClusterClient;
    client.getCluster = (id) => (at(`read ${id === ID2 ? 'member2' : 'member1'}`), fake.getCluster(id));
    client.pollOperation = (handle) => (at('poll'), fake.pollOperation(handle));
    const writes: StatusWrite[][] = [];
    const activities = createMemberUpgradeActivities(
      client,
      (_run, rows) => {
        writes.push(rows);
        return Promise.resolve();
      },
      () => (at('intent'), Promise.resolve(control)),
      {
        budgetSeconds,
        now: () => now,
        sleep: (ms) => {
          now += ms;
          return Promise.resolve();
        },
      },
    );
    const input = {
      clusterResourceId: ID,
      steps: CONTROL_PLANE,
      cursor: { step: 0 },
      record: RECORD,
      pollIntervalSeconds: 15,
      next: NEXT,
    };
    return { fake, calls, writes, activities, input };
  }

  it("begins the next member's upgrade as this one completes, and flips both rows in one transaction", async () => {
    const { fake, calls, writes, activities, input } = handOnSetUp(GOING);
    const progress = await activities.advance(input);

    expect(progress).toMatchObject({
      outcome: 'completed',
      next: {
        member: 'member2',
        plan: { action: 'upgrade', progress: { outcome: 'inProgress', justBegun: true, cursor: { step: 0 } } },
      },
    });
    if (progress.outcome !== 'completed' || !progress.next) throw new Error('unreachable');
    expect(progress.next.startTime >= progress.completedTime).toBe(true);
    expect(fake.started().map((e) => e.clusterResourceId)).toEqual([ID, ID2]);
    // member2's cluster is read a moment before member1's expected end, the intent with the poll that finds it.
    expect(calls).toEqual(['0 poll', '1752 read member2', '2002 intent', '2002 poll']);
    const states = writes.map((rows) => rows.map((r) => `${r.key.split('|').at(-1)} ${r.status?.state}`));
    expect(states).toEqual([['member1 Running'], ['member1 Completed', 'member2 Running'], ['member2 Running']]);
    expect(writes[1]?.[1]).toMatchObject({
      message: 'Starting the upgrade.',
      status: { startTime: progress.next.startTime },
    });
    expect(writes[2]?.[0]?.operationId).toBeDefined();
  });

  it('leaves the next member untouched when the run was stopped meanwhile, and records the completion alone', async () => {
    const { fake, writes, activities, input } = handOnSetUp({ ...GOING, stopRequested: true });
    const progress = await activities.advance(input);
    expect(progress).toMatchObject({ outcome: 'completed', next: { member: 'member2', plan: { action: 'halted' } } });
    expect(fake.started().map((e) => e.clusterResourceId)).toEqual([ID]);
    expect(writes.at(-1)?.map((r) => [r.key, r.status?.state])).toEqual([[RECORD.key, 'Completed']]);
  });

  it('hands the next turn back to the group, unread, when the upgrade outlasts the activity', async () => {
    const { fake, calls, activities, input } = handOnSetUp(GOING, 1);
    expect(await activities.advance(input)).toMatchObject({ outcome: 'inProgress' });
    expect(calls).toEqual(['0 poll']);
    expect(fake.started()).toHaveLength(1);
  });
});

describe('a turn taken by the member before it, after a crash', () => {
  it('is recognised by a row stamped since the group began, and keeps that startTime', async () => {
    const { activities, rows, fake } = crashable();
    await fake.pollOperation(await fake.beginControlPlaneUpgrade(ID, '1.32.6'));
    const taken = '2026-01-05T12:00:02.000Z';
    rows.set(RECORD.key, {
      key: RECORD.key,
      status: { state: 'Running', startTime: taken },
      message: 'Starting the upgrade.',
    });
    const rerun = { ...PLAN_INPUT, record: { ...RECORD, startTime: '2026-01-05T12:05:00.000Z' } };
    expect(await activities.planMember({ ...rerun, since: '2026-01-05T12:00:00.000Z' })).toEqual({
      action: 'completed',
    });
    expect(rows.get(RECORD.key)?.status).toMatchObject({ state: 'Completed', startTime: taken });
    // A row from before the group's attempt began is an earlier turn's.
    rows.set(RECORD.key, {
      key: RECORD.key,
      status: { state: 'Running', startTime: taken },
      message: 'Starting the upgrade.',
    });
    expect(await activities.planMember({ ...rerun, since: '2026-01-05T12:01:00.000Z' })).toMatchObject({
      action: 'skip',
    });
  });
});

describe("advance with the group's Completed row: the last member closes its group", () => {
  const CLOSE: StatusWrite = {
    key: 'group|s1|g1',
    status: { state: 'Completed', startTime: '2026-01-05T11:00:00.000Z' },
  };

  it('writes its Completed row with the group row, in one transaction, when the upgrade completes here', async () => {
    const writes: StatusWrite[][] = [];
    const progress = await createMemberUpgradeActivities(
      new FakeClusterClient({ pollsUntilDone: 2 }).withClusters(aCluster({ name: 'member1' })),
      (_run, written) => {
        writes.push(written);
        return Promise.resolve();
      },
      () => Promise.resolve(GOING),
      { budgetSeconds: 10, sleep: () => Promise.resolve() },
    ).advance({ ...fullFrom({ step: 0 }), steps: FULL_STEPS.slice(0, 1), close: CLOSE });
    expect(progress).toMatchObject({ outcome: 'completed', closed: true });
    if (progress.outcome !== 'completed') throw new Error('unreachable');
    expect(writes.at(-1)).toEqual([
      expect.objectContaining({ key: RECORD.key, status: expect.objectContaining({ state: 'Completed' }) as unknown }),
      { key: CLOSE.key, status: { ...CLOSE.status, completedTime: progress.completedTime } },
    ]);
  });

  it('leaves the group row to the group when the upgrade outlasts the activity', async () => {
    const { rows, activities } = setUp({ pollsUntilDone: 3, budgetSeconds: 0 });
    const progress = await activities.advance({ ...fullFrom({ step: 0 }), close: CLOSE });
    expect(progress).toMatchObject({ outcome: 'inProgress' });
    expect(rows.map((r) => r.key)).not.toContain(CLOSE.key);
  });
});
