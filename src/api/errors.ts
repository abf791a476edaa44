/** Every error code this API answers with; each must have an HTTP status in STATUS_BY_CODE. */
export type ErrorCode =
  | 'InvalidRequestContent'
  | 'InvalidParameter'
  | 'InvalidResourceName'
  | 'InvalidSubscriptionId'
  | 'MissingApiVersionParameter'
  | 'InvalidApiVersionParameter'
  | 'InvalidSkipToken'
  | 'RequestBodyTooLarge'
  | 'AuthenticationFailed'
  | 'InvalidAuthenticationToken'
  | 'AuthorizationFailed'
  | 'LinkedAuthorizationFailed'
  | 'ResourceNotFound'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'Conflict'
  | 'OperationNotAllowed'
  | 'PreconditionFailed'
  | 'TooManyConcurrentWrites'
  | 'InternalError'
  | 'ServiceUnavailable';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  InvalidRequestContent: 400,
  InvalidParameter: 400,
  InvalidResourceName: 400,
  InvalidSubscriptionId: 400,
  MissingApiVersionParameter: 400,
  InvalidApiVersionParameter: 400,
  InvalidSkipToken: 400,
  RequestBodyTooLarge: 413,
  /** No credential at all (ARM's words for a request without an Authorization header). */
  AuthenticationFailed: 401,
  /** A credential that does not verify: bad signature, expired, another audience or issuer. */
  InvalidAuthenticationToken: 401,
  /** A verified caller without the app role the operation needs. */
  AuthorizationFailed: 403,
  /** A verified caller who cannot reach a resource the request links to (a member's cluster). */
  LinkedAuthorizationFailed: 403,
  ResourceNotFound: 404,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  OperationNotAllowed: 409,
  PreconditionFailed: 412,
  TooManyConcurrentWrites: 409,
  InternalError: 500,
  ServiceUnavailable: 503,
};

/** One entry of ARM's `error.details[]`. */
export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
}

/** An error that is the client's to see: it carries the ARM code, the target field and per-field details. */
export class ArmError extends Error {
  readonly code: ErrorCode;
  readonly target: string | undefined;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, options: { target?: string; details?: ErrorDetail[] } = {}) {
    super(message);
    this.name = 'ArmError';
    this.code = code;
    this.target = options.target;
    this.details = options.details ?? [];
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

/** A 400 for one field, with the field repeated in details[] so clients that only read details see it too. */
export function invalidField(target: string, message: string): ArmError {
  return new ArmError('InvalidParameter', message, {
    target,
    details: [{ code: 'InvalidParameter', message, target }],
  });
}

export function notFound(kind: string, name: string, target?: string): ArmError {
  return new ArmError('ResourceNotFound', `The ${kind} '${name}' could not be found.`, { target });
}
