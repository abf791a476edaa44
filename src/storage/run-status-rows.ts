import { z } from 'zod';
import type { PlannedMember, StatusOverlay, UpdateStatus } from '../api/update-run-status';
import type { PlannedMemberData } from '../orchestrators/contracts';
import type { Row } from './entity-table';
import { SEPARATOR } from './keys';
import { CONTROL_ROW } from './run-control-store';

const ErrorDetailSchema: z.ZodType<{ code: string; message: string; target?: string }> = z.object({
  code: z.string(),
  message: z.string(),
  target: z.string().optional(),
});

export const UpdateStatusSchema: z.ZodType<UpdateStatus> = z.object({
  state: z.enum(['NotStarted', 'Running', 'Stopping', 'Stopped', 'Skipped', 'Failed', 'Pending', 'Completed']),
  startTime: z.string().optional(),
  completedTime: z.string().optional(),
  error: ErrorDetailSchema.optional(),
});

/**
 * One status row. Written only by the update-run orchestrations, one row per run / stage / wait / group / member so
 * parallel groups never contend; `status` is the JSON of an UpdateStatus.
 */
export const StatusRowSchema = z.object({
  status: z.string().optional(),
  clusterResourceId: z.string().optional(),
  operationId: z.string().optional(),
  message: z.string().optional(),
  order: z.number().optional(),
  gateId: z.string().optional(),
  selectedNodeImageVersions: z.string().optional(),
});

/** What the stored rows of one run say: its frozen member plan (if started) and the progress overlay. */
export interface StoredRunProgress {
  planned: PlannedMember[];
  overlay: StatusOverlay;
}

export const NODE_IMAGE_ROW = 'nodeImage';

/**
 * The row every write to a group partition replaces in the same transaction, with a fresh `writeId`: while it is
 * unchanged, nothing else in the partition changed either, so a reader need not read the partition again.
 */
export const GROUP_VERSION_ROW = 'version';

/** What the status rows of one partition say, ready to be merged with the other partitions' of the run. */
export interface ParsedRows {
  planned: Array<PlannedMember & { order: number }>;
  statuses: Array<[string, UpdateStatus]>;
  members: Array<[string, { operationId?: string; message?: string }]>;
  gateIds: Array<[string, string]>;
  selectedNodeImageVersions?: string[];
}

/** A member row's planned member and progress (its stage and group from its key), or undefined for other rows. */
export function memberOf(row: Row): (PlannedMemberData & { stage: string; group: string }) | undefined {
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
export const inPlanOrder = (a: { order: number; name: string }, b: { order: number; name: string }): number =>
  a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Parses status rows (of one partition or several); the intent and version rows are not status and are skipped. */
export function parseRows(rows: readonly Row[]): ParsedRows {
  const parsed: ParsedRows = { planned: [], statuses: [], members: [], gateIds: [] };
  for (const row of rows) {
    if (row.rowKey === CONTROL_ROW || row.rowKey === GROUP_VERSION_ROW) continue;
    const member = memberOf(row);
    if (member) {
      const { name, clusterResourceId, stage, group, order, operationId, message } = member;
      if (row.columns.status !== undefined) parsed.statuses.push([row.rowKey, member.status]);
      parsed.planned.push({ name, clusterResourceId, stage, group, order });
      parsed.members.push([
        row.rowKey,
        { ...(operationId !== undefined ? { operationId } : {}), ...(message !== undefined ? { message } : {}) },
      ]);
      continue;
    }
    const columns = StatusRowSchema.parse(row.columns);
    if (columns.gateId !== undefined) parsed.gateIds.push([row.rowKey, columns.gateId]);
    if (row.rowKey === NODE_IMAGE_ROW) {
      parsed.selectedNodeImageVersions = z
        .array(z.string())
        .parse(JSON.parse(columns.selectedNodeImageVersions ?? '[]'));
    } else if (columns.status !== undefined) {
      parsed.statuses.push([row.rowKey, UpdateStatusSchema.parse(JSON.parse(columns.status))]);
    }
  }
  return parsed;
}

/** One run's progress from its partitions' parsed rows: members in plan order, statuses by row key. */
export function mergeProgress(parts: readonly ParsedRows[]): StoredRunProgress {
  const planned = parts.flatMap((part) => part.planned).sort(inPlanOrder);
  const selected = parts.find((part) => part.selectedNodeImageVersions)?.selectedNodeImageVersions;
  return {
    planned: planned.map(({ order: _order, ...member }) => member),
    overlay: {
      statuses: new Map(parts.flatMap((part) => part.statuses)),
      members: new Map(parts.flatMap((part) => part.members)),
      gateIds: new Map(parts.flatMap((part) => part.gateIds)),
      ...(selected ? { selectedNodeImageVersions: selected } : {}),
    },
  };
}
