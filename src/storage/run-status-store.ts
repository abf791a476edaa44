import { z } from 'zod';
import type { FleetRef } from '../api/ids';
import type { PlannedMember, StatusOverlay, UpdateStatus } from '../api/update-run-status';
import type { EntityTable, Row } from './entity-table';
import {
  runGroupPartitionKey,
  runGroupPartitions,
  runStatusPartitionKey,
  runStatusRowPartitionKey,
  SEPARATOR,
} from './keys';
import { CONTROL_ROW } from './run-control-store';
import type { PlannedMemberData, StatusWrite } from '../orchestrators/contracts';

const ErrorDetailSchema: z.ZodType<{ code: string; message: string; target?: string }> = z.object({
  code: z.string(),
  message: z.string(),
  target: z.string().optional(),
});

const UpdateStatusSchema: z.ZodType<UpdateStatus> = z.object({
  state: z.enum(['NotStarted', 'Running', 'Stopping', 'Stopped', 'Skipped', 'Failed', 'Pending', 'Completed']),
  startTime: z.string().optional(),
  completedTime: z.string().optional(),
  error: ErrorDetailSchema.optional(),
});

/**
 * One status row. Written only by the update-run orchestrations (next issue), one row per run / stage / wait /
 * group / member so parallel groups never contend; `status` is the JSON of an UpdateStatus.
 */
const StatusRowSchema = z.object({
  status: z.string().optional(),
  clusterResourceId: z.string().optional(),
  operationId: z.string().optional(),
  message: z.string().optional(),
  order: z.number().optional(),
  selectedNodeImageVersions: z.string().optional(),
});

/** What the stored rows of one run say: its frozen member plan (if started) and the progress overlay. */
export interface StoredRunProgress {
  planned: PlannedMember[];
  overlay: StatusOverlay;
}

export const NODE_IMAGE_ROW = 'nodeImage';

/** How many partitions a status write or delete works on at once. */
const PARTITION_CONCURRENCY = 16;

/**
 * Status rows of update runs. The run's partition (`sub|rg|fleet|run`) holds the run, stage and wait rows (and the
 * intent, see RunControlStore); each group's row and its members' rows have a partition of their own
 * (`runStatusRowPartitionKey`), so no partition grows with the fleet and a group's rows are written together.
 */
export class RunStatusStore {
  constructor(readonly table: EntityTable) {}

  /**
   * The run's stored progress, or undefined when it never started: no row in the run's partition yet. Group
   * partitions are written before the run's, so group rows without them are the leftovers of a first start that was
   * interrupted, not a frozen plan.
   */
  async read(fleet: FleetRef, runName: string): Promise<StoredRunProgress | undefined> {
    const partitionKey = runStatusPartitionKey(fleet, runName);
    const [own, groups] = await Promise.all([
      this.table.all({ partitionKey, from: '', to: '\uffff' }),
      this.table.allInPartitions(runGroupPartitions(partitionKey)),
    ]);
    const rows = own.filter((row) => row.rowKey !== CONTROL_ROW);
    if (rows.length === 0) return undefined;
    return parseProgress([...rows, ...groups]);
  }

  /**
   * Writes status rows (whole rows: each writer owns its rows and always sends them complete), one transaction per
   * partition and batch of 100. Group partitions land before the run's partition: a reader never sees a stage end
   * before its groups did, nor a first start's plan before all of its members. Only the update-run
   * orchestrations call this.
   */
  async write(fleet: FleetRef, runName: string, writes: readonly StatusWrite[]): Promise<void> {
    const runPartition = runStatusPartitionKey(fleet, runName);
    const entities = writes.map((w) => {
      const columns: Record<string, string | number> = {};
      if (w.status) columns.status = JSON.stringify(w.status);
      if (w.clusterResourceId !== undefined) columns.clusterResourceId = w.clusterResourceId;
      if (w.operationId !== undefined) columns.operationId = w.operationId;
      if (w.message !== undefined) columns.message = w.message;
      if (w.order !== undefined) columns.order = w.order;
      if (w.selectedNodeImageVersions) columns.selectedNodeImageVersions = JSON.stringify(w.selectedNodeImageVersions);
      return { partitionKey: runStatusRowPartitionKey(runPartition, w.key), rowKey: w.key, ...columns };
    });
    const byPartition = byPartitionKey(entities);
    await this.table.ensure();
    const own = byPartition.get(runPartition);
    byPartition.delete(runPartition);
    await eachLimited([...byPartition.values()], (entities) => this.upsert(entities));
    if (own) await this.upsert(own);
  }

