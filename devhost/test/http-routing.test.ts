import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDevhost, type DevhostProcess } from '../../test/support/devhost-process';

const APP = 'test/devhost/apps/http-basics';

interface Echo {
  functionName: string;
  method: string;
  url: string;
  params: Record<string, string>;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  bodyText: string | null;
  bodyLength: number | null;
}

let devhost: DevhostProcess;

beforeAll(async () => {
  devhost = await spawnDevhost({ appDir: APP });
});

afterAll(async () => {
  await devhost?.stop();
});

async function echo(path: string, init?: RequestInit): Promise<Echo> {
  const response = await fetch(`${devhost.url}${path}`, init);
  expect(response.status, `${init?.method ?? 'GET'} ${path}\n${devhost.logs}`).toBe(200);
  return (await response.json()) as Echo;
}

describe('HTTP routing', () => {
  it('passes constrained and optional route values to the function as strings', async () => {
    expect((await echo('/api/Echo/42')).params).toEqual({ id: '42' });
    expect((await echo('/api/Echo/42/blue')).params).toEqual({ id: '42', tag: 'blue' });
  });

  it('matches literal segments and the route prefix case-insensitively', async () => {
    const result = await echo('/API/echo/7');
    expect(result.functionName).toBe('echo');
    expect(result.params).toEqual({ id: '7' });
  });

  it('answers 404 when a route constraint rejects the value', async () => {
    expect((await fetch(`${devhost.url}/api/Echo/not-a-number`)).status).toBe(404);
  });

  it('answers 404, not 405, for a method the function does not accept', async () => {
    const response = await fetch(`${devhost.url}/api/Echo/1`, { method: 'DELETE' });
    expect(response.status).toBe(404);
  });

  it('answers 404 for an unknown path and for a path outside the route prefix', async () => {
    expect((await fetch(`${devhost.url}/api/nowhere`)).status).toBe(404);
    expect((await fetch(`${devhost.url}/Echo/1`)).status).toBe(404);
  });

  it('prefers a literal route over a constrained one, and a constrained one over a plain one', async () => {
    expect((await echo('/api/items/special')).functionName).toBe('itemSpecial');
    expect((await echo('/api/items/abc')).functionName).toBe('itemByName');
    expect((await echo('/api/items/123')).functionName).toBe('itemAny');
  });

  it('hands the rest of the path to a catch-all parameter, url-decoded', async () => {
    expect((await echo('/api/files/a/b%20c/d.txt')).params).toEqual({ path: 'a/b c/d.txt' });
  });

  it('fills a default route value when the segment is missing', async () => {
    expect((await echo('/api/page')).params).toEqual({ n: '5' });
    expect((await echo('/api/page/9')).params).toEqual({ n: '9' });
  });

  it('routes a function without a route by its name, with the library default methods GET and POST', async () => {
    expect((await echo('/api/hello')).functionName).toBe('hello');
    expect((await echo('/api/hello', { method: 'POST' })).functionName).toBe('hello');
    expect((await fetch(`${devhost.url}/api/hello`, { method: 'PUT' })).status).toBe(404);
  });

  it('accepts a guid route value only for the listed method', async () => {
    const id = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    expect((await echo(`/api/thing/${id}`, { method: 'DELETE' })).params).toEqual({ id });
    expect((await fetch(`${devhost.url}/api/thing/${id}`)).status).toBe(404);
    expect((await fetch(`${devhost.url}/api/thing/nope`, { method: 'DELETE' })).status).toBe(404);
  });

  it('reserves /admin: host status answers Running, other admin paths 404', async () => {
    const status = await fetch(`${devhost.url}/admin/host/status`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ state: 'Running' });
    expect((await fetch(`${devhost.url}/admin/functions`)).status).toBe(404);
  });

  it('answers 404 on the Durable webhook paths when the app has no Durable functions', async () => {
    expect((await fetch(`${devhost.url}/runtime/webhooks/durabletask/instances/x`)).status).toBe(404);
  });
});
