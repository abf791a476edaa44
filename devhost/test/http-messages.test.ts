import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDevhost, type DevhostProcess } from '../../test/support/devhost-process';

const APP = 'test/devhost/apps/http-basics';

interface Echo {
  method: string;
  url: string;
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

function rawRequest(
  path: string,
  options: http.RequestOptions,
  body?: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${devhost.url}${path}`, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP request conversion', () => {
  it('gives the function the absolute URL with the origin the client used', async () => {
    const result = (await (await fetch(`${devhost.url}/api/Echo/1?x=1`)).json()) as Echo;
    expect(result.url).toBe(`${devhost.url}/api/Echo/1?x=1`);
  });

  it('lower-cases header names and joins repeated headers with a comma', async () => {
    const response = await rawRequest('/api/Echo/1', {
      // A raw header list keeps the repeats; Node then leaves the Host header to us.
      headers: ['Host', `127.0.0.1:${devhost.port}`, 'X-Custom-Header', 'One', 'x-custom-header', 'Two', 'X-Empty', ''],
    });
    const result = JSON.parse(response.body.toString()) as Echo;
    expect(result.headers['x-custom-header']).toBe('One,Two');
    expect(result.headers).not.toHaveProperty('x-empty');
  });

  it('decodes query keys and values', async () => {
    const result = (await (await fetch(`${devhost.url}/api/Echo/1?na%20me=a%26b&plus=x+y&flag`)).json()) as Echo;
    expect(result.query).toEqual({ 'na me': ['a&b'], plus: ['x y'], flag: [''] });
  });

  it('hands the request body over as bytes, binary-safe', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    const response = await fetch(`${devhost.url}/api/binary`, { method: 'POST', body: bytes });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(bytes).reverse());
  });

  it('hands over a chunked request body', async () => {
    const response = await rawRequest(
      '/api/Echo/1',
      { method: 'POST', headers: { 'transfer-encoding': 'chunked' } },
      Buffer.from('chunky'),
    );
    expect(JSON.parse(response.body.toString())).toMatchObject({ bodyText: 'chunky', bodyLength: 6 });
  });

  it('sends no body for a request without one', async () => {
    const result = (await (await fetch(`${devhost.url}/api/Echo/1`, { method: 'POST' })).json()) as Echo;
    expect(result.bodyText).toBeNull();
  });

  it('rejects a body over the 100 MB limit with 413', async () => {
    const response = await rawRequest('/api/binary', {
      method: 'POST',
      headers: { 'content-length': String(100 * 1024 * 1024 + 1) },
    });
    expect(response.status).toBe(413);
  });
});

describe('HTTP response conversion', () => {
  it('returns the JSON body, status and headers the function set', async () => {
    const response = await fetch(`${devhost.url}/api/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'fleet', count: 3 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(await response.json()).toEqual({ received: { name: 'fleet', count: 3 } });
  });

  it('writes cookies as Set-Cookie headers', async () => {
    const response = await fetch(`${devhost.url}/api/cookies`, { headers: { cookie: 'a=b' } });
    expect(await response.text()).toBe('you sent: a=b');
    expect(response.headers.getSetCookie()).toEqual([
      'session=abc%20123; path=/api; samesite=lax; httponly',
      'theme=dark; max-age=3600; path=/; secure',
    ]);
  });

  it('uses the status code the function returned', async () => {
    for (const code of [202, 400, 409, 503]) {
      const response = await fetch(`${devhost.url}/api/status/${code}`);
      expect(response.status).toBe(code);
      expect(await response.text()).toBe(`status ${code}`);
    }
  });

  it('sends no body with 204', async () => {
    const response = await fetch(`${devhost.url}/api/status/204`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('answers 500 with an empty body when the handler throws, and logs the failure', async () => {
    const response = await fetch(`${devhost.url}/api/throws`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    await devhost.waitForLog(/Executed 'Functions\.throws' \(Failed, .*boom from the handler/, 5000);
  });

  it('answers 200 with an empty body when the handler returns nothing', async () => {
    const response = await fetch(`${devhost.url}/api/nothing`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await devhost.waitForLog(/nothing: returning nothing/, 5000);
  });
});

describe('prepared response bodies', () => {
  // What the app behind test/devhost/apps/http-basics serializes and compresses once, at load.
  const plain = Buffer.from(JSON.stringify({ items: Array.from({ length: 20000 }, (_, i) => `item-${i}`) }));
  const gzip = gzipSync(plain, { level: 1 });

  it('sends a compressed body byte for byte with its content-encoding, from bytes or a stream, every time', async () => {
    for (const as of ['bytes', 'stream', 'bytes', 'stream']) {
      // node:http does not decompress: the body is what the devhost wrote to the socket.
      const response = await rawRequest(`/api/prepared/gzip/${as}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status).toBe(200);
      expect(response.headers).toMatchObject({
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(gzip.length),
      });
      expect(response.body.equals(gzip), as).toBe(true);
    }
  });

  it('sends a plain body larger than a socket write byte for byte, from bytes or a stream, every time', async () => {
    expect(plain.length).toBeGreaterThan(200 * 1024);
    for (const as of ['bytes', 'stream', 'bytes', 'stream']) {
      const response = await rawRequest(`/api/prepared/plain/${as}`, {});
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['content-length']).toBe(String(plain.length));
      expect(response.body.equals(plain), as).toBe(true);
    }
  });
});
