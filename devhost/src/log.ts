import type { HostLogger } from './host/function-host';
import type { RpcLogLevel } from './host/core-types';

/** The devhost's console: the FunctionHost's logger plus host-level messages. */
export interface DevhostLogger extends HostLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Printed only at level `debug`. */
  debug(message: string): void;
}

/**
 * How much the console says (`LOG_LEVEL`): `info` (default) is one line per meaningful event (start-up, shutdown,
 * the app's own information logs, warnings, failures); `debug` adds a line per invocation (every HTTP request, status
 * polls included, and every orchestration episode and activity), the app's debug and trace logs and host internals.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

/** Reads a LOG_LEVEL value (any case); undefined or empty means not set; anything else throws naming `source`. */
export function parseLogLevel(value: string | undefined, source = 'LOG_LEVEL'): LogLevel | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const level = LOG_LEVELS.find((candidate) => candidate === value.trim().toLowerCase());
  if (!level) throw new Error(`${source}: '${value}' is not one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

export interface ConsoleLoggerOptions {
  /** Default `info`; `verbose` means `debug` and `quiet` means `error` when no level is given. */
  level?: LogLevel;
  /** Same as level `debug`. */
  verbose?: boolean;
  /** Same as level `error` (for tests that start the devhost in-process). */
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

/** The lowest rank each level prints. */
const THRESHOLD: Record<LogLevel, number> = {
  error: RANK.error,
  warn: RANK.warning,
  info: RANK.information,
  debug: RANK.trace,
};

/** The level the options mean. */
export function levelOf(options: Pick<ConsoleLoggerOptions, 'level' | 'verbose' | 'quiet'>): LogLevel {
  return options.level ?? (options.verbose ? 'debug' : options.quiet ? 'error' : 'info');
}

function defaultWrite(line: string, stream: 'stdout' | 'stderr'): void {
  (stream === 'stderr' ? process.stderr : process.stdout).write(line + '\n');
}

/** Core Tools-like console output: one line per invocation, user logs, host warnings and errors. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): DevhostLogger {
  const write = options.write ?? defaultWrite;
  const stamp = (): string => `[${new Date().toISOString()}]`;
  const threshold = THRESHOLD[levelOf(options)];
  const emit = (rank: number, message: string): void => {
    if (rank < threshold) return;
    write(`${stamp()} ${message}`, rank >= RANK.error ? 'stderr' : 'stdout');
  };
  return {
    invocation(entry) {
      const detail = entry.error ? `, Error=${entry.error}` : '';
      const line =
        `Executed 'Functions.${entry.functionName}' (${entry.outcome}, Id=${entry.invocationId}, ` +
        `Duration=${Math.round(entry.durationMs)}ms${detail})`;
      // A request or an episode that went as it should is routine: one per status poll would bury the events.
      emit(entry.outcome === 'Failed' ? RANK.error : RANK.debug, line);
    },
    log(level, category, message, functionName) {
      // System logs are host internals: only warnings and worse below debug.
      const rank = RANK[level];
      if (level === 'none' || (category === 'system' && rank < RANK.warning && threshold > RANK.debug)) return;
      const prefix = functionName ? `${functionName}: ` : '';
      emit(rank, `${prefix}${message}`);
    },
    info: (message) => emit(RANK.information, message),
    warn: (message) => emit(RANK.warning, message),
    error: (message) => emit(RANK.error, message),
    debug: (message) => emit(RANK.debug, message),
  };
}
