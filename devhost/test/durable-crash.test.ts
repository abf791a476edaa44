import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnDevhost } from '../../test/support/devhost-process';
import { DurableApi } from '../../test/support/durable-client';

const APP = 'test/devhost/apps/durable';

function runLog(file: string): { name: string; input: { value: number } }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { name: string; input: { value: number } });
}

describe('crash and resume', () => {
  it('completes an orchestration after kill -9 mid-run without re-running completed activities', async () => {
    const logFile = path.join(os.tmpdir(), `devhost-crash-${randomUUID()}.log`);
    const env = { CONFORMANCE_HUB: `Crash${randomUUID().slice(0, 8)}`, CONFORMANCE_RUN_LOG: logFile };
    const first = await spawnDevhost({ appDir: APP, env });
    const api = new DurableApi(first.url);
    const id = await api.start('SlowChain', { steps: 6, ms: 150 }, 'crash-1');
    // Wait until three activities have started, then kill the host without any chance to clean up.
    const deadline = Date.now() + 20_000;
    while (runLog(logFile).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(runLog(logFile).length).toBeGreaterThanOrEqual(3);
    await first.kill('SIGKILL');
    const beforeRestart = await new DurableApi(first.url).status(id).catch(() => undefined);
    expect(beforeRestart).toBeUndefined(); // the host is really gone

    const second = await spawnDevhost({ appDir: APP, env });
    const status = await new DurableApi(second.url).waitFor(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual([0, 1, 2, 3, 4, 5]);

    const runs = runLog(logFile).map((entry) => entry.input.value);
    for (let step = 0; step < 6; step++) expect(runs.filter((v) => v === step).length).toBeGreaterThanOrEqual(1);
    // At-least-once, as DTFx: an episode sends its activity with its checkpoint, so a kill in between may run again
    // the activity in flight and the one whose result that checkpoint was recording; none finished before it.
    const repeated = [0, 1, 2, 3, 4, 5].filter((step) => runs.filter((v) => v === step).length > 1);
    expect(repeated.length).toBeLessThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(8);
    fs.rmSync(logFile, { force: true });
  });

  it('delivers an event accepted before a crash after the restart', async () => {
    const env = { CONFORMANCE_HUB: `Crash${randomUUID().slice(0, 8)}` };
    const first = await spawnDevhost({ appDir: APP, env });
    const api = new DurableApi(first.url);
    const id = await api.start('Wait', undefined, 'crash-event');
    await api.waitFor(id, (s) => s.runtimeStatus === 'Running');
    expect(await api.post(id, 'raiseEvent/Go', 'kept')).toBe(202);
    await first.kill('SIGKILL');
    const second = await spawnDevhost({ appDir: APP, env });
    const status = await new DurableApi(second.url).waitFor(id);
    expect(status.output).toBe('kept');
  });
});

describe('racing an in-flight task again (durable-functions #574)', () => {
  it('schedules the activity once when the orchestration races it again through raceTasks', async () => {
    const logFile = path.join(os.tmpdir(), `devhost-race-${randomUUID()}.log`);
    const env = { CONFORMANCE_HUB: `Race${randomUUID().slice(0, 8)}`, CONFORMANCE_RUN_LOG: logFile };
    const devhost = await spawnDevhost({ appDir: APP, env });
    const api = new DurableApi(devhost.url);
    const id = await api.start('RaceAgain', { useRaceTasks: true });
    await api.waitFor(id, (s) => s.runtimeStatus === 'Running');
    expect(await api.post(id, 'raiseEvent/Poke', 1)).toBe(202);
    const status = await api.waitFor(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({ firstWasEvent: true, result: 'slow-result' });
    expect(runLog(logFile).filter((entry) => entry.name === 'Slow')).toHaveLength(1);
    fs.rmSync(logFile, { force: true });
  });
});
