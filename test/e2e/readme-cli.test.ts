import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type StartAllProcess } from '../support/start-all-process';
import { FLEET_BIN } from './support/fleet-cli';

const README = path.resolve(__dirname, '..', '..', 'README.md');
const RUN_PATH =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fleet-demo/providers/Microsoft.ContainerService/fleets/demo-fleet/updateRuns/cli-run?api-version=2026-06-01';

/** The commands of each bash block of the README's "CLI" section, `npx fleet` as the built bin; `\` lines joined. */
function cliBlocks(): string[][] {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf('\n## CLI\n');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) =>
    (match[1] ?? '')
      .replace(/\\\n/g, '')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.replaceAll('npx fleet ', 'fleet ')),
  );
}

/** One bash running the commands in turn, as a reader pasting them into one terminal would (not a TTY). */
function readerShell(env: Record<string, string>) {
  const shell = spawn('bash', ['--noprofile', '--norc'], { stdio: 'pipe', env: { ...process.env, ...env } });
  let output = '';
  shell.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  shell.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  shell.stdin.write(`fleet() { node ${JSON.stringify(FLEET_BIN)} "$@"; }\n`);
  return {
    /** Runs a command; answers what it printed and its exit status. */
    async run(command: string, timeoutMs = 30_000): Promise<{ printed: string; status: number }> {
      const marker = `__done_${randomUUID()}`;
      const from = output.length;
      shell.stdin.write(`${command}\necho "${marker} $?"\n`);
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(marker, from)) {
        if (Date.now() > deadline) throw new Error(`no answer to: ${command}\n${output.slice(from)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const at = output.indexOf(marker, from);
      const status = Number(/^ (\d+)/.exec(output.slice(at + marker.length))?.[1]);
      return { printed: output.slice(from, at), status };
    },
    close: () => shell.kill(),
  };
}

describe("the README's CLI walkthrough, its commands as written, in order", () => {
  let stack: StartAllProcess;
  let app = '';
  beforeAll(async () => {
    ({ stack, app } = await startDemoStack('readmecli', { SIMULATOR_SPEED: '10' }));
  }, 120_000);
  afterAll(() => stack?.stop());

  const runState = async (): Promise<string | undefined> => {
    const run = (await (await fetch(`${app}${RUN_PATH}`)).json()) as {
      properties?: { status?: { status?: { state?: string } } };
    };
    return run.properties?.status?.status?.state;
  };

  it('runs the demo run with fleet commands, approves its stage2 gate with fleet gate, and waits until Completed', async () => {
    const blocks = cliBlocks();
    expect(blocks.map((b) => b.length)).toEqual([7, 5]);
    const [[members, create, start, watch, skip, stop, resume], [gateWait, list, pick, approve, wait]] = blocks as [
      string[],
      string[],
    ];
    const reader = readerShell({ FLEET_ENDPOINT: app });
    const ok = async (command: string | undefined, timeoutMs?: number): Promise<string> => {
      const { printed, status } = await reader.run(command ?? '', timeoutMs);
      expect(status, `exit status of: ${command}\n${printed}`).toBe(0);
      return printed;
    };
    try {
      expect(await ok(members)).toMatch(/^member4 +group-2a$/m);
      expect(await ok(create)).toBe('');
      expect(await ok(start)).toBe('"Running"\n');
      // The reader leaves the watch with Ctrl+C; piped, it prints a line per change.
      const watched = await reader.run(
        `timeout -s INT 3 ${watch?.replace(/^fleet /, `node ${JSON.stringify(FLEET_BIN)} `)}`,
      );
      expect(watched.status).toBe(124);
      expect(watched.printed).toMatch(/^\d\d:\d\d:\d\d {2}run cli-run {2}Running/m);
      expect(await ok(skip)).toBe('');
      expect(await ok(stop)).toBe('');
      await expect.poll(runState, { timeout: 60_000, interval: 200 }).toBe('Stopped');
      expect(await ok(resume)).toBe('');

      // stage1, its 30 s wait, then the gate: the --custom wait returns once the gate is Pending.
      expect(await ok(gateWait, 180_000)).toBe('');
      expect(await runState()).toBe('Pending');
      const listed = await ok(list);
      expect(listed).toMatch(/^Gate +Run +Stage$/m);
      expect(listed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} {2}cli-run {2}stage2$/m);
      expect(await ok(pick)).toBe('');
      expect(await ok(approve)).toBe('"Completed"\n');
      const waited = await ok(wait, 120_000);
      expect(waited).toMatch(/before gate stage2\/Approve stage2 {2}Completed/);
      expect(waited).toMatch(/member stage2\/group-2a\/member4 {2}Skipped/);
      expect(waited).toMatch(/^done$/m);
      expect(await runState()).toBe('Completed');
    } finally {
      reader.close();
    }
  }, 400_000);
});