  /** Upserts rows of one partition: one call for one row, else transactions of up to 100. */
  private async upsert(entities: Array<{ partitionKey: string; rowKey: string }>): Promise<void> {
    for (let i = 0; i < entities.length; i += 100) {
      const batch = entities.slice(i, i + 100);
      const [only] = batch;
      if (batch.length === 1 && only) await this.table.client.upsertEntity(only, 'Replace');
      else await this.table.client.submitTransaction(batch.map((entity) => ['upsert', entity, 'Replace'] as const));
    }
  }

  /**
   * One group's planned members with their status (one partition): what its orchestration begins from. In plan
   * order; a row that fails its schema is a 500-class error, never silently skipped.
   */
  async readGroupMembers(fleet: FleetRef, runName: string, stage: string, group: string): Promise<PlannedMemberData[]> {
    const partitionKey = runGroupPartitionKey(runStatusPartitionKey(fleet, runName), stage, group);
    const rows = await this.table.all({ partitionKey, from: '', to: '\uffff' });
    return rows
      .flatMap((row) => memberOf(row) ?? [])
      .sort(inPlanOrder)
      .map(({ stage: _stage, group: _group, ...member }) => member);
  }

  /**
   * Moves group and member rows that an earlier layout kept in the run's partition to their group partitions (a
   * run stored before groups had partitions of their own, started again): its groups read their members there.
   */
  async relocateLegacyRows(fleet: FleetRef, runName: string): Promise<number> {
    const partitionKey = runStatusPartitionKey(fleet, runName);
    const own = await this.table.all({ partitionKey, from: '', to: '\uffff' });
    const legacy = own.filter((row) => runStatusRowPartitionKey(partitionKey, row.rowKey) !== partitionKey);
    const moved = legacy.map((row) => ({
      ...row.columns,
      partitionKey: runStatusRowPartitionKey(partitionKey, row.rowKey),
      rowKey: row.rowKey,
    }));
    await eachLimited([...byPartitionKey(moved).values()], (entities) => this.upsert(entities));
    await this.deleteRows(legacy);
    return legacy.length;
  }

  /** The run's own state alone (one point read, not the whole partition), or undefined before its first write. */
  async readRunState(fleet: FleetRef, runName: string): Promise<UpdateStatus['state'] | undefined> {
    const row = await this.table.get(runStatusPartitionKey(fleet, runName), 'run');
    const parsed = row ? StatusRowSchema.parse(row.columns) : undefined;
    return parsed?.status === undefined ? undefined : UpdateStatusSchema.parse(JSON.parse(parsed.status)).state;
  }

  /** One status row (one point read), e.g. a member's, or undefined before its first write. */
  async readRow(
    fleet: FleetRef,
    runName: string,
    key: string,
  ): Promise<{ status?: UpdateStatus; operationId?: string; message?: string } | undefined> {
    const row = await this.table.get(runStatusRowPartitionKey(runStatusPartitionKey(fleet, runName), key), key);
    if (!row) return undefined;
    const parsed = StatusRowSchema.parse(row.columns);
    return {
      ...(parsed.status !== undefined ? { status: UpdateStatusSchema.parse(JSON.parse(parsed.status)) } : {}),
      ...(parsed.operationId !== undefined ? { operationId: parsed.operationId } : {}),
      ...(parsed.message !== undefined ? { message: parsed.message } : {}),
    };
  }

