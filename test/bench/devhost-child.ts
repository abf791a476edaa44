import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { READY_LINE_PREFIX } from '../../devhost/src/cli';

/** A devhost CLI child process running the app, as `npm start` runs it: the bench client's memory is not its. */
export interface DevhostChild {
  url: string;
  /** The table calls the app and its durable host made so far (counted in the child, table-calls.ts). */
  tableCalls(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `devhost start --app <root> --port 0 --quiet` with `env` and waits for its ready line (60 s at most). */
export function startDevhostChild(root: string, env: Record<string, string>): Promise<DevhostChild> {
  const cli = path.join(root, 'dist', 'devhost', 'src', 'cli.js');
  const counter = path.join(root, 'dist', 'test', 'bench', 'table-calls.js');
  const child = spawn(process.execPath, ['-r', counter, cli, 'start', '--app', root, '--port', '0', '--quiet'], {
    cwd: root,
    env: { ...process.env, ...env, BENCH_COUNT_TABLE_CALLS: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the devhost did not start within 60 s:\n${output}`)), 60_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`the devhost exited (${code}) before it was ready:\n${output}`)));
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      // Whole lines only: a chunk may end in the middle of the ready line.
      const url = output
        .split('\n')
        .slice(0, -1)
        .find((line) => line.startsWith(READY_LINE_PREFIX))
        ?.slice(READY_LINE_PREFIX.length)
        .trim();
      if (!url) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout?.off('data', onData);
      resolve(handle(child, url));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

function handle(child: ChildProcess, url: string): DevhostChild {
  // Its output is not read from now on: drained, so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url,
    tableCalls: () =>
      new Promise((resolve) => {
        child.once('message', (message: { tableCalls?: number }) => resolve(message.tableCalls ?? NaN));
        child.send('tableCalls');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
