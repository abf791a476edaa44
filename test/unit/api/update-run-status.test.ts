import { describe, expect, it } from 'vitest';
import { composeRunStatus, planMembers, resolveConcurrency, statusKey } from '../../../src/api/update-run-status';
import { runStatusFor } from '../../../src/api/views';

const members = [
  { name: 'b', clusterResourceId: '/c/b', group: 'prod' },
  { name: 'a', clusterResourceId: '/c/a', group: 'canary' },
  { name: 'z', clusterResourceId: '/c/z' },
];
const strategy = { stages: [{ name: 's1', groups: [{ name: 'canary' }, { name: 'prod', maxConcurrency: '50%' }] }] };

describe('update-run status composition', () => {
  it('places members into their strategy groups; members outside every group are not planned', () => {
    expect(planMembers(strategy, members).map((m) => `${m.stage}/${m.group}/${m.name}`)).toEqual([
      's1/canary/a',
      's1/prod/b',
    ]);
  });

  it('puts every member in one default stage and group when there is no strategy', () => {
    const status = composeRunStatus(undefined, planMembers(undefined, members));
    expect(status.stages.map((s) => [s.name, s.groups.map((g) => [g.name, g.members.map((m) => m.name)])])).toEqual([
      ['default', [['default', ['a', 'b', 'z']]]],
    ]);
  });

  it('overlays stored progress and shows Pending as Running to 2025-03-01 readers', () => {
    const overlay = {
      statuses: new Map([
        [statusKey.run(), { state: 'Pending' as const }],
        [statusKey.member('s1', 'prod', 'b'), { state: 'Running' as const, startTime: '2026-01-01T00:00:00Z' }],
      ]),
      members: new Map([[statusKey.member('s1', 'prod', 'b'), { operationId: 'op-1' }]]),
    };
    const status = composeRunStatus(strategy, planMembers(strategy, members), overlay);
    expect(status.status.state).toBe('Pending');
    expect(status.stages[0]?.groups[1]?.members[0]).toMatchObject({
      operationId: 'op-1',
      status: { state: 'Running' },
    });
    const old = runStatusFor(status, '2025-03-01');
    expect(old.status.state).toBe('Running');
    expect(JSON.stringify(old)).not.toContain('maxConcurrency');
  });

  it('resolves maxConcurrency: integers as given, percentages rounded down with a minimum of one', () => {
    expect(resolveConcurrency('3', 10)).toBe(3);
    expect(resolveConcurrency('25%', 10)).toBe(2);
    expect(resolveConcurrency('10%', 3)).toBe(1);
  });
});
