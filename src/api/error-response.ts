import { DomainError } from '../domain/errors';
import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { ZodError } from 'zod';
import { ArmError, STATUS_BY_CODE, type ErrorCode, type ErrorDetail } from './errors';
import { formatPath } from './field-path';

/** The ARM error body: `{"error":{"code","message","target","details"}}`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; target?: string; details: ErrorDetail[] };
}

/** Turns any thrown value into the ARM error it stands for; unknown failures become a generic InternalError. */
export function toArmError(error: unknown): ArmError {
  if (error instanceof ArmError) return error;
  if (error instanceof DomainError)
    return new ArmError(error.code, error.message, error.target ? { target: error.target } : {});
  if (error instanceof ZodError) return fromZodError(error);
  return new ArmError('InternalError', 'An internal error occurred while processing the request.');
}

/** Said of a field a strict request object does not know (zod's own message names only the keys). */
export const UNKNOWN_FIELD_MESSAGE = 'is not a known field; check its spelling and the api-version';

/**
 * One detail per field. A field that must not be there (unknown, or one this api-version or service refuses) is
 * `InvalidRequestContent`, as ARM says of a body it cannot take; a wrong value is `InvalidParameter`.
 */
function detailsOf(issue: ZodError['issues'][number], rootPath: readonly PropertyKey[]): ErrorDetail[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      code: 'InvalidRequestContent',
      message: UNKNOWN_FIELD_MESSAGE,
      target: formatPath([...rootPath, ...issue.path, key]),
    }));
  }
  const refused = issue.code === 'invalid_type' && issue.expected === 'never';
  return [
    {
      code: refused ? 'InvalidRequestContent' : 'InvalidParameter',
      message: issue.message,
      target: formatPath([...rootPath, ...issue.path]),
    },
  ];
}

export function fromZodError(error: ZodError, rootPath: readonly PropertyKey[] = []): ArmError {
  const details = error.issues.flatMap((issue) => detailsOf(issue, rootPath));
  const first = details[0];
  const message =
    details.length === 1 && first
      ? `The request is invalid: '${first.target}' ${first.message}`
      : `The request is invalid: ${details.length} fields failed validation.`;
  return new ArmError('InvalidRequestContent', message, { target: first?.target, details });
}

/** The one place that writes error responses. Logs unknown errors with the invocation id; never leaks stacks. */
export function errorResponse(error: unknown, context?: InvocationContext): HttpResponseInit {
  const armError = toArmError(error);
  if (armError.code === 'InternalError' && context) {
    context.error(`Unhandled error in invocation ${context.invocationId}`, error);
  }
  const body: ErrorBody = {
    error: {
      code: armError.code,
      message: armError.message,
      ...(armError.target !== undefined ? { target: armError.target } : {}),
      details: armError.details,
    },
  };
  return { status: STATUS_BY_CODE[armError.code], jsonBody: body };
}
