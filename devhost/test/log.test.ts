import { describe, expect, it } from 'vitest';
import { createConsoleLogger, parseLogLevel, type LogLevel } from '../src/log';

/** What a console logger at `level` prints for one of each kind of line, without timestamps. */
function printed(level: LogLevel | undefined): string[] {
  const lines: string[] = [];
  const logger = createConsoleLogger({ level, write: (line) => lines.push(line.replace(/^\[[^\]]+\] /, '')) });
  logger.info('Devhost listening');
  logger.invocation({ functionName: 'fleetUpdateRun', invocationId: 'i1', durationMs: 3, outcome: 'Succeeded' });
  logger.invocation({
    functionName: 'memberActivity',
    invocationId: 'i2',
    durationMs: 4,
    outcome: 'Failed',
    error: 'boom',
  });
  logger.log('information', 'user', 'Run r1 is Running.', 'runStore');
  logger.log('debug', 'user', 'Read 3 rows.', 'runStore');
  logger.log('information', 'system', 'Worker initialized.');
  logger.warn('Timer is past due');
  logger.debug('HTTP GET /api/x');
  return lines;
}

describe('console logger levels', () => {
  it('prints events, warnings and failures at the default level, and no line per successful request', () => {
    expect(printed(undefined)).toEqual([
      'Devhost listening',
      "Executed 'Functions.memberActivity' (Failed, Id=i2, Duration=4ms, Error=boom)",
      'runStore: Run r1 is Running.',
      'Timer is past due',
    ]);
  });

  it('adds every invocation, debug logs and host internals at debug', () => {
    expect(printed('debug')).toEqual([
      'Devhost listening',
      "Executed 'Functions.fleetUpdateRun' (Succeeded, Id=i1, Duration=3ms)",
      "Executed 'Functions.memberActivity' (Failed, Id=i2, Duration=4ms, Error=boom)",
      'runStore: Run r1 is Running.',
      'runStore: Read 3 rows.',
      'Worker initialized.',
      'Timer is past due',
      'HTTP GET /api/x',
    ]);
  });

  it('prints only warnings and failures at warn, and only failures at error', () => {
    expect(printed('warn')).toEqual([
      "Executed 'Functions.memberActivity' (Failed, Id=i2, Duration=4ms, Error=boom)",
      'Timer is past due',
    ]);
    expect(printed('error')).toEqual(["Executed 'Functions.memberActivity' (Failed, Id=i2, Duration=4ms, Error=boom)"]);
  });

  it('reads LOG_LEVEL in any case, treats empty as unset and refuses other words naming the setting', () => {
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('')).toBeUndefined();
    expect(parseLogLevel(undefined)).toBeUndefined();
    expect(() => parseLogLevel('verbose')).toThrow("LOG_LEVEL: 'verbose' is not one of error, warn, info, debug");
  });
});
