import { describe, expect, it } from 'vitest';
import { checkPreconditions } from '../../../src/api/etag';
import { formatChildId, parseChildId, parseManagedClusterId } from '../../../src/api/ids';
import { checkFleetName, checkResourceGroupName, checkSubscriptionId } from '../../../src/api/names';

const SUB = '00000000-0000-0000-0000-000000000000';

describe('ARM ids', () => {
  it('round-trips a nested fleet resource id and parses ids case-insensitively', () => {
    const ref = {
      subscriptionId: SUB,
      resourceGroupName: 'rg1',
      fleetName: 'f1',
      kind: 'updateStrategies' as const,
      name: 's1',
    };
    const id = formatChildId(ref);
    expect(id).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/fleets/f1/updateStrategies/s1`,
    );
    expect(parseChildId(id.toLowerCase(), 'updateStrategies')).toMatchObject({ fleetName: 'f1', name: 's1' });
    expect(parseChildId(id, 'members')).toBeUndefined();
  });

  it('accepts only managedClusters ids as cluster resource ids', () => {
    expect(
      parseManagedClusterId(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1`,
      ),
    ).toEqual({
      subscriptionId: SUB,
      resourceGroupName: 'rg',
      name: 'aks-1',
    });
    expect(
      parseManagedClusterId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`),
    ).toBeUndefined();
    expect(parseManagedClusterId('/not/a/cluster')).toBeUndefined();
  });

  it('validates route names like ARM', () => {
    expect(() => checkSubscriptionId('nope')).toThrow(/malformed/);
    expect(() => checkResourceGroupName('rg.')).toThrow(/invalid/);
    expect(checkResourceGroupName('My_RG(1)')).toBe('My_RG(1)');
    expect(() => checkFleetName('Fleet')).toThrow(/invalid/);
    expect(() => checkFleetName('a'.repeat(64))).toThrow(/invalid/);
  });
});

describe('preconditions', () => {
  it('passes a matching If-Match, quoted or not, and *', () => {
    expect(() => checkPreconditions({ ifMatch: '"abc"' }, '"abc"')).not.toThrow();
    expect(() => checkPreconditions({ ifMatch: 'abc' }, '"abc"')).not.toThrow();
    expect(() => checkPreconditions({ ifMatch: '*' }, '"abc"')).not.toThrow();
  });

  it('fails a stale If-Match, If-Match on a missing resource, and If-None-Match: * on an existing one', () => {
    expect(() => checkPreconditions({ ifMatch: '"old"' }, '"new"')).toThrow(
      expect.objectContaining({ code: 'PreconditionFailed' }),
    );
    expect(() => checkPreconditions({ ifMatch: '*' }, undefined)).toThrow(
      expect.objectContaining({ code: 'PreconditionFailed' }),
    );
    expect(() => checkPreconditions({ ifNoneMatch: '*' }, '"x"')).toThrow(
      expect.objectContaining({ code: 'PreconditionFailed' }),
    );
    expect(() => checkPreconditions({ ifNoneMatch: '*' }, undefined)).not.toThrow();
  });
});
