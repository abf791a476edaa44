import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { aFleet, runsOf } from './support/e2e-fleet';
import {
  approveGate,
  listGates,
  putRun,
  raw,
  runStatusOf,
  statusWhen,
  thePendingGate,
  type RawRunStatus,
} from './support/gates';

const approval = (displayName: string) => ({ displayName, type: 'Approval' });
const UPGRADE = { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } };
const stage = (s: RawRunStatus, name: string) => s.stages.find((x) => x.name === name);
const group = (s: RawRunStatus, name: string) => s.stages.flatMap((x) => x.groups).find((g) => g.name === name);

describe('approval gates (api-version 2026-06-01)', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 20 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('pauses at each kind of gate until it is approved, shows Pending at every level, and skips a gated group', async () => {
    await aFleet(stack, 'gated', [
      { name: 'a1', group: 'ga' },
      { name: 'b1', group: 'gb' },
      { name: 'c1', group: 'gc' },
    ]);
    const created = await putRun(stack, 'gated', 'run', {
      strategy: {
        stages: [
          {
            name: 's1',
            beforeGates: [approval('before s1')],
            afterGates: [approval('after s1')],
            afterStageWaitInSeconds: 1,
            groups: [{ name: 'ga', beforeGates: [approval('before ga')], afterGates: [approval('after ga')] }],
          },
          { name: 's2', groups: [{ name: 'gb' }, { name: 'gc', beforeGates: [approval('before gc')] }] },
        ],
      },
      managedClusterUpdate: UPGRADE,
    });
    expect(created.status).toBe(201);
    await runsOf(stack, 'gated').start('run');

    // Before the first stage: the run, the stage and the gate are Pending; nothing upgrades.
    const beforeS1 = await thePendingGate(stack, 'gated');
    expect(beforeS1.properties).toMatchObject({
      displayName: 'before s1',
      gateType: 'Approval',
      state: 'Pending',
      target: { updateRunProperties: { name: 'run', stage: 's1', timing: 'Before' } },
    });
    expect(beforeS1.properties.target.id).toMatch(/\/fleets\/gated\/updateRuns\/run$/);
    let status = await runStatusOf(stack, 'gated', 'run');
    expect(status.status.state).toBe('Pending');
    expect(stage(status, 's1')?.status.state).toBe('Pending');
    expect(stage(status, 's1')?.beforeGates?.[0]).toMatchObject({ gateId: beforeS1.id, status: { state: 'Pending' } });
    expect(group(status, 'ga')?.members[0]?.status.state).toBe('NotStarted');

    expect((await approveGate(stack, 'gated', beforeS1.name)).status).toBe(200);
    const again = await approveGate(stack, 'gated', beforeS1.name);
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('only a Pending gate can be completed');

    // Before the group: only the group's gate holds it.
    const beforeGa = await thePendingGate(stack, 'gated');
    expect(beforeGa.properties.target.updateRunProperties).toMatchObject({
      stage: 's1',
      group: 'ga',
      timing: 'Before',
    });
    status = await runStatusOf(stack, 'gated', 'run');
    expect(stage(status, 's1')?.beforeGates?.[0]?.status.state).toBe('Completed');
    expect([status.status.state, stage(status, 's1')?.status.state, group(status, 'ga')?.status.state]).toEqual([
      'Pending',
      'Pending',
      'Pending',
    ]);
    await approveGate(stack, 'gated', beforeGa.name);

    // After the group: its member upgraded, the group waits for its after-gate.
    const afterGa = await thePendingGate(stack, 'gated');
    expect(afterGa.properties.displayName).toBe('after ga');
    status = await runStatusOf(stack, 'gated', 'run');
    expect(group(status, 'ga')?.members[0]?.status.state).toBe('Completed');
    expect(group(status, 'ga')?.status.state).toBe('Pending');
    await approveGate(stack, 'gated', afterGa.name);

    // After the stage: the gate and the after-stage wait run side by side; s2 waits for the gate.
    const afterS1 = await thePendingGate(stack, 'gated');
    expect(afterS1.properties.target.updateRunProperties).toMatchObject({ stage: 's1', timing: 'After' });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the 1 s wait ends; the gate still holds s2
    status = await runStatusOf(stack, 'gated', 'run');
    expect(stage(status, 's1')?.afterStageWaitStatus?.status.state).toBe('Completed');
    expect(stage(status, 's2')?.status.state).toBe('NotStarted');
    expect(status.status.state).toBe('Pending');
    await approveGate(stack, 'gated', afterS1.name);

    // In s2, gb upgrades while gc waits at its gate; then skipping gc skips its gate and the run completes.
    const beforeGc = await thePendingGate(stack, 'gated');
    expect(beforeGc.properties.target.updateRunProperties.group).toBe('gc');
    status = await statusWhen(stack, 'gated', 'run', (s) => group(s, 'gb')?.status.state === 'Completed');
    expect(group(status, 'gc')?.status.state).toBe('Pending');
    expect(stage(status, 's2')?.status.state).toBe('Pending');
    await runsOf(stack, 'gated').skip('run', [{ type: 'Group', name: 'gc' }]);
    status = await statusWhen(stack, 'gated', 'run', (s) => s.status.state === 'Completed');
    expect(group(status, 'gc')?.beforeGates?.[0]?.status.state).toBe('Skipped');
    expect(group(status, 'gc')?.members[0]?.status.state).toBe('Skipped');
    const skipped = (await listGates(stack, 'gated')).find((g) => g.name === beforeGc.name);
    expect(skipped?.properties.state).toBe('Skipped');
    expect((await approveGate(stack, 'gated', beforeGc.name)).status).toBe(409);

    // Lists filter by state and run and page; deleting the run deletes its gates.
    expect(await listGates(stack, 'gated', "state eq 'Completed'")).toHaveLength(4);
    expect(await listGates(stack, 'gated', "target/updateRunProperties/name eq 'other'")).toHaveLength(0);
    const page = await raw(stack, 'GET', `${fleetPathOf('gated')}/gates?$top=2`);
    expect((page.body.value as unknown[]).length).toBe(2);
    expect(page.body.nextLink).toBeDefined();
    const bad = await raw(stack, 'GET', `${fleetPathOf('gated')}/gates?$filter=${encodeURIComponent('colour eq red')}`);
    expect(bad.status).toBe(400);
    await runsOf(stack, 'gated').delete('run');
    expect(await listGates(stack, 'gated')).toHaveLength(0);
  }, 180_000);

  it('stops at once at a gate, keeps the gate across a start and a devhost kill, and resumes after approval', async () => {
    await aFleet(stack, 'held', [{ name: 'h1', group: 'gh' }]);
    await putRun(stack, 'held', 'run', {
      strategy: { stages: [{ name: 's', groups: [{ name: 'gh', beforeGates: [approval('go')] }] }] },
      managedClusterUpdate: UPGRADE,
    });
    const runs = runsOf(stack, 'held');
    await runs.start('run');
    const gate = await thePendingGate(stack, 'held');
    await runs.stop('run');
    let status = await statusWhen(stack, 'held', 'run', (s) => s.status.state === 'Stopped', 10_000);
    expect(group(status, 'gh')?.members[0]?.status.state).toBe('NotStarted');

    await runs.start('run');
    expect((await thePendingGate(stack, 'held')).name).toBe(gate.name);
    expect(await stack.devhost.kill('SIGKILL')).toBeNull();
    await stack.restartDevhost();
    expect((await listGates(stack, 'held')).map((g) => g.name)).toEqual([gate.name]);

    const stale = await approveGate(stack, 'held', gate.name, { 'if-match': '"not-the-etag"' });
    expect(stale.status).toBe(412);
    expect((await approveGate(stack, 'held', gate.name, { 'if-match': gate.eTag })).status).toBe(200);
    status = await statusWhen(stack, 'held', 'run', (s) => s.status.state === 'Completed', 60_000);
    expect(group(status, 'gh')?.beforeGates?.[0]).toMatchObject({ gateId: gate.id, status: { state: 'Completed' } });
    expect(await listGates(stack, 'held')).toHaveLength(1);
  }, 180_000);
});

function fleetPathOf(fleet: string): string {
  return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fleet-e2e/providers/Microsoft.ContainerService/fleets/${fleet}`;
}
