import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { freePort } from '../../devhost/src/azurite';
import { START_ALL_READY_LINE } from '../../stack/src/start-all';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(REPO_ROOT, 'dist', 'stack', 'src', 'start-all.js');
const LOG_TAIL_CHARS = 6000;
const STOP_GRACE_MS = 15_000;

/**
 * `node dist/stack/src/start-all.js` (what `npm start` runs) as a child process that printed its ready line, in a
 * process group of its own as a terminal runs it.
 */
export interface StartAllProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  readonly logs: string;
  /** stderr alone. */
  readonly errors: string;
  /** SIGTERM (SIGKILL after 15 s); resolves with the exit code (null when killed by a signal). Safe to call twice. */
  stop(): Promise<number | null>;
  /**
   * SIGINT to its whole process group, as a terminal's Ctrl+C sends (`times` 2: as `npm start` relays it too);
   * otherwise as `stop`, which then waits for the same exit.
   */
  interrupt(times?: number): Promise<number | null>;
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
    detached: true,
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
  const end = (signal: NodeJS.Signals, group: boolean, times = 1): Promise<number | null> =>
    (stopping ??= (async () => {
      if (!isRunning() || child.pid === undefined) return exited;
      for (let i = 0; i < times; i++) {
        // Apart, as npm relays the terminal's signal: a pending signal sent again would count once.
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        if (group) process.kill(-child.pid, signal);
        else child.kill(signal);
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    })());
  const stop = (): Promise<number | null> => end('SIGTERM', false);

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
    interrupt: (times) => end('SIGINT', true, times),
  };
}

/** npm start's stack as a README reader gets it, and where its app and simulator answer. */
export interface DemoStack {
  stack: StartAllProcess;
  app: string;
  simulator: string;
}

/**
 * `npm start` (start-all, with its demo fleet) on free ports over the tests' Azurite, its tables named after `name` so
 * files never meet, with `env` added (e.g. SIMULATOR_SPEED, AUTO_UPGRADE_SCHEDULE).
 */
export async function startDemoStack(name: string, env: Record<string, string> = {}): Promise<DemoStack> {
  const ports = { app: await freePort(), simulator: await freePort() };
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const stack = await spawnStartAll({
    AzureWebJobsStorage: inject('storageConnectionString'),
    FLEET_TABLE_PREFIX: `${name}${suffix}`,
    SIMULATOR_TABLE_PREFIX: `sim${name}${suffix}`,
    DEVHOST_PORT: String(ports.app),
    SIMULATOR_PORT: String(ports.simulator),
    ...env,
  });
  return { stack, app: `http://127.0.0.1:${ports.app}`, simulator: `http://127.0.0.1:${ports.simulator}` };
}
