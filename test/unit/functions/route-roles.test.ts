import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requiredAccess, routeFamily } from '../../../src/functions/route-roles';

const FUNCTIONS_DIR = path.resolve(__dirname, '../../../src/functions');

describe('the route → role table', () => {
  it('names a route by its resource-type path, without the ARM scaffolding or names', () => {
    expect(
      routeFamily(
        'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/fleets/{fleetName}/updateRuns/{updateRunName}/start',
      ),
    ).toBe('fleets/updateRuns/start');
    expect(routeFamily('subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/fleets')).toBe('fleets');
  });

  it('gives reads to Fleet.Reader, run actions and gate approval to Fleet.Operator, changes to Fleet.Admin', () => {
    const fleet = 'subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.ContainerService/fleets/{f}';
    expect(requiredAccess(`${fleet}/members/{m}`, 'GET')).toBe('Fleet.Reader');
    expect(requiredAccess(`${fleet}/members/{m}`, 'DELETE')).toBe('Fleet.Admin');
    expect(requiredAccess(`${fleet}/updateRuns/{r}/skip`, 'POST')).toBe('Fleet.Operator');
    expect(requiredAccess(`${fleet}/gates/{g}`, 'PATCH')).toBe('Fleet.Operator');
    expect(requiredAccess(`${fleet}/autoUpgradeProfiles/{p}/generateUpdateRun`, 'POST')).toBe('Fleet.Operator');
    expect(requiredAccess('healthz', 'GET')).toBe('anonymous');
  });

  it('refuses to register a route or method it does not list, so nothing is open by omission', () => {
    expect(() =>
      requiredAccess('subscriptions/{s}/providers/Microsoft.ContainerService/fleets/{f}/secrets', 'GET'),
    ).toThrow(/No role is defined/);
    expect(() => requiredAccess('healthz', 'DELETE')).toThrow(/No role is defined/);
  });

  it('lists every route the app registers (each functions file loads)', async () => {
    const files = fs.readdirSync(FUNCTIONS_DIR).filter((file) => file.endsWith('.http.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) await expect(import(path.join(FUNCTIONS_DIR, file))).resolves.toBeDefined();
  });
});
