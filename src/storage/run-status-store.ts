import { randomUUID } from 'node:crypto';
import type { FleetRef } from '../api/ids';
import type { UpdateStatus } from '../api/update-run-status';
import { byPartitionKey, type EntityTable, type Row } from './entity-table';
import { partitionsUnder, runStatusPartitionKey, runStatusRowPartitionKey, SEPARATOR } from './keys';
import { CONTROL_ROW } from './run-control-store';
import {
  GROUP_VERSION_ROW,
  inPlanOrder,
  mergeProgress,
  parseRows,
  StatusRowSchema,
  UpdateStatusSchema,
  type StoredRunProgress,
} from './run-status-rows';
import type { StatusWrite } from '../orchestrators/contracts';

/** How many partitions a status write or delete works on at once. */
const PARTITION_CONCURRENCY = 16;

/**
 * Status rows of update runs. The run's partition (`sub|rg|fleet|run`) holds the run, stage and wait rows (and the
 * intent, see RunControlStore); each group's row and its members' rows have partitions of their own, a hundred
 * members each (`runStatusRowPartitionKey`), so no partition grows with the fleet or the group.
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
      this.table.allInPartitions(partitionsUnder(partitionKey)),
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
      if (w.gateId !== undefined) columns.gateId = w.gateId;
      if (w.selectedNodeImageVersions) columns.selectedNodeImageVersions = JSON.stringify(w.selectedNodeImageVersions);
      return { partitionKey: runStatusRowPartitionKey(runPartition, w), rowKey: w.key, ...columns };
    });
    const byPartition = byPartitionKey(entities);
    await this.table.ensure();
    const own = byPartition.get(runPartition);
    byPartition.delete(runPartition);
    // A group's later members land before its own partition (with the group's row), every group before the run's.
    const depth = (partitionKey: string) => partitionKey.slice(runPartition.length).split(SEPARATOR).length;
    const members = [...byPartition].filter(([key]) => depth(key) > 3).map(([, rows]) => rows);
    const groups = [...byPartition].filter(([key]) => depth(key) <= 3).map(([, rows]) => rows);
    await eachLimited(members, (entities) => this.upsertGroupRows(entities));
    await eachLimited(groups, (entities) => this.upsertGroupRows(entities));
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
   * Moves group and member rows that an earlier layout kept in the run's partition to their group partitions (a
   * run stored before groups had partitions of their own, started again): its groups read their members there.
   */
  async relocateLegacyRows(fleet: FleetRef, runName: string): Promise<number> {
    const partitionKey = runStatusPartitionKey(fleet, runName);
    const own = await this.table.all({ partitionKey, from: '', to: '\uffff' });
    const legacy = own.filter((row) => ['group', 'member'].includes(row.rowKey.split(SEPARATOR)[0] ?? ''));
    const moved = withPlaceInGroup(legacy).map((row) => ({
      ...row.columns,
      partitionKey: runStatusRowPartitionKey(partitionKey, { key: row.rowKey, order: orderOf(row) }),
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

  /** One status row (one point read; a member's by its key and place in its group), or undefined before its write. */
  async readRow(
    fleet: FleetRef,
    runName: string,
    at: { key: string; order?: number },
  ): Promise<{ status?: UpdateStatus; operationId?: string; message?: string } | undefined> {
    const row = await this.table.get(runStatusRowPartitionKey(runStatusPartitionKey(fleet, runName), at), at.key);
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
    const groups = await this.table.allInPartitions(partitionsUnder(partitionKey));
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

const orderOf = (row: Row): number | undefined =>
  typeof row.columns.order === 'number' ? row.columns.order : undefined;

/** Rows of an earlier layout with each member's `order` its place in its group (they kept their place in the run). */
function withPlaceInGroup(rows: readonly Row[]): Row[] {
  const members = rows
    .filter((row) => row.rowKey.startsWith(`member${SEPARATOR}`))
    .map((row) => ({ row, name: row.rowKey, order: orderOf(row) ?? 0 }))
    .sort(inPlanOrder);
  const placed = new Map<string, number>();
  const renumbered = new Map<Row, Row>();
  for (const { row } of members) {
    const group = row.rowKey.split(SEPARATOR).slice(1, 3).join(SEPARATOR);
    const order = placed.get(group) ?? 0;
    placed.set(group, order + 1);
    renumbered.set(row, { ...row, columns: { ...row.columns, order } });
  }
  return rows.map((row) => renumbered.get(row) ?? row);
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
