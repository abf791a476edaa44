import { describe, expect, it } from 'vitest';
import {
  InvalidMaxConcurrencyError,
  isValidMaxConcurrency,
  parseMaxConcurrency,
  resolveMaxConcurrency,
  validateStageConcurrency,
} from '../../../src/domain';

describe('maxConcurrency', () => {
  it('parses counts and percentages', () => {
    expect(parseMaxConcurrency('3')).toEqual({ kind: 'count', count: 3 });
    expect(parseMaxConcurrency('25%')).toEqual({ kind: 'percent', percent: 25 });
    expect(parseMaxConcurrency('100%')).toEqual({ kind: 'percent', percent: 100 });
  });

  it.each(['0', '0%', '101%', '3.5', '-1', '03', 'abc', '', '10 %'])('rejects %j', (value) => {
    expect(isValidMaxConcurrency(value)).toBe(false);
    expect(() => parseMaxConcurrency(value)).toThrow(InvalidMaxConcurrencyError);
  });

  it('rounds percentages down with a minimum of one', () => {
    expect(resolveMaxConcurrency('50%', 5, 1)).toBe(2);
    expect(resolveMaxConcurrency('25%', 3, 1)).toBe(1);
    expect(resolveMaxConcurrency('100%', 7, 1)).toBe(7);
    expect(resolveMaxConcurrency('10%', 0, 1)).toBe(1);
  });

  it('uses a count as given and the default when unset', () => {
    expect(resolveMaxConcurrency('4', 10, 1)).toBe(4);
    expect(resolveMaxConcurrency(undefined, 10, 50)).toBe(50);
  });

  it('rejects a group count above its stage count and a stage count above 50, with the field as target', () => {
    const tooWide = { name: 's', maxConcurrency: '5', groups: [{ name: 'g', maxConcurrency: '10' }] };
    expect(() => validateStageConcurrency(tooWide, 0)).toThrow(/cannot exceed the maxConcurrency of Stage 's'/);
    try {
      validateStageConcurrency({ name: 's', maxConcurrency: '51', groups: [] }, 2);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidMaxConcurrencyError);
      expect((error as InvalidMaxConcurrencyError).target).toBe('strategy.stages[2].maxConcurrency');
    }
  });

  it('accepts a group percentage under a stage count', () => {
    expect(() =>
      validateStageConcurrency({ name: 's', maxConcurrency: '5', groups: [{ name: 'g', maxConcurrency: '100%' }] }, 0),
    ).not.toThrow();
  });
});
