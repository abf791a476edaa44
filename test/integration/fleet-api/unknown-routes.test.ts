import { describe, expect, it } from 'vitest';
import { callApi, fleetPath, useFreshFleetTables } from '../../support/fleet-api';

useFreshFleetTables();

describe('requests the API does not serve', () => {
  it("answers an unsupported method on a resource with ARM's 405 body and the methods it takes", async () => {
    const refused = await callApi('PATCH', `${fleetPath('fleet1')}/updateRuns/run1`);
    expect(refused.status).toBe(405);
    expect(refused.body).toEqual({
      error: {
        code: 'MethodNotAllowed',
        message: "The requested resource does not support http method 'PATCH'.",
        details: [],
      },
    });
    expect(refused.headers.allow).toBe('GET, PUT, DELETE');
  });

  it("answers a path it does not serve with ARM's 404 body naming the method and path", async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['POST', `${fleetPath('fleet1')}/nonsense`],
    ] as const) {
      const missing = await callApi(method, path, { apiVersion: null });
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        error: { code: 'NotFound', message: `The app serves no resource or operation at '${method} ${path}'.` },
      });
    }
  });
});
