import type { ApiVersion } from '../api/api-version';
import type { Preconditions } from '../api/etag';
import type { Caller } from '../api/resource';

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
  /** The body already serialized as UTF-8 JSON (wins over `body`): a cached document is not serialized again. */
  json?: Uint8Array;
  eTag?: string;
}
