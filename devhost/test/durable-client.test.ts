import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDevhost, type DevhostProcess } from '../../test/support/devhost-process';
import { DurableApi, type InstanceStatus } from '../../test/support/durable-client';

const APP = 'test/devhost/apps/durable';

describe('the durable client binding (df.getClient) against the devhost management API', () => {
  let devhost: DevhostProcess;
  let api: DurableApi;

  beforeAll(async () => {
    devhost = await spawnDevhost({
      appDir: APP,
      env: { CONFORMANCE_HUB: `Client${randomUUID().slice(0, 8)}` },
      stopAfterTest: false,
    });
    api = new DurableApi(devhost.url);
  });
  afterAll(() => devhost?.stop());

  it('starts through an HTTP starter and answers with a check-status response on the request origin', async () => {
    const response = await fetch(`${devhost.url}/api/orchestrators/Chain/start-1`, {
      method: 'POST',
      body: JSON.stringify({ names: ['x'] }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as Record<string, string>;
    expect(body.id).toBe('start-1');
    expect(body.statusQueryGetUri).toBe(
      `${devhost.url}/runtime/webhooks/durabletask/instances/start-1?taskHub=${body.statusQueryGetUri?.split('taskHub=')[1]?.split('&')[0]}&connection=Storage`,
    );
    expect(response.headers.get('location')).toBe(body.statusQueryGetUri);
    const status = await fetch(body.statusQueryGetUri ?? '');
    expect([200, 202]).toContain(status.status);
    const done = await api.waitFor('start-1');
    expect(done.output).toEqual(['Hello x']);
  });

  it('reads status with history through the client', async () => {
    await api.waitFor(await api.start('Chain', { names: ['h1', 'h2'] }, 'history-1'));
    const response = await fetch(`${devhost.url}/api/status/history-1`);
    const status = (await response.json()) as {
      runtimeStatus: string;
      history?: { EventType: string; FunctionName?: string; Result?: unknown }[];
    };
    expect(status.runtimeStatus).toBe('Completed');
    const completed = (status.history ?? []).filter((e) => e.EventType === 'TaskCompleted');
    expect(completed.map((e) => [e.FunctionName, e.Result])).toEqual([
      ['SayHello', 'Hello h1'],
      ['SayHello', 'Hello h2'],
    ]);
  });

  it('lets an external event win a race against a timer (wall clock) and shows custom status while waiting', async () => {
    const id = await api.start('Approval', { timeoutSeconds: 3600 });
    const waiting = await api.waitFor(id, (s) => (s.customStatus as { stage?: string } | null)?.stage === 'waiting');
    expect(waiting.runtimeStatus).toBe('Running');
    expect(await api.post(id, 'raiseEvent/Approve', 'alice')).toBe(202);
    const status = await api.waitFor(id);
    expect(status.output).toEqual({ approved: true, by: 'alice' });
    expect(status.customStatus).toEqual({ stage: 'approved' });
  });

  it('raises an event through the client and the waiting orchestration completes with it', async () => {
    const id = await api.start('Wait', undefined, 'wait-1');
    await api.waitFor(id, (s) => s.runtimeStatus === 'Running');
    const raised = await fetch(`${devhost.url}/api/events/${id}/Go`, {
      method: 'POST',
      body: JSON.stringify({ v: 1 }),
    });
    expect(raised.status).toBe(202);
    expect((await api.waitFor(id)).output).toEqual({ v: 1 });
  });

  it('lists running instances through the client, following continuation tokens', async () => {
    const ids = await Promise.all([1, 2, 3].map((i) => api.start('Wait', undefined, `list-${i}`)));
    await Promise.all(ids.map((id) => api.waitFor(id, (s) => s.runtimeStatus === 'Running')));
    const response = await fetch(`${devhost.url}/api/instances`);
    const listed = (await response.json()) as string[];
    expect(listed).toEqual(expect.arrayContaining(ids));
    const page = await fetch(`${devhost.url}/runtime/webhooks/durabletask/instances/?runtimeStatus=Running&top=1`);
    expect(page.headers.get('x-ms-continuation-token')).toBeTruthy();
    expect(((await page.json()) as unknown[]).length).toBe(1);
  });

  it('terminates through the client with the reason as output', async () => {
    const id = await api.start('Wait', undefined, 'terminate-1');
    await api.waitFor(id, (s) => s.runtimeStatus === 'Running');
    expect((await fetch(`${devhost.url}/api/terminate/${id}`, { method: 'POST' })).status).toBe(202);
    const status = await api.waitFor(id);
    expect(status.runtimeStatus).toBe('Terminated');
    expect(status.output).toBe('stopped by test');
    expect(await api.post(id, 'raiseEvent/Go', 1)).toBe(410);
  });

  it('suspends and resumes: events raised while suspended are delivered after the resume', async () => {
    const id = await api.start('Wait', undefined, 'suspend-1');
    await api.waitFor(id, (s) => s.runtimeStatus === 'Running');
    expect(await api.post(id, 'suspend?reason=pause')).toBe(202);
    await api.waitFor(id, (s) => s.runtimeStatus === 'Suspended');
    expect(await api.post(id, 'raiseEvent/Go', 'late')).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await api.status(id))?.runtimeStatus).toBe('Suspended');
    expect(await api.post(id, 'resume?reason=go')).toBe(202);
    const status: InstanceStatus = await api.waitFor(id);
    expect(status.output).toBe('late');
  });

  it('purges an instance so that it is gone', async () => {
    const id = await api.start('Chain', { names: ['p'] }, 'purge-1');
    await api.waitFor(id);
    const response = await fetch(`${devhost.url}/runtime/webhooks/durabletask/instances/${id}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ instancesDeleted: 1 });
    expect(await api.status(id)).toBeUndefined();
  });

  it('replaces a finished instance when one is started again with its id', async () => {
    await api.waitFor(await api.start('Chain', { names: ['first'] }, 'again-1'));
    await api.start('Chain', { names: ['second'] }, 'again-1');
    const done = await api.waitFor(
      'again-1',
      (s) =>
        s.runtimeStatus !== 'Pending' && s.runtimeStatus !== 'Running' && JSON.stringify(s.input).includes('second'),
    );
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual(['Hello second']);
  });

  it('refuses to start a second instance with the id of a running one', async () => {
    await api.waitFor(await api.start('Wait', undefined, 'dup-1'), (s) => s.runtimeStatus === 'Running');
    const response = await fetch(`${devhost.url}/runtime/webhooks/durabletask/orchestrators/Wait/dup-1`, {
      method: 'POST',
    });
    expect(response.status).toBe(409);
  });
});
