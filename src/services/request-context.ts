import type { ApiVersion } from '../api/api-version';
import type { Preconditions } from '../api/etag';
import type { Caller } from '../api/resource';
import type { SerializedJson } from './serialized-json';

/** What a use-case needs from the HTTP request besides its body. */
export interface RequestContext {
  version: ApiVersion;
  preconditions: Preconditions;
  caller: Caller;
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
