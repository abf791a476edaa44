import { describe, expect, it } from 'vitest';
import {
  InvalidMaintenanceWindowError,
  evaluateMaintenanceWindow,
  type Instant,
  type MaintenanceWindow,
} from '../../../src/domain';
import { T0, aWeeklyWindow } from '../../fixtures/domain-builders';

const isMaintenanceWindowOpen = (window: MaintenanceWindow, now: Instant): boolean =>
  evaluateMaintenanceWindow(window, now).open;
const nextMaintenanceWindowOpening = (window: MaintenanceWindow, now: Instant): string | undefined =>
  evaluateMaintenanceWindow(window, now).next?.start;

// T0 is Monday 2026-03-02 10:00 UTC.
const monthly = (
  schedule: MaintenanceWindow['schedule'],
  extra: Partial<MaintenanceWindow> = {},
): MaintenanceWindow => ({
  ...aWeeklyWindow(),
  schedule,
  ...extra,
});

describe('weekly windows', () => {
  it('is open inside the window, start included and end excluded, with the current opening', () => {
    const window = aWeeklyWindow();
    expect(evaluateMaintenanceWindow(window, '2026-03-02T02:00:00Z')).toEqual({
      open: true,
      current: { start: '2026-03-02T01:00:00.000Z', end: '2026-03-02T05:00:00.000Z' },
      next: { start: '2026-03-09T01:00:00.000Z', end: '2026-03-09T05:00:00.000Z' },
    });
    expect(isMaintenanceWindowOpen(window, '2026-03-02T01:00:00Z')).toBe(true);
    expect(isMaintenanceWindowOpen(window, '2026-03-02T05:00:00Z')).toBe(false);
  });

  it('gives the next opening when closed', () => {
    expect(nextMaintenanceWindowOpening(aWeeklyWindow(), T0)).toBe('2026-03-09T01:00:00.000Z');
  });

  it('accepts epoch milliseconds as the instant', () => {
    expect(isMaintenanceWindowOpen(aWeeklyWindow(), Date.parse('2026-03-02T03:00:00Z'))).toBe(true);
  });

  it('applies a positive UTC offset: Monday 00:00 at +05:30 is Sunday 18:30 UTC', () => {
    const window = aWeeklyWindow({ utcOffset: '+05:30', startTime: '00:00' });
    expect(evaluateMaintenanceWindow(window, '2026-03-01T19:00:00Z').current).toEqual({
      start: '2026-03-01T18:30:00.000Z',
      end: '2026-03-01T22:30:00.000Z',
    });
    expect(nextMaintenanceWindowOpening(window, T0)).toBe('2026-03-08T18:30:00.000Z');
  });

  it('applies a negative UTC offset across local midnight: Friday 22:00 at -08:00 runs to Saturday 02:00 local', () => {
    const window = aWeeklyWindow({ utcOffset: '-08:00', startTime: '22:00', dayOfWeek: 'Friday' });
    expect(nextMaintenanceWindowOpening(window, T0)).toBe('2026-03-07T06:00:00.000Z');
    expect(isMaintenanceWindowOpen(window, '2026-03-07T09:59:00Z')).toBe(true);
    expect(isMaintenanceWindowOpen(window, '2026-03-07T10:00:00Z')).toBe(false);
  });

  it('counts intervalWeeks from the first matching day on or after startDate', () => {
    const fromMonday = aWeeklyWindow({
      startDate: '2026-03-02',
      schedule: { weekly: { intervalWeeks: 2, dayOfWeek: 'Monday' } },
    });
    expect(nextMaintenanceWindowOpening(fromMonday, '2026-03-03T00:00:00Z')).toBe('2026-03-16T01:00:00.000Z');
    const fromWednesday = { ...fromMonday, startDate: '2026-03-04' };
    expect(nextMaintenanceWindowOpening(fromWednesday, T0)).toBe('2026-03-09T01:00:00.000Z');
    expect(nextMaintenanceWindowOpening(fromWednesday, '2026-03-10T00:00:00Z')).toBe('2026-03-23T01:00:00.000Z');
  });

  it('has no opening before startDate', () => {
    expect(nextMaintenanceWindowOpening(aWeeklyWindow({ startDate: '2026-04-01' }), T0)).toBe(
      '2026-04-06T01:00:00.000Z',
    );
  });
});

describe('daily windows', () => {
  it('is open after midnight for a window that started the evening before', () => {
    const window = monthly({ daily: { intervalDays: 1 } }, { startTime: '22:00', startDate: '2026-03-01' });
    expect(evaluateMaintenanceWindow(window, '2026-03-03T01:30:00Z').current?.start).toBe('2026-03-02T22:00:00.000Z');
    expect(isMaintenanceWindowOpen(window, '2026-03-03T02:00:00Z')).toBe(false);
    expect(nextMaintenanceWindowOpening(window, '2026-03-03T02:00:00Z')).toBe('2026-03-03T22:00:00.000Z');
  });

  it('counts intervalDays from startDate', () => {
    const window = monthly({ daily: { intervalDays: 3 } }, { startDate: '2026-03-01' });
    expect(nextMaintenanceWindowOpening(window, T0)).toBe('2026-03-04T01:00:00.000Z');
  });
});

