import { describe, expect, it } from 'vitest';
import { planStageGroups, type UpdateState } from '../../../src/domain';

const group = (name: string, state: UpdateState = 'NotStarted') => ({ name, status: { state } });
const stage = (maxConcurrency: number, ...groups: ReturnType<typeof group>[]) => ({
  name: 'canary',
  maxConcurrency,
  groups,
});
const names = (groups: readonly { name: string }[]) => groups.map((g) => g.name);

describe('planStageGroups: which groups of a stage run, and how its ceiling is shared', () => {
  it('runs every unfinished group in the strategy order, all at once under a high ceiling', () => {
    const plan = planStageGroups(stage(50, group('a'), group('b'), group('c')), []);
    expect(names(plan.toRun)).toEqual(['a', 'b', 'c']);
    expect(plan).toMatchObject({ skipped: [], parallel: 3, share: 16 });
  });

  it('leaves out groups an earlier start finished, without counting them as skipped', () => {
    const plan = planStageGroups(stage(10, group('a', 'Completed'), group('b', 'Skipped'), group('c', 'Stopped')), []);
    expect(names(plan.toRun)).toEqual(['c']);
    expect(plan.skipped).toEqual([]);
  });

  it('skips a group named by a skip, and every unfinished group when the stage is skipped', () => {
    const groups = [group('a'), group('b'), group('c', 'Completed')];
    const one = planStageGroups(stage(10, ...groups), [{ type: 'Group', name: 'b' }]);
    expect([names(one.toRun), one.skipped]).toEqual([['a'], ['b']]);
    const all = planStageGroups(stage(10, ...groups), [{ type: 'Stage', name: 'canary' }]);
    expect([names(all.toRun), all.skipped]).toEqual([[], ['a', 'b']]);
  });

  it('runs at most maxConcurrency groups at once, each with one member in flight when the ceiling is lower', () => {
    const plan = planStageGroups(stage(2, group('a'), group('b'), group('c')), []);
    expect(plan).toMatchObject({ parallel: 2, share: 1 });
  });

  it('shares the ceiling equally, rounding down, never below one', () => {
    expect(planStageGroups(stage(7, group('a'), group('b')), [])).toMatchObject({ parallel: 2, share: 3 });
    expect(planStageGroups(stage(1, group('a')), [])).toMatchObject({ parallel: 1, share: 1 });
    expect(planStageGroups(stage(5), [])).toMatchObject({ toRun: [], parallel: 1, share: 5 });
  });
});
