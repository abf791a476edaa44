import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { aFleetWithMembers, FAST, FLEET, RG, waitForRun } from '../support/fleet-fixtures';
import { startFakeIngestion, type FakeIngestion, type IngestedItem } from './support/fake-ingestion';

const dependencies = (items: IngestedItem[], name: string) =>
  items.filter((i) => i.data?.baseType === 'RemoteDependencyData' && i.data.baseData?.name === name);

describe('telemetry of an update run exported to Application Insights', () => {
  let ingestion: FakeIngestion;
  let stack: FleetStack;
  beforeAll(async () => {
    ingestion = await startFakeIngestion();
    stack = await startFleetStack({
      simulatorSpeed: 20,
      appSettings: {
        APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
        NODE_TLS_REJECT_UNAUTHORIZED: '0', // the fake ingestion's certificate is made by the test
      },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await ingestion?.stop();
  });

  it("sends a span per member and one for the run in one operation, and the members' lines with their place", async () => {
    const fleets = await aFleetWithMembers(stack, [{ name: 'alpha' }, { name: 'bravo' }]);
    const managedClusterUpdate = { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.6' } } as const;
    await fleets.updateRuns.createOrUpdate(RG, FLEET, 'traced', { properties: { managedClusterUpdate } }, FAST);
    await fleets.updateRuns.start(RG, FLEET, 'traced', FAST);
    expect((await waitForRun(stack, 'traced')).properties?.status?.status?.state).toBe('Completed');

    // Spans and records leave in batches (every few seconds): wait for the run's last of each.
    const runEnded = (item: IngestedItem) => item.data?.baseData?.message === `UpdateRun ${FLEET}/traced: Completed.`;
    const deadline = Date.now() + 30_000;
    while (!(dependencies(ingestion.items, 'UpdateRun').length > 0 && ingestion.items.some(runEnded)))
      if (Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      else break;
    const members = dependencies(ingestion.items, 'Member');
    const [run] = dependencies(ingestion.items, 'UpdateRun');
    expect(members.map((m) => m.data?.baseData?.properties?.['update_run.member']).sort()).toEqual(['alpha', 'bravo']);
    expect(run?.data?.baseData?.properties).toMatchObject({
      'update_run.name': 'traced',
      'update_run.state': 'Completed',
    });
    const operation = run?.tags?.['ai.operation.id'];
    expect(operation).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(members.map((m) => m.tags?.['ai.operation.id']))).toEqual(new Set([operation]));

    const lines = ingestion.items.filter(
      (i) => i.data?.baseType === 'MessageData' && i.data.baseData?.properties?.['update_run.member'] === 'alpha',
    );
    expect(lines.map((l) => l.data?.baseData?.message)).toEqual([
      `UpdateRun ${FLEET}/traced: member alpha (default › default) Running: Starting the upgrade.`,
      `UpdateRun ${FLEET}/traced: member alpha (default › default) Running: Upgrading the control plane to 1.32.6.`,
      `UpdateRun ${FLEET}/traced: member alpha (default › default) Completed: Upgrade completed.`,
    ]);
    expect(lines.map((l) => l.tags?.['ai.operation.id'])).toEqual([operation, operation, operation]);
  }, 120_000);
});
