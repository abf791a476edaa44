/** Exit codes as az uses them: 1 for an error of the command, 2 for arguments it could not take. */
export const EXIT = { error: 1, usage: 2 } as const;

/** An error to show as az does, `(Code) message` on stderr, ending the process with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** An argument the command cannot take (az: exit code 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super('InvalidArgumentValue', message, EXIT.usage);
  }
}
