import { describe, expect, inject, it } from 'vitest';
import { setConfig } from '../../../src/config';
import { statusKey, type UpdateStatus } from '../../../src/api/update-run-status';
import type { StatusWrite } from '../../../src/orchestrators/contracts';
import { runStatusPartitionKey } from '../../../src/storage/keys';
import { getStores } from '../../../src/storage/stores';
import { aStrategy, anUpdateRun, givenFleetWithGroups } from '../../fixtures/fleet-builders';
import { callApi, clusterId, fleetPath, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();

const runs = `${fleetPath('fleet1')}/updateRuns`;
const fleet = { subscriptionId: SUBSCRIPTION, resourceGroupName: 'rg1', fleetName: 'fleet1' };

/** Writes status rows the way the orchestrations do: through RunStatusStore.write. */
async function givenStatusRows(rows: StatusWrite[]) {
  await (await getStores()).runStatus.write(fleet, 'run1', rows);
}

describe('update-run status from stored status rows', () => {
  it('composes properties.status from the rows, showing Pending as Running to 2025-03-01 readers', async () => {
    await givenFleetWithGroups();
    await callApi('PUT', `${runs}/run1`, { body: anUpdateRun({ strategy: aStrategy() }) });
    await givenStatusRows([
      { key: statusKey.run(), status: { state: 'Pending', startTime: '2026-01-01T00:00:00.000Z' } },
      {
        key: statusKey.member('stage1', 'canary', 'm-canary-1'),
        status: { state: 'Pending' },
        clusterResourceId: clusterId('fleet1-c1'),
        order: 0,
        message: 'maintenance window closed',
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
    await givenStatusRows([{ key: statusKey.run(), status: { state: 'Running' } }]);
    const changed = await callApi('PUT', `${runs}/run1`, { body: anUpdateRun() });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ error: { code: 'OperationNotAllowed' } });
    expect((await callApi('PUT', `${runs}/run1`, { body })).status).toBe(200);
  });

  it('refuses to delete a running run', async () => {
    await givenFleetWithGroups();
    await callApi('PUT', `${runs}/run1`, { body: anUpdateRun() });
    await givenStatusRows([{ key: statusKey.run(), status: { state: 'Running' } }]);
    const refused = await callApi('DELETE', `${runs}/run1`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'OperationNotAllowed' } });
  });

  it('deletes the status rows with the run', async () => {
    await givenFleetWithGroups();
    await callApi('PUT', `${runs}/run1`, { body: anUpdateRun() });
    await givenStatusRows([{ key: statusKey.run(), status: { state: 'Completed' } }]);
    expect((await callApi('DELETE', `${runs}/run1`)).status).toBe(200);
    expect(await (await getStores()).runStatus.read(fleet, 'run1')).toBeUndefined();
  });
});

