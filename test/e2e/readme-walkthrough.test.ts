import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../devhost/src/azurite';
import { spawnStartAll, type StartAllProcess } from '../support/start-all-process';

const README = path.resolve(__dirname, '..', '..', 'README.md');
const RUN_PATH =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fleet-demo/providers/Microsoft.ContainerService/fleets/demo-fleet/updateRuns/demo-run?api-version=2026-06-01';

/** What the test reads of the run's status (api-version 2026-06-01). */
interface RunStatus {
  status?: { state?: string };
  stages?: Array<{ name: string; status?: { state?: string }; beforeGates?: Array<{ status?: { state?: string } }> }>;
}

/** The bash blocks of the README's "First run in a minute", in order (the set-up commands at the top are not in it). */
function walkthroughBlocks(): string[] {
  const text = fs.readFileSync(README, 'utf8');
  const section = text.slice(
    text.indexOf('## First run in a minute'),
    text.indexOf('\n## ', text.indexOf('## First run')),
  );
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** A block's commands, one per entry: lines ending in `\` continue, and so does a quoted body spanning lines. */
function commandsOf(block: string): string[] {
  const commands: string[] = [];
  let current = '';
  for (const line of block.split('\n')) {
    current += (current ? '\n' : '') + line;
    const quotes = (current.match(/'/g) ?? []).length;
    if (!line.endsWith('\\') && quotes % 2 === 0) {
      if (current.trim()) commands.push(current);
      current = '';
    }
  }
  return commands;
}

/** One bash that runs the README's commands in turn, as a reader pasting them into one terminal would. */
class Terminal {
  private readonly shell: ChildProcessWithoutNullStreams = spawn('bash', ['--noprofile', '--norc'], {
    stdio: 'pipe',
  });
  private output = '';

  constructor() {
    this.shell.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.shell.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.shell.stdin.write('set -o pipefail\n');
  }

  /** Runs a command and answers what it printed; fails when it exits non-zero. */
  async run(command: string): Promise<string> {
    const marker = `__done_${randomUUID()}`;
    const start = this.output.length;
    this.shell.stdin.write(`${command}\necho "${marker} $?"\n`);
    const deadline = Date.now() + 30_000;
    while (!this.output.includes(marker, start)) {
      if (Date.now() > deadline) throw new Error(`no answer to: ${command}\n${this.output.slice(start)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const printed = this.output.slice(start, this.output.indexOf(marker, start));
    const status = /(\d+)/.exec(this.output.slice(this.output.indexOf(marker, start) + marker.length))?.[1];
    expect(status, `exit status of: ${command}\n${printed}`).toBe('0');
    return printed;
  }

  close(): void {
    this.shell.kill();
  }
}

describe("the README's walkthrough, its commands as written, in order", () => {
  let stack: StartAllProcess;
  let app = '';
  let simulator = '';
  beforeAll(async () => {
    const ports = { app: await freePort(), simulator: await freePort() };
    const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
    stack = await spawnStartAll({
      AzureWebJobsStorage: inject('storageConnectionString'),
      FLEET_TABLE_PREFIX: `readme${suffix}`,
      SIMULATOR_TABLE_PREFIX: `simreadme${suffix}`,
      DEVHOST_PORT: String(ports.app),
      SIMULATOR_PORT: String(ports.simulator),
    });
    app = `http://127.0.0.1:${ports.app}`;
    simulator = `http://127.0.0.1:${ports.simulator}`;
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
      const blocks = walkthroughBlocks().map((block) =>
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
      expect(await terminal.run(resume ?? '')).toContain('"Running"');
      const skipped = await terminal.run(skip ?? '');
      expect(skipped).not.toMatch(/^error/m);
      expect(skipped).toContain('member member4: Skipped Skipped by the user.');
      await until('Completed', (s) => s.status?.state === 'Completed', 60_000);
    } finally {
      terminal.close();
    }
  }, 300_000);
});
