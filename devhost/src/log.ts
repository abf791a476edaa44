import type { HostLogger } from './host/function-host';
import type { RpcLogLevel } from './host/core-types';

/** The devhost's console: the FunctionHost's logger plus host-level messages. */
export interface DevhostLogger extends HostLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Printed only in verbose mode. */
  debug(message: string): void;
}

export interface ConsoleLoggerOptions {
  /** Also print trace/debug user logs, system information and per-request lines. */
  verbose?: boolean;
  /** Print errors only (for tests that start the devhost in-process). */
  quiet?: boolean;
  /** Where lines go; default process.stdout / process.stderr. */
  write?: (line: string, stream: 'stdout' | 'stderr') => void;
}

const RANK: Record<RpcLogLevel, number> = {
  trace: 0,
  debug: 1,
  information: 2,
  warning: 3,
  error: 4,
  critical: 5,
  none: 6,
};

function defaultWrite(line: string, stream: 'stdout' | 'stderr'): void {
  (stream === 'stderr' ? process.stderr : process.stdout).write(line + '\n');
}

/** Core Tools-like console output: one line per invocation, user logs, host warnings and errors. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): DevhostLogger {
  const write = options.write ?? defaultWrite;
  const stamp = (): string => `[${new Date().toISOString()}]`;
  const emit = (rank: number, message: string): void => {
    if (options.quiet && rank < RANK.error) return;
    if (!options.verbose && rank < RANK.information) return;
    write(`${stamp()} ${message}`, rank >= RANK.error ? 'stderr' : 'stdout');
  };
  return {
    invocation(entry) {
      const detail = entry.error ? `, Error=${entry.error}` : '';
      const line =
        `Executed 'Functions.${entry.functionName}' (${entry.outcome}, Id=${entry.invocationId}, ` +
        `Duration=${Math.round(entry.durationMs)}ms${detail})`;
      emit(entry.outcome === 'Failed' ? RANK.error : RANK.information, line);
    },
    log(level, category, message, functionName) {
      // System logs are host internals: only warnings and worse unless verbose.
      const rank = RANK[level];
      if (level === 'none' || (category === 'system' && rank < RANK.warning && !options.verbose)) return;
      const prefix = functionName ? `${functionName}: ` : '';
      emit(rank, `${prefix}${message}`);
    },
    info: (message) => emit(RANK.information, message),
    warn: (message) => emit(RANK.warning, message),
    error: (message) => emit(RANK.error, message),
    debug: (message) => emit(RANK.debug, message),
  };
}
