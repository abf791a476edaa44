import { describe, expect, it } from 'vitest';
import { autoUpgradeProfileFunction } from '../../../src/functions/auto-upgrade-profiles.http';
import { gateFunction, gatesFunction } from '../../../src/functions/gates.http';
import {
  skipUpdateRunFunction,
  startUpdateRunFunction,
  stopUpdateRunFunction,
} from '../../../src/functions/update-run-actions.http';
import { ROLES, type Role } from '../../../src/auth/principal';
import { aFleet, aStrategy, anUpdateRun } from '../../fixtures/fleet-builders';
import { useEntraMode, type TestCaller } from '../../support/entra-mode';
import {
  callApi,
  clusterId,
  FLEET_API_FUNCTIONS,
  fleetPath,
  SUBSCRIPTION,
  useFreshFleetTables,
  type ApiCall,
} from '../../support/fleet-api';

useFreshFleetTables();
const entra = useEntraMode();

const FUNCTIONS = [
  ...FLEET_API_FUNCTIONS,
  startUpdateRunFunction,
  stopUpdateRunFunction,
  skipUpdateRunFunction,
  gateFunction,
  gatesFunction,
  autoUpgradeProfileFunction,
];
const FLEET = fleetPath('fleet1');
const GATE = `${FLEET}/gates/00000000-0000-0000-0000-0000000000aa`;
const PREVIEW = { apiVersion: '2026-06-01' };

/** One request of each route family and method, and the least role it needs. */
const REQUESTS: Array<[string, string, string, Role, ApiCall?]> = [
  ['fleets', 'GET', FLEET, 'Fleet.Reader'],
  ['fleets', 'GET', `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerService/fleets`, 'Fleet.Reader'],
  ['fleets', 'PUT', FLEET, 'Fleet.Admin', { body: aFleet() }],
  ['fleets', 'PATCH', FLEET, 'Fleet.Admin', { body: { tags: {} } }],
  ['fleets', 'DELETE', fleetPath('other'), 'Fleet.Admin'],
  ['members', 'GET', `${FLEET}/members`, 'Fleet.Reader'],
  ['members', 'PUT', `${FLEET}/members/m1`, 'Fleet.Admin', { body: { properties: { clusterResourceId: 'x' } } }],
  ['members', 'DELETE', `${FLEET}/members/m1`, 'Fleet.Admin'],
  ['updateStrategies', 'GET', `${FLEET}/updateStrategies/s1`, 'Fleet.Reader'],
  [
    'updateStrategies',
    'PUT',
    `${FLEET}/updateStrategies/s1`,
    'Fleet.Admin',
    { body: { properties: { strategy: aStrategy() } } },
  ],
  ['updateRuns', 'GET', `${FLEET}/updateRuns`, 'Fleet.Reader'],
  ['updateRuns', 'PUT', `${FLEET}/updateRuns/r1`, 'Fleet.Admin', { body: anUpdateRun() }],
  ['updateRuns', 'DELETE', `${FLEET}/updateRuns/r1`, 'Fleet.Admin'],
  ['updateRuns/start', 'POST', `${FLEET}/updateRuns/r1/start`, 'Fleet.Operator'],
  ['updateRuns/stop', 'POST', `${FLEET}/updateRuns/r1/stop`, 'Fleet.Operator'],
  ['updateRuns/skip', 'POST', `${FLEET}/updateRuns/r1/skip`, 'Fleet.Operator', { body: { targets: [] } }],
  ['gates', 'GET', `${FLEET}/gates`, 'Fleet.Reader', PREVIEW],
  ['gates', 'PATCH', GATE, 'Fleet.Operator', { ...PREVIEW, body: { properties: { state: 'Completed' } } }],
  ['autoUpgradeProfiles', 'GET', `${FLEET}/autoUpgradeProfiles/p1`, 'Fleet.Reader'],
  ['autoUpgradeProfiles', 'PUT', `${FLEET}/autoUpgradeProfiles/p1`, 'Fleet.Admin', { body: { properties: {} } }],
  ['auditEvents', 'GET', `${FLEET}/auditEvents`, 'Fleet.Reader'],
];

const CALLERS: TestCaller[] = ['no token', 'no role', ...ROLES];
const allows = (caller: TestCaller, needs: Role): boolean =>
  caller !== 'no token' && caller !== 'no role' && ROLES.indexOf(caller) >= ROLES.indexOf(needs);

describe('roles against each route family (AUTH_MODE=entra)', () => {
  it.each(REQUESTS)('%s: %s %s needs %s', async (_family, method, path, needs, call = {}) => {
    const seen: Record<string, number> = {};
    for (const caller of CALLERS) {
      const headers = { ...call.headers, ...(await entra.headersOf(caller)) };
      seen[caller] = (await callApi(method, path, { ...call, headers }, FUNCTIONS)).status;
    }
    const expected = Object.fromEntries(
      CALLERS.map((caller) => [caller, caller === 'no token' ? 401 : allows(caller, needs) ? 'passed' : 403]),
    );
    const outcome = Object.fromEntries(
      CALLERS.map((caller) => [caller, seen[caller] === 401 || seen[caller] === 403 ? seen[caller] : 'passed']),
    );
    expect(outcome).toEqual(expected);
  });

  it('leaves the health probe open to load balancers', async () => {
    expect((await callApi('GET', '/healthz', { apiVersion: null }, FUNCTIONS)).status).toBe(200);
  });

  it('answers 401 in ARM’s shape with a challenge, and 403 naming the role that is missing', async () => {
    const anonymous = await callApi('PUT', FLEET, { body: aFleet() }, FUNCTIONS);
    expect(anonymous.headers['www-authenticate']).toMatch(
      /^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\//,
    );
    expect(anonymous.body).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "AuthenticationFailed",
          "details": [],
          "message": "Authentication failed. The 'Authorization' header is missing.",
        },
      }
    `);
    const reader = await callApi('PUT', FLEET, { body: aFleet(), headers: await entra.headersOf('Fleet.Reader') });
    expect(reader.body).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "AuthorizationFailed",
          "details": [],
          "message": "The client 'ada@contoso.com' with object id 'oid-ada@contoso.com' does not have the app role 'Fleet.Admin' (or a higher one) that PUT on fleets needs.",
        },
      }
    `);
  });

  it('records the verified caller in systemData, never the forgeable x-ms-client-principal-name', async () => {
    const headers = {
      ...(await entra.headersOf('Fleet.Admin', 'ada@contoso.com')),
      'x-ms-client-principal-name': 'eve',
    };
    const created = await callApi('PUT', FLEET, { body: aFleet(), headers });
    expect(created.body).toMatchObject({ systemData: { createdBy: 'ada@contoso.com', createdByType: 'User' } });
    const member = { properties: { clusterResourceId: clusterId('k-auth') } };
    const joined = await callApi('PUT', `${FLEET}/members/m1`, { body: member, headers });
    expect(joined.body).toMatchObject({ systemData: { createdBy: 'ada@contoso.com' } });
  });
});
