import { describe, expect, it } from 'vitest';
import { aStrategy, anUpdateRun, givenFleetWithGroups } from '../../fixtures/fleet-builders';
import { callApi, clusterId, fleetPath, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();

const runs = `${fleetPath('fleet1')}/updateRuns`;

function targetOf(response: { body: unknown }): string | undefined {
  return (response.body as { error: { target?: string } }).error.target;
}

describe('update runs', () => {
  it('creates a staged run whose status is a NotStarted skeleton of the strategy and the members', async () => {
    await givenFleetWithGroups();
    const created = await callApi('PUT', `${runs}/run1`, { body: anUpdateRun({ strategy: aStrategy() }) });
    expect(created.status).toBe(201);
    const props = (created.body as { properties: Record<string, unknown> }).properties;
    expect(props.status).toEqual({
      status: { state: 'NotStarted' },
      stages: [
        {
          name: 'stage1',
          status: { state: 'NotStarted' },
          groups: [
            {
              name: 'canary',
              status: { state: 'NotStarted' },
              members: [
                { name: 'm-canary-1', clusterResourceId: clusterId('fleet1-c1'), status: { state: 'NotStarted' } },
              ],
            },
          ],
          afterStageWaitStatus: { status: { state: 'NotStarted' }, waitDurationInSeconds: 3600 },
        },
        {
          name: 'stage2',
          status: { state: 'NotStarted' },
          groups: [
            {
              name: 'prod',
              status: { state: 'NotStarted' },
              members: [
                { name: 'm-prod-1', clusterResourceId: clusterId('fleet1-p1'), status: { state: 'NotStarted' } },
                { name: 'm-prod-2', clusterResourceId: clusterId('fleet1-p2'), status: { state: 'NotStarted' } },
              ],
            },
          ],
        },
      ],
    });
  });

  it('runs one by one without a strategy: a single default stage and group holding every member', async () => {
    await givenFleetWithGroups();
    const created = await callApi('PUT', `${runs}/run1`, { body: anUpdateRun() });
    const status = (
      created.body as {
        properties: { status: { stages: Array<{ name: string; groups: Array<{ members: unknown[] }> }> } };
      }
    ).properties.status;
    expect(status.stages.map((s) => s.name)).toEqual(['default']);
    expect(status.stages[0]?.groups[0]?.members).toHaveLength(3);
  });

  it('snapshots the strategy named by updateStrategyId; later strategy edits do not reach the run', async () => {
    await givenFleetWithGroups();
    const strategyPath = `${fleetPath('fleet1')}/updateStrategies/s1`;
    const strategy = await callApi('PUT', strategyPath, { body: { properties: { strategy: aStrategy() } } });
    const strategyId = (strategy.body as { id: string }).id;
    const run = await callApi('PUT', `${runs}/run1`, { body: anUpdateRun({ updateStrategyId: strategyId }) });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ properties: { updateStrategyId: strategyId, strategy: aStrategy() } });
    await callApi('PUT', strategyPath, {
      body: { properties: { strategy: { stages: [{ name: 'only', groups: [{ name: 'prod' }] }] } } },
    });
    const read = await callApi('GET', `${runs}/run1`);
    expect(read.body).toMatchObject({ properties: { strategy: aStrategy() } });
  });

  it.each([
    [
      'Full without kubernetesVersion',
      { upgrade: { type: 'Full' } },
      'properties.managedClusterUpdate.upgrade.kubernetesVersion',
    ],
    [
      'ControlPlaneOnly without kubernetesVersion',
      { upgrade: { type: 'ControlPlaneOnly' } },
      'properties.managedClusterUpdate.upgrade.kubernetesVersion',
    ],
    [
      'NodeImageOnly with kubernetesVersion',
      { upgrade: { type: 'NodeImageOnly', kubernetesVersion: '1.30.4' } },
      'properties.managedClusterUpdate.upgrade.kubernetesVersion',
    ],
    ['an unknown upgrade type', { upgrade: { type: 'Everything' } }, 'properties.managedClusterUpdate.upgrade.type'],
    [
      'Custom without customNodeImageVersions',
      { upgrade: { type: 'NodeImageOnly' }, nodeImageSelection: { type: 'Custom' } },
      'properties.managedClusterUpdate.nodeImageSelection.customNodeImageVersions',
    ],
    [
      'Custom with two versions of one family',
      {
        upgrade: { type: 'NodeImageOnly' },
        nodeImageSelection: {
          type: 'Custom',
          customNodeImageVersions: [
            { version: 'AKSUbuntu-2204gen2containerd-202403.25.0' },
            { version: 'AKSUbuntu-2204gen2containerd-202404.01.0' },
          ],
        },
      },
      'properties.managedClusterUpdate.nodeImageSelection.customNodeImageVersions[1].version',
    ],
    [
      'customNodeImageVersions with Latest',
      {
        upgrade: { type: 'NodeImageOnly' },
        nodeImageSelection: {
          type: 'Latest',
          customNodeImageVersions: [{ version: 'AKSUbuntu-2204gen2containerd-202403.25.0' }],
        },
      },
      'properties.managedClusterUpdate.nodeImageSelection.customNodeImageVersions',
    ],
  ])('refuses %s with 400 naming the field', async (_case, managedClusterUpdate, target) => {
    await givenFleetWithGroups();
    const response = await callApi('PUT', `${runs}/run1`, { body: { properties: { managedClusterUpdate } } });
    expect(response.status).toBe(400);
    expect(targetOf(response)).toBe(target);
  });

  it.each([
    ['an unknown top-level field', { ...anUpdateRun(), location: 'westeurope' }, 'location'],
    ['an unknown properties field', anUpdateRun({ stages: [] }), 'properties.stages'],
    [
      'an unknown upgrade field',
      anUpdateRun({ managedClusterUpdate: { upgrade: { type: 'NodeImageOnly', force: true } } }),
      'properties.managedClusterUpdate.upgrade.force',
    ],
    [
      'an unknown stage field of its strategy',
      anUpdateRun({ strategy: { stages: [{ name: 's', groups: [{ name: 'canary' }], waitSeconds: 5 }] } }),
      'properties.strategy.stages[0].waitSeconds',
    ],
    [
      'memberSelector on a stage of its strategy',
      anUpdateRun({
        strategy: { stages: [{ name: 's', groups: [{ name: 'canary' }], memberSelector: { byLabel: 'a=b' } }] },
      }),
      'properties.strategy.stages[0].memberSelector',
    ],
  ])('refuses %s with 400 InvalidRequestContent naming it, and creates nothing', async (_case, body, target) => {
    await givenFleetWithGroups();
    const response = await callApi('PUT', `${runs}/run1`, { body, apiVersion: '2026-06-01' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'InvalidRequestContent', target } });
    expect((await callApi('GET', `${runs}/run1`)).status).toBe(404);
  });

  it('stores maxAllowedFailures under 2026-06-01, hides it from 2025-03-01 and refuses it there', async () => {
    await givenFleetWithGroups();
    const strategy = {
      stages: [{ name: 's', maxAllowedFailures: '1', groups: [{ name: 'prod', maxAllowedFailures: '50%' }] }],
    };
    const created = await callApi('PUT', `${runs}/run1`, { body: anUpdateRun({ strategy }), apiVersion: '2026-06-01' });
    expect(created.status).toBe(201);
    const read = await callApi('GET', `${runs}/run1`, { apiVersion: '2026-06-01' });
    expect(read.body).toMatchObject({ properties: { strategy } });
    const old = await callApi('GET', `${runs}/run1`, { apiVersion: '2025-03-01' });
    expect((old.body as { properties: { strategy: unknown } }).properties.strategy).toEqual({
      stages: [{ name: 's', groups: [{ name: 'prod' }] }],
    });
    const refused = await callApi('PUT', `${runs}/run2`, { body: anUpdateRun({ strategy }) });
    expect(refused.status).toBe(400);
    expect(targetOf(refused)).toBe('properties.strategy.stages[0].groups[0].maxAllowedFailures');
  });

  it('takes back the body of its own GET, status and all (read-only fields are ignored)', async () => {
    await givenFleetWithGroups();
    await callApi('PUT', `${runs}/run1`, { body: anUpdateRun({ strategy: aStrategy() }), apiVersion: '2026-06-01' });
    const read = await callApi('GET', `${runs}/run1`, { apiVersion: '2026-06-01' });
    expect(read.body).toMatchObject({ properties: { status: { status: { state: 'NotStarted' } } } });
    const replaced = await callApi('PUT', `${runs}/run1`, { body: read.body, apiVersion: '2026-06-01' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ properties: { strategy: aStrategy() } });
  });

  it('refuses a run without managedClusterUpdate', async () => {
    await givenFleetWithGroups();
    const response = await callApi('PUT', `${runs}/run1`, { body: { properties: {} } });
    expect(targetOf(response)).toBe('properties.managedClusterUpdate');
  });

  it('refuses updateStrategyId together with strategy', async () => {
    await givenFleetWithGroups();
    const id = `${fleetPath('fleet1')}/updateStrategies/s1`;
    const response = await callApi('PUT', `${runs}/run1`, {
      body: anUpdateRun({ updateStrategyId: id, strategy: aStrategy() }),
    });
    expect(response.status).toBe(400);
    expect(targetOf(response)).toBe('properties.updateStrategyId');
  });

  it('refuses an updateStrategyId that names no strategy of this fleet', async () => {
    await givenFleetWithGroups();
    const response = await callApi('PUT', `${runs}/run1`, {
      body: anUpdateRun({ updateStrategyId: `${fleetPath('other')}/updateStrategies/s1` }),
    });
    expect(response.status).toBe(400);
    expect(targetOf(response)).toBe('properties.updateStrategyId');
  });

  it('refuses an invalid run name', async () => {
    await givenFleetWithGroups();
    const response = await callApi('PUT', `${runs}/Run_1`, { body: anUpdateRun() });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'InvalidResourceName', target: 'updateRunName' } });
  });

  it('refuses a body that is not JSON, and one over the size limit', async () => {
    await givenFleetWithGroups();
    const broken = await callApi('PUT', `${runs}/run1`, { text: '{"properties":' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: { code: 'InvalidRequestContent' } });
    const huge = await callApi('PUT', `${runs}/run1`, { text: JSON.stringify({ pad: 'x'.repeat(300_000) }) });
    expect(huge.status).toBe(413);
  });

  it('replaces a NotStarted run with 200 and deletes it with 200, then 204', async () => {
    await givenFleetWithGroups();
    await callApi('PUT', `${runs}/run1`, { body: anUpdateRun() });
    const replaced = await callApi('PUT', `${runs}/run1`, { body: anUpdateRun({ strategy: aStrategy() }) });
    expect(replaced.status).toBe(200);
    expect(((await callApi('GET', runs)).body as { value: unknown[] }).value).toHaveLength(1);
    expect((await callApi('DELETE', `${runs}/run1`)).status).toBe(200);
    expect((await callApi('DELETE', `${runs}/run1`)).status).toBe(204);
  });
});
