import { CommanderError } from 'commander';
import { CliError, EXIT } from './errors';
import { buildProgram } from './program';

/** Help and version end commander's parse with these codes; they are not failures. */
const NOT_FAILURES = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** The text and exit code of an error, as az shows them: `ERROR: (Code) message` on stderr. */
export function describeError(error: unknown): { text: string; exitCode: number } {
  if (error instanceof CliError) return { text: `ERROR: (${error.code}) ${error.message}`, exitCode: error.exitCode };
  const { code, message } = error as { code?: unknown; message?: unknown };
  const label = typeof code === 'string' && code !== '' ? code : 'UnexpectedError';
  const hint =
    code === 'ECONNREFUSED' ? ': is the fleet API running there? (npm start, or --endpoint/FLEET_ENDPOINT)' : '';
  const text = `ERROR: (${label}) ${typeof message === 'string' ? message : String(error)}${hint}`;
  return { text, exitCode: EXIT.error };
}

/** Runs `fleet` with `argv` (node's, the script first) and sets the process's exit code. */
export async function main(argv: string[]): Promise<void> {
  const write = {
    out: (s: string): void => void process.stdout.write(s),
    err: (s: string): void => void process.stderr.write(s),
  };
  try {
    await buildProgram(write).parseAsync(argv);
    process.exitCode = 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message (or the help) already.
      process.exitCode = NOT_FAILURES.has(error.code) ? 0 : EXIT.usage;
      return;
    }
    const { text, exitCode } = describeError(error);
    write.err(`${text}\n`);
    process.exitCode = exitCode;
  }
}
