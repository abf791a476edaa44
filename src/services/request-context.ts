import type { ApiVersion } from '../api/api-version';
import type { Preconditions } from '../api/etag';
import type { Caller } from '../api/resource';
import type { Principal } from '../auth/principal';
import type { SerializedJson } from './serialized-json';

/** What a use-case needs from the HTTP request besides its body. */
export interface RequestContext {
  version: ApiVersion;
  preconditions: Preconditions;
  caller: Caller;
  /** The verified caller (the anonymous one under AUTH_MODE=none), for checks made on their behalf. */
  principal?: Principal;
  /** The caller's own Azure Resource Manager token, when the request carries one (`x-ms-authorization-auxiliary`). */
  callerArmToken?: string;
  /** Absolute request URL, for nextLink. */
  url: string;
  now: () => string;
}

/** The outcome of a use-case: HTTP status, body, and the eTag for the `ETag` header when there is one. */
export interface Outcome {
  status: number;
  body?: unknown;
  /** The body already serialized (wins over `body`): a cached document is not serialized again. */
  json?: SerializedJson;
  eTag?: string;
}
