import { z } from 'zod';
import type { FleetRef } from '../api/ids';
import type { PlannedMember, StatusOverlay, UpdateStatus } from '../api/update-run-status';
import type { EntityTable, Row } from './entity-table';
import { runStatusPartitionKey, SEPARATOR } from './keys';
import { CONTROL_ROW } from './run-control-store';
import type { StatusWrite } from '../orchestrators/contracts';

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

/** Status rows of update runs: partition `sub|rg|fleet|run`, row keys as in `statusKey` (update-run-status.ts). */
export class RunStatusStore {
  constructor(readonly table: EntityTable) {}

  /** The run's stored progress, or undefined when nothing has been written yet (the run never started). */
  async read(fleet: FleetRef, runName: string): Promise<StoredRunProgress | undefined> {
    const all = await this.table.all({ partitionKey: runStatusPartitionKey(fleet, runName), from: '', to: '\uffff' });
    const rows = all.filter((row) => row.rowKey !== CONTROL_ROW);
    if (rows.length === 0) return undefined;
    return parseProgress(rows);
  }

  /**
   * Writes status rows (whole rows: each writer owns its rows and always sends them complete), in batches of one
   * partition. Only the update-run orchestrations call this.
   */
  async write(fleet: FleetRef, runName: string, writes: readonly StatusWrite[]): Promise<void> {
    const partitionKey = runStatusPartitionKey(fleet, runName);
    const entities = writes.map((w) => {
      const columns: Record<string, string | number> = {};
      if (w.status) columns.status = JSON.stringify(w.status);
      if (w.clusterResourceId !== undefined) columns.clusterResourceId = w.clusterResourceId;
      if (w.operationId !== undefined) columns.operationId = w.operationId;
      if (w.message !== undefined) columns.message = w.message;
      if (w.order !== undefined) columns.order = w.order;
      if (w.selectedNodeImageVersions) columns.selectedNodeImageVersions = JSON.stringify(w.selectedNodeImageVersions);
      return { partitionKey, rowKey: w.key, ...columns };
    });
    await this.table.ensure();
    for (let i = 0; i < entities.length; i += 100) {
      const batch = entities.slice(i, i + 100);
      const [only] = batch;
      if (batch.length === 1 && only) await this.table.client.upsertEntity(only, 'Replace');
      else await this.table.client.submitTransaction(batch.map((entity) => ['upsert', entity, 'Replace'] as const));
    }
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
    const row = await this.table.get(runStatusPartitionKey(fleet, runName), key);
    if (!row) return undefined;
    const parsed = StatusRowSchema.parse(row.columns);
    return {
      ...(parsed.status !== undefined ? { status: UpdateStatusSchema.parse(JSON.parse(parsed.status)) } : {}),
      ...(parsed.operationId !== undefined ? { operationId: parsed.operationId } : {}),
      ...(parsed.message !== undefined ? { message: parsed.message } : {}),
    };
  }

  /** Deletes every status row of the run (with the run itself). */
  async deleteAll(fleet: FleetRef, runName: string): Promise<void> {
    const partitionKey = runStatusPartitionKey(fleet, runName);
    const rows = await this.table.all({ partitionKey, from: '', to: '\uffff' });
    for (let i = 0; i < rows.length; i += 100) {
      const batch = rows.slice(i, i + 100);
      await this.table.client.submitTransaction(
        batch.map((row) => ['delete', { partitionKey, rowKey: row.rowKey }] as const),
      );
    }
  }
}

function parseProgress(rows: Row[]): StoredRunProgress {
  const statuses = new Map<string, UpdateStatus>();
  const members = new Map<string, { operationId?: string; message?: string }>();
  const planned: Array<PlannedMember & { order: number }> = [];
  let selectedNodeImageVersions: string[] | undefined;
  for (const row of rows) {
    const parsed = StatusRowSchema.parse(row.columns);
    if (row.rowKey === NODE_IMAGE_ROW) {
      selectedNodeImageVersions = z.array(z.string()).parse(JSON.parse(parsed.selectedNodeImageVersions ?? '[]'));
      continue;
    }
    if (parsed.status !== undefined) statuses.set(row.rowKey, UpdateStatusSchema.parse(JSON.parse(parsed.status)));
    const [scope, stage, group, member] = row.rowKey.split(SEPARATOR);
    if (scope === 'member' && stage && group && member) {
      planned.push({
        name: member,
        clusterResourceId: parsed.clusterResourceId ?? '',
        stage,
        group,
        order: parsed.order ?? 0,
      });
      members.set(row.rowKey, {
        ...(parsed.operationId !== undefined ? { operationId: parsed.operationId } : {}),
        ...(parsed.message !== undefined ? { message: parsed.message } : {}),
      });
    }
  }
  planned.sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    planned: planned.map(({ order: _order, ...member }) => member),
    overlay: { statuses, members, ...(selectedNodeImageVersions ? { selectedNodeImageVersions } : {}) },
  };
}
