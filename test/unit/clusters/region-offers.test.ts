import { describe, expect, it } from 'vitest';
import { RegionOffers } from '../../../src/clusters/region-offers';

describe('RegionOffers: when a region version list read moments ago answers the next member', () => {
  const region = 'sub/eastus';
  const offers = (clock: { now: number }) => new RegionOffers(() => clock.now);

  it('answers from a list younger than a minute that offers the wanted version', () => {
    const clock = { now: 0 };
    const memo = offers(clock);
    memo.remember(region, ['1.31.8', '1.32.6']);
    clock.now = 59_000;
    expect(memo.offering('SUB/EastUS', '1.32.6')).toEqual(['1.31.8', '1.32.6']);
  });

  it('never answers "not offered": a list without the wanted version is read again', () => {
    const memo = offers({ now: 0 });
    memo.remember(region, ['1.31.8']);
    expect(memo.offering(region, '1.32.6')).toBeUndefined();
    expect(memo.offering(region, undefined)).toBeUndefined();
  });

  it('reads again once the list is older than a minute, or for a region it has not read', () => {
    const clock = { now: 0 };
    const memo = offers(clock);
    memo.remember(region, ['1.32.6']);
    clock.now = 60_001;
    expect(memo.offering(region, '1.32.6')).toBeUndefined();
    expect(memo.offering('sub/westeurope', '1.32.6')).toBeUndefined();
  });

  it('hands out copies: a caller that changes its list does not change the memo', () => {
    const memo = offers({ now: 0 });
    memo.remember(region, ['1.32.6']);
    memo.offering(region, '1.32.6')?.pop();
    expect(memo.offering(region, '1.32.6')).toEqual(['1.32.6']);
  });
});
