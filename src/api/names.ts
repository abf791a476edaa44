import { ArmError } from './errors';

/** Child names (members, strategies, runs), stage and group names: lowercase DNS label, 1–50 chars. */
export const CHILD_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_CHILD_NAME_LENGTH = 50;
export const MAX_FLEET_NAME_LENGTH = 63;
export const MAX_RESOURCE_GROUP_NAME_LENGTH = 90;
const SUBSCRIPTION_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const RESOURCE_GROUP_PATTERN = /^[-\p{L}\p{N}_.()]*[-\p{L}\p{N}_()]$/u;

export function checkSubscriptionId(value: string): string {
  if (!SUBSCRIPTION_ID_PATTERN.test(value)) {
    throw new ArmError('InvalidSubscriptionId', `The provided subscription identifier '${value}' is malformed.`, {
      target: 'subscriptionId',
    });
  }
  return value;
}

export function checkResourceGroupName(value: string): string {
  if (value.length > MAX_RESOURCE_GROUP_NAME_LENGTH || !RESOURCE_GROUP_PATTERN.test(value)) {
    throw invalidName(
      'resourceGroupName',
      value,
      `1-${MAX_RESOURCE_GROUP_NAME_LENGTH} letters, digits, '-', '_', '.', '(' or ')', not ending in '.'`,
    );
  }
  return value;
}

export function checkFleetName(value: string): string {
  return checkDnsLabel('fleetName', value, MAX_FLEET_NAME_LENGTH);
}

export function checkChildName(target: string, value: string): string {
  return checkDnsLabel(target, value, MAX_CHILD_NAME_LENGTH);
}

function checkDnsLabel(target: string, value: string, maxLength: number): string {
  if (value.length > maxLength || !CHILD_NAME_PATTERN.test(value)) {
    throw invalidName(
      target,
      value,
      `1-${maxLength} lowercase letters, digits or '-', starting and ending with a letter or digit`,
    );
  }
  return value;
}

function invalidName(target: string, value: string, rule: string): ArmError {
  const message = `The resource name '${value}' for '${target}' is invalid: it must be ${rule}.`;
  return new ArmError('InvalidResourceName', message, {
    target,
    details: [{ code: 'InvalidResourceName', message, target }],
  });
}
