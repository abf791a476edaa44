import { describe, expect, it } from 'vitest';
import { aFleet } from '../../fixtures/fleet-builders';
import { callApi, clusterId, fleetPath, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();

describe('fleets', () => {
  it('creates with 201, replaces with 200 and echoes the ARM envelope with an ETag header', async () => {
    const created = await callApi('PUT', fleetPath('fleet1'), { body: aFleet() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/fleets/fleet1`,
      name: 'fleet1',
      type: 'Microsoft.ContainerService/fleets',
      location: 'westeurope',
      tags: { env: 'test' },
      properties: { provisioningState: 'Succeeded' },
    });
    const systemData = (created.body as { systemData: { createdAt: string; lastModifiedAt: string } }).systemData;
    expect(Date.parse(systemData.createdAt)).toBe(Date.parse(systemData.lastModifiedAt));
    const eTag = (created.body as { eTag: string }).eTag;
    expect(created.headers.etag).toBe(eTag);
    const replaced = await callApi('PUT', fleetPath('fleet1'), { body: aFleet({ tags: {} }) });
    expect(replaced.status).toBe(200);
    expect((replaced.body as { eTag: string }).eTag).not.toBe(eTag);
  });

  it('patches tags only', async () => {
    await callApi('PUT', fleetPath('fleet1'), { body: aFleet() });
    const patched = await callApi('PATCH', fleetPath('fleet1'), { body: { tags: { team: 'a' } } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ tags: { team: 'a' }, location: 'westeurope' });
  });

  it.each([
    ['PUT', 'an unknown top-level field', aFleet({ sku: { name: 'Standard' } }), 'sku'],
    [
      'PUT',
      'an unknown hubProfile field',
      aFleet({ properties: { hubProfile: { dnsprefix: 'a' } } }),
      'properties.hubProfile.dnsprefix',
    ],
    ['PATCH', 'a field PATCH does not take', { location: 'westeurope' }, 'location'],
  ])('refuses a %s with %s, with 400 InvalidRequestContent naming it', async (method, _case, body, target) => {
    if (method === 'PATCH') await callApi('PUT', fleetPath('fleet1'), { body: aFleet() });
    const response = await callApi(method, fleetPath('fleet1'), { body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'InvalidRequestContent', target } });
  });

  it('takes back the body of its own GET, and read-only fields Azure adds (they are ignored)', async () => {
    const body = aFleet({ properties: { hubProfile: { dnsPrefix: 'fleet1' } } });
    await callApi('PUT', fleetPath('fleet1'), { body });
    const read = (await callApi('GET', fleetPath('fleet1'))).body as { properties: { hubProfile: object } };
    read.properties.hubProfile = { ...read.properties.hubProfile, fqdn: 'fleet1.hcp.westeurope.azmk8s.io' };
    const replaced = await callApi('PUT', fleetPath('fleet1'), { body: read });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject(body);
    expect(JSON.stringify(replaced.body)).not.toContain('fqdn');
  });

  it('answers 404 ResourceNotFound for a missing fleet and 204 when deleting one', async () => {
    const missing = await callApi('GET', fleetPath('nope'));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'ResourceNotFound' } });
    expect((await callApi('DELETE', fleetPath('nope'))).status).toBe(204);
  });

  it('deletes a fleet with its members, whose clusters may then join another fleet', async () => {
    await callApi('PUT', fleetPath('fleet1'), { body: aFleet() });
    const member = {
      properties: {
        clusterResourceId: clusterId('k1', 'c'),
      },
    };
    expect((await callApi('PUT', `${fleetPath('fleet1')}/members/m1`, { body: member })).status).toBe(201);
    expect((await callApi('DELETE', fleetPath('fleet1'))).status).toBe(200);
    expect((await callApi('GET', `${fleetPath('fleet1')}/members/m1`)).status).toBe(404);
    await callApi('PUT', fleetPath('fleet2'), { body: aFleet() });
    expect((await callApi('PUT', `${fleetPath('fleet2')}/members/m1`, { body: member })).status).toBe(201);
  });

  it('lists by resource group and by subscription with nextLink paging and $top', async () => {
    for (const name of ['a1', 'a2', 'a3']) await callApi('PUT', fleetPath(name, 'rg-a'), { body: aFleet() });
    await callApi('PUT', fleetPath('b1', 'rg-b'), { body: aFleet() });
    const base = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-a/providers/Microsoft.ContainerService/fleets`;
    const first = await callApi('GET', base, { query: { $top: '2' } });
    const page1 = first.body as { value: Array<{ name: string }>; nextLink: string };
    expect(page1.value.map((f) => f.name)).toEqual(['a1', 'a2']);
    expect(page1.nextLink).toContain('api-version=2025-03-01');
    const page2 = (await callApi('GET', page1.nextLink)).body as { value: Array<{ name: string }>; nextLink?: string };
    expect(page2.value.map((f) => f.name)).toEqual(['a3']);
    expect(page2.nextLink).toBeUndefined();
    const all = await callApi('GET', `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerService/fleets`);
    expect((all.body as { value: unknown[] }).value).toHaveLength(4);
  });

  it('refuses a request without api-version, or with an unsupported one, listing the supported ones', async () => {
    const missing = await callApi('GET', fleetPath('fleet1'), { apiVersion: null });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
    const wrong = await callApi('GET', fleetPath('fleet1'), { apiVersion: '2024-04-01' });
    expect(wrong.body).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "InvalidApiVersionParameter",
          "details": [],
          "message": "The api-version '2024-04-01' is invalid. The supported versions are '2025-03-01, 2026-06-01'.",
          "target": "api-version",
        },
      }
    `);
  });

  it('reads the percent-encoded api-version key the fleet client sends', async () => {
    await callApi('PUT', fleetPath('fleet1'), { body: aFleet() });
    const response = await callApi('GET', `${fleetPath('fleet1')}?api%2Dversion=2025-03-01`, { apiVersion: null });
    expect(response.status).toBe(200);
  });
});
