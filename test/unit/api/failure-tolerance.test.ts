import { describe, expect, it } from 'vitest';
import { MaxAllowedFailuresSchema, resolveMaxAllowedFailures } from '../../../src/api/failure-tolerance';

describe('resolveMaxAllowedFailures', () => {
  it('is fail-fast (0) when unset', () => {
    expect(resolveMaxAllowedFailures(undefined, 5)).toBe(0);
  });

  it('keeps a count as given, even above the population', () => {
    expect(resolveMaxAllowedFailures('0', 5)).toBe(0);
    expect(resolveMaxAllowedFailures('2', 5)).toBe(2);
    expect(resolveMaxAllowedFailures('9', 5)).toBe(9);
  });

  it.each([
    ['25%', 5, 2],
    ['40%', 5, 2],
    ['41%', 5, 3],
    ['50%', 4, 2],
    ['1%', 1, 1],
    ['0%', 10, 0],
    ['100%', 7, 7],
    ['33%', 0, 0],
  ])('resolves %s of %i members with the ceiling, to %i', (value, population, expected) => {
    expect(resolveMaxAllowedFailures(value, population)).toBe(expected);
  });

  it('refuses a value that is neither "N" nor "N%" (the schema keeps such values out)', () => {
    expect(() => resolveMaxAllowedFailures('two', 5)).toThrow(RangeError);
  });
});

describe('MaxAllowedFailuresSchema', () => {
  it.each(['0', '3', '2147483647', '0%', '5%', '100%'])('accepts %s', (value) => {
    expect(MaxAllowedFailuresSchema.safeParse(value).success).toBe(true);
  });

  it.each(['', '-1', '01', '1.5', '101%', '00%', '%', ' 2', '2 %', '2147483648'])('refuses %j', (value) => {
    expect(MaxAllowedFailuresSchema.safeParse(value).success).toBe(false);
  });

  it('refuses a number that is not a string, as ARM types it', () => {
    expect(MaxAllowedFailuresSchema.safeParse(2).success).toBe(false);
  });
});
