import { describe, expect, it } from 'vitest';
import { gateNameFor, GATE_NAME_PATTERN, parseGateFilter } from '../../../src/api/gate.schema';

describe('a gate list $filter', () => {
  it("reads az's 'state eq Pending', quoted values, properties/ paths and 'and'", () => {
    expect(parseGateFilter('state eq Pending')).toEqual({ state: 'Pending' });
    expect(parseGateFilter("properties/state eq 'completed'")).toEqual({ state: 'Completed' });
    expect(parseGateFilter("state eq 'Pending' and target/updateRunProperties/name eq 'run-1'")).toEqual({
      state: 'Pending',
      runName: 'run-1',
    });
    expect(parseGateFilter(null)).toEqual({});
  });
  it('refuses other fields, operators and states, naming $filter', () => {
    for (const bad of ['colour eq red', 'state ne Pending', 'state eq Waiting', "state eq 'x' or state eq 'y'"]) {
      expect(() => parseGateFilter(bad)).toThrow(expect.objectContaining({ target: '$filter' }));
    }
  });
});

describe('a gate name', () => {
  it('is a GUID derived from its seed: the same gate twice, another for another seed', () => {
    const a = gateNameFor('run|2026-01-01|gate|before|s1|0');
    expect(a).toMatch(GATE_NAME_PATTERN);
    expect(gateNameFor('run|2026-01-01|gate|before|s1|0')).toBe(a);
    expect(gateNameFor('run|2026-01-02|gate|before|s1|0')).not.toBe(a);
  });
});
