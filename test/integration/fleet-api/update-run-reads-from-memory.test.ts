import { countStorageReads } from '../../support/storage-reads';
import { beforeEach, describe, expect, it } from 'vitest';
import { getConfig, setConfig } from '../../../src/config';
import { statusKey, type UpdateState } from '../../../src/api/update-run-status';
import type { StatusWrite } from '../../../src/orchestrators/contracts';
import { getServices } from '../../../src/services';
import { createUpdateRunActions, type OrchestrationClient } from '../../../src/services/update-run-actions.service';
import { getStores } from '../../../src/storage/stores';
import { aStrategy, anUpdateRun, givenFleetWithGroups } from '../../fixtures/fleet-builders';
import { callApi, clusterId, fleetPath, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();
// Long enough that, within a test, only this instance's own writes can make a GET read storage again.
beforeEach(() => setConfig({ ...getConfig(), runStatusMaxAgeMs: 60_000 }));

const run1 = `${fleetPath('fleet1')}/updateRuns/run1`;
const fleet = { subscriptionId: SUBSCRIPTION, resourceGroupName: 'rg1', fleetName: 'fleet1' };
const ctx = {
  version: '2026-06-01',
  preconditions: {},
  caller: {},
  url: 'http://localhost/',
  now: () => new Date().toISOString(),
} as const;

const memberRow = (name: string, group: string, state: UpdateState): StatusWrite => ({
  key: statusKey.member(group === 'canary' ? 'stage1' : 'stage2', group, name),
  clusterResourceId: clusterId(name),
  order: 0,
  status: { state },
});
const runRow = (state: UpdateState): StatusWrite => ({ key: statusKey.run(), status: { state } });

/** run1 as its orchestrations leave it: the plan, the run in `state`, the canary member Running. */
async function givenRun(state: UpdateState): Promise<void> {
  await givenFleetWithGroups();
  await callApi('PUT', run1, { body: anUpdateRun({ strategy: aStrategy() }) });
  await (
    await getStores()
  ).runStatus.write(fleet, 'run1', [
    memberRow('m-canary-1', 'canary', 'Running'),
    memberRow('m-prod-1', 'prod', 'NotStarted'),
    runRow(state),
  ]);
}

/** The run's state and each member's as a GET shows them (and the run's eTag). */
async function seen(): Promise<{ state: string; members: Record<string, string>; eTag: string }> {
  const response = await callApi('GET', run1, { apiVersion: '2026-06-01' });
  expect(response.status).toBe(200);
  const { status } = (response.body as { properties: { status: RunStatusBody } }).properties;
  const members = status.stages.flatMap((s) => s.groups.flatMap((g) => g.members));
  return {
    state: status.status.state,
    members: Object.fromEntries(members.map((m) => [m.name, m.status.state])),
    eTag: response.headers.etag ?? '',
  };
}
interface RunStatusBody {
  status: { state: string };
  stages: Array<{ groups: Array<{ members: Array<{ name: string; status: { state: string } }> }> }>;
}

/** Start, stop and skip as the HTTP functions run them, over an orchestration client whose start writes Running. */
async function actions() {
  const stores = await getStores();
  const client: OrchestrationClient = {
    startNew: async (_name, { instanceId }) => {
      await stores.runStatus.write(fleet, 'run1', [runRow('Running')]);
      return instanceId;
    },
    getStatus: () => Promise.resolve(undefined),
    raiseEvent: () => Promise.resolve(),
  };
  const runs = (await getServices()).updateRuns;
  return createUpdateRunActions({ stores, runs, client, orchestratorName: 'run', intentEvent: 'intent' });
}

/** Counts the Table Storage requests (queries and point reads) this process makes while `body` runs. */
async function storageReadsDuring(body: () => Promise<unknown>): Promise<number> {
  const reads = countStorageReads();
  try {
    await body();
  } finally {
    reads.restore();
  }
  return reads.count();
}

describe('GETs of an update run answered from memory (RUN_STATUS_MAX_AGE_MS)', () => {
  it('answers repeated GETs within the max age without asking storage, so progress shows up to that late', async () => {
    await givenRun('Running');
    expect((await seen()).members).toMatchObject({ 'm-canary-1': 'Running' });
    await (await getStores()).runStatus.write(fleet, 'run1', [memberRow('m-canary-1', 'canary', 'Completed')]);
    const reads = await storageReadsDuring(async () => {
      for (let i = 0; i < 5; i++) expect((await seen()).members).toMatchObject({ 'm-canary-1': 'Running' });
    });
    expect(reads).toBe(0);
  });

  it('a stop through the service shows in the next GET', async () => {
    await givenRun('Running');
    expect((await seen()).state).toBe('Running');
    await (await actions()).stop(fleet, 'run1', ctx);
    expect((await seen()).state).toBe('Stopping');
  });

  it('a skip through the service shows in the next GET', async () => {
    await givenRun('Running');
    expect((await seen()).members).toMatchObject({ 'm-prod-1': 'NotStarted' });
    await (await actions()).skip(fleet, 'run1', { targets: [{ type: 'Member', name: 'm-prod-1' }] }, ctx);
    expect((await seen()).members).toMatchObject({ 'm-prod-1': 'Skipped' });
  });

  it('a start through the service shows in the next GET, with what the orchestration wrote meanwhile', async () => {
    await givenRun('Stopped');
    expect((await seen()).state).toBe('Stopped');
    await (await actions()).start(fleet, 'run1', ctx);
    expect((await seen()).state).toBe('Running');
  });

  it('a PUT of the run shows in the next GET (its new eTag)', async () => {
    await givenRun('Running');
    const before = await seen();
    const put = await callApi('PUT', run1, { body: anUpdateRun({ strategy: aStrategy() }) });
    expect(put.status).toBe(200);
    expect((await seen()).eTag).not.toBe(before.eTag);
  });

  it('a deleted run answers 404 in the next GET, not the document in memory', async () => {
    await givenRun('Completed');
    await seen();
    expect((await callApi('DELETE', run1)).status).toBe(200);
    expect(await callApi('GET', run1)).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });

  it('the runs of a deleted fleet answer 404 in the next GET', async () => {
    await givenRun('Completed');
    await seen();
    expect((await callApi('DELETE', fleetPath('fleet1'))).status).toBe(200);
    expect(await callApi('GET', run1)).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });
});
