import type { ZodError } from 'zod';

/** Every error code the simulator answers with; AKS's own codes where we know them. */
export type ErrorCode =
  | 'InvalidRequestContent'
  | 'InvalidParameter'
  | 'MissingApiVersionParameter'
  | 'ResourceNotFound'
  | 'ResourceGroupNotFound'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'OperationNotAllowed'
  | 'OperationNotAllowedConflict'
  | 'PreconditionFailed'
  | 'K8sVersionNotSupported'
  | 'AgentPoolK8sVersionNotSupported'
  | 'NodePoolMcVersionIncompatible'
  | 'InvalidNodeImageVersion'
  | 'LocationNotAvailableForResourceType'
  | 'SubscriptionRequestsThrottled'
  | 'InternalServerError'
  | 'ServiceUnavailable';

/** HTTP status per code; a new code without a status does not compile. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  InvalidRequestContent: 400,
  InvalidParameter: 400,
  MissingApiVersionParameter: 400,
  ResourceNotFound: 404,
  ResourceGroupNotFound: 404,
  NotFound: 404,
  MethodNotAllowed: 405,
  OperationNotAllowed: 400,
  OperationNotAllowedConflict: 409,
  PreconditionFailed: 412,
  K8sVersionNotSupported: 400,
  AgentPoolK8sVersionNotSupported: 400,
  NodePoolMcVersionIncompatible: 400,
  InvalidNodeImageVersion: 400,
  LocationNotAvailableForResourceType: 400,
  SubscriptionRequestsThrottled: 429,
  InternalServerError: 500,
  ServiceUnavailable: 503,
};

/** The body ARM puts inside `{"error": …}`. */
export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorBody[];
}

/** An error that becomes an ARM error response; `status` comes from STATUS_BY_CODE. */
export class ArmError extends Error {
  readonly status: number;
  readonly wireCode: string;
  readonly details: ArmErrorBody[] | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly target?: string,
    extra: { details?: ArmErrorBody[]; status?: number } = {},
  ) {
    super(message);
    this.name = 'ArmError';
    this.details = extra.details;
    this.status = extra.status ?? STATUS_BY_CODE[code];
    // AKS answers 409 for a busy cluster with the same code it uses for 400 rule violations.
    this.wireCode = code === 'OperationNotAllowedConflict' ? 'OperationNotAllowed' : code;
  }

  toBody(): { error: ArmErrorBody } {
    const error: ArmErrorBody = { code: this.wireCode, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

/** A ZodError as ARM's 400 with one detail per issue, `target` = the field path. */
export function fromZodError(error: ZodError, prefix = ''): ArmError {
  const details = error.issues.map((issue) => {
    const target = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return { code: 'InvalidParameter', message: issue.message, target };
  });
  const first = details[0];
  const message = first ? `${first.target || 'request'}: ${first.message}` : 'The request content was invalid.';
  return new ArmError('InvalidRequestContent', message, first?.target, { details });
}

export function notFound(resourceType: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    'ResourceNotFound',
    `The Resource '${resourceType}/${name}' under resource group '${resourceGroup}' was not found.`,
  );
}

const STATUS_LOOKUP = new Map<string, number>(Object.entries(STATUS_BY_CODE));

/** HTTP status for a code that may come from outside the union (e.g. `sim-fail-code`). */
export function statusForCode(code: string, fallback = 500): number {
  return STATUS_LOOKUP.get(code) ?? fallback;
}
