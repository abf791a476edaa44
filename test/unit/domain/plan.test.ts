import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GROUP_NAME,
  DEFAULT_STAGE_NAME,
  InvalidStrategyError,
  membersOutsideStrategy,
  planUpdateRun,
} from '../../../src/domain';
import { aMember, aStrategy, clusterId } from '../../fixtures/domain-builders';

describe('planUpdateRun', () => {
  it('puts every member, ordered by name, into one default stage and group when there is no strategy', () => {
    const status = planUpdateRun({ members: [aMember('zeta', 'g1'), aMember('alpha'), aMember('mid', 'other')] });
    expect(status.stages).toHaveLength(1);
    expect(status.stages[0]?.name).toBe(DEFAULT_STAGE_NAME);
    expect(status.stages[0]?.groups.map((group) => group.name)).toEqual([DEFAULT_GROUP_NAME]);
    expect(status.stages[0]?.groups[0]?.members.map((member) => member.name)).toEqual(['alpha', 'mid', 'zeta']);
    expect(status.stages[0]?.groups[0]?.maxConcurrency).toBe(1);
  });

  it('produces the NotStarted skeleton of the ARM example for a one-stage strategy with a wait', () => {
    const strategy = aStrategy({ stage1: ['group-a'] }, { stage1: { afterStageWaitInSeconds: 3600 } });
    const status = planUpdateRun({ strategy, members: [aMember('member-one', 'group-a')] });
    expect(status).toEqual({
      status: { state: 'NotStarted' },
      stages: [
        {
          name: 'stage1',
          status: { state: 'NotStarted' },
          maxConcurrency: 50,
          groups: [
            {
              name: 'group-a',
              status: { state: 'NotStarted' },
              maxConcurrency: 1,
              members: [
                { name: 'member-one', clusterResourceId: clusterId('member-one'), status: { state: 'NotStarted' } },
              ],
            },
          ],
          afterStageWaitStatus: { status: { state: 'NotStarted' }, waitDurationInSeconds: 3600 },
        },
      ],
    });
  });

  it('omits the after-stage wait when afterStageWaitInSeconds is 0 or absent', () => {
    const strategy = aStrategy({ s1: ['a'], s2: ['b'] }, { s1: { afterStageWaitInSeconds: 0 } });
    const status = planUpdateRun({ strategy, members: [aMember('m1', 'a'), aMember('m2', 'b')] });
    expect(status.stages.map((stage) => stage.afterStageWaitStatus)).toEqual([undefined, undefined]);
  });

  it('leaves out members whose group no stage lists, and reports them', () => {
    const strategy = aStrategy({ s1: ['a'] });
    const members = [aMember('m1', 'a'), aMember('m2', 'b'), aMember('m3')];
    const status = planUpdateRun({ strategy, members });
    expect(status.stages[0]?.groups[0]?.members.map((member) => member.name)).toEqual(['m1']);
    expect(membersOutsideStrategy(strategy, members).map((member) => member.name)).toEqual(['m2', 'm3']);
  });

  it('rejects a group that matches no fleet member, naming it', () => {
    const strategy = aStrategy({ s1: ['a', 'ghost'] });
    const plan = () => planUpdateRun({ strategy, members: [aMember('m1', 'a')] });
    expect(plan).toThrow(InvalidStrategyError);
    expect(plan).toThrow(/'ghost'/);
  });

  it('rejects a group listed in two stages', () => {
    const strategy = aStrategy({ s1: ['a'], s2: ['a'] });
    expect(() => planUpdateRun({ strategy, members: [aMember('m1', 'a')] })).toThrow(
      /Group 'a' appears more than once/,
    );
  });

  it('rejects duplicate stage names and names outside the ARM pattern', () => {
    const duplicate = {
      stages: [
        { name: 's1', groups: [{ name: 'a' }] },
        { name: 's1', groups: [{ name: 'b' }] },
      ],
    };
    expect(() => planUpdateRun({ strategy: duplicate, members: [aMember('m', 'a')] })).toThrow(/Stage 's1'/);
    expect(() => planUpdateRun({ strategy: aStrategy({ Stage_1: ['a'] }), members: [aMember('m', 'a')] })).toThrow(
      InvalidStrategyError,
    );
  });

  it('rejects an empty strategy and a stage without groups', () => {
    expect(() => planUpdateRun({ strategy: { stages: [] }, members: [] })).toThrow(/at least one stage/);
    expect(() => planUpdateRun({ strategy: aStrategy({ s1: [] }), members: [] })).toThrow(/1 to 50 groups/);
  });

  it('resolves percentage maxConcurrency against group and stage sizes, rounding down', () => {
    const strategy = {
      stages: [{ name: 's1', maxConcurrency: '50%', groups: [{ name: 'a', maxConcurrency: '25%' }, { name: 'b' }] }],
    };
    const members = ['1', '2', '3', '4', '5', '6'].map((n) => aMember(`a${n}`, 'a')).concat([aMember('b1', 'b')]);
    const stage = planUpdateRun({ strategy, members }).stages[0];
    expect(stage?.maxConcurrency).toBe(3);
    expect(stage?.groups.map((group) => group.maxConcurrency)).toEqual([1, 1]);
  });

  it('rejects a member listed twice', () => {
    expect(() => planUpdateRun({ members: [aMember('m1'), aMember('m1')] })).toThrow(/listed twice/);
  });

  it('plans gates of a stage and group as NotStarted entries', () => {
    const strategy = {
      stages: [
        {
          name: 's1',
          beforeGates: [{ displayName: 'approve s1', type: 'Approval' as const }],
          groups: [{ name: 'a', afterGates: [{ type: 'Approval' as const }] }],
        },
      ],
    };
    const stage = planUpdateRun({ strategy, members: [aMember('m1', 'a')] }).stages[0];
    expect(stage?.beforeGates).toEqual([{ displayName: 'approve s1', status: { state: 'NotStarted' } }]);
    expect(stage?.groups[0]?.afterGates).toEqual([{ status: { state: 'NotStarted' } }]);
  });
});
