import { TableClient } from '@azure/data-tables';
import { z } from 'zod';

export const TIMER_TABLE = 'DevhostTimers';

/** WJX `ScheduleStatus`: the last run, the next expected run and when the record was written. */
export interface ScheduleStatus {
  last: Date;
  next: Date;
  lastUpdated: Date;
}

/** Where the schedule status of timers lives between runs (WJX `ScheduleMonitor`). */
export interface ScheduleMonitor {
  get(timerName: string): Promise<ScheduleStatus | undefined>;
  update(timerName: string, status: ScheduleStatus): Promise<void>;
}

const StatusRow = z.object({ Last: z.string(), Next: z.string(), LastUpdated: z.string() });

/**
 * Table Storage monitor: table `DevhostTimers`, PartitionKey = host id, RowKey = function name.
 * (The host keeps a blob per timer; a table row is the same record, easier to inspect in Azurite.)
 */
export function createTableScheduleMonitor(connectionString: string, hostId: string): ScheduleMonitor {
  const client = TableClient.fromConnectionString(connectionString, TIMER_TABLE, { allowInsecureConnection: true });
  let created: Promise<void> | undefined;
  const ready = (): Promise<void> => (created ??= client.createTable());
  return {
    async get(timerName) {
      await ready();
      try {
        const row = StatusRow.safeParse(await client.getEntity(hostId, timerName));
        if (!row.success) return undefined;
        return {
          last: new Date(row.data.Last),
          next: new Date(row.data.Next),
          lastUpdated: new Date(row.data.LastUpdated),
        };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    },
    async update(timerName, status) {
      await ready();
      await client.upsertEntity(
        {
          partitionKey: hostId,
          rowKey: timerName,
          Last: status.last.toISOString(),
          Next: status.next.toISOString(),
          LastUpdated: status.lastUpdated.toISOString(),
        },
        'Replace',
      );
    },
  };
}
