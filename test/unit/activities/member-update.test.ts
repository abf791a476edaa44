import { describe, expect, it } from 'vitest';
import { createMemberUpdateActivities, type MemberUpdatePorts } from '../../../src/activities/member-update.activities';
import { aCluster, FakeClusterClient, fakeClusterId, RetriableClusterError } from '../../../src/clusters';
import type { RunControl, StatusWrite } from '../../../src/orchestrators/contracts';
import type { MemberOutcome, MemberUpdateInput } from '../../../src/orchestrators/member-contracts';

const ID = fakeClusterId('member1');
const RUN = { subscriptionId: 'sub', resourceGroupName: 'rg', fleetName: 'fleet', runName: 'run' };
const KEY = 'member|s1|g1|member1';
const INPUT: MemberUpdateInput = {
  run: RUN,
  attempt: 0,
  stage: 's1',
  group: 'g1',
  member: { name: 'member1', clusterResourceId: ID, order: 0 },
  managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } },
  pollIntervalSeconds: 1,
  busyWaitSeconds: 60,
};
const GO: RunControl = { attempt: 0, stopRequested: false, skips: [] };
const RECHECK_SECONDS = 600;

/** The member-update activities over a fake cluster, an in-memory row store and a virtual clock. */
function setUp(options: { control?: RunControl; inlinePollSeconds?: number; kubernetesVersion?: string } = {}) {
  const cluster = aCluster({
    name: 'member1',
    ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
  });
  const fake = new FakeClusterClient({ pollsUntilDone: 2 }).withClusters(cluster);
  const rows = new Map<string, StatusWrite>();
  const written: StatusWrite[] = [];
  let now = Date.parse('2026-12-01T10:00:00Z');
  const ports: MemberUpdatePorts = {
    client: fake,
    writeRows: (_run, list) => {
      for (const row of list) {
        rows.set(row.key, row);
        written.push(row);
      }
      return Promise.resolve();
    },
    readControl: () => Promise.resolve(options.control ?? GO),
    readRow: (_run, at) => Promise.resolve(rows.get(at.key)),
    inlinePollSeconds: options.inlinePollSeconds ?? 10,
    versionRecheckSeconds: RECHECK_SECONDS,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
    now: () => now,
  };
  const advanceClock = (seconds: number) => (now += seconds * 1000);
  return { fake, rows, written, activities: createMemberUpdateActivities(ports), advanceClock };
}

