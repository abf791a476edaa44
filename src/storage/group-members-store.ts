import { odata } from '@azure/data-tables';
import { z } from 'zod';
import type { FleetRef } from '../api/ids';
import { statusKey } from '../api/update-run-status';
import type { GroupMember } from '../domain/group-engine';
import { prefixEnd, type EntityTable, type Row } from './entity-table';
import {
  memberPartitionOf,
  MEMBERS_PER_PARTITION,
  runGroupPartitionKey,
  partitionsUnder,
  runStatusPartitionKey,
} from './keys';

const MemberRowSchema = z.object({
  status: z.string().optional(),
  clusterResourceId: z.string(),
  order: z.number().int().optional(),
  notBefore: z.string().optional(),
});
const StoredStatusSchema = z.object({ state: z.string(), startTime: z.string().optional() });

/** A member row of a group partition: the member, its state and (while Pending) when its window opens. */
export interface GroupMemberRow extends GroupMember {
  state: string;
  notBefore?: string;
}

/** Members that need nothing more done (their group never takes them again). */
const FINISHED = ['Completed', 'Skipped'];
/** Names asked for in one query (a filter of point matches) when a skip names members. */
const NAMES_PER_QUERY = 20;

/** Where a group's next page begins: a member partition (0: the group's own), after the member last read there. */
const PageCursorSchema = z.object({
  partition: z.number().int().nonnegative(),
  after: z.object({ name: z.string(), order: z.number().int() }).optional(),
});
type PageCursor = z.infer<typeof PageCursorSchema>;

/**
 * A group's member rows, read a page at a time (keyset over its member partitions in turn, each in row-key order,
 * which is plan order) or by what they wait for: what lets a group of any size read only what it works on next.
 */
export class GroupMembersStore {
  constructor(readonly table: EntityTable) {}

  /**
   * Up to `limit` unfinished members from where `cursor` (as a page before returned it; none: the start) points,
   * in plan order; `exhausted` when no member follows, else the cursor of the next page.
   */
  async page(
    group: GroupRef,
    options: { cursor?: string; limit: number },
  ): Promise<{ members: GroupMemberRow[]; cursor?: string; exhausted: boolean }> {
    const prefix = memberPrefix(group);
    const found: GroupMemberRow[] = [];
    let cursor = decodeCursor(options.cursor);
    for (;;) {
      const { rows, more } = await this.table.range({
        partitionKey: memberPartitionOf(partitionOf(group), cursor.partition),
        from: prefix,
        to: prefixEnd(prefix),
        ...(cursor.after !== undefined ? { after: prefix + cursor.after.name } : {}),
        top: options.limit,
      });
      for (const row of rows) {
        const member = parseRow(row, prefix);
        cursor = { partition: cursor.partition, after: { name: member.name, order: member.order } };
        if (!FINISHED.includes(member.state)) found.push(member);
      }
      if (!more) {
        // This partition is read to its end: the group's members go on in the next one only if it is full.
        const last = cursor.after?.order ?? -1;
        if (last % MEMBERS_PER_PARTITION !== MEMBERS_PER_PARTITION - 1) return { members: found, exhausted: true };
        cursor = { partition: cursor.partition + 1 };
      }
      if (found.length > 0) return { members: found, cursor: JSON.stringify(cursor), exhausted: false };
    }
  }

  /** Every member of the group still Pending on a maintenance window. */
  async pending(group: GroupRef): Promise<GroupMemberRow[]> {
    const prefix = memberPrefix(group);
    const rows = await this.table.where(`${inGroupPartitions(group)} and notBefore gt ''`);
    return rows.map((row) => parseRow(row, prefix)).filter((member) => member.state === 'Pending');
  }

  /** The rows of the named members of the group (names of other groups' members are ignored). */
  async some(group: GroupRef, names: readonly string[]): Promise<GroupMemberRow[]> {
    const prefix = memberPrefix(group);
    const found: GroupMemberRow[] = [];
    for (let i = 0; i < names.length; i += NAMES_PER_QUERY) {
      const keys = names.slice(i, i + NAMES_PER_QUERY).map((name) => odata`RowKey eq ${prefix + name}`);
      const rows = await this.table.where(`${inGroupPartitions(group)} and (${keys.join(' or ')})`);
      found.push(...rows.map((row) => parseRow(row, prefix)));
    }
    return found;
  }

  /** Every member row of the group (for its end: the group's state rolls up from them). */
  async all(group: GroupRef): Promise<GroupMemberRow[]> {
    const prefix = memberPrefix(group);
    const rows = await this.table.where(
      `${inGroupPartitions(group)} and ${odata`RowKey ge ${prefix}`} and ${odata`RowKey lt ${prefixEnd(prefix)}`}`,
    );
    return rows.map((row) => parseRow(row, prefix));
  }
}

/** A cursor as page() hands it out; a member name alone (an earlier format) continues in the group's partition. */
function decodeCursor(cursor: string | undefined): PageCursor {
  if (cursor === undefined) return { partition: 0 };
  if (!cursor.startsWith('{')) return { partition: 0, after: { name: cursor, order: 0 } };
  return PageCursorSchema.parse(JSON.parse(cursor));
}

/** Which group: its run and its place in the run. */
export interface GroupRef {
  fleet: FleetRef;
  runName: string;
  stage: string;
  group: string;
}

const partitionOf = (g: GroupRef): string =>
  runGroupPartitionKey(runStatusPartitionKey(g.fleet, g.runName), g.stage, g.group);
/**
 * An OData condition: the row is in one of the group's partitions (its own, or one of its later members'). The outer
 * range bounds what Table Storage scans; inside it, a neighbour whose name extends this group's is left out.
 */
const inGroupPartitions = (g: GroupRef): string => {
  const own = partitionOf(g);
  const { from, to } = partitionsUnder(own);
  return (
    `${odata`PartitionKey ge ${own}`} and ${odata`PartitionKey lt ${to}`} and ` +
    `(${odata`PartitionKey eq ${own}`} or ${odata`PartitionKey ge ${from}`})`
  );
};
const memberPrefix = (g: GroupRef): string => `${statusKey.member(g.stage, g.group, '')}`;

function parseRow(row: Row, prefix: string): GroupMemberRow {
  const columns = MemberRowSchema.parse(row.columns);
  const status = columns.status === undefined ? undefined : StoredStatusSchema.parse(JSON.parse(columns.status));
  return {
    name: row.rowKey.slice(prefix.length),
    clusterResourceId: columns.clusterResourceId,
    order: columns.order ?? 0,
    state: status?.state ?? 'NotStarted',
    ...(status?.startTime !== undefined && status.state === 'Pending' ? { startTime: status.startTime } : {}),
    ...(columns.notBefore !== undefined ? { notBefore: columns.notBefore } : {}),
  };
}
