import type { ApiVersion } from '../api/api-version';
import { ArmError, notFound } from '../api/errors';
import { checkPreconditions } from '../api/etag';
import { GatePatchSchema, parseGateFilter, type GateDoc } from '../api/gate.schema';
import type { FleetRef } from '../api/ids';
import { buildNextLink, listBody, type PageRequest } from '../api/paging';
import { gateView } from '../api/views';
import { runInstanceId } from '../orchestrators/contracts';
import { gateInstanceId } from '../orchestrators/gate-contracts';
import type { StoredResource } from '../storage/resource-row';
import type { Stores } from '../storage/stores';
import { canonicalRef, requireFleet } from './fleet-guard';
import { writeWithRetry } from './optimistic';
import { parseBody } from './parse-body';
import type { Outcome, RequestContext } from './request-context';

const KIND = 'Microsoft.ContainerService/fleets/gates';
/** How long an approval waits for the run's status to show it, so the next GET of the run agrees. */
const APPROVAL_VISIBLE_TIMEOUT_MS = 3_000;

export interface GateServiceDeps {
  stores: Stores;
  /** Raises the intent event to an orchestration (a gone or finished one ignores it). */
  raiseIntent: (instanceId: string) => Promise<void>;
  /** Forgets this instance's cached document of the run, so its next GET reads storage. */
  runWritten: (fleet: FleetRef, runName: string) => void;
}

/** Gates are an api-version 2026-06-01 resource. */
function requireGatesVersion(version: ApiVersion): void {
  if (version !== '2026-06-01') {
    throw new ArmError(
      'InvalidApiVersionParameter',
      `The resource type 'fleets/gates' is not available in api-version '${version}'; use api-version 2026-06-01.`,
      { target: 'api-version' },
    );
  }
}

/** Use-cases of gates: read and list them, and approve one (the only change a user makes to a gate). */
export function createGateService({ stores, raiseIntent, runWritten }: GateServiceDeps) {
  async function load(ref: FleetRef, name: string, ctx: RequestContext) {
    requireGatesVersion(ctx.version);
    const fleet = canonicalRef(await requireFleet(stores, ref));
    const gate = await stores.gates.get(fleet, name);
    if (!gate) throw notFound(KIND, name, 'gateName');
    return { fleet, gate };
  }

  /** Wakes the orchestration waiting at the gate, then waits (briefly) until the run's status shows the approval. */
  async function wakeRun(fleet: FleetRef, gate: GateDoc): Promise<void> {
    const { name: runName, stage, group, timing } = gate.target.updateRunProperties;
    if (stage === undefined) return;
    const { control } = await stores.runControl.get(fleet, runName);
    const place = { stage, timing, ...(group !== undefined ? { group } : {}) };
    await raiseIntent(gateInstanceId(runInstanceId({ ...fleet, runName }), control.attempt, place));
    // A stopped run shows the approval when it starts again: nothing is waiting at the gate now.
    const runState = await stores.runStatus.readRunState(fleet, runName);
    const deadline = runState === 'Running' ? Date.now() + APPROVAL_VISIBLE_TIMEOUT_MS : 0;
    while (Date.now() < deadline) {
      const row = await stores.runStatus.readRow(fleet, runName, { key: gate.statusKey });
      if (row?.status?.state !== 'Pending') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    runWritten(fleet, runName);
  }

  return {
    async get(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      const { fleet, gate } = await load(ref, name, ctx);
      return { status: 200, body: gateView(fleet, gate.meta, gate.doc), eTag: gate.meta.eTag };
    },

    async list(ref: FleetRef, page: PageRequest, filter: string | null, ctx: RequestContext): Promise<Outcome> {
      requireGatesVersion(ctx.version);
      const where = parseGateFilter(filter);
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const result = await stores.gates.list(fleet, page, where);
      const items = result.items.map((g) => gateView(fleet, g.meta, g.doc));
      return { status: 200, body: listBody(items, buildNextLink(ctx.url, result.continueAfter)) };
    },

    /** `PATCH` with `{"properties":{"state":"Completed"}}`: approves a Pending gate (If-Match honoured). */
    async approve(ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> {
      parseBody(GatePatchSchema, body);
      const { fleet } = await load(ref, name, ctx);
      const approved = await writeWithRetry(async (): Promise<StoredResource<GateDoc>> => {
        const current = await stores.gates.get(fleet, name);
        if (!current) throw notFound(KIND, name, 'gateName');
        checkPreconditions(ctx.preconditions, current.meta.eTag);
        if (current.doc.state !== 'Pending') {
          throw new ArmError(
            'Conflict',
            `The gate '${name}' is ${current.doc.state}: only a Pending gate can be completed.`,
            { target: 'properties.state' },
          );
        }
        const meta = await stores.gates.setState(fleet, current, 'Completed', { caller: ctx.caller, now: ctx.now() });
        return { ...current, meta, doc: { ...current.doc, state: 'Completed' } };
      });
      await wakeRun(fleet, approved.doc);
      return { status: 200, body: gateView(fleet, approved.meta, approved.doc), eTag: approved.meta.eTag };
    },
  };
}
