import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ApiVersion } from '../../../src/api/api-version';
import { ArmError } from '../../../src/api/errors';
import { FleetPatchSchema, FleetPutSchema } from '../../../src/api/fleet.schema';
import { memberPatchSchema, memberPutSchema } from '../../../src/api/member.schema';
import { strategyFor, updateStrategyPutSchema } from '../../../src/api/strategy.schema';
import { updateRunPutSchema } from '../../../src/api/update-run.schema';
import { parseBody } from '../../../src/services/parse-body';
import { keepNewerFields } from '../../../src/services/strategy-rules';
import { SkipBodySchema } from '../../../src/services/update-run-actions.service';

const CLUSTER =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/k1';
const UPDATE = { upgrade: { type: 'Full', kubernetesVersion: '1.30.4' } };

function refusal(schema: z.ZodType, body: unknown) {
  try {
    parseBody(schema, body);
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    return { code: error.code, target: error.target, details: error.details };
  }
  throw new Error('the body was accepted');
}

const strategyBody = (stage: Record<string, unknown>, group: Record<string, unknown> = {}) => ({
  properties: { strategy: { stages: [{ name: 's1', groups: [{ name: 'g1', ...group }], ...stage }] } },
});

const unknownFields: Array<[string, z.ZodType, unknown, string]> = [
  ['a fleet, top level', FleetPutSchema, { location: 'x', sku: {} }, 'sku'],
  ['a fleet, properties', FleetPutSchema, { location: 'x', properties: { foo: 1 } }, 'properties.foo'],
  [
    'a fleet, hubProfile',
    FleetPutSchema,
    { location: 'x', properties: { hubProfile: { dnsPrefx: 'a' } } },
    'properties.hubProfile.dnsPrefx',
  ],
  ['a fleet PATCH, location', FleetPatchSchema, { location: 'x' }, 'location'],
  [
    'a member, top level',
    memberPutSchema('2026-06-01'),
    { location: 'x', properties: { clusterResourceId: CLUSTER } },
    'location',
  ],
  [
    'a member, properties',
    memberPutSchema('2026-06-01'),
    { properties: { clusterResourceId: CLUSTER, groups: 'a' } },
    'properties.groups',
  ],
  [
    'a member PATCH, clusterResourceId',
    memberPatchSchema('2026-06-01'),
    { properties: { clusterResourceId: CLUSTER } },
    'properties.clusterResourceId',
  ],
  [
    'a strategy, properties',
    updateStrategyPutSchema('2026-06-01'),
    { properties: { ...strategyBody({}).properties, stages: [] } },
    'properties.stages',
  ],
  [
    'a strategy, stage',
    updateStrategyPutSchema('2026-06-01'),
    strategyBody({ wait: 60 }),
    'properties.strategy.stages[0].wait',
  ],
  [
    'a strategy, group',
    updateStrategyPutSchema('2026-06-01'),
    strategyBody({}, { concurrency: '2' }),
    'properties.strategy.stages[0].groups[0].concurrency',
  ],
  [
    'a strategy, gate',
    updateStrategyPutSchema('2026-06-01'),
    strategyBody({ beforeGates: [{ type: 'Approval', approvers: ['me'] }] }),
    'properties.strategy.stages[0].beforeGates[0].approvers',
  ],
  [
    'a run, top level',
    updateRunPutSchema('2025-03-01'),
    { properties: { managedClusterUpdate: UPDATE }, tags: {} },
    'tags',
  ],
  [
    'a run, upgrade',
    updateRunPutSchema('2025-03-01'),
    { properties: { managedClusterUpdate: { upgrade: { ...UPDATE.upgrade, force: true } } } },
    'properties.managedClusterUpdate.upgrade.force',
  ],
  [
    'a run, nodeImageSelection',
    updateRunPutSchema('2025-03-01'),
    { properties: { managedClusterUpdate: { ...UPDATE, nodeImageSelection: { type: 'Latest', pin: 'x' } } } },
    'properties.managedClusterUpdate.nodeImageSelection.pin',
  ],
  ['a skip, top level', SkipBodySchema, { targets: [{ type: 'Member', name: 'm' }], force: true }, 'force'],
  ['a skip, target', SkipBodySchema, { targets: [{ type: 'Member', name: 'm', reason: 'x' }] }, 'targets[0].reason'],
];