describe('a member update', () => {
  it('decides, begins and polls the upgrade to its end, writing Running then Completed', async () => {
    const { activities, rows, written } = setUp();
    expect(await activities.updateMember(INPUT)).toEqual({ state: 'Completed' });
    expect(written.map((r) => [r.status?.state, r.message])).toEqual([
      ['Running', 'Starting the upgrade.'],
      ['Running', 'Upgrading the control plane to 1.32.6.'],
      ['Completed', 'Upgrade completed.'],
    ]);
    expect(rows.get(KEY)?.operationId).toBeDefined();
  });

  it('says a Full upgrade below the cluster changed only node images, not that it upgraded to the target', async () => {
    const { activities, fake, written } = setUp({ kubernetesVersion: '1.32.6' });
    fake.withLatestNodeImages(ID, { system: 'AKSUbuntu-2204gen2containerd-202511.04.0' });
    const full = {
      ...INPUT,
      managedClusterUpdate: { upgrade: { type: 'Full' as const, kubernetesVersion: '1.31.13' } },
    };
    expect(await activities.updateMember(full)).toEqual({ state: 'Completed' });
    expect(written.at(-1)?.message).toBe(
      'Upgrade completed: node images upgraded; Kubernetes stays at 1.32.6, already at or ahead of the target version 1.31.13.',
    );
  });

  it('names and asks for the patch a major.minor target resolves to among the versions the cluster is offered', async () => {
    const { activities, fake, written } = setUp();
    fake.withKubernetesUpgrades(ID, ['1.32.2', '1.32.6', '1.33.1']);
    const alias = {
      ...INPUT,
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly' as const, kubernetesVersion: '1.32' } },
    };
    expect(await activities.updateMember(alias)).toEqual({ state: 'Completed' });
    expect(written.map((r) => r.message)).toContain('Upgrading the control plane to 1.32.6.');
    expect(fake.started().map((entry) => entry.target)).toEqual([{ kubernetesVersion: '1.32.6' }]);
  });

  it('hands back Running for a durable timer when the upgrade outlasts the inline polls', async () => {
    const { activities } = setUp({ inlinePollSeconds: 0 });
    const outcome = await activities.updateMember(INPUT);
    expect(outcome).toMatchObject({ state: 'Running', progress: { step: 0 }, retryAfterSeconds: 1 });
    expect(await activities.advanceMember({ ...INPUT, running: outcome })).toEqual({ state: 'Completed' });
  });

  it('does nothing when the run was stopped before its update began', async () => {
    const { activities, written, fake } = setUp({ control: { ...GO, stopRequested: true } });
    expect(await activities.updateMember(INPUT)).toEqual({ state: 'NotStarted' });
    expect(written).toEqual([]);
    expect(fake.started()).toEqual([]);
  });

  it('follows the upgrade an earlier try began to its end when a stop came before the re-run', async () => {
    const intent: { control: RunControl; inlinePollSeconds: number } = { control: GO, inlinePollSeconds: 0 };
    const { activities, fake, rows } = setUp(intent);
    // The first try began the upgrade and recorded it; its answer was lost with the process that ran it.
    expect(await activities.updateMember(INPUT)).toMatchObject({ state: 'Running' });
    intent.control = { ...GO, stopRequested: true };

    let rerun = await activities.updateMember(INPUT);
    if (rerun.state === 'Running') rerun = await activities.advanceMember({ ...INPUT, running: rerun });
    expect(rerun).toEqual({ state: 'Completed' });
    expect(rows.get(KEY)?.status?.state).toBe('Completed');
    expect(fake.started()).toHaveLength(1);
  });

  it('records Completed, not NotStarted, when the re-run after a stop finds its own upgrade already done', async () => {
    const { activities, fake, rows } = setUp({ control: { ...GO, stopRequested: true, attempt: 1 } });
    const handle = await fake.beginControlPlaneUpgrade(ID, '1.32.6');
    while ((await fake.pollOperation(handle)).status === 'InProgress');
    rows.set(KEY, { key: KEY, status: { state: 'Running', startTime: 'x' }, operationId: handle.operationId });
    expect(await activities.updateMember(INPUT)).toEqual({ state: 'Completed' });
    expect(rows.get(KEY)?.status?.state).toBe('Completed');
  });

  it('waits for a busy cluster, shown Pending with what it waits for, and upgrades once it is free', async () => {
    const { activities, fake, rows } = setUp();
    const busy = new RetriableClusterError('OperationNotAllowed', 'Another operation is in progress.', 30);
    fake.failNextCall('beginControlPlaneUpgrade', busy);
    const waiting = await activities.updateMember(INPUT);
    expect(waiting).toMatchObject({ state: 'Running', retryAfterSeconds: 30 });
    expect(waiting.state === 'Running' && waiting.retryingSince).toBe('2026-12-01T10:00:00.000Z');
    expect(rows.get(KEY)?.status?.state).toBe('Pending');
    expect(rows.get(KEY)?.message).toMatch(/^Waiting for the cluster to accept the upgrade \(OperationNotAllowed/);
    expect(await activities.advanceMember({ ...INPUT, running: waiting })).toEqual({ state: 'Completed' });
  });

  it('fails the member once a busy cluster has been retried for MEMBER_BUSY_WAIT_SECONDS', async () => {
    const { activities, fake, rows, advanceClock } = setUp();
    const busy = () => new RetriableClusterError('OperationNotAllowed', 'Another operation is in progress.', 30);
    fake.failNextCall('beginControlPlaneUpgrade', busy());
    let outcome: MemberOutcome = await activities.updateMember(INPUT);
    for (let retry = 0; retry < 3 && outcome.state === 'Running'; retry++) {
      advanceClock(30);
      fake.failNextCall('beginControlPlaneUpgrade', busy());
      outcome = await activities.advanceMember({ ...INPUT, running: outcome });
    }
    expect(outcome).toEqual({
      state: 'Failed',
      error: { code: 'OperationNotAllowed', message: 'Another operation is in progress.' },
    });
    expect(rows.get(KEY)?.status?.state).toBe('Failed');
  });

  it('records Completed, not Skipped, when a re-run after a crash finds its own upgrade already done', async () => {
    const { activities, fake, rows } = setUp();
    const handle = await fake.beginControlPlaneUpgrade(ID, '1.32.6');
    while ((await fake.pollOperation(handle)).status === 'InProgress');
    rows.set(KEY, { key: KEY, status: { state: 'Running', startTime: 'x' }, message: 'Starting the upgrade.' });
    expect(await activities.updateMember(INPUT)).toEqual({ state: 'Completed' });
    expect(rows.get(KEY)?.status?.state).toBe('Completed');
  });

  it('records Failed with the operation error, not a second upgrade, when a re-run after a crash finds it failed', async () => {
    const { activities, fake, rows } = setUp({ inlinePollSeconds: 0 });
    fake.failNextOperation(ID, { code: 'PodDrainFailure', message: 'Draining node aks-system-0 failed.' });
    // The first try began the upgrade and recorded it; its answer was lost with the process that ran it.
    expect(await activities.updateMember(INPUT)).toMatchObject({ state: 'Running' });
    const recorded = rows.get(KEY)?.operationId;
    expect(rows.get(KEY)?.status?.state).toBe('Running');

    const error = { code: 'PodDrainFailure', message: 'Draining node aks-system-0 failed.' };
    expect(await activities.updateMember(INPUT)).toEqual({ state: 'Failed', error });
    expect(rows.get(KEY)).toMatchObject({ status: { state: 'Failed', error }, operationId: recorded });
    expect(fake.started()).toHaveLength(1);
  });

  it('waits Pending on a node image its region does not offer yet, and upgrades once the region offers it', async () => {
    const { activities, fake, rows, advanceClock } = setUp();
    const image = 'AKSUbuntu-2204gen2containerd-202511.04.0';
    fake.withLatestNodeImages(ID, { system: 'AKSUbuntu-2204gen2containerd-202510.19.0' });
    const custom: MemberUpdateInput = {
      ...INPUT,
      managedClusterUpdate: {
        upgrade: { type: 'NodeImageOnly' },
        nodeImageSelection: { type: 'Custom', customNodeImageVersions: [{ version: image }] },
      },
    };
    expect(await activities.updateMember(custom)).toEqual({ state: 'Pending', until: '2026-12-01T10:10:00.000Z' });
    const row = rows.get(KEY);
    expect(row).toMatchObject({ status: { state: 'Pending' }, notBefore: '2026-12-01T10:10:00.000Z' });
    expect(row?.status?.error?.code).toBe('NodeImageVersionNotAvailable');
    expect(row?.message).toBe(row?.status?.error?.message);
    expect(row?.message).toMatch(/^set member: member1 to Pending due to failed validation err: target upgrade node/);
    expect(fake.started()).toEqual([]);

    fake.withLatestNodeImages(ID, { system: image });
    advanceClock(RECHECK_SECONDS);
    expect(await activities.updateMember(custom)).toEqual({ state: 'Completed' });
    expect(fake.started().map((entry) => entry.target)).toEqual([{ nodeImageVersion: image }]);
    expect(rows.get(KEY)?.status?.error).toBeUndefined();
  });

  it('waits Pending on a Kubernetes version its region does not list yet, and upgrades once it does', async () => {
    const { activities, fake, rows } = setUp();
    fake.withKubernetesVersions('eastus', ['1.31.8', '1.32.5']);
    expect(await activities.updateMember(INPUT)).toMatchObject({ state: 'Pending' });
    expect(rows.get(KEY)?.status?.error).toEqual({
      code: 'KubernetesVersionNotAvailable',
      message: expect.stringContaining('"1.32.6" for the control plane is not available in region "eastus"') as string,
    });
    expect(fake.started()).toEqual([]);

    fake.withKubernetesVersions('eastus', ['1.31.8', '1.32.5', '1.32.6']);
    expect(await activities.updateMember(INPUT)).toEqual({ state: 'Completed' });
    expect(fake.started().map((entry) => entry.target)).toEqual([{ kubernetesVersion: '1.32.6' }]);
  });
});
