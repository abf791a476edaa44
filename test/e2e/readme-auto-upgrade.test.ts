import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type StartAllProcess } from '../support/start-all-process';
import { commandsOf, readmeBlocks, Terminal } from './support/readme-shell';

const FLEET =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fleet-demo/providers/Microsoft.ContainerService/fleets/demo-fleet';
const V = 'api-version=2026-06-01';
const PROFILE_ID = `${FLEET}/autoUpgradeProfiles/demo-auto`;
/** The timer ticks every 2 seconds here (AUTO_UPGRADE_SCHEDULE; the README's example ticks every 10). */
const SCHEDULE = '*/2 * * * * *';

/** What the test reads of a run (api-version 2026-06-01). */
interface Run {
  name: string;
  properties: {
    autoUpgradeProfileId?: string;
    managedClusterUpdate?: { upgrade?: { type?: string; kubernetesVersion?: string } };
    status?: {
      status?: { state?: string };
      stages?: Array<{
        name: string;
        beforeGates?: Array<{ gateId?: string; status?: { state?: string } }>;
      }>;
    };
  };
}

/** The profile's autoUpgradeProfileStatus. */
interface TriggerStatus {
  lastTriggeredAt?: string;
  lastTriggerStatus?: string;
  lastTriggerUpgradeVersions?: string[];
  lastTriggerError?: { code?: string; message?: string; target?: string };
}

/** What the watch block printed: a line per run, then the profile's status as JSON. */
interface Watched {
  runs: string[];
  status: TriggerStatus;
}

/** Runs the watch block once, as a reader does now and then. */
async function watched(terminal: Terminal, watch: string): Promise<Watched> {
  const printed = await terminal.run(watch);
  const json = printed.indexOf('{');
  const runs = printed
    .slice(0, json < 0 ? undefined : json)
    .split('\n')
    .filter((line) => line.trim() !== '');
  return { runs, status: json < 0 ? {} : (JSON.parse(printed.slice(json)) as TriggerStatus) };
}

