import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDevhost, type DevhostProcess } from '../../test/support/devhost-process';
import { withKey } from '../src/http/durable-keys';

const APP = 'test/devhost/apps/durable';
const MASTER_KEY = 'test-master-key';
const DURABLE_KEY = 'test-durabletask-key';

describe('the Durable management API with --enable-auth', () => {
  let devhost: DevhostProcess;

  beforeAll(async () => {
    devhost = await spawnDevhost({
      appDir: APP,
      args: ['--enable-auth'],
      env: {
        CONFORMANCE_HUB: `Auth${randomUUID().slice(0, 8)}`,
        DEVHOST_MASTER_KEY: MASTER_KEY,
        DEVHOST_DURABLETASK_KEY: DURABLE_KEY,
      },
      stopAfterTest: false,
    });
  });
  afterAll(() => devhost?.stop());

  const start = (query = '', headers: Record<string, string> = {}) =>
    fetch(`${devhost.url}/runtime/webhooks/durabletask/orchestrators/Chain${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ names: ['x'] }),
    });

  it('refuses to start, read or purge instances without the durabletask key', async () => {
    expect((await start()).status).toBe(401);
    expect((await start('?code=wrong')).status).toBe(401);
    const status = await fetch(`${devhost.url}/runtime/webhooks/durabletask/instances/any?code=nope`);
    expect(status.status).toBe(401);
    const purge = await fetch(`${devhost.url}/runtime/webhooks/durabletask/instances/any`, { method: 'DELETE' });
    expect(purge.status).toBe(401);
  });

  it('accepts the durabletask system key or the master key', async () => {
    expect((await start(`?code=${DURABLE_KEY}`)).status).toBe(202);
    expect((await start('', { 'x-functions-key': MASTER_KEY })).status).toBe(202);
  });

  it('hands the app’s durable client URLs that carry the key, so the app itself still starts and reads instances', async () => {
    const response = await fetch(`${devhost.url}/api/orchestrators/Chain/auth-1`, {
      method: 'POST',
      body: JSON.stringify({ names: ['x'] }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { statusQueryGetUri: string };
    expect(body.statusQueryGetUri).toContain(`code=${DURABLE_KEY}`);
    expect([200, 202]).toContain((await fetch(body.statusQueryGetUri)).status);
  });
});

describe('withKey', () => {
  it('adds code= to every creation and management URL and to requiredQueryStringParameters', () => {
    const data = JSON.parse(
      withKey(
        JSON.stringify({
          creationUrls: {
            createNewInstancePostUri: 'http://h/runtime/webhooks/durabletask/orchestrators/{functionName}',
          },
          managementUrls: { id: 'INSTANCEID', statusQueryGetUri: 'http://h/x/INSTANCEID?taskHub=H' },
          requiredQueryStringParameters: '',
        }),
        'k',
      ),
    ) as Record<string, Record<string, string> | string>;
    expect(data).toEqual({
      creationUrls: {
        createNewInstancePostUri: 'http://h/runtime/webhooks/durabletask/orchestrators/{functionName}?code=k',
      },
      managementUrls: { id: 'INSTANCEID', statusQueryGetUri: 'http://h/x/INSTANCEID?taskHub=H&code=k' },
      requiredQueryStringParameters: 'code=k',
    });
  });
});
