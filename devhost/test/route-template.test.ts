import { describe, expect, it } from 'vitest';
import { parseRouteTemplate } from '../src/http/route-template';
import { RouteTable } from '../src/http/route-table';

const match = (template: string, path: string): Record<string, string> | undefined =>
  parseRouteTemplate(template).match(path);

describe('route template matching', () => {
  it('matches literal segments case-insensitively', () => {
    expect(match('api/Orders/list', '/API/orders/LIST')).toEqual({});
    expect(match('api/orders', '/api/order')).toBeUndefined();
  });

  it('ignores one trailing slash and rejects extra segments', () => {
    expect(match('api/orders', '/api/orders/')).toEqual({});
    expect(match('api/orders', '/api/orders/1')).toBeUndefined();
  });

  it('captures parameters as url-decoded strings', () => {
    expect(match('items/{name}/{id}', '/items/hello%20world/42')).toEqual({ name: 'hello world', id: '42' });
  });

  it('keeps an encoded slash inside a segment encoded', () => {
    expect(match('items/{name}', '/items/a%2Fb')).toEqual({ name: 'a%2Fb' });
  });

  it('leaves out an optional parameter that is missing', () => {
    expect(match('orders/{id:int}/{tag?}', '/orders/7')).toEqual({ id: '7' });
    expect(match('orders/{id:int}/{tag?}', '/orders/7/red')).toEqual({ id: '7', tag: 'red' });
  });

  it('fills a default value when the segment is missing', () => {
    expect(match('page/{n=5}', '/page')).toEqual({ n: '5' });
    expect(match('page/{n:int=5}', '/page/9')).toEqual({ n: '9' });
  });

  it('captures the rest of the path with a catch-all, possibly empty', () => {
    expect(match('files/{*rest}', '/files/a/b%20c/d')).toEqual({ rest: 'a/b c/d' });
    expect(match('files/{**rest}', '/files')).toEqual({});
  });

  it('matches complex segments with the last literal split rightmost', () => {
    expect(match('dl/{name}.{ext}', '/dl/archive.tar.gz')).toEqual({ name: 'archive.tar', ext: 'gz' });
  });

  it('requires a non-optional parameter', () => {
    expect(match('items/{id}', '/items')).toBeUndefined();
  });
});

describe('route constraints', () => {
  const cases: [string, string[], string[]][] = [
    ['int', ['0', '-12', '2147483647'], ['1.5', 'abc', '2147483648']],
    ['long', ['9223372036854775807'], ['9223372036854775808', 'x']],
    ['bool', ['true', 'FALSE'], ['yes', '1']],
    ['guid', ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', '3f2504e04f8911d39a0c0305e82c3301'], ['3f2504e0', 'zz']],
    ['alpha', ['abcXYZ'], ['abc1']],
    ['datetime', ['2024-01-31', '2024-01-31T10:00:00Z'], ['yesterday', '2024-13-45']],
    ['double', ['1.5', '-3', '1e3'], ['1.2.3', 'NaN']],
    ['min(10)', ['10', '99'], ['9', 'ten']],
    ['max(10)', ['10', '-5'], ['11']],
    ['range(1,3)', ['1', '3'], ['0', '4']],
    ['length(3)', ['abc'], ['ab', 'abcd']],
    ['length(2,3)', ['ab', 'abc'], ['a', 'abcd']],
    ['minlength(2)', ['ab'], ['a']],
    ['maxlength(2)', ['ab'], ['abc']],
    ['regex(^[a-c]+\\d$)', ['abc1', 'ABC1'], ['abd1', 'abc']],
  ];
  for (const [constraint, good, bad] of cases) {
    it(`:${constraint} accepts ${good.join(', ')} and rejects ${bad.join(', ')}`, () => {
      const template = parseRouteTemplate(`x/{v:${constraint}}`);
      for (const value of good) expect(template.match(`/x/${encodeURIComponent(value)}`)).toEqual({ v: value });
      for (const value of bad) expect(template.match(`/x/${encodeURIComponent(value)}`)).toBeUndefined();
    });
  }

  it('chains several constraints on one parameter', () => {
    expect(match('x/{v:int:min(5)}', '/x/7')).toEqual({ v: '7' });
    expect(match('x/{v:int:min(5)}', '/x/3')).toBeUndefined();
  });

  it('reads escaped braces inside a regex constraint', () => {
    expect(match('zip/{code:regex(^\\d{{5}}$)}', '/zip/12345')).toEqual({ code: '12345' });
    expect(match('zip/{code:regex(^\\d{{5}}$)}', '/zip/1234')).toBeUndefined();
  });

  it('rejects unknown constraints and malformed templates when parsed', () => {
    expect(() => parseRouteTemplate('x/{v:nope}')).toThrow(/not supported/);
    expect(() => parseRouteTemplate('x/{v')).toThrow(/unclosed/);
    expect(() => parseRouteTemplate('x/{*a}/b')).toThrow(/last segment/);
    expect(() => parseRouteTemplate('x/{a}/{A}')).toThrow(/twice/);
  });
});

describe('route precedence', () => {
  const table = new RouteTable('api', [
    { functionName: 'catchAll', route: '{*path}' },
    { functionName: 'plain', route: 'items/{name}' },
    { functionName: 'constrained', route: 'items/{id:int}' },
    { functionName: 'literal', route: 'items/special' },
    { functionName: 'getOnly', route: 'things', methods: ['GET'] },
  ]);

  it('prefers literal segments, then constrained, then plain parameters, then catch-all', () => {
    expect(table.find('GET', '/api/items/special')?.route.functionName).toBe('literal');
    expect(table.find('GET', '/api/items/12')?.route.functionName).toBe('constrained');
    expect(table.find('GET', '/api/items/abc')?.route.functionName).toBe('plain');
    expect(table.find('GET', '/api/other/deep/path')?.route.functionName).toBe('catchAll');
  });

  it('decodes each path segment once, however many routes it is tried against', () => {
    // Tried against the literal and constrained routes first; a second decode would turn %2525 into %.
    expect(table.find('GET', '/api/items/50%2525')?.params).toEqual({ name: '50%25' });
    expect(table.find('GET', '/api/ITEMS/a%2Fb')?.params).toEqual({ name: 'a%2Fb' });
    expect(table.find('GET', '/api/items/Speci%61l')?.route.functionName).toBe('literal');
    expect(table.find('GET', '/api/other/a%20b/c')?.params).toEqual({ path: 'other/a b/c' });
  });

  it('treats a method that is not allowed as no match', () => {
    expect(table.find('get', '/api/things')?.route.functionName).toBe('getOnly');
    expect(table.find('DELETE', '/api/things')?.route.functionName).toBe('catchAll');
  });

  it('uses the function name as route and an empty prefix as the root', () => {
    const root = new RouteTable('', [{ functionName: 'Hello' }]);
    expect(root.find('POST', '/hello')?.route.functionName).toBe('Hello');
    expect(root.find('POST', '/api/hello')).toBeUndefined();
  });
});
