import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDevhost, type DevhostProcess } from '../../test/support/devhost-process';
import { DurableApi } from '../../test/support/durable-client';

const APP = 'test/devhost/apps/durable';

describe('durable orchestrations on the devhost (time-skipping)', () => {
  let devhost: DevhostProcess;
  let api: DurableApi;

  beforeAll(async () => {
    devhost = await spawnDevhost({
      appDir: APP,
      args: ['--time-skip'],
      env: { CONFORMANCE_HUB: `Orch${randomUUID().slice(0, 8)}` },
      stopAfterTest: false,
    });
    api = new DurableApi(devhost.url);
  });
  afterAll(() => devhost?.stop());

  it('chains activities and returns their results in order', async () => {
    const id = await api.start('Chain', { names: ['Tokyo', 'Seattle', 'London'] });
    const status = await api.waitFor(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual(['Hello Tokyo', 'Hello Seattle', 'Hello London']);
  });

  it('fans out 200 activities and fans their results back in', async () => {
    const id = await api.start('FanOut', { count: 200 });
    const status = await api.waitFor(id);
    expect(status.output).toBe((199 * 200) / 2);
  });

  it('runs sub-orchestrations with the ids the parent chose', async () => {
    const id = await api.start('Parent', ['a', 'b', 'c']);
    const status = await api.waitFor(id);
    expect(status.output).toEqual(['Hello a', 'Hello b', 'Hello c']);
    const child = await api.status(`${id}-child-1`);
    expect(child?.runtimeStatus).toBe('Completed');
    expect(child?.output).toEqual(['Hello b']);
  });

  it('waits a ten-day durable timer in virtual time, sliced as long timers', async () => {
    const id = await api.start('TimerThenHello', { seconds: 10 * 24 * 3600 });
    const status = await api.waitFor(id);
    const output = status.output as { waitedMs: number; hello: string };
    expect(output.hello).toBe('Hello timer');
    expect(output.waitedMs).toBeGreaterThanOrEqual(10 * 24 * 3600 * 1000);
  });

  it('lets the timer win when no event comes', async () => {
    const id = await api.start('Approval', { timeoutSeconds: 7200 });
    const status = await api.waitFor(id);
    expect(status.output).toEqual({ approved: false });
  });

  it('retries a failing activity with the retry options until it succeeds', async () => {
    const id = await api.start('Retry', { failTimes: 3, attempts: 5 });
    const status = await api.waitFor(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toMatch(/^ok after \d+$/);
  });

  it('fails the orchestration when retries are exhausted', async () => {
    const id = await api.start('Retry', { failTimes: 1000, attempts: 2 });
    const status = await api.waitFor(id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toContain('flaky failure');
  });

  it('surfaces activity failures as TaskFailedError that the orchestrator can catch', async () => {
    const id = await api.start('CatchFailure');
    const status = await api.waitFor(id);
    expect(status.output).toEqual({ caught: true, message: 'Error: kaboom: caught', isTaskFailedError: true });
  });

  it('fails the instance with the activity error when the orchestrator does not catch it', async () => {
    const id = await api.start('Uncaught');
    const status = await api.waitFor(id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toBe("Orchestrator function 'Uncaught' failed: Error: kaboom: uncaught");
  });

  it('continues as new until the counter reaches five', async () => {
    const id = await api.start('Counter', 0);
    const status = await api.waitFor(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toBe(5);
    expect(status.input).toBe(5);
  });

  it('fails a nondeterministic orchestration with a clear message instead of hanging', async () => {
    const id = await api.start('Fickle');
    const status = await api.waitFor(id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(
      /Non-deterministic workflow detected: history has a activity 'SayHello' at sequence 0/,
    );
  });

  it('returns 404 for unknown instances and 400 for unknown orchestrators', async () => {
    expect(await api.status('does-not-exist')).toBeUndefined();
    const response = await fetch(`${devhost.url}/runtime/webhooks/durabletask/orchestrators/NoSuchOrchestrator`, {
      method: 'POST',
    });
    expect(response.status).toBe(400);
  });
});
