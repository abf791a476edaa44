import { ArmError, invalidField, notFound } from '../api/errors';
import { checkPreconditions } from '../api/etag';
import { formatChildId, parseChildId, type FleetRef } from '../api/ids';
import { memberPatchSchema, memberPutSchema, type MemberDoc } from '../api/member.schema';
import { buildNextLink, listBody, type PageRequest } from '../api/paging';
import { memberView } from '../api/views';
import type { ClusterClient } from '../clusters/cluster-client';
import type { ClusterOwner } from '../storage/cluster-claims';
import type { Stores } from '../storage/stores';
import { canonicalRef, confirmParentStillThere, requireFleet } from './fleet-guard';
import { requireClusterInReach, requireManagedCluster } from './member-cluster';
import { nextMeta } from './meta';
import { writeWithRetry } from './optimistic';
import { parseBody } from './parse-body';
import type { Outcome, RequestContext } from './request-context';

/** Use-cases of fleet members; a joining member's cluster is read through `clusters`, as update runs read it. */
export function createMemberService(stores: Stores, clusters: ClusterClient) {
  /** A claim is stale when the member it names no longer holds that cluster (its writer died mid-way, or it left). */
  const isStale =
    (clusterResourceId: string) =>
    async (holder: ClusterOwner): Promise<boolean> => {
      const ref = parseChildId(holder.memberId, 'members');
      if (!ref) return true;
      const member = await stores.members.get(ref, ref.name);
      return member?.doc.clusterResourceId.toLowerCase() !== clusterResourceId.toLowerCase();
    };

  return {
    async put(ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> {
      const input = parseBody(memberPutSchema(ctx.version), body).properties;
      const fleet = canonicalRef(await requireFleet(stores, ref));
      let clusterChecked: Promise<void> | undefined;
      const outcome = await writeWithRetry(async () => {
        const current = await stores.members.get(fleet, name);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        // Only a join reads the cluster (once, however often the write is retried); its id never changes after.
        if (!current) {
          await (clusterChecked ??= requireClusterInReach(input.clusterResourceId, ctx).then(() =>
            requireManagedCluster(clusters, input.clusterResourceId),
          ));
        }
        if (current && current.doc.clusterResourceId.toLowerCase() !== input.clusterResourceId.toLowerCase()) {
          throw invalidField(
            'properties.clusterResourceId',
            `The clusterResourceId of member '${name}' cannot be changed; delete the member and create it again.`,
          );
        }
        const labels = ctx.version === '2026-06-01' ? input.labels : current?.doc.labels;
        const doc: MemberDoc = {
          clusterResourceId: current?.doc.clusterResourceId ?? input.clusterResourceId,
          ...(input.group !== undefined ? { group: input.group } : {}),
          ...(labels !== undefined ? { labels } : {}),
        };
        const meta = nextMeta(current?.meta, name, ctx);
        if (current) {
          await stores.members.replace(fleet, meta, doc, current.tableETag);
        } else {
          const owner = { memberId: formatChildId({ ...fleet, kind: 'members', name }) };
          await stores.claims.claim(doc.clusterResourceId, owner, isStale(doc.clusterResourceId));
          await stores.members.create(fleet, meta, doc);
        }
        return { status: current ? 200 : 201, body: memberView(fleet, meta, doc, ctx.version), eTag: meta.eTag };
      });
      if (outcome.status === 201) {
        await confirmParentStillThere(stores, fleet, () => stores.members.delete(fleet, name));
      }
      return outcome;
    },

    async patch(ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> {
      const input = parseBody(memberPatchSchema(ctx.version), body).properties ?? {};
      const fleet = canonicalRef(await requireFleet(stores, ref));
      return writeWithRetry(async () => {
        const current = await stores.members.get(fleet, name);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        if (!current) throw notFound('Microsoft.ContainerService/fleets/members', name, 'memberName');
        const { group: _group, labels: _labels, ...rest } = current.doc;
        const group = input.group === undefined ? current.doc.group : (input.group ?? undefined);
        const labels = input.labels === undefined ? current.doc.labels : (input.labels ?? undefined);
        const doc: MemberDoc = {
          ...rest,
          ...(group !== undefined ? { group } : {}),
          ...(labels !== undefined ? { labels } : {}),
        };
        const meta = nextMeta(current.meta, name, ctx);
        await stores.members.replace(fleet, meta, doc, current.tableETag);
        return { status: 200, body: memberView(fleet, meta, doc, ctx.version), eTag: meta.eTag };
      });
    },

    async get(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const current = await stores.members.get(fleet, name);
      if (!current) throw notFound('Microsoft.ContainerService/fleets/members', name, 'memberName');
      return { status: 200, body: memberView(fleet, current.meta, current.doc, ctx.version), eTag: current.meta.eTag };
    },

    async list(ref: FleetRef, page: PageRequest, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const result = await stores.members.list(fleet, page);
      const items = result.items.map((m) => memberView(fleet, m.meta, m.doc, ctx.version));
      return { status: 200, body: listBody(items, buildNextLink(ctx.url, result.continueAfter)) };
    },

    /** Deletes the member, then releases its cluster so it may join another fleet. */
    async delete(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const deleted = await writeWithRetry(async () => {
        const current = await stores.members.get(fleet, name);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        if (!current) return undefined;
        // Its cluster may be mid-upgrade: leaving now would let another fleet claim and upgrade it.
        const holder = await stores.activeRuns.holderOf(fleet, current.doc.clusterResourceId);
        if (holder !== undefined) {
          throw new ArmError(
            'OperationNotAllowed',
            `The member '${name}' is in update run '${holder}', which is in progress; stop the run (or wait for it to end) before removing the member.`,
          );
        }
        await stores.members.delete(fleet, name, current.tableETag);
        return current;
      });
      if (!deleted) return { status: 204 };
      const owner = { memberId: formatChildId({ ...fleet, kind: 'members', name }) };
      await stores.claims.release(deleted.doc.clusterResourceId, owner);
      return { status: 200 };
    },
  };
}

export type MemberService = ReturnType<typeof createMemberService>;
