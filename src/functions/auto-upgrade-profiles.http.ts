import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { autoUpgradeTriggerFor } from './auto-upgrade.timer';
import { checkChildName } from '../api/names';
import { FLEET_ROUTE } from './fleets.http';
import { armRoute, fleetRef, handle, pageRequest, param, readJsonBody } from './http-support';

export const AUTO_UPGRADE_PROFILES_ROUTE = `${FLEET_ROUTE}/autoUpgradeProfiles`;
export const AUTO_UPGRADE_PROFILE_ROUTE = `${AUTO_UPGRADE_PROFILES_ROUTE}/{autoUpgradeProfileName}`;

export const profileName = (request: HttpRequest): string =>
  checkChildName('autoUpgradeProfileName', param(request, 'autoUpgradeProfileName'));

export async function putAutoUpgradeProfile(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    s.autoUpgradeProfiles.put(fleetRef(request), profileName(request), await readJsonBody(request), ctx),
  );
}

export async function getAutoUpgradeProfile(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.autoUpgradeProfiles.get(fleetRef(request), profileName(request), ctx));
}

export async function deleteAutoUpgradeProfile(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) =>
    s.autoUpgradeProfiles.delete(fleetRef(request), profileName(request), ctx),
  );
}

export async function listAutoUpgradeProfiles(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.autoUpgradeProfiles.list(fleetRef(request), pageRequest(request), ctx));
}

/** POST …/autoUpgradeProfiles/{name}/generateUpdateRun: `{"id"}` of the run for the current target, not started. */
export async function generateUpdateRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    (await autoUpgradeTriggerFor(s, context)).generate(fleetRef(request), profileName(request), ctx),
  );
}

export const autoUpgradeProfileFunction = armRoute(AUTO_UPGRADE_PROFILE_ROUTE, {
  GET: getAutoUpgradeProfile,
  PUT: putAutoUpgradeProfile,
  DELETE: deleteAutoUpgradeProfile,
});
export const autoUpgradeProfilesFunction = armRoute(AUTO_UPGRADE_PROFILES_ROUTE, { GET: listAutoUpgradeProfiles });

app.http('fleetAutoUpgradeProfile', autoUpgradeProfileFunction);
app.http('fleetAutoUpgradeProfiles', autoUpgradeProfilesFunction);
app.http(
  'fleetAutoUpgradeProfileGenerate',
  armRoute(
    `${AUTO_UPGRADE_PROFILE_ROUTE}/generateUpdateRun`,
    { POST: generateUpdateRun },
    { extraInputs: [df.input.durableClient()] },
  ),
);
