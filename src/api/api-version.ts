import { ArmError } from './errors';

/** The api-versions this service answers; responses are shaped per version. */
export const API_VERSIONS = ['2025-03-01', '2026-06-01'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

function isApiVersion(value: string): value is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(value);
}

/** Reads `api-version` from the query (URLSearchParams already decodes `api%2Dversion`). */
export function requireApiVersion(query: URLSearchParams): ApiVersion {
  const value = query.get('api-version');
  const supported = API_VERSIONS.join(', ');
  if (value === null || value === '') {
    throw new ArmError(
      'MissingApiVersionParameter',
      `The api-version query parameter (?api-version=) is required for all requests. Supported api-versions are '${supported}'.`,
      { target: 'api-version' },
    );
  }
  if (!isApiVersion(value)) {
    throw new ArmError(
      'InvalidApiVersionParameter',
      `The api-version '${value}' is invalid. The supported versions are '${supported}'.`,
      { target: 'api-version' },
    );
  }
  return value;
}
