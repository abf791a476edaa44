import type { FullOperationResponse } from '@azure/core-client';
import type { HttpHeaders } from '@azure/core-rest-pipeline';
import { RetriableClusterError } from './cluster-errors';
import type { OperationHandle } from './operation-handle.schema';
import type { BeginDecision } from './upgrade-decisions';

/** The first answer of an LRO: its status and headers (Azure-AsyncOperation, Location, Retry-After). */
export interface InitialResponse {
  status: number;
  headers: HttpHeaders;
}

type OnResponse = (raw: FullOperationResponse, flat: unknown, error?: unknown) => void;

/**
 * Sends an SDK `begin*` call and keeps only its initial response. The SDK poller is dropped on purpose: its
 * `toString()` state is an internal format of one core-lro version, while an Azure-AsyncOperation URL is ARM's
 * documented contract, fits in orchestration history as a string and survives SDK upgrades. `begin*` would also
 * poll once right after the PUT: that poll is cancelled as soon as the initial response is in (the caller polls on
 * its own schedule), and whatever happens to it, a PUT that was accepted gives a good handle.
 */
export async function startLro(
  begin: (onResponse: OnResponse, abortSignal: AbortSignal) => Promise<unknown>,
): Promise<InitialResponse> {
  let initial: FullOperationResponse | undefined;
  const controller = new AbortController();
  try {
    await begin((raw) => {
      if (initial !== undefined) return;
      initial = raw;
      if (raw.status < 300) controller.abort();
    }, controller.signal);
  } catch (error) {
    if (initial === undefined || initial.status >= 300) throw error;
  }
  if (initial === undefined)
    throw new RetriableClusterError('NoResponse', 'ARM sent no response to the upgrade request.');
  return { status: initial.status, headers: initial.headers };
}

/** The parts of a handle every begin shares. */
export type HandleBase = Pick<OperationHandle, 'kind' | 'clusterResourceId' | 'agentPoolName' | 'target'>;

/** The handle of a started operation: polled through Azure-AsyncOperation, else through the resource's state. */
export function handleFromInitial(base: HandleBase, initial: InitialResponse, resourceId: string): OperationHandle {
  const url = initial.headers.get('azure-asyncoperation');
  if (url) {
    const operationId = new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? url;
    return { ...base, operationId, poll: { type: 'asyncOperation', url } };
  }
  return { ...base, operationId: `started:${resourceId}`, poll: { type: 'resourceState' } };
}

/** The handle when nothing must be started (at target, or our upgrade already runs); busy clusters throw. */
export function handleWithoutStart(
  base: HandleBase,
  decision: BeginDecision,
  resourceId: string,
): OperationHandle | undefined {
  switch (decision.action) {
    case 'completed':
      return { ...base, operationId: `completed:${resourceId}`, poll: { type: 'completed' } };
    case 'inFlight':
      return { ...base, operationId: `inflight:${resourceId}`, poll: { type: 'resourceState' } };
    case 'busy':
      throw new RetriableClusterError(
        'OperationInProgress',
        `Another operation is running: ${decision.reason}. Try again when it has finished.`,
      );
    case 'start':
      return undefined;
  }
}
