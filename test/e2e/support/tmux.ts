import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PROMPT = '$ ';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

function aptGet(args: string[]): boolean {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * The terminal tests need Debian's `tmux`: when it is missing, install it with apt-get (saying so), and fail with
 * what to do when that is not possible (no apt-get, not root, no network).
 */
export function ensureTmux(): void {
  if (hasTmux()) return;
  console.warn("tmux is missing: installing Debian's tmux with 'apt-get install -y tmux' for the terminal tests…");
  const installed = aptGet(['install', '-y', 'tmux']) || (aptGet(['update']) && aptGet(['install', '-y', 'tmux']));
  if (installed && hasTmux()) return;
  throw new Error(
    "The terminal tests need tmux, and 'apt-get install -y tmux' could not install it (it needs root, apt-get and " +
      "network access). Install it yourself ('sudo apt-get install tmux' on Debian) and run them again.",
  );
}

export interface TerminalOptions {
  /** Where the shell starts. */
  cwd: string;
  /** Exported in the shell, e.g. FLEET_ENDPOINT. */
  env: Record<string, string>;
  /** Lines run by the shell at start, e.g. a `fleet` function. */
  setup?: string;
  columns?: number;
  rows?: number;
}

/**
 * A bash in a real terminal: a tmux server of its own (its own socket, no user configuration) with one pane, into
 * which a test types commands (`send-keys`) and whose screen it reads (`capture-pane`).
 */
export class Terminal {
  private readonly socket = `fleet-e2e-${randomUUID().slice(0, 8)}`;
  private readonly rcfile: string;

  private constructor(private readonly options: TerminalOptions) {
    this.rcfile = path.join(options.cwd, `.bashrc-${this.socket}`);
  }

  /** Opens the terminal once its shell shows its prompt: keys typed before it would be echoed twice. */
  static async open(options: TerminalOptions): Promise<Terminal> {
    ensureTmux();
    const terminal = new Terminal(options);
    terminal.start();
    await terminal.until((screen) => screen.trimEnd() === PROMPT.trimEnd(), 10_000);
    return terminal;
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr || result.error?.message}`);
    return result.stdout;
  }

  private start(): void {
    const { env, setup = '', columns = 160, rows = 40 } = this.options;
    const exports = Object.entries(env).map(([k, v]) => `export ${k}=${JSON.stringify(v)}`);
    fs.writeFileSync(this.rcfile, [...exports, `PS1='${PROMPT}'`, setup, ''].join('\n'));
    const shell = `bash --noprofile --rcfile ${JSON.stringify(this.rcfile)} -i`;
    this.tmux(
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(columns),
      '-y',
      String(rows),
      '-c',
      this.options.cwd,
      shell,
    );
  }

  /** Types `line` and presses Enter. */
  type(line: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', line);
    this.tmux('send-keys', '-t', 'main', 'Enter');
  }

  /** What the pane shows, its scrollback included (so a tree printed twice instead of redrawn shows twice). */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
  }

  /** Reads the screen until `done` holds of it; each screen read goes to `seen` first. Fails with the last screen. */
  async until(done: (screen: string) => boolean, timeoutMs: number, seen?: (screen: string) => void): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      seen?.(screen);
      if (done(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the terminal never showed what was awaited; it shows:\n${screen}`);
      await sleep(100);
    }
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    fs.rmSync(this.rcfile, { force: true });
  }
}
