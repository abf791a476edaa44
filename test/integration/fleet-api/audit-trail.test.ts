import { describe, expect, it } from 'vitest';
import { aFleet, aStrategy } from '../../fixtures/fleet-builders';
import { useEntraMode } from '../../support/entra-mode';
import { callApi, clusterId, fleetPath, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();
const entra = useEntraMode();

const FLEET = fleetPath('fleet1');

interface AuditEvent {
  name: string;
  properties: { operation: string; target: string; caller: { name: string }; outcome: string; statusCode: number };
}
interface AuditPage {
  value: AuditEvent[];
  nextLink?: string;
}

async function trail(query: Record<string, string> = {}): Promise<AuditPage> {
  const headers = await entra.headersOf('Fleet.Reader', 'auditor@contoso.com');
  return (await callApi('GET', `${FLEET}/auditEvents`, { headers, query })).body as AuditPage;
}

const summary = (page: AuditPage) =>
  page.value.map((e) => `${e.properties.caller.name} ${e.properties.operation} ${e.properties.outcome}`);

describe('the audit trail', () => {
  it('records who did what, newest first, for every write: done, failed and denied, and no read', async () => {
    const admin = await entra.headersOf('Fleet.Admin', 'ada@contoso.com');
    const reader = await entra.headersOf('Fleet.Reader', 'rita@contoso.com');
    expect((await callApi('PUT', FLEET, { body: aFleet(), headers: admin })).status).toBe(201);
    const member = { properties: { clusterResourceId: clusterId('k-audit') } };
    expect((await callApi('PUT', `${FLEET}/members/m1`, { body: member, headers: admin })).status).toBe(201);
    const strategy = { properties: { strategy: aStrategy() } };
    expect((await callApi('PUT', `${FLEET}/updateStrategies/s1`, { body: strategy, headers: reader })).status).toBe(
      403,
    );
    expect((await callApi('PUT', `${FLEET}/updateStrategies/s1`, { body: { x: 1 }, headers: admin })).status).toBe(400);
    expect((await callApi('GET', `${FLEET}/members/m1`, { headers: reader })).status).toBe(200);
    expect((await callApi('DELETE', `${FLEET}/members/m1`, { headers: admin })).status).toBe(200);

    const page = await trail();
    expect(summary(page)).toEqual([
      'ada@contoso.com Microsoft.ContainerService/fleets/members/delete Succeeded',
      'ada@contoso.com Microsoft.ContainerService/fleets/updateStrategies/write Failed',
      'rita@contoso.com Microsoft.ContainerService/fleets/updateStrategies/write Denied',
      'ada@contoso.com Microsoft.ContainerService/fleets/members/write Succeeded',
      'ada@contoso.com Microsoft.ContainerService/fleets/write Succeeded',
    ]);
    expect(page.value[0]).toMatchObject({
      id: expect.stringMatching(/\/fleets\/fleet1\/auditEvents\/\d{16}-/) as unknown,
      type: 'Microsoft.ContainerService/fleets/auditEvents',
      properties: {
        target: `${FLEET}/members/m1`,
        caller: { objectId: 'oid-ada@contoso.com', type: 'User' },
        statusCode: 200,
        requestId: expect.any(String) as unknown,
      },
    });
  });

  it('gives each write its request id in x-ms-request-id, the same as in its record', async () => {
    const admin = await entra.headersOf('Fleet.Admin');
    const created = await callApi('PUT', FLEET, { body: aFleet(), headers: admin });
    const [event] = (await trail()).value as [AuditEvent & { properties: { requestId: string } }];
    expect(created.headers['x-ms-request-id']).toBe(event.properties.requestId);
  });

  it('filters by operation, outcome, caller and time, and pages with nextLink', async () => {
    const admin = await entra.headersOf('Fleet.Admin', 'ada@contoso.com');
    const before = new Date(Date.now() - 1000).toISOString();
    await callApi('PUT', FLEET, { body: aFleet(), headers: admin });
    for (const tags of [{ a: '1' }, { a: '2' }, { a: '3' }]) {
      await callApi('PATCH', FLEET, { body: { tags }, headers: admin });
    }
    await callApi('DELETE', `${FLEET}/members/nobody`, { headers: await entra.headersOf('Fleet.Operator', 'olga') });

    expect(summary(await trail({ $filter: "properties/outcome eq 'Denied'" }))).toEqual([
      'olga Microsoft.ContainerService/fleets/members/delete Denied',
    ]);
    const writes = await trail({
      $filter: "operation eq 'Microsoft.ContainerService/fleets/write' and caller/name eq 'ADA@contoso.com'",
    });
    expect(writes.value).toHaveLength(4);
    expect((await trail({ $filter: `timestamp ge '${before}'` })).value).toHaveLength(5);
    expect((await trail({ $filter: `timestamp le '${before}'` })).value).toHaveLength(0);

    const first = await trail({ $top: '3' });
    expect(first.value).toHaveLength(3);
    const next = new URL(first.nextLink ?? '');
    const second = await trail({ $top: '3', $skipToken: next.searchParams.get('$skipToken') ?? '' });
    expect(second.value.map((e) => e.name)).not.toContain(first.value[2]?.name);
    expect(first.value.length + second.value.length).toBe(5);
  });

  it('refuses a $filter it cannot read with 400 naming $filter', async () => {
    const headers = await entra.headersOf('Fleet.Reader');
    const response = await callApi('GET', `${FLEET}/auditEvents`, { headers, query: { $filter: "who eq 'x'" } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'InvalidParameter', target: '$filter' } });
  });

  it('keeps a deleted fleet’s trail readable', async () => {
    const admin = await entra.headersOf('Fleet.Admin', 'ada@contoso.com');
    await callApi('PUT', FLEET, { body: aFleet(), headers: admin });
    await callApi('DELETE', FLEET, { headers: admin });
    expect(summary(await trail())).toEqual([
      'ada@contoso.com Microsoft.ContainerService/fleets/delete Succeeded',
      'ada@contoso.com Microsoft.ContainerService/fleets/write Succeeded',
    ]);
  });
});
