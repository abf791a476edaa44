import { describe, expect, it } from 'vitest';
import { buildNextLink, decodeSkipToken, readPageRequest } from '../../../src/api/paging';

describe('paging', () => {
  it('builds an absolute nextLink that keeps api-version and $top and carries an opaque $skipToken', () => {
    const link = buildNextLink(
      'http://h:7071/subscriptions/s/providers/x?api%2Dversion=2025-03-01&$top=5',
      'member|m-0005',
    );
    const url = new URL(link ?? '');
    expect(url.searchParams.get('api-version')).toBe('2025-03-01');
    expect(url.searchParams.get('$top')).toBe('5');
    expect(decodeSkipToken(url.searchParams.get('$skipToken') ?? '')).toBe('member|m-0005');
    expect(buildNextLink('http://h/x', undefined)).toBeUndefined();
  });

  it('reads $top within 1..1000 and refuses garbage tokens with InvalidSkipToken', () => {
    expect(readPageRequest(new URLSearchParams('$top=7'))).toEqual({ top: 7 });
    expect(() => readPageRequest(new URLSearchParams('$top=0'))).toThrow(expect.objectContaining({ target: '$top' }));
    expect(() => readPageRequest(new URLSearchParams('$skipToken=zzz'))).toThrow(
      expect.objectContaining({ code: 'InvalidSkipToken' }),
    );
  });
});
