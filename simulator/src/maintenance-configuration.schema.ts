import { z } from 'zod';

/** The three configuration names AKS accepts. */
export const MAINTENANCE_CONFIG_NAMES = ['default', 'aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule'];

const WEEK_DAY = z.enum(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected yyyy-mm-dd');
const DATE_SPAN = z.strictObject({ start: DATE, end: DATE });

/** `daily` | `weekly` | `absoluteMonthly` | `relativeMonthly`: exactly one. */
export const ScheduleSchema = z
  .strictObject({
    daily: z.strictObject({ intervalDays: z.number().int().min(1).max(7) }).optional(),
    weekly: z.strictObject({ intervalWeeks: z.number().int().min(1).max(4), dayOfWeek: WEEK_DAY }).optional(),
    absoluteMonthly: z
      .strictObject({ intervalMonths: z.number().int().min(1).max(6), dayOfMonth: z.number().int().min(1).max(31) })
      .optional(),
    relativeMonthly: z
      .strictObject({
        intervalMonths: z.number().int().min(1).max(6),
        weekIndex: z.enum(['First', 'Second', 'Third', 'Fourth', 'Last']),
        dayOfWeek: WEEK_DAY,
      })
      .optional(),
  })
  .refine((s) => [s.daily, s.weekly, s.absoluteMonthly, s.relativeMonthly].filter(Boolean).length === 1, {
    message: 'exactly one of daily, weekly, absoluteMonthly or relativeMonthly must be set',
  });

/** AKS planned-maintenance window (the `aksManaged*Schedule` configurations). */
export const MaintenanceWindowSchema = z.strictObject({
  schedule: ScheduleSchema,
  durationHours: z.number().int().min(4).max(24),
  utcOffset: z
    .string()
    .regex(/^(-|\+)[0-9]{2}:[0-9]{2}$/, 'expected +hh:mm or -hh:mm')
    .optional(),
  startDate: DATE.optional(),
  startTime: z.string().regex(/^\d{2}:\d{2}$/, 'expected hh:mm'),
  notAllowedDates: z.array(DATE_SPAN).optional(),
});

/** Properties of a maintenance configuration (`default` uses timeInWeek/notAllowedTime). */
export const MaintenanceConfigurationPropertiesSchema = z.strictObject({
  timeInWeek: z
    .array(z.strictObject({ day: WEEK_DAY, hourSlots: z.array(z.number().int().min(0).max(23)).optional() }))
    .optional(),
  notAllowedTime: z.array(z.strictObject({ start: z.string(), end: z.string() })).optional(),
  maintenanceWindow: MaintenanceWindowSchema.optional(),
});
/** Properties of a maintenance configuration. */
export type MaintenanceConfigurationProperties = z.infer<typeof MaintenanceConfigurationPropertiesSchema>;

/** Body of a maintenance configuration PUT. */
export const MaintenanceConfigurationBodySchema = z.object({
  properties: MaintenanceConfigurationPropertiesSchema.default({}),
});