/** demo-auto-1-31-14 listed, and the tick that could not start it done recording so. */
const waiting = (w: Watched): boolean =>
  w.runs.some((line) => line.startsWith('demo-auto-1-31-14 ')) && w.status.lastTriggerStatus === 'Failed';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the README's auto-upgrade profiles, its commands as written, in order", () => {
  let stack: StartAllProcess;
  let app = '';
  let simulator = '';
  beforeAll(async () => {
    ({ stack, app, simulator } = await startDemoStack('readmeauto', {
      SIMULATOR_SPEED: '10',
      AUTO_UPGRADE_SCHEDULE: SCHEDULE,
    }));
  }, 120_000);
  afterAll(() => stack?.stop());

  const arm = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${app}${FLEET}${path}${path.includes('?') ? '&' : '?'}${V}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return (await response.json()) as T;
  };
  const runs = async (): Promise<Run[]> => (await arm<{ value: Run[] }>('GET', '/updateRuns')).value;
  const runNamed = async (name: string): Promise<Run | undefined> => (await runs()).find((r) => r.name === name);
  const stateOf = (run: Run | undefined): string | undefined => run?.properties.status?.status?.state;
  /** Polls `read` until `done` holds of its answer; the last answer. */
  const until = async <T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`never ${what}: ${JSON.stringify(value)}`);
      await sleep(250);
    }
  };

  const profile = async () =>
    (await arm<{ properties: { autoUpgradeProfileStatus?: TriggerStatus } }>('GET', '/autoUpgradeProfiles/demo-auto'))
      .properties;
  const stage2 = (run: Run | undefined) => run?.properties.status?.stages?.find((s) => s.name === 'stage2');
  const atGate = (run: Run | undefined) => stage2(run)?.beforeGates?.[0]?.status?.state === 'Pending';

  it('enables demo-auto, whose timer starts demo-auto-1-31-13, publishes 1.31.14 and watches the profile start its run', async () => {
    const terminal = new Terminal();
    try {
      // The reader set $F with the section's first command.
      const [setFleet] = commandsOf(readmeBlocks('## First run in a minute')[0] ?? '');
      expect(setFleet).toMatch(/^F=http:\/\/127\.0\.0\.1:7071\/subscriptions\//);
      await terminal.run((setFleet ?? '').replace('http://127.0.0.1:7071', app));

      const blocks = readmeBlocks('### Timer-driven runs: auto-upgrade profiles').map((block) =>
        block.replaceAll('http://127.0.0.1:7071', app).replaceAll('http://127.0.0.1:7072', simulator),
      );
      expect(blocks).toHaveLength(3);
      const [enable, publish, watch] = blocks as [string, string, string];

      // Enabled, the profile shows what the PUT said; the timer's next tick starts the run of the channel's target.
      expect(JSON.parse(await terminal.run(enable))).toMatchObject({
        provisioningState: 'Succeeded',
        channel: 'TargetKubernetesVersion',
        targetKubernetesVersion: '1.31',
        disabled: false,
        updateStrategyId: `${FLEET}/updateStrategies/demo-stages`,
      });
      const first = await until(
        'demo-auto-1-31-13 started',
        () => runNamed('demo-auto-1-31-13'),
        (run) => stateOf(run) === 'Running',
        20_000,
      );
      expect(first?.properties).toMatchObject({
        autoUpgradeProfileId: PROFILE_ID,
        managedClusterUpdate: { upgrade: { type: 'Full', kubernetesVersion: '1.31.13' } },
      });
      expect((await profile()).autoUpgradeProfileStatus).toMatchObject({
        lastTriggerStatus: 'Succeeded',
        lastTriggerUpgradeVersions: ['1.31.13'],
      });

      expect((await terminal.run(publish)).trim()).toBe('');
      const catalog = (await (await fetch(`${simulator}/simulator/catalog`)).json()) as {
        kubernetesVersions: Array<{ version: string }>;
      };
      expect(catalog.kubernetesVersions.map((v) => v.version)).toContain('1.31.14');

      // Right after the enable, demo-auto-1-31-13 still holds every member's cluster (stage2 waits for its approval,
      // member4 for its window): the tick creates demo-auto-1-31-14 but cannot start it, and says why.
      const held = await until('demo-auto-1-31-14 waiting', () => watched(terminal, watch), waiting, 20_000);
      expect(held.runs).toEqual(['demo-auto-1-31-13 demo-auto Running', 'demo-auto-1-31-14 demo-auto NotStarted']);
      expect(held.status).toMatchObject({
        lastTriggerStatus: 'Failed',
        lastTriggerUpgradeVersions: ['1.31.14'],
        lastTriggerError: { code: 'Conflict', target: 'clusterResourceId' },
      });
      expect(held.status.lastTriggerError?.message).toMatch(
        /is already being updated by update run 'demo-auto-1-31-13'\. The run 'demo-auto-1-31-14' waits: the next tick starts it once no member's cluster is in another active update run\.$/,
      );
      // Ticks go on trying, and make no other run.
      const again = await until(
        'a later tick trying again',
        () => watched(terminal, watch),
        (w) => waiting(w) && Date.parse(w.status.lastTriggeredAt ?? '') > Date.parse(held.status.lastTriggeredAt ?? ''),
        10_000,
      );
      expect(again.runs).toEqual(held.runs);

      // The first run ends as demo-run does: its stage2 approved, member4 (closed window) skipped.
      const gate = await until(
        'stage2 of demo-auto-1-31-13 at its gate',
        () => runNamed('demo-auto-1-31-13'),
        atGate,
        120_000,
      );
      const gateName = stage2(gate)?.beforeGates?.[0]?.gateId?.split('/').pop() ?? '';
      expect(await arm('PATCH', `/gates/${gateName}`, { properties: { state: 'Completed' } })).toMatchObject({
        properties: { state: 'Completed' },
      });
      const skipped = await arm<Run>('POST', '/updateRuns/demo-auto-1-31-13/skip', {
        targets: [{ type: 'Member', name: 'member4' }],
      });
      expect(stateOf(skipped)).toMatch(/^(Running|Completed)$/);
      await until(
        'demo-auto-1-31-13 Completed',
        () => runNamed('demo-auto-1-31-13'),
        (r) => stateOf(r) === 'Completed',
        60_000,
      );

      // A later tick starts the waiting run: the watch shows it going and the trigger Succeeded.
      const started = await until(
        'demo-auto-1-31-14 started',
        () => watched(terminal, watch),
        (w) => w.runs.includes('demo-auto-1-31-14 demo-auto Running'),
        20_000,
      );
      expect(started.runs).toEqual(['demo-auto-1-31-13 demo-auto Completed', 'demo-auto-1-31-14 demo-auto Running']);
      const { lastTriggeredAt, ...trigger } = started.status;
      expect(trigger).toEqual({ lastTriggerStatus: 'Succeeded', lastTriggerUpgradeVersions: ['1.31.14'] });
      expect(Date.parse(lastTriggeredAt ?? '')).toBeGreaterThan(Date.parse(held.status.lastTriggeredAt ?? ''));
      const second = await runNamed('demo-auto-1-31-14');
      expect(second?.properties).toMatchObject({
        autoUpgradeProfileId: PROFILE_ID,
        managedClusterUpdate: { upgrade: { type: 'Full', kubernetesVersion: '1.31.14' } },
      });
      // It runs through the stages like demo-run: stage2 waits for its approval.
      await until('stage2 of demo-auto-1-31-14 at its gate', () => runNamed('demo-auto-1-31-14'), atGate, 120_000);
      expect((await watched(terminal, watch)).runs).toEqual([
        'demo-auto-1-31-13 demo-auto Completed',
        'demo-auto-1-31-14 demo-auto Pending',
      ]);
    } finally {
      terminal.close();
    }
  }, 300_000);
});
