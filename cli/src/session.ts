import type { Command } from 'commander';
import { connect, DEFAULT_ENDPOINT, DEFAULT_SUBSCRIPTION } from './arm/client';
import { Arm } from './arm/resources';
import { render, type OutputFormat } from './output/format';

/** The options every command takes (az's global arguments, plus where the API is). */
export interface GlobalOptions {
  endpoint?: string;
  subscription?: string;
  output: OutputFormat;
  query?: string;
  verbose?: boolean;
  debug?: boolean;
}

/** What a command's handler works with: the API, and the terminal it answers on. */
export interface Session {
  arm: Arm;
  options: GlobalOptions;
  /** Prints a result as `--output` and `--query` ask. */
  print(result: unknown): void;
  /** Writes a line to stderr (progress, warnings), whatever the output format. */
  log(line: string): void;
  stdout: NodeJS.WriteStream;
}

export async function openSession(command: Command): Promise<Session> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const context = await connect({
    endpoint: options.endpoint ?? process.env.FLEET_ENDPOINT ?? DEFAULT_ENDPOINT,
    subscription: options.subscription ?? process.env.AZURE_SUBSCRIPTION_ID ?? DEFAULT_SUBSCRIPTION,
    log: options.verbose || options.debug ? log : undefined,
    logBodies: options.debug ?? false,
  });
  return {
    arm: new Arm(context),
    options,
    print: (result) => void process.stdout.write(render(result, options)),
    log,
    stdout: process.stdout,
  };
}

/** The action of a command: opens a session, runs the handler and prints what it answers (if anything). */
export function action<O>(handler: (options: O, session: Session) => Promise<unknown>) {
  return async (options: O, command: Command): Promise<void> => {
    const session = await openSession(command);
    const result = await handler(options, session);
    if (result !== undefined) session.print(result);
  };
}
