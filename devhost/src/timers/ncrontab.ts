/**
 * Timer schedules as the WebJobs timer extension reads them (WJX `TimerSchedule.Create`): an NCRONTAB
 * expression (`sec min hour day month day-of-week`, or five fields without seconds), else a TimeSpan
 * (`[d.]hh:mm[:ss]`) meaning a constant interval. Times are evaluated in UTC (see timer-scheduler.ts).
 */
export interface TimerSchedule {
  /** The first occurrence strictly after `after`, or undefined when there is none (e.g. `0 0 0 30 2 *`). */
  next(after: Date): Date | undefined;
  readonly expression: string;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 6, names: DAYS },
];

/** A field's allowed values: `allowed[v]` is true when v may occur. */
type FieldSet = boolean[];

function parseValue(text: string, spec: FieldSpec, expression: string): number {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) {
      throw new Error(`'${expression}': ${spec.name} value ${value} is outside ${spec.min}-${spec.max}`);
    }
    return value;
  }
  const index = spec.names?.findIndex((name) => text.toUpperCase().startsWith(name) && /^[a-z]+$/i.test(text));
  if (index === undefined || index < 0) throw new Error(`'${expression}': '${text}' is not a valid ${spec.name}`);
  return index + spec.min;
}

function parseField(text: string, spec: FieldSpec, expression: string): FieldSet {
  const allowed: FieldSet = new Array<boolean>(spec.max + 1).fill(false);
  for (const item of text.split(',')) {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`'${expression}': bad step in '${item}'`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [spec.min, spec.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [from, to] = [parseValue(a, spec, expression), parseValue(b, spec, expression)];
      if (from > to) throw new Error(`'${expression}': ${spec.name} range '${range}' runs backwards`);
    } else {
      from = parseValue(range, spec, expression);
      // NCrontab reads `a/n` as `a-max/n`.
      to = stepText === undefined ? from : spec.max;
    }
    for (let value = from; value <= to; value += step) allowed[value] = true;
  }
  return allowed;
}

function cronSchedule(expression: string, fields: string[]): TimerSchedule {
  const withSeconds = fields.length === 6 ? fields : ['0', ...fields];
  const [seconds, minutes, hours, days, months, weekdays] = withSeconds.map((field, index) =>
    parseField(field, FIELDS[index] as FieldSpec, expression),
  ) as [FieldSet, FieldSet, FieldSet, FieldSet, FieldSet, FieldSet];
  return {
    expression,
    next(after) {
      let t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
      const limit = after.getTime() + 10 * 366 * 86_400_000;
      while (t.getTime() <= limit) {
        const [y, mo, d, h, mi] = [
          t.getUTCFullYear(),
          t.getUTCMonth(),
          t.getUTCDate(),
          t.getUTCHours(),
          t.getUTCMinutes(),
        ];
        // NCrontab requires both day-of-month and day-of-week to match (not the Vixie cron "either").
        if (!months[mo + 1]) t = new Date(Date.UTC(y, mo + 1, 1));
        else if (!days[d] || !weekdays[t.getUTCDay()]) t = new Date(Date.UTC(y, mo, d + 1));
        else if (!hours[h]) t = new Date(Date.UTC(y, mo, d, h + 1));
        else if (!minutes[mi]) t = new Date(Date.UTC(y, mo, d, h, mi + 1));
        else if (!seconds[t.getUTCSeconds()]) t = new Date(t.getTime() + 1000);
        else return t;
      }
      return undefined;
    },
  };
}

const TIMESPAN_RE = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

function constantSchedule(expression: string, found: RegExpExecArray): TimerSchedule {
  const [, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = found;
  const ms =
    ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds) * 1000 +
    Math.round(Number(`0.${fraction || '0'}`) * 1000);
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59 || ms <= 0) {
    throw new Error(`'${expression}' is not a valid TimeSpan interval`);
  }
  return { expression, next: (after) => new Date(after.getTime() + ms) };
}

/** Parses a timer trigger `schedule` (already `%Setting%`-resolved); throws with the expression on bad input. */
export function parseTimerSchedule(expression: string): TimerSchedule {
  const trimmed = expression.trim();
  const fields = trimmed.split(/\s+/);
  if (fields.length === 5 || fields.length === 6) return cronSchedule(trimmed, fields);
  const timespan = TIMESPAN_RE.exec(trimmed);
  if (timespan) return constantSchedule(trimmed, timespan);
  throw new Error(`The schedule expression '${expression}' was not recognized as a CRON expression or a TimeSpan`);
}

/** Whether occurrences come more often than once a minute (the host then turns the schedule monitor off). */
export function firesMoreThanOncePerMinute(schedule: TimerSchedule, from: Date): boolean {
  let previous = schedule.next(from);
  for (let i = 0; i < 5 && previous; i++) {
    const next = schedule.next(previous);
    if (next && next.getTime() - previous.getTime() < 60_000) return true;
    previous = next;
  }
  return false;
}
