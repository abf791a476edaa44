import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export const README = path.resolve(__dirname, '..', '..', '..', 'README.md');

/**
 * The bash blocks of the README's section under `heading` (the whole heading line, `## …` or `### …`), in order, up to
 * the next `## ` or `### ` heading: a `## ` section's blocks stop at its first subsection.
 */
export function readmeBlocks(heading: string): string[] {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no heading '${heading}'`);
  const ends = [text.indexOf('\n## ', start + 1), text.indexOf('\n### ', start + 1)].filter((i) => i > 0);
  const section = text.slice(start, ends.length > 0 ? Math.min(...ends) : undefined);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** A block's commands, one per entry: lines ending in `\` continue, and so does a quoted body spanning lines. */
export function commandsOf(block: string): string[] {
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
export class Terminal {
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
  async run(command: string, timeoutMs = 30_000): Promise<string> {
    const marker = `__done_${randomUUID()}`;
    const start = this.output.length;
    this.shell.stdin.write(`${command}\necho "${marker} $?"\n`);
    const deadline = Date.now() + timeoutMs;
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
