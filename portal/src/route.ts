/** The page's views live in the URL hash, so each can be linked and the back button works. */
export interface FleetPath {
  subscriptionId: string;
  resourceGroup: string;
  fleet: string;
}

export type View = 'overview' | 'runs' | 'run' | 'create' | 'strategies' | 'profiles';

export type Route =
  | { kind: 'home'; subscriptionId?: string }
  | { kind: 'fleet'; fleet: FleetPath; view: View; name?: string; params: URLSearchParams };

const VIEWS: readonly View[] = ['overview', 'runs', 'run', 'create', 'strategies', 'profiles'];

/** `#/fleets/{sub}/{rg}/{fleet}/{view}[/{name}][?query]` or `#/` (pick a fleet). */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const [head, subscriptionId, resourceGroup, fleet, view = 'overview', name] = parts;
  if (head !== 'fleets' || !subscriptionId || !resourceGroup || !fleet || !VIEWS.includes(view as View)) {
    return subscriptionId ? { kind: 'home', subscriptionId } : { kind: 'home' };
  }
  return {
    kind: 'fleet',
    fleet: { subscriptionId, resourceGroup, fleet },
    view: view as View,
    ...(name !== undefined ? { name } : {}),
    params: new URLSearchParams(query),
  };
}

export function href(fleet: FleetPath, view: View, name?: string, query?: Record<string, string>): string {
  const parts = ['fleets', fleet.subscriptionId, fleet.resourceGroup, fleet.fleet, view, ...(name ? [name] : [])];
  const search = query ? `?${new URLSearchParams(query).toString()}` : '';
  return `#/${parts.map(encodeURIComponent).join('/')}${search}`;
}

/** The fleet's ARM id path, under which every child resource is. */
export function fleetId(fleet: FleetPath): string {
  const { subscriptionId, resourceGroup, fleet: name } = fleet;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/fleets/${name}`;
}
