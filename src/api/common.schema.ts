import { z } from 'zod';
import type { ApiVersion } from './api-version';
import { CHILD_NAME_PATTERN, MAX_CHILD_NAME_LENGTH } from './names';

export const MAX_TAGS = 50;
export const MAX_LABELS = 50;
/** ARM's int32 ceiling for counts and durations. */
export const INT32_MAX = 2_147_483_647;

/** Stage, group and member-group names: lowercase DNS label, 1–50 chars. */
export const ChildNameSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : undefined) })
  .min(1)
  .max(MAX_CHILD_NAME_LENGTH)
  .regex(CHILD_NAME_PATTERN, "must be lowercase letters, digits or '-', starting and ending with a letter or digit");

export const TagsSchema = z
  .record(z.string().min(1).max(512), z.string().max(256))
  .refine((tags) => Object.keys(tags).length <= MAX_TAGS, `must hold at most ${MAX_TAGS} tags`);

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Kubernetes-style member labels. */
export const LabelsSchema = z
  .record(
    z.string().regex(LABEL_KEY, 'label keys must be Kubernetes label keys ([prefix/]name, name at most 63 chars)'),
    z.string().regex(LABEL_VALUE, 'label values must be at most 63 letters, digits, "-", "_" or "."'),
  )
  .refine((labels) => Object.keys(labels).length <= MAX_LABELS, `must hold at most ${MAX_LABELS} labels`);

/**
 * A field the request must not carry, refused with `message`. Request objects are strict (an unknown key is refused
 * too), so these name the fields the api-version defines that this service refuses, and why.
 */
function refusedField(message: string) {
  return z.never({ error: message }).optional();
}

/**
 * A field that exists only from api-version 2026-06-01: under older versions it is refused with a clear message
 * instead of being silently dropped (which would lose what the caller asked for).
 */
export function since2026<T extends z.ZodType>(version: ApiVersion, schema: T) {
  return version === '2026-06-01'
    ? schema.optional()
    : refusedField(`is not available in api-version ${version}; use api-version 2026-06-01`);
}

/** A field the api-version defines that this service does not implement yet: refused by name, never dropped. */
export function notSupportedYet(hint: string) {
  return refusedField(`is not supported by this service yet; ${hint}`);
}

/**
 * A field ARM marks read-only. Clients send a GET body back on PUT, so it is accepted whatever its value and
 * ignored, as ARM resource providers do; its output is always undefined, so it can never be stored.
 */
export const READ_ONLY = z
  .unknown()
  .transform(() => undefined)
  .optional();

/** The read-only envelope of every resource, as a GET returns it. */
export const READ_ONLY_ENVELOPE = {
  id: READ_ONLY,
  name: READ_ONLY,
  type: READ_ONLY,
  systemData: READ_ONLY,
  eTag: READ_ONLY,
};

/** zod error option: say "is required" for a missing value, keep zod's message for a wrong one. */
export const REQUIRED = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : undefined),
};