  /**
   * Deletes the run's group partitions, then its own partition (with the intent, unless `keepControl`): a first start
   * that was interrupted clears its leftovers this way before it writes its plan again.
   */
  async deleteAll(fleet: FleetRef, runName: string, options: { keepControl?: boolean } = {}): Promise<void> {
    const partitionKey = runStatusPartitionKey(fleet, runName);
    const groups = await this.table.allInPartitions(runGroupPartitions(partitionKey));
    await eachLimited([...byPartitionKey(groups).values()], (rows) => this.deleteRows(rows));
    const own = await this.table.all({ partitionKey, from: '', to: '\uffff' });
    await this.deleteRows(options.keepControl ? own.filter((row) => row.rowKey !== CONTROL_ROW) : own);
  }

  /** Deletes rows of one partition, in transactions of up to 100. */
  private async deleteRows(rows: Row[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 100) {
      const batch = rows.slice(i, i + 100);
      await this.table.client.submitTransaction(
        batch.map((row) => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }] as const),
      );
    }
  }
}

/** Rows (or entities) by their partition key, each partition's in the order given. */
function byPartitionKey<T extends { partitionKey: string }>(rows: readonly T[]): Map<string, T[]> {
  const byPartition = new Map<string, T[]>();
  for (const row of rows) byPartition.set(row.partitionKey, [...(byPartition.get(row.partitionKey) ?? []), row]);
  return byPartition;
}

/** Runs `work` over `items`, at most PARTITION_CONCURRENCY at once; rejects with the first failure. */
async function eachLimited<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARTITION_CONCURRENCY, items.length) }, worker));
}

/** A member row's planned member and progress (its stage and group from its key), or undefined for other rows. */
function memberOf(row: Row): (PlannedMemberData & { stage: string; group: string }) | undefined {
  const [scope, stage, group, name] = row.rowKey.split(SEPARATOR);
  if (scope !== 'member' || !stage || !group || !name) return undefined;
  const parsed = StatusRowSchema.parse(row.columns);
  return {
    name,
    stage,
    group,
    clusterResourceId: parsed.clusterResourceId ?? '',
    order: parsed.order ?? 0,
    status: parsed.status === undefined ? { state: 'NotStarted' } : UpdateStatusSchema.parse(JSON.parse(parsed.status)),
    ...(parsed.operationId !== undefined ? { operationId: parsed.operationId } : {}),
    ...(parsed.message !== undefined ? { message: parsed.message } : {}),
  };
}

/** Plan order: the order the plan gave members, then name. */
const inPlanOrder = (a: { order: number; name: string }, b: { order: number; name: string }): number =>
  a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function parseProgress(rows: Row[]): StoredRunProgress {
  const statuses = new Map<string, UpdateStatus>();
  const members = new Map<string, { operationId?: string; message?: string }>();
  const planned: Array<PlannedMember & { order: number }> = [];
  let selectedNodeImageVersions: string[] | undefined;
  for (const row of rows) {
    const member = memberOf(row);
    if (member) {
      if (row.columns.status !== undefined) statuses.set(row.rowKey, member.status);
      const { name, clusterResourceId, stage, group, order, operationId, message } = member;
      planned.push({ name, clusterResourceId, stage, group, order });
      members.set(row.rowKey, {
        ...(operationId !== undefined ? { operationId } : {}),
        ...(message !== undefined ? { message } : {}),
      });
      continue;
    }
    const parsed = StatusRowSchema.parse(row.columns);
    if (row.rowKey === NODE_IMAGE_ROW) {
      selectedNodeImageVersions = z.array(z.string()).parse(JSON.parse(parsed.selectedNodeImageVersions ?? '[]'));
      continue;
    }
    if (parsed.status !== undefined) statuses.set(row.rowKey, UpdateStatusSchema.parse(JSON.parse(parsed.status)));
  }
  planned.sort(inPlanOrder);
  return {
    planned: planned.map(({ order: _order, ...member }) => member),
    overlay: { statuses, members, ...(selectedNodeImageVersions ? { selectedNodeImageVersions } : {}) },
  };
}
