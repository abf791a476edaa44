import { z } from 'zod';
import { ArmError } from '../api/errors';
import { EntityChangedError, EntityExistsError, type EntityTable } from './entity-table';
import { clusterClaimKey } from './keys';

/** The member that holds a cluster: a cluster joins at most one fleet. */
export interface ClusterOwner {
  memberId: string;
}

const ClaimSchema = z.object({ memberId: z.string() });
const CLAIM_ROW = '';
const MAX_ATTEMPTS = 20;

/**
 * Cluster claims: one row per managed cluster naming the member that holds it. A claim is taken before the member
 * row is written and released after the member row is deleted; a claim whose member row no longer names the cluster
 * (a writer that died in between) is stale and may be taken over.
 */
export class ClusterClaims {
  constructor(private readonly table: EntityTable) {}

  async claim(
    clusterResourceId: string,
    owner: ClusterOwner,
    isStale: (holder: ClusterOwner) => Promise<boolean>,
  ): Promise<void> {
    const key = clusterClaimKey(clusterResourceId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const row = await this.table.get(key, CLAIM_ROW);
      if (!row) {
        try {
          await this.table.create(key, CLAIM_ROW, { memberId: owner.memberId.toLowerCase() });
          return;
        } catch (error) {
          if (error instanceof EntityExistsError) continue;
          throw error;
        }
      }
      const holder = ClaimSchema.parse(row.columns);
      if (holder.memberId === owner.memberId.toLowerCase()) return;
      if (!(await isStale(holder))) {
        throw new ArmError(
          'Conflict',
          `The cluster '${clusterResourceId}' is already a member of a fleet (${holder.memberId}); a cluster can join only one fleet.`,
          { target: 'properties.clusterResourceId' },
        );
      }
      try {
        await this.table.replace(key, CLAIM_ROW, { memberId: owner.memberId.toLowerCase() }, row.tableETag);
        return;
      } catch (error) {
        if (error instanceof EntityChangedError) continue;
        throw error;
      }
    }
    throw new ArmError('TooManyConcurrentWrites', 'The cluster is being claimed concurrently; retry the request.');
  }

  /** Drops the claim if `owner` still holds it. */
  async release(clusterResourceId: string, owner: ClusterOwner): Promise<void> {
    const key = clusterClaimKey(clusterResourceId);
    const row = await this.table.get(key, CLAIM_ROW);
    if (!row || ClaimSchema.parse(row.columns).memberId !== owner.memberId.toLowerCase()) return;
    try {
      await this.table.delete(key, CLAIM_ROW, row.tableETag);
    } catch (error) {
      if (!(error instanceof EntityChangedError)) throw error;
    }
  }
}
