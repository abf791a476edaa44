import { describe, expect, it } from 'vitest';
import { firesMoreThanOncePerMinute, parseTimerSchedule } from '../src/timers/ncrontab';
import { timerInfoJson } from '../src/timers/timer-scheduler';
import { resolveSettingReferences } from '../src/settings';

const at = (iso: string): Date => new Date(iso);
const next = (expression: string, after: string): string | undefined =>
  parseTimerSchedule(expression).next(at(after))?.toISOString();

describe('NCRONTAB next occurrence (UTC)', () => {
  it('fires every second with a six-field */1 schedule, strictly after the given time', () => {
    expect(next('*/1 * * * * *', '2024-05-01T10:00:00.500Z')).toBe('2024-05-01T10:00:01.000Z');
    expect(next('*/1 * * * * *', '2024-05-01T10:00:01.000Z')).toBe('2024-05-01T10:00:02.000Z');
  });

  it('reads five fields as minutes and up, with seconds at zero', () => {
    expect(next('*/5 * * * *', '2024-05-01T10:02:30Z')).toBe('2024-05-01T10:05:00.000Z');
  });

  it('rolls over hours, days, months and years', () => {
    expect(next('0 0 0 * * *', '2024-12-31T23:59:59Z')).toBe('2025-01-01T00:00:00.000Z');
    expect(next('30 15 * * * *', '2024-02-29T23:20:00Z')).toBe('2024-03-01T00:15:30.000Z');
  });

  it('supports lists, ranges and stepped ranges', () => {
    expect(next('0 0 8-18/4 * * *', '2024-05-01T12:00:00Z')).toBe('2024-05-01T16:00:00.000Z');
    expect(next('0 15,45 * * * *', '2024-05-01T12:20:00Z')).toBe('2024-05-01T12:45:00.000Z');
    expect(next('10/20 * * * * *', '2024-05-01T12:00:31Z')).toBe('2024-05-01T12:00:50.000Z');
  });

  it('understands month and weekday names', () => {
    expect(next('0 0 0 1 JAN,jul *', '2024-02-10T00:00:00Z')).toBe('2024-07-01T00:00:00.000Z');
    expect(next('0 30 9 * * MON-FRI', '2024-05-04T12:00:00Z')).toBe('2024-05-06T09:30:00.000Z');
  });

  it('requires both the day of month and the day of week, as NCrontab does', () => {
    expect(next('0 0 0 13 * FRI', '2024-01-01T00:00:00Z')).toBe('2024-09-13T00:00:00.000Z');
  });

  it('skips days a month does not have and reports no occurrence for impossible dates', () => {
    expect(next('0 0 0 31 * *', '2024-04-01T00:00:00Z')).toBe('2024-05-31T00:00:00.000Z');
    expect(next('0 0 0 30 2 *', '2024-01-01T00:00:00Z')).toBeUndefined();
  });

  it('reads an hh:mm:ss TimeSpan as a constant interval', () => {
    expect(next('00:00:10', '2024-05-01T10:00:00.250Z')).toBe('2024-05-01T10:00:10.250Z');
    expect(next('1.02:00:00', '2024-05-01T10:00:00Z')).toBe('2024-05-02T12:00:00.000Z');
  });

  it('rejects values out of range and unknown shapes with the expression in the message', () => {
    expect(() => parseTimerSchedule('61 * * * * *')).toThrow(/61 \* \* \* \* \*.*second/);
    expect(() => parseTimerSchedule('0 0 0 1 13 *')).toThrow(/month/);
    expect(() => parseTimerSchedule('0 0 0 * * 7')).toThrow(/day-of-week/);
    expect(() => parseTimerSchedule('* * *')).toThrow(/not recognized/);
    expect(() => parseTimerSchedule('0 0 10-5 * * *')).toThrow(/backwards/);
  });
});

describe('schedule monitor eligibility', () => {
  it('treats schedules firing more than once a minute as too frequent to monitor', () => {
    const now = at('2024-05-01T10:00:00Z');
    expect(firesMoreThanOncePerMinute(parseTimerSchedule('*/1 * * * * *'), now)).toBe(true);
    expect(firesMoreThanOncePerMinute(parseTimerSchedule('00:00:30'), now)).toBe(true);
    expect(firesMoreThanOncePerMinute(parseTimerSchedule('0 * * * * *'), now)).toBe(false);
    expect(firesMoreThanOncePerMinute(parseTimerSchedule('0 0 * * * *'), now)).toBe(false);
  });
});

describe('timer settings and payload', () => {
  it('resolves %Setting% references from the environment', () => {
    expect(resolveSettingReferences('%TICK%', { TICK: '0 */5 * * * *' })).toBe('0 */5 * * * *');
    expect(() => resolveSettingReferences('%MISSING%', {})).toThrow(/MISSING/);
  });

  it('sends TimerInfo with PascalCase keys and a null ScheduleStatus when unmonitored', () => {
    expect(JSON.parse(timerInfoJson(undefined, false))).toEqual({
      Schedule: { AdjustForDST: true },
      ScheduleStatus: null,
      IsPastDue: false,
    });
    const status = {
      last: at('2024-01-01T00:00:00Z'),
      next: at('2024-01-01T01:00:00Z'),
      lastUpdated: at('2024-01-01T00:00:01Z'),
    };
    expect(JSON.parse(timerInfoJson(status, true))).toEqual({
      Schedule: { AdjustForDST: true },
      ScheduleStatus: {
        Last: '2024-01-01T00:00:00.000Z',
        Next: '2024-01-01T01:00:00.000Z',
        LastUpdated: '2024-01-01T00:00:01.000Z',
      },
      IsPastDue: true,
    });
  });
});
