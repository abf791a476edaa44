import { describe, expect, it } from 'vitest';
import { aStrategy, givenFleetWithGroups } from '../../fixtures/fleet-builders';
import { callApi, fleetPath, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();

const strategies = `${fleetPath('fleet1')}/updateStrategies`;

async function putStrategy(strategy: unknown, apiVersion = '2025-03-01') {
  return callApi('PUT', `${strategies}/s1`, { body: { properties: { strategy } }, apiVersion });
}

function errorOf(response: { body: unknown }) {
  return (response.body as { error: { code: string; target?: string; details: Array<{ target?: string }> } }).error;
}

describe('update strategies', () => {
  it('creates, reads, lists and deletes a strategy', async () => {
    await givenFleetWithGroups();
    const created = await putStrategy(aStrategy());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'Microsoft.ContainerService/fleets/updateStrategies',
      properties: { provisioningState: 'Succeeded', strategy: aStrategy() },
    });
    expect((await callApi('GET', `${strategies}/s1`)).status).toBe(200);
    expect(((await callApi('GET', strategies)).body as { value: unknown[] }).value).toHaveLength(1);
    expect((await callApi('DELETE', `${strategies}/s1`)).status).toBe(200);
    expect((await callApi('GET', `${strategies}/s1`)).status).toBe(404);
  });

  it.each([
    ['no stage', { stages: [] }, 'properties.strategy.stages'],
    ['a stage without groups', { stages: [{ name: 's', groups: [] }] }, 'properties.strategy.stages[0].groups'],
    [
      'a bad stage name',
      { stages: [{ name: 'Stage_1', groups: [{ name: 'canary' }] }] },
      'properties.strategy.stages[0].name',
    ],
    [
      'a stage name over 50 chars',
      { stages: [{ name: 'a'.repeat(51), groups: [{ name: 'canary' }] }] },
      'properties.strategy.stages[0].name',
    ],
    [
      'duplicate stage names',
      {
        stages: [
          { name: 's', groups: [{ name: 'canary' }] },
          { name: 's', groups: [{ name: 'prod' }] },
        ],
      },
      'properties.strategy.stages[1].name',
    ],
    [
      'a group twice in a stage',
      { stages: [{ name: 's', groups: [{ name: 'canary' }, { name: 'canary' }] }] },
      'properties.strategy.stages[0].groups[1].name',
    ],
    [
      'a group in two stages',
      {
        stages: [
          { name: 'a', groups: [{ name: 'canary' }] },
          { name: 'b', groups: [{ name: 'canary' }] },
        ],
      },
      'properties.strategy.stages[1].groups[0].name',
    ],
    [
      'more than 50 groups in a stage',
      { stages: [{ name: 's', groups: Array.from({ length: 51 }, (_, i) => ({ name: `g${i}` })) }] },
      'properties.strategy.stages[0].groups',
    ],
    [
      'a negative wait',
      { stages: [{ name: 's', groups: [{ name: 'canary' }], afterStageWaitInSeconds: -1 }] },
      'properties.strategy.stages[0].afterStageWaitInSeconds',
    ],
    [
      'a wait beyond int32',
      { stages: [{ name: 's', groups: [{ name: 'canary' }], afterStageWaitInSeconds: 2 ** 31 }] },
      'properties.strategy.stages[0].afterStageWaitInSeconds',
    ],
    [
      'a fractional wait',
      { stages: [{ name: 's', groups: [{ name: 'canary' }], afterStageWaitInSeconds: 1.5 }] },
      'properties.strategy.stages[0].afterStageWaitInSeconds',
    ],
    [
      'a group no member is in',
      { stages: [{ name: 's', groups: [{ name: 'nobody' }] }] },
      'properties.strategy.stages[0].groups[0].name',
    ],
    [
      'maxConcurrency under 2025-03-01',
      { stages: [{ name: 's', groups: [{ name: 'canary' }], maxConcurrency: '2' }] },
      'properties.strategy.stages[0].maxConcurrency',
    ],
  ])('refuses %s with 400 naming the field', async (_case, strategy, target) => {
    await givenFleetWithGroups();
    const response = await putStrategy(strategy);
    expect(response.status).toBe(400);
    expect(errorOf(response).target).toBe(target);
    expect(errorOf(response).details.map((d) => d.target)).toContain(target);
  });

  it.each([
    ['an unknown top-level field', { properties: { strategy: aStrategy() }, location: 'westeurope' }, 'location'],
    [
      'an unknown properties field',
      { properties: { strategy: aStrategy(), updateStrategyId: 'x' } },
      'properties.updateStrategyId',
    ],
    [
      'an unknown stage field',
      { properties: { strategy: { stages: [{ name: 's', groups: [{ name: 'canary' }], afterStageWait: 60 }] } } },
      'properties.strategy.stages[0].afterStageWait',
    ],
    [
      'an unknown group field',
      { properties: { strategy: { stages: [{ name: 's', groups: [{ name: 'canary', members: ['m1'] }] }] } } },
      'properties.strategy.stages[0].groups[0].members',
    ],
    [
      'memberSelector on a group',
      {
        properties: {
          strategy: { stages: [{ name: 's', groups: [{ name: 'canary', memberSelector: { byLabel: 'env=x' } }] }] },
        },
      },
      'properties.strategy.stages[0].groups[0].memberSelector',
    ],
  ])('refuses %s with 400 InvalidRequestContent naming it, under 2026-06-01', async (_case, body, target) => {
    await givenFleetWithGroups();
    const response = await callApi('PUT', `${strategies}/s1`, { body, apiVersion: '2026-06-01' });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'InvalidRequestContent', target });
    expect(errorOf(response).details).toContainEqual(
      expect.objectContaining({ code: 'InvalidRequestContent', target }),
    );
    expect((await callApi('GET', `${strategies}/s1`)).status).toBe(404);
  });

  it.each([
    ['maxAllowedFailures under 2025-03-01', '2025-03-01', '1', 'is not available in api-version 2025-03-01'],
    ['a fractional maxAllowedFailures', '2026-06-01', '1.5', 'must be a whole number of members'],
    ['a maxAllowedFailures over 100%', '2026-06-01', '101%', 'a percentage from 0% to 100%'],
  ])('refuses %s with 400 naming the field', async (_case, apiVersion, value, message) => {
    await givenFleetWithGroups();
    const strategy = { stages: [{ name: 's', groups: [{ name: 'canary', maxAllowedFailures: value }] }] };
    const response = await putStrategy(strategy, apiVersion);
    expect(response.status).toBe(400);
    expect(errorOf(response).target).toBe('properties.strategy.stages[0].groups[0].maxAllowedFailures');
    expect(JSON.stringify(response.body)).toContain(message);
  });

  it('refuses a missing strategy with "is required"', async () => {
    await givenFleetWithGroups();
    const response = await callApi('PUT', `${strategies}/s1`, { body: { properties: {} } });
    expect(response.body).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "InvalidRequestContent",
          "details": [
            {
              "code": "InvalidParameter",
              "message": "is required",
              "target": "properties.strategy",
            },
          ],
          "message": "The request is invalid: 'properties.strategy' is required",
          "target": "properties.strategy",
        },
      }
    `);
  });

  it('accepts gates, maxConcurrency and maxAllowedFailures under 2026-06-01 and keeps them across a 2025-03-01 replace', async () => {
    await givenFleetWithGroups();
    const rich = {
      stages: [
        {
          name: 'stage1',
          maxConcurrency: '10',
          maxAllowedFailures: '1',
          beforeGates: [{ displayName: 'approve stage1', type: 'Approval' }],
          groups: [{ name: 'canary', maxConcurrency: '25%', maxAllowedFailures: '40%' }],
        },
      ],
    };
    const created = await putStrategy(rich, '2026-06-01');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ properties: { strategy: rich } });
    const old = await putStrategy({
      stages: [{ name: 'stage1', groups: [{ name: 'canary' }], afterStageWaitInSeconds: 60 }],
    });
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({
      properties: { strategy: { stages: [{ name: 'stage1', groups: [{ name: 'canary' }] }] } },
    });
    expect(JSON.stringify(old.body)).not.toContain('maxConcurrency');
    expect(JSON.stringify(old.body)).not.toContain('maxAllowedFailures');
    const read = await callApi('GET', `${strategies}/s1`, { apiVersion: '2026-06-01' });
    expect(read.body).toMatchObject({
      properties: {
        strategy: {
          stages: [
            {
              maxConcurrency: '10',
              maxAllowedFailures: '1',
              afterStageWaitInSeconds: 60,
              groups: [{ maxConcurrency: '25%', maxAllowedFailures: '40%' }],
            },
          ],
        },
      },
    });
  });

  it.each(['2025-03-01', '2026-06-01'])(
    'takes back the body of its own GET under %s (read-only fields ignored)',
    async (apiVersion) => {
      await givenFleetWithGroups();
      await putStrategy(aStrategy(), apiVersion);
      const read = await callApi('GET', `${strategies}/s1`, { apiVersion });
      const replaced = await callApi('PUT', `${strategies}/s1`, { body: read.body, apiVersion });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ properties: { strategy: aStrategy() } });
    },
  );

  it('refuses a group maxConcurrency above its stage maxConcurrency', async () => {
    await givenFleetWithGroups();
    const response = await putStrategy(
      { stages: [{ name: 's', maxConcurrency: '2', groups: [{ name: 'canary', maxConcurrency: '3' }] }] },
      '2026-06-01',
    );
    expect(errorOf(response).target).toBe('properties.strategy.stages[0].groups[0].maxConcurrency');
  });
});
