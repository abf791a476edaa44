import { describe, expect, it } from 'vitest';
import { nextPollSeconds } from '../../../src/domain';

describe('nextPollSeconds: when to look at an in-flight operation again', () => {
  it('waits the poll interval when ARM gives no Retry-After (or 0, which says nothing)', () => {
    expect(nextPollSeconds(15, undefined)).toBe(15);
    expect(nextPollSeconds(15, 0)).toBe(15);
  });

  it('polls as the operation is due to end when ARM says that is sooner, a hair after it', () => {
    expect(nextPollSeconds(15, 1.5)).toBeCloseTo(1.502, 6);
  });

  it('does not wait out a Retry-After longer than the interval', () => {
    expect(nextPollSeconds(15, 60)).toBe(15);
  });

  it('never polls in a loop on a tiny hint', () => {
    expect(nextPollSeconds(15, 0.000001)).toBe(0.005);
    expect(nextPollSeconds(0.002, 0.000001)).toBe(0.002);
  });
});
