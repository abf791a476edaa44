import { z } from 'zod';
import type { MaintenanceWindow } from '../domain';

const DAY = z.enum(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);

/** `YYYY-MM-DD`; the SDK deserialises ARM `date` fields to Date objects (UTC midnight), which map back exactly. */
const CalendarDate = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
);

/** The domain's MaintenanceWindow, validated (from ARM, the fake, or an activity payload). */
export const MaintenanceWindowSchema: z.ZodType<MaintenanceWindow, unknown> = z.object({
  schedule: z.object({
    daily: z.object({ intervalDays: z.number().int() }).optional(),
    weekly: z.object({ intervalWeeks: z.number().int(), dayOfWeek: DAY }).optional(),
    absoluteMonthly: z.object({ intervalMonths: z.number().int(), dayOfMonth: z.number().int() }).optional(),
    relativeMonthly: z
      .object({
        intervalMonths: z.number().int(),
        weekIndex: z.enum(['First', 'Second', 'Third', 'Fourth', 'Last']),
        dayOfWeek: DAY,
      })
      .optional(),
  }),
  durationHours: z.number(),
  utcOffset: z.string().optional(),
  startDate: CalendarDate.optional(),
  startTime: z.string(),
  notAllowedDates: z.array(z.object({ start: CalendarDate, end: CalendarDate })).optional(),
});
