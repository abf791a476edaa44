import { createInterface } from 'node:readline/promises';
import { CliError } from './errors';

/** az's confirmation before a delete: skipped by `--yes`, refused when there is no terminal to ask on. */
export async function confirm(yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new CliError('NoTTY', 'Unable to prompt for confirmation as no tty available. Use --yes.');
  }
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await terminal.question('Are you sure you want to perform this operation? (y/n): ');
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('OperationCancelled', 'Operation cancelled.');
  } finally {
    terminal.close();
  }
}
