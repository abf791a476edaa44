import type { ContainerServiceFleetContext } from '@azure/arm-containerservicefleet/api';
import { createRestError } from '@azure-rest/core-client';
import { CliError } from '../errors';

/** A resource's JSON as the API sends it. */
export type Resource = Record<string, unknown>;

/** Where a command acts: a fleet's resource group and name, and optionally one of its child resources. */
export interface FleetScope {
  resourceGroup: string;
  fleet: string;
}

const PROVIDER = 'providers/Microsoft.ContainerService';
const seg = encodeURIComponent;

/** ARM paths of the fleet resources (each child kind is `fleets/{f}/{kind}/{name}`). */
export const armPath = {
  fleets: (subscription: string, resourceGroup?: string): string =>
    resourceGroup === undefined
      ? `/subscriptions/${seg(subscription)}/${PROVIDER}/fleets`
      : `/subscriptions/${seg(subscription)}/resourceGroups/${seg(resourceGroup)}/${PROVIDER}/fleets`,
  fleet: (subscription: string, scope: FleetScope): string =>
    `${armPath.fleets(subscription, scope.resourceGroup)}/${seg(scope.fleet)}`,
  children: (subscription: string, scope: FleetScope, kind: string): string =>
    `${armPath.fleet(subscription, scope)}/${kind}`,
  child: (subscription: string, scope: FleetScope, kind: string, name: string): string =>
    `${armPath.children(subscription, scope, kind)}/${seg(name)}`,
};

const TERMINAL_PROVISIONING = new Set(['Succeeded', 'Failed', 'Canceled']);
/** How often a write that Azure accepted but has not finished is polled (our API finishes writes at once). */
const PROVISIONING_POLL_MS = 5_000;

/** ARM calls through the official client's pipeline (credential, api-version, retries, logging). */
export class Arm {
  constructor(readonly context: ContainerServiceFleetContext) {}

  get subscription(): string {
    return this.context.subscriptionId;
  }

  async get(path: string): Promise<Resource> {
    return bodyOf(await this.context.pathUnchecked(path).get());
  }

  /** Every item of a list, following `nextLink`; `query` (e.g. `$filter`) goes on the first page's request. */
  async list(path: string, query?: Record<string, string>): Promise<Resource[]> {
    const items: Resource[] = [];
    // A nextLink carries the query of the list it continues.
    let options = query === undefined ? {} : { queryParameters: query };
    for (let next: string | undefined = path; next !== undefined; options = {}) {
      const page = bodyOf(await this.context.pathUnchecked(next).get(options));
      items.push(...(Array.isArray(page.value) ? (page.value as Resource[]) : []));
      next = typeof page.nextLink === 'string' && page.nextLink !== '' ? page.nextLink : undefined;
    }
    return items;
  }

  /** PUT, then waits until Azure has provisioned it and answers it; with `noWait`, answers nothing (as az). */
  async put(path: string, body: unknown, noWait = false): Promise<Resource | undefined> {
    const created = bodyOf(await this.context.pathUnchecked(path).put({ body }));
    return noWait ? undefined : this.provisioned(path, created);
  }

  async patch(path: string, body: unknown, noWait = false): Promise<Resource | undefined> {
    const updated = bodyOf(await this.context.pathUnchecked(path).patch({ body }));
    return noWait ? undefined : this.provisioned(path, updated);
  }

  /** POST of an action (`…/start`): answers the resource the API returns, or nothing with `noWait`. */
  async post(path: string, body?: unknown, noWait = false): Promise<Resource | undefined> {
    const result = bodyOf(await this.context.pathUnchecked(path).post(body === undefined ? {} : { body }));
    return noWait ? undefined : result;
  }

  /** DELETE, then (unless `noWait`) waits until the resource is gone. */
  async delete(path: string, noWait = false): Promise<void> {
    const response = await this.context.pathUnchecked(path).delete();
    bodyOf(response);
    if (noWait || response.status !== '202') return;
    while (await this.exists(path)) await sleep(PROVISIONING_POLL_MS);
  }

  async exists(path: string): Promise<boolean> {
    const response = await this.context.pathUnchecked(path).get();
    if (response.status === '404') return false;
    bodyOf(response);
    return true;
  }

  private async provisioned(path: string, resource: Resource): Promise<Resource> {
    let current = resource;
    while (!TERMINAL_PROVISIONING.has(provisioningState(current) ?? 'Succeeded')) {
      await sleep(PROVISIONING_POLL_MS);
      current = await this.get(path);
    }
    return current;
  }
}

function provisioningState(resource: Resource): string | undefined {
  const properties = resource.properties as { provisioningState?: unknown } | undefined;
  return typeof properties?.provisioningState === 'string' ? properties.provisioningState : undefined;
}

type Response = Awaited<ReturnType<ReturnType<ContainerServiceFleetContext['pathUnchecked']>['get']>>;

/** The body of a 2xx response; any other becomes the API's `(Code) message`. */
function bodyOf(response: Response): Resource {
  const status = Number(response.status);
  if (status >= 200 && status < 300) {
    const body: unknown = response.body;
    return body !== null && typeof body === 'object' ? (body as Resource) : {};
  }
  const error = createRestError(response);
  throw new CliError(error.code ?? `HttpStatus${status}`, error.message);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
