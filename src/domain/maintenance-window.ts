import { InvalidMaintenanceWindowError } from './errors';
import { DAY_MS, dayNumber, occursOn, validateSchedule, type MaintenanceSchedule } from './maintenance-schedule';
import { toEpochMs } from './time';
import type { Instant } from './types';

/** A `notAllowedDates` entry: local calendar dates, both ends included. */
export interface DateSpan {
  start: string;
  end: string;
}

/** AKS `maintenanceWindow` of a maintenance configuration. */
export interface MaintenanceWindow {
  schedule: MaintenanceSchedule;
  durationHours: number;
  utcOffset?: string;
  startDate?: string;
  startTime: string;
  notAllowedDates?: DateSpan[];
}

/** One opening of a window, as ISO instants. */
export interface WindowOccurrence {
  start: string;
  end: string;
}

/** A window evaluated at an instant: open or not, the opening in progress and the next one. */
export interface WindowEvaluation {
  open: boolean;
  current?: WindowOccurrence;
  next?: WindowOccurrence;
}

/** How far ahead the next opening is searched (long enough for 6-monthly windows behind many notAllowedDates). */
const HORIZON_DAYS = 5 * 366;

/** Minutes east of UTC of `+05:30` / `-08:00`. */
export function parseUtcOffset(value: string): number {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(value);
  const hours = Number(match?.[2]);
  const minutes = Number(match?.[3]);
  if (!match || hours > 14 || minutes > 59) throw new InvalidMaintenanceWindowError('utcOffset', value);
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function parseStartTime(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new InvalidMaintenanceWindowError('startTime', value);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Evaluates a maintenance window at `now`. Times are local to `utcOffset`; intervals count from `startDate`
 * (1970-01-01 when absent); an opening that overlaps any notAllowedDates span (whole local days) is skipped.
 */
export function evaluateMaintenanceWindow(window: MaintenanceWindow, now: Instant): WindowEvaluation {
  validateSchedule(window.schedule);
  if (!(window.durationHours > 0 && window.durationHours <= 24 * 7)) {
    throw new InvalidMaintenanceWindowError('durationHours', window.durationHours);
  }
  const offsetMs = parseUtcOffset(window.utcOffset ?? '+00:00') * 60_000;
  const startMs = parseStartTime(window.startTime) * 60_000;
  const durationMs = window.durationHours * 3_600_000;
  const anchor = window.startDate === undefined ? 0 : dayNumber(window.startDate, 'startDate');
  const blocked = (window.notAllowedDates ?? []).map((span) => ({
    from: dayNumber(span.start, 'notAllowedDates.start') * DAY_MS - offsetMs,
    to: (dayNumber(span.end, 'notAllowedDates.end') + 1) * DAY_MS - offsetMs,
  }));
  const nowMs = toEpochMs(now);
  const today = Math.floor((nowMs + offsetMs) / DAY_MS);
  const result: WindowEvaluation = { open: false };
  for (let day = today - Math.ceil(window.durationHours / 24) - 1; day <= today + HORIZON_DAYS; day += 1) {
    if (!occursOn(window.schedule, day, anchor)) continue;
    const start = day * DAY_MS + startMs - offsetMs;
    const end = start + durationMs;
    if (blocked.some((span) => start < span.to && end > span.from)) continue;
    if (start <= nowMs && nowMs < end && !result.current) {
      result.open = true;
      result.current = { start: iso(start), end: iso(end) };
    } else if (start > nowMs) {
      result.next = { start: iso(start), end: iso(end) };
      break;
    }
  }
  return result;
}