describe('status rows in Table Storage', () => {
  const member = (stage: string, group: string, name: string, state: UpdateStatus['state']): StatusWrite => ({
    key: statusKey.member(stage, group, name),
    clusterResourceId: clusterId(name),
    order: 0,
    status: { state },
  });

  it("keeps each group's row and members in a partition of their own and reads the run back whole, without a longer-named run's rows", async () => {
    const stores = await getStores();
    await stores.runStatus.write(fleet, 'run1', [
      member('s1', 'g1', 'm1', 'Completed'),
      member('s1', 'g2', 'm2', 'Running'),
      { key: statusKey.group('s1', 'g1'), status: { state: 'Completed' } },
      { key: statusKey.run(), status: { state: 'Running' } },
    ]);
    await stores.runStatus.write(fleet, 'run1-b', [
      member('s1', 'g1', 'other', 'Running'),
      { key: statusKey.run(), status: { state: 'Running' } },
    ]);
    const run = runStatusPartitionKey(fleet, 'run1');
    const rows = await stores.runStatus.table.allInPartitions({ from: run, to: `${run}~` });
    const ofRun1 = rows.filter((r) => r.partitionKey === run || r.partitionKey.startsWith(`${run}|`));
    expect(ofRun1.map((r) => [r.partitionKey.slice(run.length), r.rowKey])).toEqual([
      ['', 'run'],
      ['|s1|g1', 'group|s1|g1'],
      ['|s1|g1', 'member|s1|g1|m1'],
      ['|s1|g1', 'version'],
      ['|s1|g2', 'member|s1|g2|m2'],
      ['|s1|g2', 'version'],
    ]);
    const progress = await stores.runStatus.read(fleet, 'run1');
    expect(progress?.planned.map((m) => m.name)).toEqual(['m1', 'm2']);
    expect(progress?.overlay.statuses.get(statusKey.member('s1', 'g2', 'm2'))).toEqual({ state: 'Running' });
    expect(
      await stores.runStatus.readRow(fleet, 'run1', { key: statusKey.member('s1', 'g1', 'm1'), order: 0 }),
    ).toMatchObject({
      status: { state: 'Completed' },
    });
  });

  it('reads member rows without any row in the run partition (an interrupted first start) as never started', async () => {
    const stores = await getStores();
    await stores.runStatus.write(fleet, 'run1', [member('s1', 'g1', 'm1', 'NotStarted')]);
    expect(await stores.runStatus.read(fleet, 'run1')).toBeUndefined();
  });

  it('moves group and member rows an earlier layout kept in the run partition to their group partitions', async () => {
    const stores = await getStores();
    const run = runStatusPartitionKey(fleet, 'run1');
    await stores.runStatus.table.create(run, 'run', { status: JSON.stringify({ state: 'Stopped' }) });
    await stores.runStatus.table.create(run, statusKey.group('s1', 'g1'), {
      status: JSON.stringify({ state: 'Stopped' }),
    });
    await stores.runStatus.table.create(run, statusKey.member('s1', 'g1', 'm1'), {
      status: JSON.stringify({ state: 'Completed' }),
      clusterResourceId: clusterId('m1'),
      order: 0,
    });
    expect(await stores.runStatus.relocateLegacyRows(fleet, 'run1')).toBe(2);
    expect((await stores.runStatus.table.all({ partitionKey: run, from: '', to: '~' })).map((r) => r.rowKey)).toEqual([
      'run',
    ]);
    const group = await stores.runStatus.table.all({ partitionKey: `${run}|s1|g1`, from: 'member|', to: 'member}' });
    expect(group.map((row) => [row.rowKey, row.columns.order])).toEqual([['member|s1|g1|m1', 0]]);
    expect((await stores.runStatus.read(fleet, 'run1'))?.overlay.statuses.get(statusKey.group('s1', 'g1'))).toEqual({
      state: 'Stopped',
    });
  });

  it('deletes member partitions and the run partition, keeping the intent when asked', async () => {
    const stores = await getStores();
    await stores.runControl.put(fleet, 'run1', { attempt: 1, stopRequested: false, skips: [] }, undefined);
    await stores.runStatus.write(fleet, 'run1', [
      member('s1', 'g1', 'm1', 'Completed'),
      { key: statusKey.run(), status: { state: 'Completed' } },
    ]);
    await stores.runStatus.deleteAll(fleet, 'run1', { keepControl: true });
    expect(await stores.runStatus.read(fleet, 'run1')).toBeUndefined();
    expect(
      await stores.runStatus.readRow(fleet, 'run1', { key: statusKey.member('s1', 'g1', 'm1'), order: 0 }),
    ).toBeUndefined();
    expect((await stores.runControl.get(fleet, 'run1')).control.attempt).toBe(1);
    await stores.runStatus.deleteAll(fleet, 'run1');
    expect((await stores.runControl.get(fleet, 'run1')).control.attempt).toBe(0);
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
      memberBusyWaitSeconds: 7200,
      memberVersionRecheckSeconds: 3600,
      runStatusMaxAgeMs: 0,
    });
    const response = await callApi('GET', '/healthz', { apiVersion: null });
    expect(response.status).toBe(503);
  });
});
