import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { spawnDevhost } from '../../test/support/devhost-process';

const APP = 'test/devhost/apps/timers';
const HOURLY_ONLY = { TICK_SCHEDULE: '0 0 0 1 1 *' };

interface Tick {
  functionName: string;
  timer: {
    schedule: { adjustForDST: boolean };
    scheduleStatus: { last: string; next: string; lastUpdated: string } | null;
    isPastDue: boolean;
  };
}

const markerDirs: string[] = [];
afterEach(() => markerDirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function newMarkerDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devhost-timers-'));
  markerDirs.push(dir);
  return dir;
}

function ticks(dir: string, functionName: string): Tick[] {
  const file = path.join(dir, `${functionName}.jsonl`);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Tick);
}

async function waitForTicks(dir: string, functionName: string, count: number, timeoutMs = 10_000): Promise<Tick[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = ticks(dir, functionName);
    if (seen.length >= count) return seen;
    if (Date.now() > deadline) throw new Error(`${functionName} ticked ${seen.length} times, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('timer triggers', () => {
  it('fires a */1 schedule (from a %Setting%) every second with camelCased TimerInfo and no monitor', async () => {
    const dir = newMarkerDir();
    const devhost = await spawnDevhost({
      appDir: APP,
      // Invocation lines are debug-level.
      env: { MARKER_DIR: dir, TICK_SCHEDULE: '*/1 * * * * *', DEVHOST_HOST_ID: randomUUID(), LOG_LEVEL: 'debug' },
    });
    const seen = await waitForTicks(dir, 'everySecond', 3);
    expect(seen[0]?.timer).toEqual({ schedule: { adjustForDST: true }, scheduleStatus: null, isPastDue: false });
    await devhost.waitForLog(/Executed 'Functions\.everySecond' \(Succeeded/);
  });

  it('runs a runOnStartup timer once at start, not again until its schedule is due', async () => {
    const dir = newMarkerDir();
    await spawnDevhost({ appDir: APP, env: { MARKER_DIR: dir, ...HOURLY_ONLY, DEVHOST_HOST_ID: randomUUID() } });
    await waitForTicks(dir, 'onStartup', 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ticks(dir, 'onStartup')).toHaveLength(1);
    expect(ticks(dir, 'onStartup')[0]?.timer.isPastDue).toBe(false);
  });

  it('fires a monitored timer at once with isPastDue after a restart that missed its occurrence', async () => {
    const dir = newMarkerDir();
    const hostId = `timers-${randomUUID()}`;
    const env = { MARKER_DIR: dir, ...HOURLY_ONLY, DEVHOST_HOST_ID: hostId };
    const first = await spawnDevhost({ appDir: APP, env });
    await first.stop();
    expect(ticks(dir, 'hourly')).toHaveLength(0);

    // The host was "down" over the recorded next occurrence: move it into the past, as time passing would.
    const table = TableClient.fromConnectionString(inject('storageConnectionString'), 'DevhostTimers', {
      allowInsecureConnection: true,
    });
    const row = await table.getEntity<{ Next: string }>(hostId, 'hourly');
    expect(Date.parse(row.Next)).toBeGreaterThan(Date.now());
    const missed = new Date(Date.now() - 3_600_000).toISOString();
    await table.updateEntity({ partitionKey: hostId, rowKey: 'hourly', Next: missed }, 'Merge');

    await spawnDevhost({ appDir: APP, env });
    const [tick] = await waitForTicks(dir, 'hourly', 1);
    expect(tick?.timer.isPastDue).toBe(true);
    expect(tick?.timer.scheduleStatus?.next).toBe(missed);
    await expect
      .poll(async () => Date.parse((await table.getEntity<{ Next: string }>(hostId, 'hourly')).Next))
      .toBeGreaterThan(Date.now());
  });

  it('under --time-skip lets a week of a daily schedule pass in seconds, each occurrence once and in order', async () => {
    const dir = newMarkerDir();
    const started = Date.now();
    await spawnDevhost({
      appDir: APP,
      args: ['--time-skip'],
      env: { MARKER_DIR: dir, TICK_SCHEDULE: '0 0 0 * * *', DEVHOST_HOST_ID: randomUUID() },
    });
    const week = (await waitForTicks(dir, 'everySecond', 7, 30_000)).slice(0, 7);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Each tick's schedule status names the occurrence it fired for: seven midnights, a day apart.
    const occurrences = week.map((tick) => Date.parse(tick.timer.scheduleStatus?.next ?? ''));
    expect(occurrences.every((at) => new Date(at).toISOString().endsWith('T00:00:00.000Z'))).toBe(true);
    expect(occurrences.slice(1).map((at, i) => at - (occurrences[i] ?? 0))).toEqual(Array(6).fill(86_400_000));
    expect(week.every((tick) => !tick.timer.isPastDue)).toBe(true);
    // The hourly timer kept its own pace meanwhile: about 24 ticks a virtual day.
    expect(ticks(dir, 'hourly').length).toBeGreaterThanOrEqual(6 * 24);
  });
});
