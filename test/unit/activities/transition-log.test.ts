import { describe, expect, it } from 'vitest';
import { describePlan, describeTransitions } from '../../../src/activities/transition-log';
import { statusKeys, type StatusWrite } from '../../../src/orchestrators/contracts';

const RUN = { subscriptionId: 'sub', resourceGroupName: 'rg', fleetName: 'demo-fleet', runName: 'demo-run' };
const T = '2026-06-01T10:00:00.000Z';
const lines = (rows: StatusWrite[]) => describeTransitions(RUN, rows).map((t) => `${t.level} ${t.line}`);

describe('a transition line', () => {
  it("tells a member's state and message with its stage and group", () => {
    const row: StatusWrite = {
      key: statusKeys.member('stage1', 'group-1a', 'member1'),
      status: { state: 'Running', startTime: T },
      message: 'Upgrading the control plane to 1.32.6.',
      operationId: 'op-1',
    };
    expect(lines([row])).toEqual([
      'info UpdateRun demo-fleet/demo-run: member member1 (stage1 › group-1a) Running: Upgrading the control plane to 1.32.6.',
    ]);
  });

  it('tells the run, stage, group and after-stage wait by their names', () => {
    const running = { state: 'Running' as const, startTime: T };
    expect(
      lines([
        { key: statusKeys.run(), status: running },
        { key: statusKeys.stage('stage1'), status: running },
        { key: statusKeys.group('stage1', 'group-1a'), status: { ...running, state: 'Completed', completedTime: T } },
        { key: statusKeys.wait('stage1'), status: running },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "info UpdateRun demo-fleet/demo-run: Running.",
        "info UpdateRun demo-fleet/demo-run: stage stage1 Running.",
        "info UpdateRun demo-fleet/demo-run: group group-1a (stage1) Completed.",
        "info UpdateRun demo-fleet/demo-run: after-stage wait (stage1) Running.",
      ]
    `);
  });

  it('warns of a failure with its code and message', () => {
    const error = { code: 'UpgradeFailed', message: 'The control plane upgrade failed.' };
    const failed = { state: 'Failed' as const, startTime: T, completedTime: T, error };
    expect(
      lines([
        { key: statusKeys.member('stage1', 'group-1a', 'member1'), status: failed, message: error.message },
        {
          key: statusKeys.run(),
          status: { ...failed, error: { code: 'UpdateRunFailed', message: 'A member failed.' } },
        },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "warn UpdateRun demo-fleet/demo-run: member member1 (stage1 › group-1a) Failed (UpgradeFailed): The control plane upgrade failed.",
        "warn UpdateRun demo-fleet/demo-run: Failed (UpdateRunFailed): A member failed.",
      ]
    `);
  });

  it('names a gate by the name a user approves it by, and its place', () => {
    const gateId =
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/demo-fleet/gates/g-1';
    expect(
      lines([
        { key: statusKeys.gate('Before', 'stage1', 'group-1a', 0), gateId, status: { state: 'Pending', startTime: T } },
        { key: statusKeys.gate('After', 'stage1', undefined, 1), status: { state: 'Completed', completedTime: T } },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "info UpdateRun demo-fleet/demo-run: gate g-1 (before stage1 › group-1a) Pending.",
        "info UpdateRun demo-fleet/demo-run: gate #2 (after stage1) Completed.",
      ]
    `);
  });

  it('tells the node images a Consistent run selected, and nothing of a row without a state', () => {
    expect(
      lines([
        { key: statusKeys.nodeImage(), selectedNodeImageVersions: ['AKSUbuntu-2204gen2containerd-202606.01.0'] },
        { key: statusKeys.member('stage1', 'group-1a', 'member1'), message: 'no state' },
      ]),
    ).toEqual([
      'info UpdateRun demo-fleet/demo-run: node images selected for every member: AKSUbuntu-2204gen2containerd-202606.01.0.',
    ]);
  });

  it("marks a member's row by its state and operation, others by their state alone", () => {
    const [member, stage] = describeTransitions(RUN, [
      { key: statusKeys.member('s', 'g', 'm'), status: { state: 'Running' }, operationId: 'op-2' },
      { key: statusKeys.stage('s'), status: { state: 'Running' } },
    ]);
    expect([member?.mark, stage?.mark]).toEqual(['Running|op-2', 'Running']);
  });
});

describe('the plan line', () => {
  it('counts members, stages and groups in one line', () => {
    const plan = { stages: [{ groups: [{}, {}] }, { groups: [{}] }] };
    expect(describePlan(RUN, plan, 3)).toBe('UpdateRun demo-fleet/demo-run: planned 3 members in 2 stages (3 groups).');
    expect(describePlan(RUN, { stages: [{ groups: [{}] }] }, 1)).toBe(
      'UpdateRun demo-fleet/demo-run: planned 1 member in 1 stage (1 group).',
    );
  });
});
