import { InvalidMaintenanceWindowError } from './errors';

/** Day of week as AKS spells it. */
export type DayOfWeek = 'Sunday' | 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday';
/** Which occurrence of a weekday in the month (relativeMonthly). */
export type WeekIndex = 'First' | 'Second' | 'Third' | 'Fourth' | 'Last';

/** AKS maintenance schedule: exactly one of the four kinds is set. */
export interface MaintenanceSchedule {
  daily?: { intervalDays: number };
  weekly?: { intervalWeeks: number; dayOfWeek: DayOfWeek };
  absoluteMonthly?: { intervalMonths: number; dayOfMonth: number };
  relativeMonthly?: { intervalMonths: number; weekIndex: WeekIndex; dayOfWeek: DayOfWeek };
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
const DAYS: readonly DayOfWeek[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEK_INDEX: Record<Exclude<WeekIndex, 'Last'>, number> = { First: 0, Second: 1, Third: 2, Fourth: 3 };

/** Day of week (0 = Sunday) of a day number (days since 1970-01-01, a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number of a `YYYY-MM-DD` calendar date. */
export function dayNumber(date: string, field = 'date'): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(match[3])) {
    throw new InvalidMaintenanceWindowError(field, date);
  }
  return ms / DAY_MS;
}

interface CalendarDay {
  year: number;
  month: number;
  date: number;
  daysInMonth: number;
}

function calendar(day: number): CalendarDay {
  const at = new Date(day * DAY_MS);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  return { year, month, date: at.getUTCDate(), daysInMonth: new Date(Date.UTC(year, month + 1, 0)).getUTCDate() };
}

function positive(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw new InvalidMaintenanceWindowError(field, value);
  return value;
}

function dayIndex(day: DayOfWeek, field: string): number {
  const index = DAYS.indexOf(day);
  if (index < 0) throw new InvalidMaintenanceWindowError(field, day);
  return index;
}

/** Checks that exactly one schedule kind is set and its fields are in range. */
export function validateSchedule(schedule: MaintenanceSchedule): void {
  const kinds = [schedule.daily, schedule.weekly, schedule.absoluteMonthly, schedule.relativeMonthly].filter(Boolean);
  if (kinds.length !== 1) throw new InvalidMaintenanceWindowError('schedule', schedule);
  if (schedule.daily) positive(schedule.daily.intervalDays, 'schedule.daily.intervalDays');
  if (schedule.weekly) {
    positive(schedule.weekly.intervalWeeks, 'schedule.weekly.intervalWeeks');
    dayIndex(schedule.weekly.dayOfWeek, 'schedule.weekly.dayOfWeek');
  }
  const absolute = schedule.absoluteMonthly;
  if (absolute) {
    positive(absolute.intervalMonths, 'schedule.absoluteMonthly.intervalMonths');
    if (positive(absolute.dayOfMonth, 'schedule.absoluteMonthly.dayOfMonth') > 31) {
      throw new InvalidMaintenanceWindowError('schedule.absoluteMonthly.dayOfMonth', absolute.dayOfMonth);
    }
  }
  const relative = schedule.relativeMonthly;
  if (relative) {
    positive(relative.intervalMonths, 'schedule.relativeMonthly.intervalMonths');
    dayIndex(relative.dayOfWeek, 'schedule.relativeMonthly.dayOfWeek');
    if (relative.weekIndex !== 'Last' && WEEK_INDEX[relative.weekIndex] === undefined) {
      throw new InvalidMaintenanceWindowError('schedule.relativeMonthly.weekIndex', relative.weekIndex);
    }
  }
}

function monthsSince(anchor: CalendarDay, day: CalendarDay): number {
  return day.year * 12 + day.month - (anchor.year * 12 + anchor.month);
}

/**
 * True when the schedule has a window starting on local `day`, counting intervals from `anchorDay` (the window's
 * startDate): daily every N days from it, weekly every N weeks from the first matching weekday on or after it,
 * monthly every N months from its month. A dayOfMonth the month lacks (31 in April) has no window that month.
 */
export function occursOn(schedule: MaintenanceSchedule, day: number, anchorDay: number): boolean {
  if (day < anchorDay) return false;
  if (schedule.daily) return (day - anchorDay) % schedule.daily.intervalDays === 0;
  if (schedule.weekly) {
    const target = dayIndex(schedule.weekly.dayOfWeek, 'schedule.weekly.dayOfWeek');
    const first = anchorDay + ((target - weekday(anchorDay) + 7) % 7);
    return day >= first && (day - first) % (7 * schedule.weekly.intervalWeeks) === 0;
  }
  const date = calendar(day);
  const anchor = calendar(anchorDay);
  if (schedule.absoluteMonthly) {
    const { intervalMonths, dayOfMonth } = schedule.absoluteMonthly;
    return date.date === dayOfMonth && monthsSince(anchor, date) % intervalMonths === 0;
  }
  if (schedule.relativeMonthly) {
    const { intervalMonths, weekIndex, dayOfWeek } = schedule.relativeMonthly;
    if (weekday(day) !== dayIndex(dayOfWeek, 'schedule.relativeMonthly.dayOfWeek')) return false;
    if (monthsSince(anchor, date) % intervalMonths !== 0) return false;
    if (weekIndex === 'Last') return date.date + 7 > date.daysInMonth;
    return Math.floor((date.date - 1) / 7) === WEEK_INDEX[weekIndex];
  }
  return false;
}
