import { describe, expect, it } from 'vitest';
import { aFleet, aMember } from '../../fixtures/fleet-builders';
import { writeWithRetry } from '../../../src/services/optimistic';
import { getStores } from '../../../src/storage/stores';
import { callApi, clusterId, fleetPath, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();

const members = `${fleetPath('fleet1')}/members`;

async function givenFleet(): Promise<void> {
  await callApi('PUT', fleetPath('fleet1'), { body: aFleet() });
}

describe('fleet members', () => {
  it('creates a member with group and (2026-06-01) labels, and hides labels from 2025-03-01 readers', async () => {
    await givenFleet();
    const body = { properties: { clusterResourceId: clusterId('k1'), group: 'canary', labels: { env: 'staging' } } };
    const created = await callApi('PUT', `${members}/m1`, { body, apiVersion: '2026-06-01' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'm1',
      type: 'Microsoft.ContainerService/fleets/members',
      properties: {
        clusterResourceId: clusterId('k1'),
        group: 'canary',
        labels: { env: 'staging' },
        provisioningState: 'Succeeded',
      },
    });
    const old = await callApi('GET', `${members}/m1`, { apiVersion: '2025-03-01' });
    expect((old.body as { properties: Record<string, unknown> }).properties).not.toHaveProperty('labels');
  });

  it('keeps 2026-06-01 labels when a 2025-03-01 client replaces the member', async () => {
    await givenFleet();
    const body = { properties: { clusterResourceId: clusterId('k1'), labels: { env: 'staging' } } };
    await callApi('PUT', `${members}/m1`, { body, apiVersion: '2026-06-01' });
    expect((await callApi('PUT', `${members}/m1`, { body: aMember('k1', 'prod') })).status).toBe(200);
    const read = await callApi('GET', `${members}/m1`, { apiVersion: '2026-06-01' });
    expect(read.body).toMatchObject({ properties: { group: 'prod', labels: { env: 'staging' } } });
  });

  it('refuses labels under 2025-03-01, naming the field', async () => {
    await givenFleet();
    const body = { properties: { clusterResourceId: clusterId('k1'), labels: { env: 'x' } } };
    const response = await callApi('PUT', `${members}/m1`, { body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { target: 'properties.labels' } });
  });

  it.each([
    [
      'PUT',
      'an unknown properties field',
      { properties: { clusterResourceId: clusterId('k1'), grup: 'a' } },
      'properties.grup',
    ],
    ['PUT', 'an unknown top-level field', { ...aMember('k1'), tags: { a: 'b' } }, 'tags'],
    [
      'PATCH',
      'a field PATCH does not take',
      { properties: { clusterResourceId: clusterId('k2') } },
      'properties.clusterResourceId',
    ],
  ])('refuses a %s with %s, with 400 InvalidRequestContent naming it', async (method, _case, body, target) => {
    await givenFleet();
    if (method === 'PATCH') await callApi('PUT', `${members}/m1`, { body: aMember('k1') });
    const response = await callApi(method, `${members}/m1`, { body, apiVersion: '2026-06-01' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'InvalidRequestContent', target } });
  });

  it('takes back the body of its own GET (read-only fields are ignored)', async () => {
    await givenFleet();
    const body = { properties: { clusterResourceId: clusterId('k1'), group: 'canary', labels: { env: 'staging' } } };
    await callApi('PUT', `${members}/m1`, { body, apiVersion: '2026-06-01' });
    const read = await callApi('GET', `${members}/m1`, { apiVersion: '2026-06-01' });
    const replaced = await callApi('PUT', `${members}/m1`, { body: read.body, apiVersion: '2026-06-01' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject(body);
  });

  it('patches group and labels, keeping the rest', async () => {
    await givenFleet();
    await callApi('PUT', `${members}/m1`, { body: aMember('k1', 'canary') });
    const patched = await callApi('PATCH', `${members}/m1`, {
      body: { properties: { labels: { tier: 'web' } } },
      apiVersion: '2026-06-01',
    });
    expect(patched.body).toMatchObject({
      properties: { group: 'canary', labels: { tier: 'web' }, clusterResourceId: clusterId('k1') },
    });
  });

  it('answers 404 ResourceNotFound when the parent fleet is missing', async () => {
    const response = await callApi('PUT', `${fleetPath('ghost')}/members/m1`, { body: aMember('k1') });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'ResourceNotFound' } });
  });

  it('lets a cluster join only one fleet, and join another once it left', async () => {
    await givenFleet();
    await callApi('PUT', fleetPath('fleet2'), { body: aFleet() });
    expect((await callApi('PUT', `${members}/m1`, { body: aMember('k1') })).status).toBe(201);
    const second = await callApi('PUT', `${fleetPath('fleet2')}/members/m9`, { body: aMember('k1') });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'Conflict', target: 'properties.clusterResourceId' } });
    expect((await callApi('DELETE', `${members}/m1`)).status).toBe(200);
    expect((await callApi('DELETE', `${members}/m1`)).status).toBe(204);
    expect((await callApi('PUT', `${fleetPath('fleet2')}/members/m9`, { body: aMember('k1') })).status).toBe(201);
  });

  it('refuses to move a member to another cluster', async () => {
    await givenFleet();
    await callApi('PUT', `${members}/m1`, { body: aMember('k1') });
    const moved = await callApi('PUT', `${members}/m1`, { body: aMember('k2') });
    expect(moved.status).toBe(400);
    expect(moved.body).toMatchObject({ error: { target: 'properties.clusterResourceId' } });
  });

  it('honours If-Match (412 when stale) and If-None-Match: * (412 when it exists)', async () => {
    await givenFleet();
    const created = await callApi('PUT', `${members}/m1`, { body: aMember('k1') });
    const eTag = created.headers.etag ?? '';
    const first = await callApi('PATCH', `${members}/m1`, {
      body: { properties: { group: 'a' } },
      headers: { 'If-Match': eTag },
    });
    expect(first.status).toBe(200);
    const stale = await callApi('PATCH', `${members}/m1`, {
      body: { properties: { group: 'b' } },
      headers: { 'If-Match': eTag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'PreconditionFailed' } });
    const again = await callApi('PUT', `${members}/m1`, { body: aMember('k1'), headers: { 'If-None-Match': '*' } });
    expect(again.status).toBe(412);
    const staleDelete = await callApi('DELETE', `${members}/m1`, { headers: { 'If-Match': eTag } });
    expect(staleDelete.status).toBe(412);
  });

  it('gives one success and 19 PreconditionFailed to 20 parallel PATCHes with the same If-Match', async () => {
    await givenFleet();
    const eTag = (await callApi('PUT', `${members}/m1`, { body: aMember('k1') })).headers.etag ?? '';
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        callApi('PATCH', `${members}/m1`, { body: { properties: { group: `g${i}` } }, headers: { 'If-Match': eTag } }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
  });

  it('loses no update when 20 read-modify-write writers race on one member row', async () => {
    await givenFleet();
    await callApi('PUT', `${members}/m1`, { body: aMember('k1') });
    const stores = await getStores();
    const fleet = { subscriptionId: SUBSCRIPTION, resourceGroupName: 'rg1', fleetName: 'fleet1' };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writeWithRetry(async () => {
          const current = await stores.members.get(fleet, 'm1');
          if (!current) throw new Error('member vanished');
          const labels = { ...current.doc.labels, [`k${i}`]: 'v' };
          await stores.members.replace(
            fleet,
            { ...current.meta, eTag: `"${i}"` },
            { ...current.doc, labels },
            current.tableETag,
          );
        }),
      ),
    );
    const read = await callApi('GET', `${members}/m1`, { apiVersion: '2026-06-01' });
    expect(Object.keys((read.body as { properties: { labels: object } }).properties.labels)).toHaveLength(20);
  });
});
