import { newETag } from '../api/etag';
import { createdSystemData, modifiedSystemData, type ResourceMeta } from '../api/resource';
import type { RequestContext } from './request-context';

export const SUCCEEDED = 'Succeeded';

/** The envelope of the next version of a resource: a new eTag and systemData, the original name casing kept. */
export function nextMeta(current: ResourceMeta | undefined, name: string, ctx: RequestContext): ResourceMeta {
  const now = ctx.now();
  return {
    name: current?.name ?? name,
    eTag: newETag(),
    provisioningState: SUCCEEDED,
    systemData: current ? modifiedSystemData(current.systemData, ctx.caller, now) : createdSystemData(ctx.caller, now),
  };
}
