import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type StartAllProcess } from '../support/start-all-process';
import { commandsOf, readmeBlocks, Terminal } from './support/readme-shell';

const RUN_PATH =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fleet-demo/providers/Microsoft.ContainerService/fleets/demo-fleet/updateRuns/demo-run?api-version=2026-06-01';

/** What the test reads of the run's status (api-version 2026-06-01). */
interface RunStatus {
  status?: { state?: string };
  stages?: Array<{ name: string; status?: { state?: string }; beforeGates?: Array<{ status?: { state?: string } }> }>;
}

describe("the README's walkthrough, its commands as written, in order", () => {
  let stack: StartAllProcess;
  let app = '';
  let simulator = '';
  beforeAll(async () => {
    ({ stack, app, simulator } = await startDemoStack('readme'));
  }, 120_000);
  afterAll(() => stack?.stop());

  it('creates, starts, watches, approves stage2, stops, resumes and skips the demo run, each answer what the README says', async () => {
    const terminal = new Terminal();
    const status = async (): Promise<RunStatus> => {
      const run = (await (await fetch(`${app}${RUN_PATH}`)).json()) as { properties?: { status?: RunStatus } };
      return run.properties?.status ?? {};
    };
    const state = async (): Promise<string> => (await status()).status?.state ?? '';
    /** A reader runs the next command once the watch shows what they wait for. */
    const until = async (what: string, done: (s: RunStatus) => boolean, timeoutMs: number): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (!done(await status())) {
        if (Date.now() > deadline) throw new Error(`the run never showed ${what}: ${JSON.stringify(await status())}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const stage2 = (s: RunStatus) => s.stages?.find((stage) => stage.name === 'stage2');
    try {
      // The section's own blocks: its auto-upgrade subsection's are driven by readme-auto-upgrade.test.ts.
      const blocks = readmeBlocks('## First run in a minute').map((block) =>
        block
          .replaceAll('http://127.0.0.1:7071', app)
          .replaceAll('http://127.0.0.1:7072', simulator)
          // The watch loop, once.
          .replace(/while sleep 2; do clear; (.*); done/, '$1'),
      );
      expect(blocks).toHaveLength(7);
      const [members, create, start, watch, operations, approve, stopStartSkip] = blocks as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      expect(await terminal.run(members)).toContain('member4 group-2a');
      expect(JSON.parse(await terminal.run(create))).toMatchObject({
        name: 'demo-run',
        properties: { status: { status: { state: 'NotStarted' } } },
      });
      expect(await terminal.run(start)).toContain('"Running"');
      const watched = await terminal.run(watch);
      expect(watched).toMatch(/^run: Running/);
      expect(watched).toContain('member member4:');
      expect(await terminal.run(operations)).not.toContain('error');

      // stage1, then its 30 s wait: stage2 waits at its approval gate, the run Pending.
      await until('stage2 at its gate', (s) => stage2(s)?.beforeGates?.[0]?.status?.state === 'Pending', 150_000);
      const waiting = await terminal.run(watch);
      expect(waiting).toMatch(/^run: Pending$/m);
      expect(waiting).toMatch(/^ {2}stage stage2: Pending$/m);
      expect(waiting).toMatch(/^ {4}gate Approve stage2: Pending$/m);
      expect(waiting).toMatch(/^ {6}member member5: NotStarted/m);
      const [list, pick, patch, ...more] = commandsOf(approve);
      expect(more).toEqual([]);
      expect((await terminal.run(list ?? '')).trim()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} Approve stage2 \(demo-run\/stage2\): Pending$/,
      );
      expect((await terminal.run(pick ?? '')).trim()).toBe('');
      expect((await terminal.run(patch ?? '')).trim()).toBe('"Completed"');
      // Approved, the run goes on with stage2; approving again is the 409 the README names.
      await until('stage2 under way', (s) => stage2(s)?.status?.state === 'Running', 30_000);
      const going = await terminal.run(watch);
      expect(going).toMatch(/^run: Running$/m);
      expect(going).toMatch(/^ {4}gate Approve stage2: Completed$/m);
      expect(JSON.parse(await terminal.run(patch ?? ''))).toMatchObject({ code: 'Conflict' });

      const [stop, resume, skip, ...rest] = commandsOf(stopStartSkip);
      expect(rest).toEqual([]);
      expect(await terminal.run(stop ?? '')).toMatch(/"Stopp(ing|ed)"/);
      // A reader runs the next command once the run shows Stopped.
      for (let i = 0; i < 600 && (await state()) !== 'Stopped'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Running, or Pending when what stage2 has left is member4 on its closed window (member5 ended before the stop).
      expect(await terminal.run(resume ?? '')).toMatch(/"state": "(Running|Pending)"/);
      const skipped = await terminal.run(skip ?? '');
      expect(skipped).not.toMatch(/^error/m);
      expect(skipped).toContain('member member4: Skipped Skipped by the user.');
      await until('Completed', (s) => s.status?.state === 'Completed', 60_000);
    } finally {
      terminal.close();
    }
  }, 300_000);
});
