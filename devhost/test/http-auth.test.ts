import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDevhost, type DevhostProcess } from '../../test/support/devhost-process';

const APP = 'test/devhost/apps/http-auth';
const MASTER_KEY = 'test-master-key';
const FUNCTION_KEY = 'test-function-key';

describe('auth with --enable-auth', () => {
  let devhost: DevhostProcess;

  beforeAll(async () => {
    devhost = await spawnDevhost({
      appDir: APP,
      args: ['--enable-auth'],
      env: { DEVHOST_MASTER_KEY: MASTER_KEY, DEVHOST_FUNCTION_KEY: FUNCTION_KEY },
    });
  });

  afterAll(async () => {
    await devhost?.stop();
  });

  const get = (route: string, headers?: Record<string, string>): Promise<Response> =>
    fetch(`${devhost.url}/${route}`, { headers });

  it('serves routes at the root when host.json sets an empty routePrefix', async () => {
    expect((await get('open')).status).toBe(200);
    expect((await get('api/open')).status).toBe(404);
  });

  it('never rejects an anonymous function, which is the library default level', async () => {
    expect((await get('open')).status).toBe(200);
    expect((await get('defaultLevel')).status).toBe(200);
    expect((await get('open?code=wrong')).status).toBe(200);
  });

  it('answers 401 for a function-level route without a key or with a wrong key', async () => {
    expect((await get('guarded')).status).toBe(401);
    expect((await get('guarded', { 'x-functions-key': 'wrong' })).status).toBe(401);
    expect((await get('guarded?code=wrong')).status).toBe(401);
  });

  it('accepts the function key from the x-functions-key header or the code query parameter', async () => {
    const byHeader = await get('guarded', { 'x-functions-key': FUNCTION_KEY });
    expect(byHeader.status).toBe(200);
    expect(await byHeader.json()).toEqual({ level: 'function' });
    expect((await get(`guarded?code=${FUNCTION_KEY}`)).status).toBe(200);
  });

  it('lets the header win over the code query parameter', async () => {
    expect((await get(`guarded?code=${FUNCTION_KEY}`, { 'x-functions-key': 'wrong' })).status).toBe(401);
  });

  it('accepts the master key for function-level routes', async () => {
    expect((await get('guarded', { 'x-functions-key': MASTER_KEY })).status).toBe(200);
  });

  it('requires the master key for admin-level routes and admin endpoints', async () => {
    expect((await get('admin-only', { 'x-functions-key': FUNCTION_KEY })).status).toBe(401);
    expect((await get(`admin-only?code=${MASTER_KEY}`)).status).toBe(200);
    expect((await get('admin/host/status', { 'x-functions-key': FUNCTION_KEY })).status).toBe(401);
    expect((await get('admin/host/status', { 'x-functions-key': MASTER_KEY })).status).toBe(200);
  });

  it('prints the keys in the start banner', () => {
    expect(devhost.logs).toContain(`Master key: ${MASTER_KEY}`);
    expect(devhost.logs).toContain(`Function key: ${FUNCTION_KEY}`);
  });
});

describe('auth without --enable-auth', () => {
  it('allows every request whatever its auth level, and says so at start', async () => {
    const devhost = await spawnDevhost({ appDir: APP });
    expect(devhost.logs).toMatch(/Auth disabled: every request is allowed/);
    expect((await fetch(`${devhost.url}/guarded`)).status).toBe(200);
    expect((await fetch(`${devhost.url}/admin-only`)).status).toBe(200);
    await devhost.stop();
  });
});

describe('generated keys', () => {
  it('generates keys on first start, stores them under .data and reuses them on the next start', async () => {
    const keysFile = path.resolve(__dirname, '../..', APP, '.data', 'devhost-keys.json');
    fs.rmSync(keysFile, { force: true });
    const first = await spawnDevhost({ appDir: APP, args: ['--enable-auth'] });
    await first.stop();
    const stored = JSON.parse(fs.readFileSync(keysFile, 'utf8')) as { masterKey: string; functionKey: string };
    expect(first.logs).toContain(`Master key: ${stored.masterKey}`);

    const second = await spawnDevhost({ appDir: APP, args: ['--enable-auth'] });
    expect((await fetch(`${second.url}/guarded?code=${encodeURIComponent(stored.functionKey)}`)).status).toBe(200);
    await second.stop();
  });
});
