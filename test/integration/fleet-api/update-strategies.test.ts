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

  it('accepts gates and maxConcurrency under 2026-06-01 and keeps them across a 2025-03-01 replace', async () => {
    await givenFleetWithGroups();
    const rich = {
      stages: [
        {
          name: 'stage1',
          maxConcurrency: '10',
          beforeGates: [{ displayName: 'approve stage1', type: 'Approval' }],
          groups: [{ name: 'canary', maxConcurrency: '25%' }],
        },
      ],
    };
    expect((await putStrategy(rich, '2026-06-01')).status).toBe(201);
    const old = await putStrategy({
      stages: [{ name: 'stage1', groups: [{ name: 'canary' }], afterStageWaitInSeconds: 60 }],
    });
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({
      properties: { strategy: { stages: [{ name: 'stage1', groups: [{ name: 'canary' }] }] } },
    });
    expect(JSON.stringify(old.body)).not.toContain('maxConcurrency');
    const read = await callApi('GET', `${strategies}/s1`, { apiVersion: '2026-06-01' });
    expect(read.body).toMatchObject({
      properties: {
        strategy: {
          stages: [{ maxConcurrency: '10', afterStageWaitInSeconds: 60, groups: [{ maxConcurrency: '25%' }] }],
        },
      },
    });
  });

  it('refuses a group maxConcurrency above its stage maxConcurrency', async () => {
    await givenFleetWithGroups();
    const response = await putStrategy(
      { stages: [{ name: 's', maxConcurrency: '2', groups: [{ name: 'canary', maxConcurrency: '3' }] }] },
      '2026-06-01',
    );
    expect(errorOf(response).target).toBe('properties.strategy.stages[0].groups[0].maxConcurrency');
  });
});
