import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { START_ALL_READY_LINE } from '../../stack/src/start-all';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(REPO_ROOT, 'dist', 'stack', 'src', 'start-all.js');
const LOG_TAIL_CHARS = 6000;
const STOP_GRACE_MS = 15_000;

/** `node dist/stack/src/start-all.js` (what `npm start` runs) as a child process that printed its ready line. */
export interface StartAllProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  readonly logs: string;
  /** stderr alone. */
  readonly errors: string;
  /** SIGTERM (SIGKILL after 15 s); resolves with the exit code (null when killed by a signal). Safe to call twice. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

function tail(text: string): string {
  return text.length > LOG_TAIL_CHARS ? `…${text.slice(-LOG_TAIL_CHARS)}` : text;
}

/** Starts the entry point with `env` added to this process's environment and waits for its ready line. */
export async function spawnStartAll(env: Record<string, string>, readyTimeoutMs = 90_000): Promise<StartAllProcess> {
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build first`);
  const child = spawn(process.execPath, [ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let logs = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    logs += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;
  let stopping: Promise<number | null> | undefined;
  const stop = (): Promise<number | null> =>
    (stopping ??= (async () => {
      if (!isRunning()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    })());

  const deadline = Date.now() + readyTimeoutMs;
  while (!logs.includes(START_ALL_READY_LINE)) {
    if (!isRunning() || Date.now() > deadline) {
      const why = isRunning() ? `did not print '${START_ALL_READY_LINE}' within ${readyTimeoutMs} ms` : 'exited early';
      await stop();
      throw new Error(`start-all ${why}:\n${tail(logs)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    get logs() {
      return logs;
    },
    get errors() {
      return errors;
    },
    stop,
  };
}
