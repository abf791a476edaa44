import { describe, expect, inject, it } from 'vitest';
import { setConfig } from '../../../src/config';
import { statusKey } from '../../../src/api/update-run-status';
import { runStatusPartitionKey } from '../../../src/storage/keys';
import { getStores } from '../../../src/storage/stores';
import { aStrategy, anUpdateRun, givenFleetWithGroups } from '../../fixtures/fleet-builders';
import { callApi, clusterId, fleetPath, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();

const runs = `${fleetPath('fleet1')}/updateRuns`;
const fleet = { subscriptionId: SUBSCRIPTION, resourceGroupName: 'rg1', fleetName: 'fleet1' };

/** Writes status rows the way the orchestrations will: one row per run / member. */
async function givenStatusRows(rows: Array<{ rowKey: string; status: unknown; extra?: Record<string, string> }>) {
  const stores = await getStores();
  for (const row of rows) {
    await stores.runStatus.table.create(runStatusPartitionKey(fleet, 'run1'), row.rowKey, {
      status: JSON.stringify(row.status),
      ...row.extra,
    });
  }
}

describe('update-run status from stored status rows', () => {
  it('composes properties.status from the rows, showing Pending as Running to 2025-03-01 readers', async () => {
    await givenFleetWithGroups();
    await callApi('PUT', `${runs}/run1`, { body: anUpdateRun({ strategy: aStrategy() }) });
    await givenStatusRows([
      { rowKey: statusKey.run(), status: { state: 'Pending', startTime: '2026-01-01T00:00:00.000Z' } },
      {
        rowKey: statusKey.member('stage1', 'canary', 'm-canary-1'),
        status: { state: 'Pending' },
        extra: { clusterResourceId: clusterId('fleet1-c1'), message: 'maintenance window closed' },
      },
    ]);
    const latest = await callApi('GET', `${runs}/run1`, { apiVersion: '2026-06-01' });
    expect(latest.body).toMatchObject({
      properties: {
        status: {
          status: { state: 'Pending' },
          stages: [
            {
              groups: [
                {
                  members: [{ name: 'm-canary-1', message: 'maintenance window closed', status: { state: 'Pending' } }],
                },
              ],
            },
            { groups: [{ members: [] }] },
          ],
        },
      },
    });
    const older = await callApi('GET', `${runs}/run1`, { apiVersion: '2025-03-01' });
    expect(older.body).toMatchObject({ properties: { status: { status: { state: 'Running' } } } });
  });

  it('refuses to change strategy or managedClusterUpdate once the run has started, and allows an identical PUT', async () => {
    await givenFleetWithGroups();
    const body = anUpdateRun({ strategy: aStrategy() });
    await callApi('PUT', `${runs}/run1`, { body });
    await givenStatusRows([{ rowKey: statusKey.run(), status: { state: 'Running' } }]);
    const changed = await callApi('PUT', `${runs}/run1`, { body: anUpdateRun() });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ error: { code: 'OperationNotAllowed' } });
    expect((await callApi('PUT', `${runs}/run1`, { body })).status).toBe(200);
  });

  it('refuses to delete a running run', async () => {
    await givenFleetWithGroups();
    await callApi('PUT', `${runs}/run1`, { body: anUpdateRun() });
    await givenStatusRows([{ rowKey: statusKey.run(), status: { state: 'Running' } }]);
    const refused = await callApi('DELETE', `${runs}/run1`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'OperationNotAllowed' } });
  });

  it('deletes the status rows with the run', async () => {
    await givenFleetWithGroups();
    await callApi('PUT', `${runs}/run1`, { body: anUpdateRun() });
    await givenStatusRows([{ rowKey: statusKey.run(), status: { state: 'Completed' } }]);
    expect((await callApi('DELETE', `${runs}/run1`)).status).toBe(200);
    expect(await (await getStores()).runStatus.read(fleet, 'run1')).toBeUndefined();
  });
});

describe('health', () => {
  it('answers 200 ok while table storage is reachable', async () => {
    const response = await callApi('GET', '/healthz', { apiVersion: null });
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers 503 when table storage is unreachable', async () => {
    setConfig({
      storageConnectionString: inject('storageConnectionString').replace(
        /TableEndpoint=http:\/\/127\.0\.0\.1:\d+/,
        'TableEndpoint=http://127.0.0.1:9',
      ),
      tablePrefix: 'unreachable',
      memberPollIntervalSeconds: 1,
      memberInlinePollSeconds: 0,
    });
    const response = await callApi('GET', '/healthz', { apiVersion: null });
    expect(response.status).toBe(503);
  });
});
