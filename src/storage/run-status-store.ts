import { randomUUID } from 'node:crypto';
import type { FleetRef } from '../api/ids';
import type { UpdateStatus } from '../api/update-run-status';
import type { EntityTable, Row } from './entity-table';
import { runGroupPartitionKey, runGroupPartitions, runStatusPartitionKey, runStatusRowPartitionKey } from './keys';
import { CONTROL_ROW } from './run-control-store';
import {
  GROUP_VERSION_ROW,
  inPlanOrder,
  memberOf,
  mergeProgress,
  parseRows,
  StatusRowSchema,
  UpdateStatusSchema,
  type StoredRunProgress,
} from './run-status-rows';
import type { PlannedMemberData, StatusWrite } from '../orchestrators/contracts';

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
    if (!own.some((row) => row.rowKey !== CONTROL_ROW)) return undefined;
    return mergeProgress([parseRows(own), parseRows(groups)]);
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
      if (w.notBefore !== undefined) columns.notBefore = w.notBefore;
      if (w.selectedNodeImageVersions) columns.selectedNodeImageVersions = JSON.stringify(w.selectedNodeImageVersions);
      return { partitionKey: runStatusRowPartitionKey(runPartition, w.key), rowKey: w.key, ...columns };
    });
    const byPartition = byPartitionKey(entities);
    await this.table.ensure();
    const own = byPartition.get(runPartition);
    byPartition.delete(runPartition);
    await eachLimited([...byPartition.values()], (entities) => this.upsertGroupRows(entities));
    if (own) await this.upsertRunRows(own);
  }

  /** Upserts rows of the run's partition: one call for one row, else transactions of up to 100. */
  private async upsertRunRows(entities: Array<{ partitionKey: string; rowKey: string }>): Promise<void> {
    for (let i = 0; i < entities.length; i += 100) {
      const batch = entities.slice(i, i + 100);
      const [only] = batch;
      if (batch.length === 1 && only) await this.table.client.upsertEntity(only, 'Replace');
      else await this.table.client.submitTransaction(batch.map((entity) => ['upsert', entity, 'Replace'] as const));
    }
  }

  /**
   * Upserts rows of one group partition in transactions of up to 99 rows, each ending with the partition's version
   * row and a fresh `writeId` (last, so that even a reader that could see half a transaction never sees the new
   * version before the rows it stands for): readers re-read a group partition only when its version changed.
   */
  private async upsertGroupRows(entities: Array<{ partitionKey: string; rowKey: string }>): Promise<void> {
    for (let i = 0; i < entities.length; i += 99) {
      const batch = entities.slice(i, i + 99);
      const partitionKey = batch[0]?.partitionKey ?? '';
      const version = { partitionKey, rowKey: GROUP_VERSION_ROW, writeId: randomUUID() };
      await this.table.client.submitTransaction(
        [...batch, version].map((entity) => ['upsert', entity, 'Replace'] as const),
      );
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
    await eachLimited([...byPartitionKey(moved).values()], (entities) => this.upsertGroupRows(entities));
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
  for (const row of rows) {
    const partition = byPartition.get(row.partitionKey);
    if (partition) partition.push(row);
    else byPartition.set(row.partitionKey, [row]);
  }
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