describe('monthly windows', () => {
  it('finds the last Monday of the month, not the fourth', () => {
    const last = monthly({ relativeMonthly: { intervalMonths: 1, weekIndex: 'Last', dayOfWeek: 'Monday' } });
    const fourth = monthly({ relativeMonthly: { intervalMonths: 1, weekIndex: 'Fourth', dayOfWeek: 'Monday' } });
    expect(nextMaintenanceWindowOpening(last, T0)).toBe('2026-03-30T01:00:00.000Z');
    expect(nextMaintenanceWindowOpening(fourth, T0)).toBe('2026-03-23T01:00:00.000Z');
    expect(nextMaintenanceWindowOpening(last, '2026-02-10T00:00:00Z')).toBe('2026-02-23T01:00:00.000Z');
  });

  it('finds the first weekday of the next month once this month’s has passed', () => {
    const first = monthly({ relativeMonthly: { intervalMonths: 1, weekIndex: 'First', dayOfWeek: 'Monday' } });
    expect(nextMaintenanceWindowOpening(first, T0)).toBe('2026-04-06T01:00:00.000Z');
  });

  it('skips months outside intervalMonths counted from the startDate month', () => {
    const everyOther = monthly({ relativeMonthly: { intervalMonths: 2, weekIndex: 'Last', dayOfWeek: 'Monday' } });
    expect(nextMaintenanceWindowOpening(everyOther, '2026-01-27T00:00:00Z')).toBe('2026-03-30T01:00:00.000Z');
  });

  it('has no window in a month without the dayOfMonth', () => {
    const window = monthly({ absoluteMonthly: { intervalMonths: 1, dayOfMonth: 31 } });
    expect(nextMaintenanceWindowOpening(window, '2026-03-31T06:00:00Z')).toBe('2026-05-31T01:00:00.000Z');
  });

  it('starts intervalMonths at the startDate month and never before startDate, with the offset applied', () => {
    const window = monthly(
      { absoluteMonthly: { intervalMonths: 3, dayOfMonth: 1 } },
      { startDate: '2026-01-20', utcOffset: '-08:00', startTime: '09:00' },
    );
    expect(nextMaintenanceWindowOpening(window, T0)).toBe('2026-04-01T17:00:00.000Z');
  });
});

describe('notAllowedDates', () => {
  const blockedMarch9 = [{ start: '2026-03-09', end: '2026-03-09' }];

  it('skips an opening on a not-allowed date and is closed during it', () => {
    const window = aWeeklyWindow({ notAllowedDates: blockedMarch9 });
    expect(nextMaintenanceWindowOpening(window, T0)).toBe('2026-03-16T01:00:00.000Z');
    expect(isMaintenanceWindowOpen(window, '2026-03-09T02:00:00Z')).toBe(false);
  });

  it('skips an opening that only overlaps a not-allowed date', () => {
    const window = aWeeklyWindow({ dayOfWeek: 'Sunday', startTime: '22:00', notAllowedDates: blockedMarch9 });
    expect(nextMaintenanceWindowOpening(window, T0)).toBe('2026-03-15T22:00:00.000Z');
  });

  it('reads not-allowed dates in the window’s local time', () => {
    const local = { utcOffset: '+05:30', startTime: '01:00' };
    expect(nextMaintenanceWindowOpening(aWeeklyWindow({ ...local, notAllowedDates: blockedMarch9 }), T0)).toBe(
      '2026-03-15T19:30:00.000Z',
    );
    const sundayOnly = [{ start: '2026-03-08', end: '2026-03-08' }];
    expect(nextMaintenanceWindowOpening(aWeeklyWindow({ ...local, notAllowedDates: sundayOnly }), T0)).toBe(
      '2026-03-08T19:30:00.000Z',
    );
  });

  it('skips every opening of a multi-week range, ends included', () => {
    const window = aWeeklyWindow({ notAllowedDates: [{ start: '2026-03-03', end: '2026-03-23' }] });
    expect(nextMaintenanceWindowOpening(window, T0)).toBe('2026-03-30T01:00:00.000Z');
  });
});

describe('invalid windows', () => {
  it.each([
    ['utcOffset', aWeeklyWindow({ utcOffset: '+5:30' })],
    ['startTime', aWeeklyWindow({ startTime: '25:00' })],
    ['schedule', monthly({ daily: { intervalDays: 1 }, weekly: { intervalWeeks: 1, dayOfWeek: 'Monday' } })],
    ['schedule.daily.intervalDays', monthly({ daily: { intervalDays: 0 } })],
    ['startDate', aWeeklyWindow({ startDate: '2026-02-30' })],
    ['durationHours', aWeeklyWindow({ durationHours: 0 })],
  ])('rejects a bad %s with a 400 naming the field', (field, window) => {
    expect(() => evaluateMaintenanceWindow(window, T0)).toThrow(InvalidMaintenanceWindowError);
    expect(() => evaluateMaintenanceWindow(window, T0)).toThrow(
      expect.objectContaining({ field, code: 'InvalidRequestContent' }),
    );
  });
});
