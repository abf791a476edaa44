import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { errorResponse } from '../api/error-response';
import { ArmError } from '../api/errors';
import { ALL_METHODS } from './http-support';

/** Any path no other function serves (the host prefers every other route): ARM's 404 body, never an empty one. */
export function notFound(request: HttpRequest): Promise<HttpResponseInit> {
  const path = new URL(request.url).pathname;
  return Promise.resolve(
    errorResponse(new ArmError('NotFound', `The app serves no resource or operation at '${request.method} ${path}'.`)),
  );
}

app.http('notFound', { route: '{*path}', methods: ALL_METHODS, authLevel: 'anonymous', handler: notFound });