describe('request bodies', () => {
  it.each(unknownFields)(
    'refuse an unknown field of %s with InvalidRequestContent naming it',
    (_c, schema, body, target) => {
      const error = refusal(schema, body);
      expect(error).toMatchObject({ code: 'InvalidRequestContent', target });
      expect(error.details).toContainEqual({
        code: 'InvalidRequestContent',
        message: expect.any(String) as unknown,
        target,
      });
    },
  );

  it('accept, and never keep, the read-only fields a GET body carries', () => {
    const envelope = { id: '/x', name: 'n', type: 't', systemData: { createdAt: 'now' }, eTag: '"1"' };
    const fleet = parseBody(FleetPutSchema, {
      ...envelope,
      location: 'x',
      identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
      properties: {
        provisioningState: 'Succeeded',
        status: {},
        hubProfile: { dnsPrefix: 'a', fqdn: 'f', portalFqdn: 'p' },
      },
    });
    const member = parseBody(memberPutSchema('2025-03-01'), {
      ...envelope,
      properties: { clusterResourceId: CLUSTER, provisioningState: 'Succeeded', status: {} },
    });
    const run = parseBody(updateRunPutSchema('2026-06-01'), {
      ...envelope,
      properties: {
        managedClusterUpdate: UPDATE,
        provisioningState: 'Succeeded',
        status: { stages: [] },
        autoUpgradeProfileId: 'a',
      },
    });
    const strategy = parseBody(updateStrategyPutSchema('2025-03-01'), {
      ...envelope,
      properties: { ...strategyBody({}).properties, provisioningState: 'Succeeded' },
    });
    expect(JSON.parse(JSON.stringify({ fleet, member, run, strategy }))).toEqual({
      fleet: { location: 'x', identity: { type: 'SystemAssigned' }, properties: { hubProfile: { dnsPrefix: 'a' } } },
      member: { properties: { clusterResourceId: CLUSTER } },
      run: { properties: { managedClusterUpdate: UPDATE } },
      strategy: strategyBody({}),
    });
  });

  it.each<ApiVersion>(['2025-03-01', '2026-06-01'])(
    'refuse memberSelector on a stage and a group by name under %s',
    (version) => {
      const body = strategyBody(
        { memberSelector: { byLabel: 'env=prod' } },
        { memberSelector: { byLabel: 'tier=web' } },
      );
      const error = refusal(updateStrategyPutSchema(version), body);
      expect(error.details).toEqual([
        expect.objectContaining({
          code: 'InvalidRequestContent',
          target: 'properties.strategy.stages[0].groups[0].memberSelector',
        }),
        expect.objectContaining({
          code: 'InvalidRequestContent',
          target: 'properties.strategy.stages[0].memberSelector',
        }),
      ]);
      expect(error.details[0]?.message).toMatch(/^is not supported by this service yet/);
    },
  );

  it('refuse a ScheduledStart gate configuration by name', () => {
    const body = strategyBody({
      beforeGates: [{ type: 'Approval', scheduledStartConfiguration: { startDay: 'Monday' } }],
    });
    const error = refusal(updateStrategyPutSchema('2026-06-01'), body);
    expect(error.target).toBe('properties.strategy.stages[0].beforeGates[0].scheduledStartConfiguration');
    expect(error.details[0]?.message).toMatch(/^is not supported by this service yet/);
  });

  it('take maxAllowedFailures on stages and groups under 2026-06-01 only', () => {
    const body = strategyBody({ maxAllowedFailures: '1' }, { maxAllowedFailures: '25%' });
    expect(parseBody(updateStrategyPutSchema('2026-06-01'), body)).toEqual(body);
    const old = refusal(updateStrategyPutSchema('2025-03-01'), body);
    expect(old.details.map((d) => [d.target, d.message])).toEqual([
      [
        'properties.strategy.stages[0].groups[0].maxAllowedFailures',
        'is not available in api-version 2025-03-01; use api-version 2026-06-01',
      ],
      [
        'properties.strategy.stages[0].maxAllowedFailures',
        'is not available in api-version 2025-03-01; use api-version 2026-06-01',
      ],
    ]);
    const bad = refusal(updateStrategyPutSchema('2026-06-01'), strategyBody({}, { maxAllowedFailures: '150%' }));
    expect(bad).toMatchObject({
      code: 'InvalidRequestContent',
      target: 'properties.strategy.stages[0].groups[0].maxAllowedFailures',
    });
    expect(bad.details[0]?.code).toBe('InvalidParameter');
  });
});

describe('maxAllowedFailures across api-versions', () => {
  const rich = {
    stages: [
      { name: 's1', maxAllowedFailures: '1', maxConcurrency: '2', groups: [{ name: 'g1', maxAllowedFailures: '25%' }] },
    ],
  };

  it('is hidden from 2025-03-01 views and shown to 2026-06-01 ones', () => {
    expect(strategyFor(rich, '2025-03-01')).toEqual({ stages: [{ name: 's1', groups: [{ name: 'g1' }] }] });
    expect(strategyFor(rich, '2026-06-01')).toEqual(rich);
  });

  it('survives a replace under 2025-03-01, which cannot see it', () => {
    const replaced = keepNewerFields({ stages: [{ name: 's1', groups: [{ name: 'g1' }] }] }, rich, '2025-03-01');
    expect(replaced).toEqual(rich);
  });
});
