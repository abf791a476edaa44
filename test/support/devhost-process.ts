import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inject, onTestFinished } from 'vitest';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'dist', 'devhost', 'src', 'cli.js');
const READY_RE = /Devhost listening on (http:\/\/\S+)/;
const LOG_TAIL_CHARS = 6000;

export interface SpawnDevhostOptions {
  /** The function app folder (absolute, or relative to the repo root). */
  appDir: string;
  /** Extra environment; `undefined` removes a variable. AzureWebJobsStorage defaults to the test run's Azurite. */
  env?: Record<string, string | undefined>;
  /**
   * Extra CLI arguments, e.g. ['--enable-auth']. Unless `--port` is here or `env.DEVHOST_PORT` is set, `--port 0`
   * is added (a free port, read from the banner).
   */
  args?: string[];
  /** Default 30 s. */
  readyTimeoutMs?: number;
  /** Stop the process when the current test finishes (default true when called inside a test). */
  stopAfterTest?: boolean;
}

/** A devhost child process (`node dist/devhost/src/cli.js start …`) that answered its readiness probe. */
export interface DevhostProcess {
  /** Public origin, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything written to stdout and stderr so far, interleaved. */
  readonly logs: string;
  /** Resolves with the first log line matching `pattern` (already written or yet to come). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` and waits for the exit; resolves with the exit code (null when killed by a signal). */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Graceful stop: SIGTERM, then SIGKILL after 10 s. Safe to call twice. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

function tail(text: string): string {
  return text.length > LOG_TAIL_CHARS ? `…${text.slice(-LOG_TAIL_CHARS)}` : text;
}

function defaultStorage(): string | undefined {
  try {
    return inject('storageConnectionString');
  } catch {
    return undefined;
  }
}

/** Starts the devhost CLI on an app folder and waits until it serves HTTP; fails with its output if it does not. */
export async function spawnDevhost(options: SpawnDevhostOptions): Promise<DevhostProcess> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const appDir = path.resolve(REPO_ROOT, options.appDir);
  const args = options.args ?? [];
  const env: NodeJS.ProcessEnv = { ...process.env, AzureWebJobsStorage: defaultStorage() };
  delete env.DEVHOST_PORT;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const portGiven = args.includes('--port') || options.env?.DEVHOST_PORT !== undefined;
  const portArgs = portGiven ? [] : ['--port', '0'];
  const child = spawn(process.execPath, [CLI, 'start', '--app', appDir, ...portArgs, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let logs = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    logs += chunk.toString();
    listeners.forEach((listener) => listener());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      listeners.forEach((listener) => listener());
      resolve(code);
    }),
  );
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;

  const waitForLog = (pattern: RegExp, timeoutMs = 30_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const line = logs.split('\n').find((candidate) => pattern.test(candidate));
        if (line !== undefined) done(() => resolve(line));
        else if (!isRunning())
          done(() => reject(new Error(`devhost exited before logging ${pattern}:\n${tail(logs)}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`devhost did not log ${pattern} within ${timeoutMs} ms:\n${tail(logs)}`))),
        timeoutMs,
      );
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (isRunning()) child.kill(signal);
    return exited;
  };
  let stopping: Promise<number | null> | undefined;
  const stop = (): Promise<number | null> =>
    (stopping ??= (async () => {
      if (!isRunning()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    })());

  if (options.stopAfterTest !== false) {
    try {
      onTestFinished(async () => {
        await stop();
      });
    } catch {
      // Not inside a test (e.g. beforeAll): the caller stops it; the exit hook above is the safety net.
    }
  }

  try {
    const line = await waitForLog(READY_RE, options.readyTimeoutMs ?? 30_000);
    const url = READY_RE.exec(line)?.[1] ?? '';
    await waitForPing(url, isRunning, () => logs);
    return {
      url,
      port: Number(new URL(url).port),
      child,
      get logs() {
        return logs;
      },
      waitForLog,
      kill,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForPing(url: string, isRunning: () => boolean, logs: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100 && isRunning(); attempt++) {
    try {
      const response = await fetch(`${url}/admin/host/ping`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`devhost at ${url} did not answer /admin/host/ping:\n${tail(logs())}`);
}
