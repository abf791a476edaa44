import { countStorageReads } from '../../support/storage-reads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/config';
import { statusKey, type UpdateState } from '../../../src/api/update-run-status';
import type { StatusWrite } from '../../../src/orchestrators/contracts';
import { createServices } from '../../../src/services';
import type { Outcome } from '../../../src/services/request-context';
import { runGroupPartitionKey, runStatusPartitionKey } from '../../../src/storage/keys';
import { createStores, getStores } from '../../../src/storage/stores';
import { aStrategy, anUpdateRun, givenFleetWithGroups } from '../../fixtures/fleet-builders';
import { callApi, clusterId, fleetPath, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();

const run1 = `${fleetPath('fleet1')}/updateRuns/run1`;
const fleet = { subscriptionId: SUBSCRIPTION, resourceGroupName: 'rg1', fleetName: 'fleet1' };
const ctx = { version: '2026-06-01', preconditions: {}, caller: {}, url: 'http://localhost/', now: () => '' } as const;

const member = (name: string, group: string, state: UpdateState, message?: string): StatusWrite => ({
  key: statusKey.member(group === 'canary' ? 'stage1' : 'stage2', group, name),
  clusterResourceId: clusterId(name),
  order: 0,
  status: { state },
  ...(message !== undefined ? { message } : {}),
});

/** A started run1 as the orchestrations leave it: its plan, the run Running, the canary member as given. */
async function givenStartedRun(canary: UpdateState = 'Running'): Promise<void> {
  await givenFleetWithGroups();
  await callApi('PUT', run1, { body: anUpdateRun({ strategy: aStrategy() }) });
  await (
    await getStores()
  ).runStatus.write(fleet, 'run1', [
    member('m-canary-1', 'canary', canary),
    member('m-prod-1', 'prod', 'NotStarted'),
    member('m-prod-2', 'prod', 'NotStarted'),
    { key: statusKey.run(), status: { state: 'Running' } },
  ]);
}

interface RunDocument {
  properties: { status: { stages: Array<{ groups: Array<{ members: MemberDocument[] }> }> } };
}
interface MemberDocument {
  name: string;
  message?: string;
  status: { state: string };
}

/** Each member's state, and its message when it has one, by name. */
function statesOf(document: RunDocument): Record<string, string> {
  const members = document.properties.status.stages.flatMap((s) => s.groups.flatMap((g) => g.members));
  return Object.fromEntries(members.map((m) => [m.name, `${m.status.state} ${m.message ?? ''}`.trim()]));
}

/** The document of a use-case's outcome that was answered serialized. */
function documentOf(outcome: Outcome): RunDocument {
  return JSON.parse(Buffer.from(outcome.json?.bytes ?? []).toString('utf8')) as RunDocument;
}

/** What a GET of run1 (2026-06-01) shows of each member. */
async function membersSeen(): Promise<Record<string, string>> {
  const response = await callApi('GET', run1, { apiVersion: '2026-06-01' });
  expect(response.status).toBe(200);
  return statesOf(response.body as RunDocument);
}

describe('reading an update run', () => {
  let reads: ReturnType<typeof countStorageReads> | undefined;
  beforeEach(() => (reads = undefined));
  afterEach(() => reads?.restore());

  it('a GET after a status write shows the write', async () => {
    await givenStartedRun();
    expect(await membersSeen()).toMatchObject({ 'm-canary-1': 'Running', 'm-prod-1': 'NotStarted' });
    const stores = await getStores();
    await stores.runStatus.write(fleet, 'run1', [member('m-canary-1', 'canary', 'Completed', 'Upgraded.')]);
    expect(await membersSeen()).toMatchObject({ 'm-canary-1': 'Completed Upgraded.' });
    await stores.runStatus.write(fleet, 'run1', [member('m-prod-1', 'prod', 'Running', 'Starting the upgrade.')]);
    expect(await membersSeen()).toMatchObject({
      'm-canary-1': 'Completed Upgraded.',
      'm-prod-1': 'Running Starting the upgrade.',
      'm-prod-2': 'NotStarted',
    });
  });

  it('a GET shows a write made by another app instance after this one had the run in memory', async () => {
    await givenStartedRun();
    expect(await membersSeen()).toMatchObject({ 'm-canary-1': 'Running' });
    const otherInstance = createStores(getConfig());
    await otherInstance.runStatus.write(fleet, 'run1', [member('m-canary-1', 'canary', 'Failed', 'Quota exceeded.')]);
    expect(await membersSeen()).toMatchObject({ 'm-canary-1': 'Failed Quota exceeded.' });
    const otherServices = createServices(otherInstance);
    await otherServices.updateRuns.get(fleet, 'run1', ctx);
    await (await getStores()).runStatus.write(fleet, 'run1', [member('m-canary-1', 'canary', 'Completed')]);
    const seenThere = await otherServices.updateRuns.get(fleet, 'run1', ctx);
    expect(statesOf(documentOf(seenThere))).toMatchObject({ 'm-canary-1': 'Completed' });
  });

  it('concurrent GETs share one storage read, and every one of them sees the same document', async () => {
    await givenStartedRun();
    await membersSeen();
    reads = countStorageReads();
    const responses = await Promise.all(Array.from({ length: 20 }, () => callApi('GET', run1)));
    // Two reads at most (the first GET's, and the one the other 19 share): fleet, spec and status head each.
    expect(reads.count()).toBeLessThanOrEqual(6);
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it('an unchanged run is answered from one query of its status, not a read of every member row', async () => {
    await givenStartedRun();
    await membersSeen();
    reads = countStorageReads();
    await membersSeen();
    expect(reads.count()).toBe(3);
  });

  it('a run with many groups changed reads those groups in a few queries, not every row of the run', async () => {
    await givenStartedRun();
    await membersSeen();
    // 30 group partitions change (stray groups the strategy does not name: the plan does not show them).
    const stray = Array.from({ length: 30 }, (_, i) => ({ ...member(`m-stray-${i}`, `stray${i}`, 'Running') }));
    await (await getStores()).runStatus.write(fleet, 'run1', stray);
    await (await getStores()).runStatus.write(fleet, 'run1', [member('m-canary-1', 'canary', 'Completed')]);
    reads = countStorageReads();
    expect(await membersSeen()).toMatchObject({ 'm-canary-1': 'Completed' });
    // Fleet, spec, the status head, and the 31 changed partitions in two queries of up to 25.
    expect(reads.count()).toBe(5);
  });

  it('a stop shows at once: the intent row is part of what every read compares', async () => {
    await givenStartedRun();
    const running = await callApi('GET', run1);
    expect(running.body).toMatchObject({ properties: { status: { status: { state: 'Running' } } } });
    await (await getStores()).runControl.update(fleet, 'run1', (control) => ({ ...control, stopRequested: true }));
    const stopping = await callApi('GET', run1);
    expect(stopping.body).toMatchObject({ properties: { status: { status: { state: 'Stopping' } } } });
  });

  it('a plan written again from scratch (a first start that was interrupted) is read again, not served from memory', async () => {
    await givenStartedRun();
    expect(await membersSeen()).toMatchObject({ 'm-canary-1': 'Running' });
    const stores = await getStores();
    await stores.runStatus.deleteAll(fleet, 'run1', { keepControl: true });
    await stores.runStatus.write(fleet, 'run1', [
      member('m-canary-1', 'canary', 'NotStarted'),
      member('m-prod-1', 'prod', 'NotStarted'),
      { key: statusKey.run(), status: { state: 'Running' } },
    ]);
    expect(await membersSeen()).toEqual({ 'm-canary-1': 'NotStarted', 'm-prod-1': 'NotStarted' });
  });

  it('group rows stored without a version row (before version rows existed) are read in full every time', async () => {
    await givenStartedRun();
    const stores = await getStores();
    const partition = runGroupPartitionKey(runStatusPartitionKey(fleet, 'run1'), 'stage2', 'prod');
    await stores.runStatus.table.delete(partition, 'version');
    // An app instance started after the upgrade finds the partition on its first read of the run.
    const upgraded = createServices(createStores(getConfig()));
    const seen = async () => {
      return statesOf(documentOf(await upgraded.updateRuns.get(fleet, 'run1', ctx)));
    };
    expect(await seen()).toMatchObject({ 'm-prod-1': 'NotStarted' });
    await stores.runStatus.table.client.upsertEntity(
      {
        partitionKey: partition,
        rowKey: statusKey.member('stage2', 'prod', 'm-prod-1'),
        clusterResourceId: clusterId('m-prod-1'),
        order: 0,
        status: JSON.stringify({ state: 'Running' }),
      },
      'Replace',
    );
    expect(await seen()).toMatchObject({ 'm-prod-1': 'Running' });
  });

  it('a client that accepts gzip gets the same document compressed, one that does not gets it plain', async () => {
    await givenStartedRun();
    const plain = await callApi('GET', run1);
    const compressed = await callApi('GET', run1, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(compressed.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
    expect(compressed.body).toEqual(plain.body);
    const refused = await callApi('GET', run1, { headers: { 'accept-encoding': 'gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('a deleted run answers 404 even right after a GET had it in memory', async () => {
    await givenStartedRun('Completed');
    await (
      await getStores()
    ).runStatus.write(fleet, 'run1', [{ key: statusKey.run(), status: { state: 'Completed' } }]);
    expect((await callApi('GET', run1)).status).toBe(200);
    expect((await callApi('DELETE', run1)).status).toBe(200);
    expect(await callApi('GET', run1)).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });
});
